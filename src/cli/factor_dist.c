/* factor_dist.c -- `nmfkit factor` under mpirun (a build --with-mpi): the
 * same options and files as the serial command, each rank holding one
 * block of A (dist/dist.h). Rank 0 speaks for all: the error line, the
 * progress, the summary, history.csv and run.json; W.npy and H.npy are
 * written by every rank into rank 0's temporaries, which rank 0 then
 * publishes with the rest or removes (io/outputs.h). */
#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/factor.h"
#include "cli/progress.h"
#include "core/error.h"
#include "core/matrix.h"
#include "core/threads.h"
#include "dist/dist.h"
#include "io/checkpoint.h"
#include "io/outputs.h"

static const char *const CMD = "factor";

/* What the distributed run does not do, named by the option. */
static nmf_status unsupported(const factor_args *fa)
{
    const char *opt = fa->data.missing ? "--missing"
                      : fa->data.mask ? "--mask"
                      : fa->data.header ? "--header"
                      : fa->data.skip ? "--skip-columns"
                      : NULL;
    if (opt)
        return nmfi_error(NMF_E_INVAL, "%s is not available in a"
                          " distributed run (mpirun); run it serially",
                          opt);
    return NMF_OK;
}

/* --checkpoint FILE and --resume FILE: every rank saves and loads its
 * own part of the state, FILE.R-of-P (rank R of P), identified by the
 * options, the grid, the rank and its block of A. */
typedef struct saver {
    run_control *rc;
    char path[PATH_MAX];
    char identity[NMFI_CHECKPOINT_IDENTITY_MAX];
    nmfi_checkpoint loaded;
    int have_loaded;
} saver;

static nmf_status rank_path(const char *base, int rank, int ranks,
                            char *out)
{
    if (snprintf(out, PATH_MAX, "%s.%d-of-%d", base, rank, ranks)
        >= PATH_MAX)
        return nmfi_error(NMF_E_INVAL, "%s: path too long", base);
    return NMF_OK;
}

static nmf_status save(void *ctx, const nmf_state *st)
{
    saver *sv = ctx;
    nmf_status s = nmfi_checkpoint_save(sv->path, sv->identity, st);
    if (s == NMF_OK) {
        sv->rc->saves++;
        sv->rc->last_saved = st->iterations;
    }
    return s;
}

/* The identity, this rank's saved state loaded and matched (every rank
 * at the same iteration), and opt wired; agreed. */
static nmf_status checkpoints(factor_args *fa, const nmfi_dist *x,
                              nmf_options *opt, saver *sv)
{
    run_control *rc = &fa->rc;
    memset(sv, 0, sizeof *sv);
    sv->rc = rc;
    if (!rc->checkpoint && !rc->resume)
        return NMF_OK;
    int rank = x->lay.rank, ranks = x->lay.pr * x->lay.pc;
    /* The grid first, so that a resume on another grid is named as
     * such; then the serial identity, whose m and n are this rank's rows
     * of W and columns of H (the file holds W as m x d, H as d x n). */
    char serial[NMFI_CHECKPOINT_IDENTITY_MAX];
    nmfi_checkpoint_identity(opt, x->w->rows, x->h->cols,
                             nmfi_checkpoint_data_hash(x->a, NULL), serial);
    int len = snprintf(sv->identity, sizeof sv->identity, "ranks %d\n"
                       "grid %dx%d\nrank %d\nmatrix %zux%zu\n%s", ranks,
                       x->lay.pr, x->lay.pc, rank, x->lay.m, x->lay.n,
                       serial);
    nmf_status s = len > 0 && (size_t)len < sizeof sv->identity
                   ? NMF_OK
                   : nmfi_error(NMF_E_INTERNAL, "the checkpoint's identity"
                                " is too long");
    int iterations = 0;
    if (s == NMF_OK && rc->resume) {
        char path[PATH_MAX];
        s = rank_path(rc->resume, rank, ranks, path);
        if (s == NMF_OK)
            s = nmfi_checkpoint_load(path, &sv->loaded);
        sv->have_loaded = s == NMF_OK;
        if (s == NMF_OK)
            s = nmfi_checkpoint_match(path, sv->loaded.identity,
                                      sv->identity);
        if (s == NMF_OK && sv->loaded.st.iterations >= opt->max_iter)
            s = nmfi_error(NMF_E_INVAL, "%s: nothing to resume: it holds %d"
                           " iterations and -n is %d; a larger -n goes on",
                           rc->resume, sv->loaded.st.iterations,
                           opt->max_iter);
        if (s == NMF_OK)
            iterations = sv->loaded.st.iterations;
    }
    s = nmfi_dist_agree(x->all, s);
    if (s == NMF_OK && rc->resume) {
        /* A run that died between two ranks' saves left parts of
         * different iterations. */
        int lo, hi;
        MPI_Allreduce(&iterations, &lo, 1, MPI_INT, MPI_MIN, x->all);
        MPI_Allreduce(&iterations, &hi, 1, MPI_INT, MPI_MAX, x->all);
        if (lo != hi)
            s = nmfi_error(NMF_E_INVAL, "%s: the ranks' parts were saved at"
                           " different iterations (%d to %d): the run that"
                           " saved them ended during a save", rc->resume,
                           lo, hi);
        if (s == NMF_OK)
            opt->resume = &sv->loaded.st;
    }
    if (s == NMF_OK && rc->checkpoint) {
        s = nmfi_dist_agree(x->all, rank_path(rc->checkpoint, rank, ranks,
                                              sv->path));
        opt->checkpoint = save;
        opt->checkpoint_ctx = sv;
        opt->checkpoint_every = rc->every;
    }
    return s;
}

