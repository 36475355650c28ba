/* gemm_v0_naive.c -- step 0: the three loops, the reference.
 *
 * Every C element is one dot product accumulated in nmf_real in k order,
 * exactly as the definition reads; tests and bench compare every other
 * step against this one, so it stays obviously correct rather than fast.
 * It reads op(A) across a row, which strides through memory: that is
 * what step v1 fixes.  Bench: ./bench/bench_gemm --kernel v0,v1
 */
#include <config.h>

#include "kernels/gemm.h"

void nmfi_gemm_v0_naive(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                        size_t k, const nmf_real *a, size_t lda,
                        const nmf_real *b, size_t ldb, nmf_real beta,
                        nmf_real *c, size_t ldc)
{
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) {
            nmf_real sum = 0;
            for (size_t p = 0; p < k; p++) {
                nmf_real aip = ta == NMF_TRANS ? a[p + i * lda]
                                               : a[i + p * lda];
                nmf_real bpj = tb == NMF_TRANS ? b[j + p * ldb]
                                               : b[p + j * ldb];
                sum += aip * bpj;
            }
            /* beta = 0 must not read C: it may hold NaN garbage. */
            nmf_real *cij = &c[i + j * ldc];
            *cij = beta == 0 ? sum : sum + beta * *cij;
        }
    }
}
