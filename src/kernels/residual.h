/* residual.h -- the exact ||A - W H||_F^2 without an m x n temporary. */
#ifndef NMFI_RESIDUAL_H
#define NMFI_RESIDUAL_H

#include <stddef.h>

#include "nmfkit.h"

/* A m x n, W m x d, H d x n. Each entry of W H is formed in double from a
 * row of W and a column of H, subtracted from A and squared at once; per-
 * column partial sums are added in column order, so the value is the same
 * for any thread count. NMF_E_NOMEM if the n partials cannot be had. */
nmf_status nmfi_residual_sq(size_t m, size_t n, size_t d,
                            const nmf_real *a, size_t lda,
                            const nmf_real *w, size_t ldw,
                            const nmf_real *h, size_t ldh, double *out);

#endif
