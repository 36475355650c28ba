/* reduce.h -- inner products and sums of squares over matrix blocks, in
 * double, with a summation order fixed by the shape alone (per-column
 * partial sums added in column order), so results are bitwise the same for
 * any thread count. */
#ifndef NMFI_REDUCE_H
#define NMFI_REDUCE_H

#include <stddef.h>

#include "nmfkit.h"

/* sum_ij x_ij * y_ij over an m x n block. */
double nmfi_dot_matrix(size_t m, size_t n, const nmf_real *x, size_t ldx,
                       const nmf_real *y, size_t ldy);
/* sum_ij x_ij over an m x n block (the mean of A for the start: a plain
 * serial sum took 20 ms at 1728 x 10000, one dependent add per entry). */
double nmfi_sum_matrix(size_t m, size_t n, const nmf_real *x, size_t ldx);
/* sum_ij x_ij^2 over an m x n block. */
double nmfi_sumsq_matrix(size_t m, size_t n, const nmf_real *x, size_t ldx);

#endif
