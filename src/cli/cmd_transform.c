/* cmd_transform.c -- `nmfkit transform`: H for new columns with a learned
 * W fixed (nmf_transform), with the same solvers and stopping rules as
 * `factor`; writes H.npy, history.csv and run.json, all or none. A basis
 * learned on 500 images then encodes the other 9,500. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/data_args.h"
#include "cli/opts.h"
#include "cli/progress.h"
#include "cli/solver_args.h"
#include "core/error.h"
#include "io/outputs.h"
#include "io/writers.h"
#include "report/json.h"
#include "study/fits.h"

static const char *const CMD = "transform";

enum { OPT_W = 256, OPT_SEED, OPT_DELTA, OPT_THREADS, OPT_QUIET };

static const cli_opt transform_opts[] = {
    {OPT_W, "w", 0, "FILE", "the fixed basis W (m x K, .npy or .csv;\n"
                            "required), e.g. a `factor` run's W.npy"},
    {'n', "iterations", 'n', "N",
     "number of iterations, the upper bound when --tol or\n"
     "--max-time may stop the run first (default 1000)"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt transform_opts_tail[] = {
    {OPT_SEED, "seed", 0, "S", "seed of the start of H (default 1)"},
    {OPT_DELTA, "delta", 0, "D",
     "MU's safe-division delta in [1e-12, 1e-3] (default\n"
     "1e-9)"},
    {'o', "output", 'o', "DIR",
     "where H.npy, history.csv and run.json go (default:\n"
     "out)"},
    {OPT_THREADS, "threads", 0, "T",
     "OpenMP threads (default: OMP_NUM_THREADS or all)"},
    {OPT_QUIET, "quiet", 'q', NULL, "no progress line and no summary"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {
    transform_opts, solver_opts, objective_opts, data_opts, transform_opts_tail,
    NULL};

static const cli_spec spec = {
    "transform", "INPUT --w W.npy [options]",
    "Fit H (K x n, non-negative) for the m x n matrix in INPUT (.csv or\n"
    ".npy; columns are samples) with the basis W fixed: A ~ W H. W'A and\n"
    "W'W are formed once; each iteration updates H alone, with the solver\n"
    "and stopping rules `factor` uses (--init chooses H's start).\n",
    tables,
    "Writes DIR/H.npy (in " NMF_REAL_NAME "), DIR/history.csv (iter,error,"
    "seconds:\n"
    "||A - W H_k||_F after every iteration) and DIR/run.json. Exit status 0\n"
    "on success, 2 on bad input, 1 on an internal error.\n",
    "INPUT file", 1, 1,
};

typedef struct transform_args {
    const char *w_path, *output;
    nmf_options opt;
    data_args data;
    int quiet;
} transform_args;

static int option(void *ctx, int code, const char *v)
{
    transform_args *ta = ctx;
    switch (code) {
    case OPT_W: ta->w_path = v; return 0;
    case 'n':
        return args_int(CMD, "-n", v, 1, 100000000, &ta->opt.max_iter);
    case OPT_SEED: return args_u64(CMD, "--seed", v, &ta->opt.seed);
    case OPT_DELTA:
        return args_double(CMD, "--delta", v, NMF_DELTA_MIN, NMF_DELTA_MAX,
                           &ta->opt.delta);
    case 'o': ta->output = v; return 0;
    case OPT_THREADS:
        return args_int(CMD, "--threads", v, 1, 4096, &ta->opt.threads);
    case OPT_QUIET: ta->quiet = 1; return 0;
    default: return fit_args_parse(CMD, code, v, &ta->data, &ta->opt);
    }
}

static nmf_status write_outputs(nmfi_outputs *out, const transform_args *ta,
                                const char *input, const nmf_result *r,
                                const nmfi_fit_record *rec)
{
    FILE *fh, *fhist, *frun;
    nmf_status s = nmfi_outputs_file(out, "H.npy", &fh);
    if (s == NMF_OK)
        s = nmfi_outputs_file(out, "history.csv", &fhist);
    if (s == NMF_OK)
        s = nmfi_outputs_file(out, "run.json", &frun);
    if (s == NMF_OK)
        s = nmfi_npy_write_fp(fh, r->h, "H.npy");
    if (s == NMF_OK && nmfi_fit_history_fp(fhist, r) != NMF_OK)
        s = nmfi_error(NMF_E_IO, "%s/history.csv: write failed", ta->output);
    if (s != NMF_OK)
        return s;
    nmfi_json *j = nmfi_json_new();
    if (!j)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    nmfi_json_string(j, "command", "transform");
    nmfi_json_string(j, "input", input);
    nmfi_json_string(j, "w", ta->w_path);
    nmfi_json_int(j, "m", (long long)nmf_matrix_rows(r->w));
    nmfi_json_int(j, "n", (long long)nmf_matrix_cols(r->h));
    nmfi_json_int(j, "d", (long long)nmf_matrix_rows(r->h));
    nmfi_json_string(j, "solver", nmf_solver_name(ta->opt.solver));
    nmfi_json_string(j, "init", nmf_init_name(ta->opt.init));
    nmfi_json_string(j, "loss", nmf_loss_name(ta->opt.loss));
    nmfi_json_number(j, "l1_h", ta->opt.l1_h);
    nmfi_json_number(j, "l2_h", ta->opt.l2_h);
    nmfi_json_int(j, "seed", (long long)ta->opt.seed);
    nmfi_json_int(j, "max_iterations", ta->opt.max_iter);
    nmfi_json_number(j, "tol", ta->opt.tol);
    nmfi_json_number(j, "max_time", ta->opt.max_time);
    nmfi_json_int(j, "iterations", rec->iterations);
    nmfi_json_string(j, "stop", nmf_stop_name(rec->stop));
    nmfi_json_number(j, "seconds", rec->seconds);
    nmfi_json_number(j, "error", r->error[r->iterations - 1]);
    if (ta->opt.loss != NMF_LOSS_KL)   /* error is D(A || WH) for KL */
        nmfi_json_number(j, "relative_error", rec->rel_error);
    s = nmfi_json_write_fp(j, frun, "run.json");
    nmfi_json_free(j);
    return s;
}

