/* solver_args.h -- the solver options every fitting command takes
 * (`factor`, `images`, `denoise`, `sweep`, `compress`, `cluster`): solver,
 * start, stopping rules and the accelerated solvers' parameters, spelled
 * and checked the same way everywhere, into an nmf_options. */
#ifndef NMFKIT_SOLVER_ARGS_H
#define NMFKIT_SOLVER_ARGS_H

#include "cli/opts.h"

#include "nmfkit.h"

/* Option codes above any command's own (which stay below 512). */
enum {
    SOLVER_OPT_SOLVER = 512, SOLVER_OPT_INIT, SOLVER_OPT_TOL,
    SOLVER_OPT_MAX_TIME, SOLVER_OPT_ACCEL_ALPHA, SOLVER_OPT_ACCEL_DELTA,
    SOLVER_OPT_LOSS, SOLVER_OPT_L1_W, SOLVER_OPT_L1_H, SOLVER_OPT_L2_W,
    SOLVER_OPT_L2_H
};

/* Their table (cli/opts.h), for a command's list of tables. */
extern const cli_opt solver_opts[];
/* The loss and the penalties: factor, transform and select (the image
 * studies report Frobenius errors and keep that loss). */
extern const cli_opt objective_opts[];

/* If `c` is one of the codes above, parse `arg` into opt and return 0
 * (or -1 after printing "nmfkit CMD: ..." for a bad value); otherwise
 * return 1 and leave opt alone. */
int solver_args_parse(const char *cmd, int c, const char *arg,
                      nmf_options *opt);

#endif
