/* gemm_v5_wide.c -- step 5: v4 with a micro-tile twice as tall.
 *
 * v4 spends its time in v3's 16 x 6 float micro-kernel, which on AVX-512
 * holds only 6 accumulators: too few chains to hide the FMA latency on two
 * pipes (measured 163 of 226 GFLOP/s for the kernel alone). Here the same
 * loop nest (nmfi_gemm_packed) and the same slabs per thread
 * (nmfi_gemm_slabs) run the MR_WIDE x NR tile of ukr_wide.c: 12
 * accumulators on AVX-512, two 16-row halves on AVX2, chosen at run time,
 * so one generic build is fast on both. The sum for each element of C is
 * still taken over p in order 0 .. k-1: the same bits for any thread count.
 * Bench: ./bench/bench_gemm --kernel v4,v5 --threads 1,2
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/ukr.h"

void nmfi_gemm_v5_wide(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                       size_t k, const nmf_real *a, size_t lda,
                       const nmf_real *b, size_t ldb, nmf_real beta,
                       nmf_real *c, size_t ldc)
{
    nmfi_gemm_slabs(nmfi_gemm_packed_slab, &nmfi_tiling_wide, MR_WIDE, ta, tb,
                    m, n, k, a, lda, b, ldb, beta, c, ldc);
}
