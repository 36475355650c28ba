/* gemm_v6_inplace.c -- step 6: read an untransposed op(B) where it lies.
 *
 * Idea: in MU's W'A the big A is op(B); its NR columns are already NR
 * unit-stride streams, so the kernel reads them in place and A is never
 * copied (nest_cols.c, ukr_strided.c's b_in_place), slices deep enough
 * for B to stream once (nmfi_depth_cols). Since v5: op(B) is no longer
 * packed. The depth comes from the whole product: same bits for any
 * thread count, not v5's (the slices differ).
 * Bench: ./bench/bench_gemm --kernel v5,v6 --threads 1,2
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/nests.h"

void nmfi_gemm_v6_inplace(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                          size_t k, const nmf_real *a, size_t lda,
                          const nmf_real *b, size_t ldb, nmf_real beta,
                          nmf_real *c, size_t ldc)
{
    size_t depth = nmfi_depth_cols(m, k);
    nmfi_slabs(nmfi_nest_cols, &depth, MR_WIDE, ta, tb, m, n, k, a, lda, b,
               ldb, beta, c, ldc);
}
