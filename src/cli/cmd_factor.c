/* cmd_factor.c -- `nmfkit factor`: read A, fit W H with the chosen solver,
 * start and stopping rules, write W, H, the error history and run.json,
 * and say why the run stopped, the final error and the time per iteration.
 * Everything the user can get wrong is checked before the run starts, and
 * the outputs appear all together or not at all (io/outputs.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/data_args.h"
#include "cli/factor.h"
#include "cli/opts.h"
#include "cli/progress.h"
#include "cli/run_control.h"
#include "cli/solver_args.h"
#include "core/error.h"
#include "core/threads.h"
#include "core/timer.h"
#include "dist/grid.h"
#include "io/outputs.h"
#include "io/writers.h"
#include "report/json.h"
#include "study/fits.h"

static const char *const CMD = "factor";

enum {
    OPT_SEED = 256, OPT_DELTA, OPT_INIT_W, OPT_INIT_H, OPT_THREADS,
    OPT_QUIET, OPT_PROFILE, OPT_LOW_MEMORY, OPT_RESTARTS, OPT_GRID
};

static const cli_opt factor_opts[] = {
    {'d', "rank", 'd', "K", "inner dimension K >= 1 (required)"},
    {'n', "iterations", 'n', "N",
     "number of iterations, the upper bound when --tol or\n"
     "--max-time may stop the run first (default 1000)"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt factor_opts_after[] = {
    {OPT_SEED, "seed", 0, "S",
     "seed of the random start and of the NNDSVD starts'\n"
     "randomized SVD (default 1)"},
    {OPT_DELTA, "delta", 0, "D",
     "MU's safe-division delta in [1e-12, 1e-3] (default\n"
     "1e-9)"},
    {OPT_INIT_W, "init-w", 0, "FILE",
     "start from this W0 (m x K) instead of --init's W0"},
    {OPT_INIT_H, "init-h", 0, "FILE",
     "start from this H0 (K x n) instead of --init's H0"},
    {'o', "output", 'o', "DIR",
     "where W.npy, H.npy, history.csv and run.json go\n"
     "(default: out)"},
    {OPT_RESTARTS, "restarts", 0, "R",
     "R fits from seeds S, S+1, ..., S+R-1, the best kept\n"
     "(lowest final error); side by side on the threads"},
    {OPT_THREADS, "threads", 0, "T",
     "OpenMP threads (default: OMP_NUM_THREADS or all)"},
    {OPT_GRID, "grid", 0, "PRxPC",
     "under mpirun, in a build with MPI: the ranks as a\n"
     "PR x PC grid, each holding one block of A (default:\n"
     "the grid that sends the fewest words)"},
    {OPT_LOW_MEMORY, "low-memory", 0, NULL,
     "keep no transposed copy of A (the copy is as big as\n"
     "A; without it A H' runs slower)"},
    {OPT_QUIET, "quiet", 'q', NULL, "no progress line and no summary"},
    {OPT_PROFILE, "profile", 0, NULL,
     "print where the time went: per step of an iteration\n"
     "(W'A, AH', each update with its new Gram matrix,\n"
     "the first W'W, the error, the copy of A) its\n"
     "milliseconds per iteration, share and GFLOP/s"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const factor_tables[] = {
    factor_opts, solver_opts, objective_opts, data_opts, factor_opts_after,
    run_opts, NULL};

static const cli_spec factor_spec = {
    "factor", "INPUT -d K [options]",
    "Factor the non-negative m x n matrix in INPUT (.csv or .npy; columns are\n"
    "samples) as A ~ W H with W (m x K) and H (K x n) non-negative; by default\n"
    "with the Lee-Seung multiplicative updates from the uniform start, a fixed\n"
    "number of iterations, as the reference algorithm states them.\n",
    factor_tables,
    "Writes DIR/W.npy, DIR/H.npy (in " NMF_REAL_NAME "), DIR/history.csv"
    " (iter,error,seconds:\n"
    "||A - W_k H_k||_F after every iteration and the wall time since the fit\n"
    "began) and DIR/run.json (solver, start, seed, threads, d, iterations, why\n"
    "the run stopped, seconds, relative error). Says on stderr why the run\n"
    "stopped: 'iterations' (-n), 'tolerance' (--tol), 'time' (--max-time) or\n"
    "'interrupted' (SIGINT or SIGTERM).\n"
    "Under mpirun, in a build with MPI, the fit is distributed: each rank\n"
    "reads one block of A (a .npy file) and runs with --threads threads,\n"
    "restarts one after another, and saves its own part of a checkpoint\n"
    "(FILE.R-of-P); the files are the same, with ranks, grid and the\n"
    "compute and communication milliseconds per iteration in run.json.\n"
    "Exit status 0 on success, 2 on bad input, 3 when NaN or Inf arose\n"
    "mid-run, 130/143 when SIGINT/SIGTERM ended the run (outputs so far\n"
    "written), 1 on an internal error.\n",
    "INPUT file", 1, 1,
};


static int option(void *ctx, int code, const char *v)
{
    factor_args *fa = ctx;
    switch (code) {
    case 'd':
        fa->have_d = 1;
        return args_size(CMD, "-d", v, 1, 1000000, &fa->opt.d);
    case 'n':
        return args_int(CMD, "-n", v, 1, 100000000, &fa->opt.max_iter);
    case OPT_SEED:
        return args_u64(CMD, "--seed", v, &fa->opt.seed);
    case OPT_DELTA:
        return args_double(CMD, "--delta", v, NMF_DELTA_MIN, NMF_DELTA_MAX,
                           &fa->opt.delta);
    case OPT_INIT_W: fa->init_w = v; return 0;
    case OPT_INIT_H: fa->init_h = v; return 0;
    case 'o': fa->output = v; return 0;
    case OPT_THREADS:
        return args_int(CMD, "--threads", v, 1, 4096, &fa->opt.threads);
    case OPT_QUIET: fa->quiet = 1; return 0;
    case OPT_PROFILE: fa->profile = 1; return 0;
    case OPT_LOW_MEMORY: fa->opt.low_memory = 1; return 0;
    case OPT_GRID: fa->grid = v; return 0;
    case OPT_RESTARTS:
        return args_int(CMD, "--restarts", v, 1, 10000, &fa->restarts);
    default: {
        int r = run_control_parse(&fa->rc, code, v);
        return r != 1 ? r != 0
                      : fit_args_parse(CMD, code, v, &fa->data, &fa->opt);
    }
    }
}

/* 0 on success, -1 after --help, otherwise the exit code. */
static int parse(int argc, char **argv, factor_args *fa)
{
    memset(fa, 0, sizeof *fa);
    nmf_options_init(&fa->opt);
    fa->output = "out";
    fa->restarts = 1;
    run_control_init(&fa->rc, CMD);
    char *input;
    size_t nargs;
    int r = cli_parse(&factor_spec, argc, argv, option, fa, &input, &nargs);
    if (r != 0)
        return r;
    fa->input = input;
    if (!fa->have_d) {
        cli_error(CMD, "-d K is required (the inner dimension)");
        return EXIT_BAD_INPUT;
    }
    if (fa->grid && nmfi_dist_launched_size() == 0) {
        cli_error(CMD, "--grid places the ranks of a distributed run: start"
                  " it with mpirun (in a build configured --with-mpi)");
        return EXIT_BAD_INPUT;
    }
    if (fa->restarts > 1 && (fa->rc.checkpoint || fa->rc.resume)) {
        cli_error(CMD, "--checkpoint and --resume follow one fit, not"
                  " --restarts");
        return EXIT_BAD_INPUT;
    }
    return 0;
}