static void saver_free(saver *sv)
{
    if (sv->have_loaded)
        nmfi_checkpoint_free(&sv->loaded);
}

/* --dry-run and --max-memory for the busiest rank (each rank is a
 * process of its own, likely on a node of its own), said by rank 0. */
static nmf_status check_memory(factor_args *fa, const nmfi_dist *x,
                               int rank, int ranks)
{
    if (!fa->rc.dry_run && !(fa->rc.max_memory > 0))
        return NMF_OK;
    nmf_memory mem;
    nmfi_dist_memory(x, &fa->opt, &mem);
    if (fa->restarts > 1) {   /* the best fit's slices, kept */
        mem.factors += nmfi_matrix_bytes(x->w->rows, x->d)
                       + nmfi_matrix_bytes(x->d, x->h->cols);
        mem.total = mem.input + mem.copies + mem.factors + mem.work;
    }
    struct {
        double total;
        int rank;
    } mine = {mem.total, rank}, most;
    MPI_Allreduce(&mine, &most, 1, MPI_DOUBLE_INT, MPI_MAXLOC, x->all);
    MPI_Bcast(&mem, (int)(sizeof mem / sizeof(double)), MPI_DOUBLE,
              most.rank, x->all);
    unsigned long long block[2] = {x->a->rows, x->a->cols};
    MPI_Bcast(block, 2, MPI_UNSIGNED_LONG_LONG, most.rank, x->all);
    nmf_status s = NMF_OK;
    if (rank == 0) {
        char title[200];
        snprintf(title, sizeof title, "memory the busiest of %d ranks (rank"
                 " %d, a %llu x %llu block of %zu x %zu, %dx%d grid) will"
                 " hold at d = %zu (%s, %s)", ranks, most.rank, block[0],
                 block[1], x->lay.m, x->lay.n, x->lay.pr, x->lay.pc, x->d,
                 nmf_solver_name(fa->opt.solver), NMF_REAL_NAME);
        s = run_control_memory(&fa->rc, &mem, 1, title, "a rank",
                               fa->opt.low_memory);
    }
    return nmfi_dist_agree(x->all, s);
}

/* Rank 0's output files: W.npy and H.npy as temporaries every rank
 * writes (their paths broadcast), history.csv and run.json as streams. */
typedef struct files {
    nmfi_outputs out;
    FILE *hist, *run;
    char w[PATH_MAX], h[PATH_MAX];
} files;

