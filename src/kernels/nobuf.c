/* nobuf.c -- the product when no buffer can be had (nests.h).
 *
 * gemm has no error to return, so a nest whose packing buffers cannot be
 * allocated still gives the right answer, by this: for each element of C
 * a dot product over p in order, op(A) and op(B) read where they lie. */
#include <config.h>

#include "kernels/nests.h"

void nmfi_gemm_nobuf(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                     size_t k, const nmf_real *a, size_t lda,
                     const nmf_real *b, size_t ldb, nmf_real beta,
                     nmf_real *c, size_t ldc)
{
    /* op(X)(r, p) = x[r rs + p ps]. */
    size_t a_row = ta == NMF_NOTRANS ? 1 : lda;
    size_t a_p = ta == NMF_NOTRANS ? lda : 1;
    size_t b_p = tb == NMF_NOTRANS ? 1 : ldb;
    size_t b_col = tb == NMF_NOTRANS ? ldb : 1;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++) {
            nmf_real sum = 0;
            for (size_t p = 0; p < k; p++)
                sum += a[i * a_row + p * a_p] * b[p * b_p + j * b_col];
            nmf_real *cij = &c[i + j * ldc];
            *cij = beta == 0 ? sum : sum + beta * *cij;
        }
}
