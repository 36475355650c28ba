/* ukr_simd.c -- the MR x NR micro-kernel in portable C.
 *
 * The MR x NR accumulators live in registers for the whole kc loop: the
 * MR-long inner loop is one vector (#pragma omp simd), the NR loop is
 * unrolled so each column of the tile is its own register, and b(p, c)
 * becomes a broadcast operand of the FMA.  Register counts: blocking.h.
 * `objdump -d` of the avx512f clone shows the loop as it should be: one
 * vmovups of the A column and NR vfmadd231ps {1to16} into zmm accumulators,
 * with no stack traffic until the tile is stored.
 */
#include <config.h>

#include "kernels/ukr.h"
#include "kernels/ukr_body.h"

/* GCC vector extensions in place of omp simd gave the same loop and the
 * same speed (float 16 x 6 on Zen 5, kc = 256: 163 vs 169 GFLOP/s, within
 * the noise), so the portable form stays (ukr_body.h).
 *
 * Clones: "avx2" alone does not enable FMA in GCC (that clone multiplies
 * and adds separately), so the middle clone asks for x86-64-v3, which is
 * AVX2 + FMA. */
#ifdef NMF_HAVE_TARGET_CLONES
__attribute__((target_clones("avx512f", "arch=x86-64-v3", "default")))
#endif
void nmfi_ukr(size_t kc, const nmf_real *restrict a,
              const nmf_real *restrict b, nmf_real beta,
              nmf_real *restrict c, size_t ldc)
{
    nmfi_ukr_body(kc, a, MR, b, 1, NR, beta, c, ldc, MR);
}

void nmfi_ukr_narrow_tile(size_t mr, size_t nr, size_t kc, const nmf_real *a,
                          const nmf_real *b, nmf_real beta, nmf_real *c,
                          size_t ldc)
{
    nmfi_ukr_tile(mr, nr, kc, a, b, beta, c, ldc);
}

const nmfi_tiling nmfi_tiling_narrow = {MR, nmfi_ukr_narrow_tile};