static nmf_status open_files(MPI_Comm comm, int rank, const char *dir,
                             files *f)
{
    memset(f, 0, sizeof *f);
    nmf_status s = NMF_OK;
    if (rank == 0) {
        s = nmfi_outputs_open(&f->out, dir, NULL);
        const char *w = s == NMF_OK ? nmfi_outputs_path(&f->out, "W.npy")
                                    : NULL;
        const char *h = w ? nmfi_outputs_path(&f->out, "H.npy") : NULL;
        if (s == NMF_OK && (!w || !h))
            s = NMF_E_IO;   /* the error recorded by nmfi_outputs_path */
        if (s == NMF_OK && (strlen(w) >= PATH_MAX || strlen(h) >= PATH_MAX))
            s = nmfi_error(NMF_E_INVAL, "%s: path too long", dir);
        if (s == NMF_OK) {
            strcpy(f->w, w);
            strcpy(f->h, h);
            s = nmfi_outputs_file(&f->out, "history.csv", &f->hist);
        }
        if (s == NMF_OK)
            s = nmfi_outputs_file(&f->out, "run.json", &f->run);
    }
    s = nmfi_dist_agree(comm, s);
    if (s == NMF_OK) {
        MPI_Bcast(f->w, PATH_MAX, MPI_CHAR, 0, comm);
        MPI_Bcast(f->h, PATH_MAX, MPI_CHAR, 0, comm);
    } else if (rank == 0)
        nmfi_outputs_abort(&f->out);
    return s;
}

/* The profile of every rank: the steps' seconds averaged, the words the
 * busiest rank sent, the updates summed; on rank 0. */
static void gather_profile(MPI_Comm comm, int ranks, nmfi_dist_profile *p)
{
    nmfi_dist_profile sum = *p;
    MPI_Reduce(p->seconds, sum.seconds, NMFI_DIST_STEP_COUNT, MPI_DOUBLE,
               MPI_SUM, 0, comm);
    MPI_Reduce(p->flops, sum.flops, NMFI_DIST_STEP_COUNT, MPI_DOUBLE,
               MPI_SUM, 0, comm);
    MPI_Reduce(p->words, sum.words, NMFI_DIST_STEP_COUNT, MPI_DOUBLE,
               MPI_MAX, 0, comm);
    MPI_Reduce(&p->updated_h, &sum.updated_h, 1, MPI_LONG, MPI_SUM, 0, comm);
    MPI_Reduce(&p->updated_w, &sum.updated_w, 1, MPI_LONG, MPI_SUM, 0, comm);
    for (int k = 0; k < NMFI_DIST_STEP_COUNT; k++)
        sum.seconds[k] /= ranks;
    *p = sum;
}

static void dist_info(const nmfi_dist *x, int ranks, factor_dist_info *di)
{
    const nmfi_dist_profile *p = &x->prof;
    int it = p->iterations > 0 ? p->iterations : 1;
    memset(di, 0, sizeof *di);
    di->ranks = ranks;
    di->pr = x->lay.pr;
    di->pc = x->lay.pc;
    for (int k = 0; k < NMFI_DIST_STEP_COUNT; k++) {
        if (nmfi_dist_step_is_comm(k))
            di->comm_ms += 1e3 * p->seconds[k] / it;
        else
            di->compute_ms += 1e3 * p->seconds[k] / it;
        di->words += p->words[k] / it;
    }
    di->read_seconds = x->read_seconds;
}

/* --profile: the steps, compute and communication apart (means over the
 * ranks; the GFLOP/s are all ranks' together). */
static void print_profile(const nmfi_dist_profile *p,
                          const factor_dist_info *di)
{
    int it = p->iterations > 0 ? p->iterations : 1;
    double total = di->compute_ms + di->comm_ms;
    printf("%-13s %-7s %9s %7s %10s %12s\n", "step", "kind", "ms/iter",
           "share", "GFLOP/s", "words/rank");
    for (int k = 0; k < NMFI_DIST_STEP_COUNT; k++) {
        double ms = 1e3 * p->seconds[k] / it;
        printf("%-13s %-7s %9.3f %6.1f%% %10.2f %12.0f\n",
               nmfi_dist_step_name(k),
               nmfi_dist_step_is_comm(k) ? "comm" : "compute", ms,
               total > 0 ? 100 * ms / total : 0,
               ms > 0 && !nmfi_dist_step_is_comm(k)
                   ? 1e-6 * p->flops[k] / it / ms : 0,
               p->words[k] / it);
    }
    printf("%-13s %-7s %9.3f %6.1f%%\n", "compute", "", di->compute_ms,
           total > 0 ? 100 * di->compute_ms / total : 0);
    printf("%-13s %-7s %9.3f %6.1f%% %10s %12.0f\n", "communication", "",
           di->comm_ms, total > 0 ? 100 * di->comm_ms / total : 0, "",
           di->words);
}