/* Read an optional start matrix; NULL path gives NULL. */
static nmf_status read_start(const char *path, nmf_matrix **out)
{
    *out = NULL;
    return path ? nmf_read_matrix(path, out) : NMF_OK;
}

static nmf_status shape_error(const char *path, const nmf_matrix *x,
                              size_t rows, size_t cols, const char *what)
{
    return nmfi_error(NMF_E_INVAL, "%s: shape %zu x %zu, expected %zu x %zu"
                      " (%s)", path, nmf_matrix_rows(x), nmf_matrix_cols(x),
                      rows, cols, what);
}

/* Shape and content checks that can name the file the user gave. */
static nmf_status check_inputs(const factor_args *fa, const nmf_matrix *a,
                               const nmf_matrix *w0, const nmf_matrix *h0)
{
    nmf_status s = NMF_OK;
    size_t m = nmf_matrix_rows(a), n = nmf_matrix_cols(a), d = fa->opt.d;
    if (s == NMF_OK && w0) {
        if (nmf_matrix_rows(w0) != m || nmf_matrix_cols(w0) != d)
            return shape_error(fa->init_w, w0, m, d, "m x d");
        s = nmf_matrix_check_nonneg(w0, fa->init_w);
    }
    if (s == NMF_OK && h0) {
        if (nmf_matrix_rows(h0) != d || nmf_matrix_cols(h0) != n)
            return shape_error(fa->init_h, h0, d, n, "d x n");
        s = nmf_matrix_check_nonneg(h0, fa->init_h);
    }
    return s;
}

