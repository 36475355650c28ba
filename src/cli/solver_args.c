/* solver_args.c -- the shared solver options (solver_args.h). */
#include <config.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/solver_args.h"

/* One limit for a run's length in seconds: a year. */
#define MAX_TIME_LIMIT 3.2e7
/* A penalty far past any data's scale, which zeroes its factor. */
#define PENALTY_MAX 1e15

const cli_opt solver_opts[] = {
    {SOLVER_OPT_SOLVER, "solver", 0, "S",
     "mu (Lee-Seung multiplicative updates, the default\n"
     "and the reference), hals (hierarchical ALS, exact\n"
     "coordinate descent), ahals or amu (the same with\n"
     "inner repeats, Gillis & Glineur 2012)"},
    {SOLVER_OPT_INIT, "init", 0, "I",
     "the start: random (uniform, the reference; default),\n"
     "nndsvd, nndsvda or nndsvdar (Boutsidis & Gallopoulos\n"
     "2008, from a randomized SVD; a: zeros set to mean(A),\n"
     "ar: to U(0, mean(A)/100))"},
    {SOLVER_OPT_TOL, "tol", 0, "T",
     "stop once the last " CLI_XSTR(NMF_TOL_WINDOW) " iterations lowered the"
     " error\n"
     "||A - WH||_F by at most T times its value; T in\n"
     "[0, 1], default 0 (off); -n stays the upper bound"},
    {SOLVER_OPT_MAX_TIME, "max-time", 0, "S",
     "stop after the iteration that ends S > 0 seconds\n"
     "after the fit began (the start included)"},
    {SOLVER_OPT_ACCEL_ALPHA, "accel-alpha", 0, "A",
     "ahals, amu: inner repeats at most 1 + A x (the cost\n"
     "of the products over one update); default 0.5 for\n"
     "ahals, 2 for amu (the paper's)"},
    {SOLVER_OPT_ACCEL_DELTA, "accel-delta", 0, "D",
     "ahals, amu: repeats stop once one changes the\n"
     "factor by at most D times the first (default 0.1)"},
    {0, NULL, 0, NULL, NULL},
};

const cli_opt objective_opts[] = {
    {SOLVER_OPT_LOSS, "loss", 0, "L",
     "frobenius (||A - WH||_F^2 / 2, the default) or kl\n"
     "(generalized Kullback-Leibler divergence, Lee &\n"
     "Seung's MU for it; --solver mu only)"},
    {SOLVER_OPT_L1_W, "l1-w", 0, "X",
     "add X sum(W) to the loss (X >= 0; sparser W)"},
    {SOLVER_OPT_L1_H, "l1-h", 0, "X", "add X sum(H) to the loss"},
    {SOLVER_OPT_L2_W, "l2-w", 0, "X", "add X ||W||_F^2 / 2 to the loss"},
    {SOLVER_OPT_L2_H, "l2-h", 0, "X", "add X ||H||_F^2 / 2 to the loss"},
    {0, NULL, 0, NULL, NULL},
};

int solver_args_parse(const char *cmd, int c, const char *arg,
                      nmf_options *opt)
{
    switch (c) {
    case SOLVER_OPT_SOLVER:
        if (nmf_solver_parse(arg, &opt->solver) != NMF_OK) {
            cli_error(cmd, "--solver: %s", nmf_last_error());
            return -1;
        }
        return 0;
    case SOLVER_OPT_INIT:
        if (nmf_init_parse(arg, &opt->init) != NMF_OK) {
            cli_error(cmd, "--init: %s", nmf_last_error());
            return -1;
        }
        return 0;
    case SOLVER_OPT_LOSS:
        if (nmf_loss_parse(arg, &opt->loss) != NMF_OK) {
            cli_error(cmd, "--loss: %s", nmf_last_error());
            return -1;
        }
        return 0;
    case SOLVER_OPT_L1_W:
        return args_double(cmd, "--l1-w", arg, 0, PENALTY_MAX, &opt->l1_w);
    case SOLVER_OPT_L1_H:
        return args_double(cmd, "--l1-h", arg, 0, PENALTY_MAX, &opt->l1_h);
    case SOLVER_OPT_L2_W:
        return args_double(cmd, "--l2-w", arg, 0, PENALTY_MAX, &opt->l2_w);
    case SOLVER_OPT_L2_H:
        return args_double(cmd, "--l2-h", arg, 0, PENALTY_MAX, &opt->l2_h);
    case SOLVER_OPT_TOL:
        return args_double(cmd, "--tol", arg, 0, 1, &opt->tol);
    case SOLVER_OPT_MAX_TIME:
        if (args_double(cmd, "--max-time", arg, 0, MAX_TIME_LIMIT,
                        &opt->max_time) != 0)
            return -1;
        if (opt->max_time == 0) {
            cli_error(cmd, "--max-time: '%s' is not a number of seconds"
                      " above 0", arg);
            return -1;
        }
        return 0;
    case SOLVER_OPT_ACCEL_ALPHA:
        return args_double(cmd, "--accel-alpha", arg, 0, 100,
                           &opt->accel_alpha);
    case SOLVER_OPT_ACCEL_DELTA:
        return args_double(cmd, "--accel-delta", arg, 0, 1,
                           &opt->accel_delta);
    default:
        return 1;
    }
}