static void print_summary(const factor_args *fa, const nmfi_dist *x,
                          const nmfi_fit_record *rec, int ranks, int threads,
                          const factor_dist_info *di)
{
    const nmf_result *r = &x->res;
    int k = rec->iterations;
    factor_say_run(fa, rec, r, x->lay.m, x->lay.n);
    printf("final ||A - WH||_F = %.9g (relative %.6g), from the history\n",
           r->error[k - 1], rec->rel_error);
    printf("%d rank%s on a %dx%d grid, %d thread%s each; per iteration"
           " %.3f ms: compute %.3f ms, communication %.3f ms (%.0f words a"
           " rank)\n", ranks, ranks == 1 ? "" : "s", di->pr, di->pc,
           threads, threads == 1 ? "" : "s",
           di->compute_ms + di->comm_ms, di->compute_ms, di->comm_ms,
           di->words);
    printf("read A by blocks in %.1f ms\n", 1e3 * di->read_seconds);
    factor_say_wrote(fa);
}

/* Rank 0's history.csv and run.json, then every file published. */
static nmf_status finish(factor_args *fa, const nmfi_dist *x, files *f,
                         int ranks, int threads, const double *finals,
                         const factor_dist_info *di)
{
    const nmf_result *r = &x->res;
    nmfi_fit_record rec;
    nmfi_fit_record_of(r, fa->opt.d, "factor", &rec);
    nmf_status s = nmfi_fit_history_fp(f->hist, r);
    if (s != NMF_OK)
        s = nmfi_error(NMF_E_IO, "%s/history.csv: write failed",
                       fa->output);
    const nmfi_dist_profile *p = &x->prof;
    if (s == NMF_OK)
        s = factor_write_run(f->run, fa, x->lay.m, x->lay.n, &fa->opt, &rec,
                             r->error[r->iterations - 1], r, p->updated_h,
                             p->updated_w, p->iterations, threads, finals,
                             di);
    if (s == NMF_OK)
        s = nmfi_outputs_commit(&f->out);
    if (s == NMF_OK && !fa->quiet) {
        print_summary(fa, x, &rec, ranks, threads, di);
        if (finals)
            factor_print_restarts(finals, fa->restarts, fa->opt.seed);
    }
    if (s == NMF_OK && fa->profile)
        print_profile(p, di);
    return s;
}

static void profile_add(nmfi_dist_profile *sum, const nmfi_dist_profile *p)
{
    for (int k = 0; k < NMFI_DIST_STEP_COUNT; k++) {
        sum->seconds[k] += p->seconds[k];
        sum->flops[k] += p->flops[k];
        sum->words[k] += p->words[k];
    }
    sum->iterations += p->iterations;
    sum->loop_seconds += p->loop_seconds;
    sum->updated_h += p->updated_h;
    sum->updated_w += p->updated_w;
}

/* R fits from seeds S .. S+R-1 one after another, each on all ranks and
 * threads, keeping in x the one whose final error is lowest (the first
 * such), with every fit's profile summed; finals[r] the final errors. */
