/* transpose.h -- B = A', blocked and parallel: the solver's copy of A
 * laid out for A H' (see nmf/mu.c); and serial, for the kernels. */
#ifndef NMFI_TRANSPOSE_H
#define NMFI_TRANSPOSE_H

#include <stddef.h>

#include "nmfkit.h"

/* A is m x n (column-major, lda >= m), B is n x m (ldb >= n). A pure copy:
 * B's bits do not depend on the thread count. */
void nmfi_transpose(size_t m, size_t n, const nmf_real *a, size_t lda,
                    nmf_real *b, size_t ldb);

/* The same on the calling thread: for a block of a product (a transposed
 * op(A)'s panel, a tile's rows of a transposed numerator). */
void nmfi_transpose_serial(size_t m, size_t n, const nmf_real *a,
                           size_t lda, nmf_real *b, size_t ldb);

#endif
