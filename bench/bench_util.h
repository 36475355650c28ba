/* bench_util.h -- the plumbing of the benchmarks: operands, timing,
 * medians, error measures and option parsing, so that each bench_*.c reads
 * as the experiment it runs. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "nmfkit.h"

/* ---- Operands ------------------------------------------------------------ */

/* rows x cols in [0, 1) from a small generator of our own (splitmix64), the
 * same numbers for the same seed on every machine; padding rows are 0. */
void bench_fill(nmf_real *x, size_t rows, size_t cols, size_t ld,
                uint64_t seed);
/* Every entry, padding included, set to NaN: a kernel that should overwrite
 * C and reads it instead shows up as NaN in the diff column. */
void bench_poison(nmf_real *x, size_t ld, size_t cols);

/* max |c - ref| / max |ref| over rows x cols, in double; NaN if c holds a
 * NaN or infinity, so a broken result never passes for a small number. */
double bench_max_rel_diff(const nmf_real *c, const nmf_real *ref,
                          size_t rows, size_t cols, size_t ld);

/* ---- Timing -------------------------------------------------------------- */

typedef void (*bench_call_fn)(void *ctx);

typedef struct bench_timing {
    double median;  /* seconds per call                               */
    int calls;      /* timed calls the median is over                 */
} bench_timing;

#define BENCH_BUDGET_S 0.3 /* adaptive: time calls until this much   */
#define BENCH_MAX_CALLS 99 /* ... but never more calls than this     */

/* Times fn(ctx). repeats in 1..BENCH_MAX_CALLS: one untimed warm-up, then
 * exactly `repeats` timed calls. repeats == 0 (adaptive): if the first call
 * alone takes BENCH_BUDGET_S it is the one sample (a slow step costs one
 * call); otherwise it was the warm-up, and calls are timed until
 * BENCH_BUDGET_S is spent and at least 3 were made, at most
 * BENCH_MAX_CALLS. */
bench_timing bench_time(bench_call_fn fn, void *ctx, int repeats);

/* Median of x[0..n-1] (n >= 1); sorts x. */
double bench_median(double *x, size_t n);

/* ---- Machine ------------------------------------------------------------- */

/* "model name" of the first CPU in /proc/cpuinfo, or "unknown". */
void bench_cpu_model(char *buf, size_t len);

/* ---- Options ------------------------------------------------------------- */

/* "PROG: MESSAGE (see --help)" on stderr and exit status 2, as for every
 * bad option. */
_Noreturn void bench_bad_option(const char *prog, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Matches argv[*i] against an option taking a value, written either as
 * "--name VALUE" or "--name=VALUE". Returns 1 with *value set (and *i moved
 * past a separate value), 0 if argv[*i] is not this option, -1 if it is but
 * the value is missing. */
int bench_opt_value(int argc, char **argv, int *i, const char *name,
                    const char **value);

/* Splits a comma-separated list in place into at most max items; returns
 * the count, or -1 on an empty item or more than max items. */
int bench_split_list(char *s, char **items, int max);

/* Parses a comma-separated list of integers in [lo, hi]; returns the count,
 * or -1 on anything else. */
int bench_parse_ints(const char *s, int *out, int max, int lo, int hi);

#endif
