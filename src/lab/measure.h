/* measure.h -- the plumbing of every measurement: operands, timing,
 * medians and error measures, so that each experiment reads as what it
 * runs. */
#ifndef NMFI_LAB_MEASURE_H
#define NMFI_LAB_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include "nmfkit.h"

/* ---- Operands ------------------------------------------------------------ */

/* rows x cols in [0, 1) from a small generator of our own (splitmix64), the
 * same numbers for the same seed on every machine; padding rows are 0. */
void nmfi_fill_uniform(nmf_real *x, size_t rows, size_t cols, size_t ld,
                uint64_t seed);
/* Every entry, padding included, set to NaN: a kernel that should overwrite
 * C and reads it instead shows up as NaN in the diff column. */
void nmfi_fill_nan(nmf_real *x, size_t ld, size_t cols);

/* max |c - ref| / max |ref| over rows x cols, in double; NaN if c holds a
 * NaN or infinity, so a broken result never passes for a small number. */
double nmfi_max_rel_diff(const nmf_real *c, const nmf_real *ref,
                          size_t rows, size_t cols, size_t ld);

/* ---- Timing -------------------------------------------------------------- */

typedef void (*nmfi_call_fn)(void *ctx);

typedef struct nmfi_timing {
    double median;  /* seconds per call                               */
    int calls;      /* timed calls the median is over                 */
} nmfi_timing;

#define NMFI_TIME_BUDGET_S 0.3 /* adaptive: time calls until this much   */
#define NMFI_TIME_MAX_CALLS 99 /* ... but never more calls than this     */

/* Times fn(ctx). repeats in 1..NMFI_TIME_MAX_CALLS: one untimed warm-up, then
 * exactly `repeats` timed calls. repeats == 0 (adaptive): if the first call
 * alone takes NMFI_TIME_BUDGET_S it is the one sample (a slow step costs one
 * call); otherwise it was the warm-up, and calls are timed until
 * NMFI_TIME_BUDGET_S is spent and at least 3 were made, at most
 * NMFI_TIME_MAX_CALLS. */
nmfi_timing nmfi_time_calls(nmfi_call_fn fn, void *ctx, int repeats);

/* Median of x[0..n-1] (n >= 1); sorts x. */
double nmfi_median(double *x, size_t n);

/* ---- Machine ------------------------------------------------------------- */

/* "model name" of the first CPU in /proc/cpuinfo, or "unknown". */
void nmfi_cpu_model(char *buf, size_t len);

#endif