int cmd_transform(int argc, char **argv)
{
    transform_args ta;
    memset(&ta, 0, sizeof ta);
    ta.output = "out";
    nmf_options_init(&ta.opt);
    char *input;
    size_t nargs;
    int rc = cli_parse(&spec, argc, argv, option, &ta, &input, &nargs);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    if (!ta.w_path) {
        cli_error(CMD, "--w W.npy is required (the fixed basis)");
        return EXIT_BAD_INPUT;
    }

    nmf_matrix *a = NULL, *w = NULL, *mask = NULL;
    nmf_status s = data_read(&ta.data, input, &a, &mask);
    if (s == NMF_OK)
        s = nmf_read_matrix(ta.w_path, &w);
    if (s == NMF_OK && nmf_matrix_rows(w) != nmf_matrix_rows(a))
        s = nmfi_error(NMF_E_INVAL, "%s: %zu rows, but %s has %zu (W is"
                       " m x K for an m x n INPUT)", ta.w_path,
                       nmf_matrix_rows(w), input, nmf_matrix_rows(a));
    if (s == NMF_OK)
        s = nmf_matrix_check_nonneg(w, ta.w_path);
    ta.opt.mask = mask;
    nmfi_outputs out;
    int opened = 0;
    if (s == NMF_OK) {
        s = nmfi_outputs_open(&out, ta.output, NULL);
        opened = s == NMF_OK;
    }
    progress bar;
    progress_init(&bar, CMD, ta.quiet);
    ta.opt.progress = progress_update;
    ta.opt.progress_ctx = &bar;
    nmf_result r;
    memset(&r, 0, sizeof r);
    if (s == NMF_OK)
        s = nmf_transform(a, w, &ta.opt, &r);
    progress_done(&bar);
    nmfi_fit_record rec;
    if (s == NMF_OK) {
        ta.opt.d = nmf_matrix_cols(w);
        nmfi_fit_record_of(&r, ta.opt.d, "transform", &rec);
        s = write_outputs(&out, &ta, input, &r, &rec);
    }
    if (s == NMF_OK)
        s = nmfi_outputs_commit(&out);
    else if (opened)
        nmfi_outputs_abort(&out);
    if (s == NMF_OK && !ta.quiet)
        fprintf(stderr, "nmfkit transform: %s stopped by %s after %d"
                " iteration%s, %.3f s, %s %.6g; wrote %s/H.npy\n",
                nmf_solver_name(ta.opt.solver), nmf_stop_name(rec.stop),
                rec.iterations, rec.iterations == 1 ? "" : "s", rec.seconds,
                ta.opt.loss == NMF_LOSS_KL ? "D(A || WH)" : "relative error",
                ta.opt.loss == NMF_LOSS_KL ? r.error[r.iterations - 1]
                                           : rec.rel_error, ta.output);
    nmf_result_free(&r);
    nmf_matrix_free(a);
    nmf_matrix_free(w);
    nmf_matrix_free(mask);
    return s == NMF_OK ? EXIT_OK : cli_fail(CMD, s);
}