/* How many times per iteration an update ran over its factor: 1 but for
 * ahals and amu, which repeat it. */
double factor_repeats(long updated, size_t len, int iterations)
{
    return iterations > 0 ? (double)updated / ((double)len * iterations) : 0;
}

static size_t missing_count(const nmf_matrix *mask)
{
    size_t c = 0;
    for (size_t j = 0; mask && j < nmf_matrix_cols(mask); j++)
        for (size_t i = 0; i < nmf_matrix_rows(mask); i++)
            c += nmf_matrix_get(mask, i, j) == 0;
    return c;
}

nmf_status factor_write_run(FILE *fp, const factor_args *fa, size_t m,
                            size_t n, const nmf_options *opt,
                            const nmfi_fit_record *rec, double error,
                            const nmf_result *r, long updated_h,
                            long updated_w, int profiled_iterations,
                            int threads, const double *finals,
                            const factor_dist_info *dist)
{
    nmfi_json *j = nmfi_json_new();
    nmfi_json_string(j, "input", fa->input);
    nmfi_json_int(j, "m", (long long)m);
    nmfi_json_int(j, "n", (long long)n);
    nmfi_json_int(j, "d", (long long)opt->d);
    nmfi_json_string(j, "solver", nmf_solver_name(opt->solver));
    nmfi_json_string(j, "init", nmf_init_name(opt->init));
    nmfi_json_string(j, "loss", nmf_loss_name(opt->loss));
    nmfi_json_number(j, "l1_w", opt->l1_w);
    nmfi_json_number(j, "l1_h", opt->l1_h);
    nmfi_json_number(j, "l2_w", opt->l2_w);
    nmfi_json_number(j, "l2_h", opt->l2_h);
    if (fa->data.mask)
        nmfi_json_string(j, "mask", fa->data.mask);
    nmfi_json_int(j, "missing", (long long)missing_count(opt->mask));
    nmfi_json_int(j, "restarts", fa->restarts);
    if (finals) {
        nmfi_json_begin_array(j, "restart_errors");
        for (int i = 0; i < fa->restarts; i++)
            nmfi_json_number(j, NULL, finals[i]);
        nmfi_json_end(j);
    }
    if (fa->init_w)
        nmfi_json_string(j, "init_w", fa->init_w);
    if (fa->init_h)
        nmfi_json_string(j, "init_h", fa->init_h);
    nmfi_json_int(j, "seed", (long long)opt->seed);
    nmfi_json_int(j, "threads", threads);
    nmfi_json_int(j, "max_iterations", opt->max_iter);
    nmfi_json_number(j, "tol", opt->tol);
    nmfi_json_number(j, "max_time", opt->max_time);
    nmfi_json_int(j, "iterations", rec->iterations);
    if (fa->rc.resume) {
        nmfi_json_string(j, "resumed_from", fa->rc.resume);
        nmfi_json_int(j, "resumed_at", fa->rc.loaded.st.iterations);
    }
    if (fa->rc.checkpoint)
        nmfi_json_string(j, "checkpoint", fa->rc.checkpoint);
    nmfi_json_int(j, "keep_subnormals", opt->keep_subnormals);
    nmfi_json_string(j, "stop", nmf_stop_name(rec->stop));
    nmfi_json_number(j, "seconds", rec->seconds);
    nmfi_json_number(j, "start_seconds", r->start_seconds);
    nmfi_json_number(j, "error", error);   /* D(A || WH) for KL */
    if (opt->loss != NMF_LOSS_KL)
        nmfi_json_number(j, "relative_error", rec->rel_error);
    nmfi_json_number(j, "repeats_h", factor_repeats(updated_h, n,
                                             profiled_iterations));
    nmfi_json_number(j, "repeats_w", factor_repeats(updated_w, m,
                                             profiled_iterations));
    if (dist) {
        nmfi_json_int(j, "ranks", dist->ranks);
        char grid[32];
        snprintf(grid, sizeof grid, "%dx%d", dist->pr, dist->pc);
        nmfi_json_string(j, "grid", grid);
        nmfi_json_number(j, "compute_ms", dist->compute_ms);
        nmfi_json_number(j, "comm_ms", dist->comm_ms);
        nmfi_json_number(j, "words", dist->words);
        nmfi_json_number(j, "read_seconds", dist->read_seconds);
    }
    nmf_status s = nmfi_json_write_fp(j, fp, "run.json");
    nmfi_json_free(j);
    return s;
}

