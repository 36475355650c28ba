/* hals_sweep.h -- HALS's coordinate sweep over one tile of a factor, the
 * inner update of the hals and ahals solvers (nmf/fit.c).
 *
 * A tile X is len x d, column-major: len rows of W, or len columns of H
 * transposed (update.c transposes them), each row its own non-negative
 * least-squares problem against the same d x d Gram matrix G. The sweep
 * updates the d coordinates of every row one after another:
 *
 *     for i = 0 .. d-1:  x_i <- max(floor, x_i + (n_i - X g_i) / g_ii)
 *
 * with x_i, n_i column i of X and of the numerator N (len x d: the rows
 * of A H' or of (W'A)'), and g_i column i of G. The sum X g_i runs over
 * k = 0 .. d-1 in order for every row, so a row's result does not depend
 * on which block or thread computed it. A coordinate whose g_ii is not
 * positive (a zero column of the other factor) is left as it is.
 */
#ifndef NMFI_HALS_SWEEP_H
#define NMFI_HALS_SWEEP_H

#include <stddef.h>

#include "nmfkit.h"

/* One sweep; returns ||X_new - X_old||_F^2 over the entries that moved
 * by more than noise times their size, max(x_i, |n_i| / g_ii) roughly
 * (x_i + |n_i| / g_ii: what the rounding of the update is relative to),
 * in double and in a fixed order,
 * which the accelerated solver compares between its repeats; noise = 0
 * counts every change, noise < 0 measures nothing and returns 0. */
double nmfi_hals_sweep(size_t len, size_t d, nmf_real *x, size_t ldx,
                       const nmf_real *num, size_t ldnum, const nmf_real *g,
                       size_t ldg, nmf_real floor, nmf_real noise);

/* The same in plain loops, one row at a time: the reference the tests
 * hold the blocked sweep to. */
double nmfi_hals_sweep_naive(size_t len, size_t d, nmf_real *x, size_t ldx,
                             const nmf_real *num, size_t ldnum,
                             const nmf_real *g, size_t ldg, nmf_real floor,
                             nmf_real noise);

#endif
