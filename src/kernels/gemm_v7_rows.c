/* gemm_v7_rows.c -- step 7: read an untransposed op(A) where it lies.
 *
 * Idea: in MU's A H' the big A is op(A); MR_WIDE of its rows at one p are
 * the A column the kernel loads, lda apart per p, so A is never copied
 * (nest_rows.c, ukr_strided.c's a_in_place) and each panel stays in L2
 * for the n / NR tiles of its rows. Since v6: op(A), not op(B), is read in
 * place, and op(B) (H', small) is packed. Good for a narrow op(B) only (a
 * square product thrashes cache sets: compare at 1024^3).
 * Bench: ./bench/bench_gemm --kernel v6,v7 --threads 1,2
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/nests.h"

void nmfi_gemm_v7_rows(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                       size_t k, const nmf_real *a, size_t lda,
                       const nmf_real *b, size_t ldb, nmf_real beta,
                       nmf_real *c, size_t ldc)
{
    size_t depth = nmfi_depth_rows(n);
    nmfi_slabs(nmfi_nest_rows, &depth, MR_WIDE, ta, tb, m, n, k, a, lda, b,
               ldb, beta, c, ldc);
}