/* The fit's final loss, as exactly as it can be had. */
static void print_final(const nmf_matrix *a, const nmf_options *opt,
                        const nmf_result *r)
{
    double last = r->error[r->iterations - 1];
    if (opt->loss == NMF_LOSS_KL)
        printf("final D(A || WH) = %.9g%s\n", last,
               opt->mask ? " over the observed entries" : "");
    else if (opt->mask)
        printf("final error over the observed entries = %.9g (relative"
               " %.6g)\n", last, last / r->norm_a);
    else {
        double err = nmf_residual_norm(a, r->w, r->h);
        printf("final ||A - WH||_F = %.9g (relative %.6g)\n", err,
               err / r->norm_a);
    }
    if (opt->l1_w > 0 || opt->l1_h > 0 || opt->l2_w > 0 || opt->l2_h > 0)
        printf("objective with the penalties = %.9g\n",
               nmf_objective(a, r->w, r->h, opt));
}

static int by_value(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

void factor_print_restarts(const double *finals, int count, uint64_t seed)
{
    double *v = malloc((size_t)count * sizeof *v);
    if (!v)
        return;
    memcpy(v, finals, (size_t)count * sizeof *v);
    qsort(v, (size_t)count, sizeof *v, by_value);
    int best = 0;
    for (int i = 1; i < count; i++)
        if (finals[i] < finals[best])
            best = i;
    printf("restarts: %d (seeds %llu..%llu), final errors min %.9g, median"
           " %.9g, max %.9g; kept seed %llu\n", count,
           (unsigned long long)seed,
           (unsigned long long)(seed + (uint64_t)count - 1), v[0],
           count % 2 ? v[count / 2] : 0.5 * (v[count / 2 - 1] + v[count / 2]),
           v[count - 1], (unsigned long long)(seed + (uint64_t)best));
    free(v);
}

/* The --profile table: a student sees which step to optimise next. */
static void print_profile(const nmf_profile *p)
{
    double total = 0, flops = 0;
    for (int i = 0; i < NMF_STEP_COUNT; i++) {
        total += p->seconds[i];
        flops += p->flops[i];
    }
    int it = p->iterations > 0 ? p->iterations : 1;
    int tiles = p->seconds[NMF_STEP_TILES_H] > 0
                || p->seconds[NMF_STEP_TILES_W] > 0;
    printf("%-13s %9s %7s %10s\n", "step", "ms/iter", "share", "GFLOP/s");
    for (int i = 0; i < NMF_STEP_COUNT; i++) {
        double sec = p->seconds[i];
        int tile_step = i == NMF_STEP_TILES_H || i == NMF_STEP_TILES_W;
        int gram_step = i <= NMF_STEP_WTW;
        if ((tiles && gram_step) || (!tiles && tile_step))
            continue;   /* a step of the other loop (nmf_profile_step) */
        printf("%-13s %9.3f %6.1f%% %10.2f\n", nmf_profile_step_name(i),
               1e3 * sec / it, total > 0 ? 100 * sec / total : 0,
               sec > 0 ? 1e-9 * p->flops[i] / sec : 0);
    }
    printf("%-13s %9.3f %6.1f%% %10.2f\n", "total", 1e3 * total / it,
           100.0, total > 0 ? 1e-9 * flops / total : 0);
}

void factor_say_run(const factor_args *fa, const nmfi_fit_record *rec,
                    const nmf_result *r, size_t m, size_t n)
{
    const nmf_options *opt = &fa->opt;
    int k = rec->iterations;
    int kl = opt->loss == NMF_LOSS_KL;
    fprintf(stderr, "nmfkit factor: %s stopped by %s after %d iteration%s,"
            " %.3f s, %s %.6g\n", nmf_solver_name(opt->solver),
            nmf_stop_name(rec->stop), k, k == 1 ? "" : "s", rec->seconds,
            kl ? "D(A || WH)" : "relative error",
            kl ? r->error[k - 1] : rec->rel_error);
    printf("%s: %zu x %zu, d = %zu, %s from %s, %d iterations\n", fa->input,
           m, n, opt->d, nmf_solver_name(opt->solver),
           fa->init_w || fa->init_h ? "the given start"
                                    : nmf_init_name(opt->init), k);
}

void factor_say_wrote(const factor_args *fa)
{
    printf("wrote %s/W.npy, %s/H.npy, %s/history.csv, %s/run.json\n",
           fa->output, fa->output, fa->output, fa->output);
}

static nmf_status run(factor_args *fa, const nmf_matrix *a,
                      nmfi_outputs *out, int *exit_code)
{
    FILE *fw, *fh, *fhist, *frun;
    nmf_status s = nmfi_outputs_file(out, "W.npy", &fw);
    if (s == NMF_OK)
        s = nmfi_outputs_file(out, "H.npy", &fh);
    if (s == NMF_OK)
        s = nmfi_outputs_file(out, "history.csv", &fhist);
    if (s == NMF_OK)
        s = nmfi_outputs_file(out, "run.json", &frun);
    if (s != NMF_OK)
        return s;

    progress bar;
    progress_init(&bar, "factor", fa->quiet);
    nmf_options opt = fa->opt;
    opt.progress = progress_update;
    opt.progress_ctx = &bar;
    /* Always profiled (a clock read per step): the time per iteration is
     * the loop's, without the input check, the start and the copy of A,
     * which a short run would otherwise spread over its few iterations. */
    nmf_profile profile;
    opt.profile = &profile;
    int threads = opt.threads > 0 ? opt.threads : nmfi_threads_max();

    nmf_result r;
    double t0 = nmfi_now();
    double *finals = NULL;
    if (fa->restarts > 1) {
        finals = malloc((size_t)fa->restarts * sizeof *finals);
        if (!finals)
            return nmfi_error(NMF_E_NOMEM, "out of memory");
        s = nmf_fit_restarts(a, &opt, fa->restarts, &r, finals);
    } else {
        s = nmf_fit(a, &opt, &r);
    }
    double seconds = nmfi_now() - t0;
    progress_done(&bar);
    *exit_code = run_control_end(&fa->rc, &s, &r);
    if (s == NMF_OK)
        s = nmfi_npy_write_fp(fw, r.w, "W.npy");
    if (s == NMF_OK)
        s = nmfi_npy_write_fp(fh, r.h, "H.npy");
    if (s == NMF_OK && nmfi_fit_history_fp(fhist, &r) != NMF_OK)
        s = nmfi_error(NMF_E_IO, "%s/history.csv: write failed", fa->output);
    /* The run in the words every report uses (study/fits.h). */
    nmfi_fit_record rec;
    if (s == NMF_OK) {
        nmfi_fit_record_of(&r, opt.d, "factor", &rec);
        s = factor_write_run(frun, fa, nmf_matrix_rows(a), nmf_matrix_cols(a),
                             &opt, &rec, r.error[r.iterations - 1], &r,
                             profile.updated_h, profile.updated_w,
                             profile.iterations, threads, finals, NULL);
    }
    if (s == NMF_OK)
        s = nmfi_outputs_commit(out);
    if (s == NMF_OK && !fa->quiet) {
        int k = rec.iterations;
        factor_say_run(fa, &rec, &r, nmf_matrix_rows(a), nmf_matrix_cols(a));
        print_final(a, &opt, &r);
        if (finals)
            factor_print_restarts(finals, fa->restarts, opt.seed);
        /* A resumed run timed only the iterations it made. */
        int made = k - (fa->rc.resume ? fa->rc.loaded.st.iterations : 0);
        printf("time per iteration: %.3f ms (%d threads), after %.1f ms"
               " of setup\n", 1e3 * profile.loop_seconds / made, threads,
               1e3 * (seconds - profile.loop_seconds));
        factor_say_wrote(fa);
    }
    if (s == NMF_OK && fa->profile) {
        print_profile(&profile);
        if (opt.solver == NMF_SOLVER_AHALS || opt.solver == NMF_SOLVER_AMU)
            printf("inner repeats per iteration: H %.2f, W %.2f\n",
                   factor_repeats(profile.updated_h, nmf_matrix_cols(a),
                           profile.iterations),
                   factor_repeats(profile.updated_w, nmf_matrix_rows(a),
                           profile.iterations));
    }
    nmf_result_free(&r);
    free(finals);
    return s;
}

int cmd_factor(int argc, char **argv)
{
    factor_args fa;
    int rc = parse(argc, argv, &fa);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
#ifdef NMF_HAVE_MPI
    if (nmfi_dist_launched_size() > 0)
        return cmd_factor_dist(&fa);
#endif

    nmf_matrix *a = NULL, *w0 = NULL, *h0 = NULL, *mask = NULL;
    nmf_status s = data_read(&fa.data, fa.input, &a, &mask);
    if (s == NMF_OK)
        s = read_start(fa.init_w, &w0);
    if (s == NMF_OK)
        s = read_start(fa.init_h, &h0);
    if (s == NMF_OK)
        s = check_inputs(&fa, a, w0, h0);
    if (s == NMF_OK) {
        fa.opt.init_w = w0;
        fa.opt.init_h = h0;
        fa.opt.mask = mask;
        int fits = fa.restarts;
        int threads = fa.opt.threads > 0 ? fa.opt.threads : nmfi_threads_max();
        if (fits > threads)   /* side by side, one thread each */
            fits = threads;
        s = run_control_begin(&fa.rc, a, mask, &fa.opt, fits);
    }
    if (s == NMF_OK && !fa.rc.dry_run) {
        nmfi_outputs out;
        s = nmfi_outputs_open(&out, fa.output, NULL);
        if (s == NMF_OK) {
            s = run(&fa, a, &out, &rc);
            if (s != NMF_OK)
                nmfi_outputs_abort(&out);
        }
    }
    nmf_matrix_free(a);
    nmf_matrix_free(w0);
    nmf_matrix_free(h0);
    nmf_matrix_free(mask);
    run_control_free(&fa.rc);
    return s == NMF_OK ? rc : cli_fail(CMD, s);
}
