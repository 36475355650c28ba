/* gemm_v5_wide.c -- step 5: a micro-tile twice as tall.
 *
 * Idea: MR x NR holds 6 accumulators on AVX-512, too few chains to hide
 * the FMA latency on two pipes; MR_WIDE x NR holds 12 (two MR-row halves
 * on AVX2, chosen at run time). Since v4: the tile (ukr_packed.c's
 * 2mr_nr); the nest and the slabs are v4's. Sums still run over p in
 * order: the same bits for any thread count.
 * Bench: ./bench/bench_gemm --kernel v4,v5 --threads 1,2
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/nests.h"
#include "kernels/ukr.h"

void nmfi_gemm_v5_wide(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                       size_t k, const nmf_real *a, size_t lda,
                       const nmf_real *b, size_t ldb, nmf_real beta,
                       nmf_real *c, size_t ldc)
{
    nmfi_slabs(nmfi_nest_packed, &nmfi_tiling_2mr_nr, MR_WIDE, ta, tb, m, n,
               k, a, lda, b, ldb, beta, c, ldc);
}