static nmf_status fits(nmfi_dist *x, const nmf_options *opt, int restarts,
                       double *finals)
{
    nmf_status s = nmfi_dist_run(x, opt);
    if (restarts <= 1 || s != NMF_OK)
        return s;
    nmfi_dist_profile sum = x->prof;
    nmf_matrix *bw = nmf_matrix_copy(x->w), *bh = nmf_matrix_copy(x->h);
    nmf_result best = x->res;
    memset(&x->res, 0, sizeof x->res);
    finals[0] = best.error[best.iterations - 1];
    s = nmfi_dist_agree(x->all, bw && bh ? NMF_OK
                        : nmfi_error(NMF_E_NOMEM, "out of memory for the"
                                     " best fit's factors"));
    nmf_options o = *opt;
    int interrupted = best.stop == NMF_STOP_INTERRUPTED;
    for (int r = 1; r < restarts && s == NMF_OK && !interrupted; r++) {
        o.seed = opt->seed + (uint64_t)r;
        s = nmfi_dist_run(x, &o);
        if (s != NMF_OK)
            break;
        profile_add(&sum, &x->prof);
        finals[r] = x->res.error[x->res.iterations - 1];
        interrupted = x->res.stop == NMF_STOP_INTERRUPTED;
        /* Every rank holds the same history: the same choice. */
        if (finals[r] < best.error[best.iterations - 1]) {
            nmfi_matrix_copy_into(x->w, bw);
            nmfi_matrix_copy_into(x->h, bh);
            nmf_result_free(&best);
            best = x->res;
            memset(&x->res, 0, sizeof x->res);
        }
    }
    if (s == NMF_OK) {
        nmfi_matrix_copy_into(bw, x->w);
        nmfi_matrix_copy_into(bh, x->h);
        nmf_result_free(&x->res);
        x->res = best;
        x->prof = sum;
    } else
        nmf_result_free(&best);
    nmf_matrix_free(bw);
    nmf_matrix_free(bh);
    return s;
}

int cmd_factor_dist(factor_args *fa)
{
    MPI_Comm comm = MPI_COMM_WORLD;
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    int pr = 0, pc = 0;
    nmf_status s = unsupported(fa);
    if (s == NMF_OK && fa->grid)
        s = nmfi_grid_parse(fa->grid, ranks, &pr, &pc);
    nmfi_dist x;
    if (s == NMF_OK) {
        nmfi_dist_input in = {fa->input, fa->data.rows_are_samples,
                              fa->init_w, fa->init_h};
        s = nmfi_dist_setup(comm, &in, &fa->opt, pr, pc, &x);
    }
    if (s != NMF_OK)   /* the same on every rank: rank 0 says it */
        return rank == 0 ? cli_fail(CMD, s) : cli_exit_code(s);

    s = check_memory(fa, &x, rank, ranks);
    if (s != NMF_OK || fa->rc.dry_run) {
        nmfi_dist_free(&x);
        if (s != NMF_OK)
            return rank == 0 ? cli_fail(CMD, s) : cli_exit_code(s);
        return EXIT_OK;
    }

    double *finals = fa->restarts > 1
                     ? calloc((size_t)fa->restarts, sizeof *finals) : NULL;
    s = nmfi_dist_agree(comm, fa->restarts > 1 && !finals
                              ? nmfi_error(NMF_E_NOMEM, "out of memory")
                              : NMF_OK);
    files f;
    if (s == NMF_OK)
        s = open_files(comm, rank, fa->output, &f);
    int code = EXIT_OK;
    int threads = fa->opt.threads > 0 ? fa->opt.threads : nmfi_threads_max();
    if (s == NMF_OK) {
        progress bar;
        progress_init(&bar, "factor", fa->quiet || rank != 0);
        nmf_options opt = fa->opt;
        opt.progress = progress_update;
        opt.progress_ctx = &bar;
        saver sv;
        s = checkpoints(fa, &x, &opt, &sv);
        run_control_watch(&fa->rc, &opt);
        if (s == NMF_OK)
            s = fits(&x, &opt, fa->restarts, finals);
        progress_done(&bar);
        saver_free(&sv);
        if (rank == 0)
            code = run_control_end(&fa->rc, &s, &x.res);
        if (s == NMF_OK)
            s = nmfi_dist_write(&x, f.w, f.h);
        if (s == NMF_OK)
            gather_profile(comm, ranks, &x.prof);
        factor_dist_info di;
        dist_info(&x, ranks, &di);
        if (rank == 0) {
            if (s == NMF_OK)
                s = finish(fa, &x, &f, ranks, threads, finals, &di);
            if (s != NMF_OK)
                nmfi_outputs_abort(&f.out);
        }
        s = nmfi_dist_agree(comm, s);
        MPI_Bcast(&code, 1, MPI_INT, 0, comm);
    }
    nmfi_dist_free(&x);
    free(finals);
    if (s != NMF_OK)
        return rank == 0 ? cli_fail(CMD, s) : cli_exit_code(s);
    return code;
}
