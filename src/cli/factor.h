/* factor.h -- what `nmfkit factor` shares between its serial run
 * (cmd_factor.c) and its distributed one under mpirun (factor_dist.c):
 * the parsed command line and run.json. */
#ifndef NMFKIT_FACTOR_H
#define NMFKIT_FACTOR_H

#include <stdio.h>

#include "cli/data_args.h"
#include "cli/run_control.h"
#include "study/fits.h"

#include "nmfkit.h"

typedef struct factor_args {
    const char *input;
    const char *init_w;
    const char *init_h;
    const char *output;
    nmf_options opt;
    data_args data;
    run_control rc;
    int restarts;
    int have_d;
    int quiet;
    int profile;
    const char *grid;     /* --grid PRxPC, or NULL */
} factor_args;

/* A distributed run's figures for run.json: the ranks, the grid, the
 * milliseconds per iteration of local compute and of communication
 * (means over the ranks), the words a rank sends per iteration (the
 * most of any rank, by the model) and the time to read the blocks. */
typedef struct factor_dist_info {
    int ranks, pr, pc;
    double compute_ms, comm_ms, words, read_seconds;
} factor_dist_info;

/* How many times per iteration an update ran over its factor (len rows
 * or columns): 1 but for ahals and amu, which repeat it. */
double factor_repeats(long updated, size_t len, int iterations);

/* run.json: what a script needs to compare runs; dist NULL for a serial
 * run. */
nmf_status factor_write_run(FILE *fp, const factor_args *fa, size_t m,
                            size_t n, const nmf_options *opt,
                            const nmfi_fit_record *rec, double error,
                            const nmf_result *r, long updated_h,
                            long updated_w, int profiled_iterations,
                            int threads, const double *finals,
                            const factor_dist_info *dist);

/* The summary's first lines: on stderr why the run stopped, after how
 * many iterations and seconds, at what error; on stdout the input, its
 * shape, the solver and the start. */
void factor_say_run(const factor_args *fa, const nmfi_fit_record *rec,
                    const nmf_result *r, size_t m, size_t n);
/* Its last line: the files written. */
void factor_say_wrote(const factor_args *fa);

/* The spread of the restarts' final errors, and the seed kept. */
void factor_print_restarts(const double *finals, int count, uint64_t seed);

/* The command under mpirun (a build --with-mpi): the same options, the
 * same files, each rank holding one block of A. */
int cmd_factor_dist(factor_args *fa);

#endif
