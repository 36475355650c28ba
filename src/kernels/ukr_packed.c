/* ukr_packed.c -- the packed micro-kernels (ukr.h, contract 1): the
 * MR x NR tile of step 3 and the MR_WIDE x NR tile of step 5.
 *
 * Both are ukr_body.h in portable C: the tile's accumulators live in
 * registers for the whole kc loop, the MR-long inner loop one vector
 * (#pragma omp simd), the NR loop unrolled so each column of the tile is
 * its own register, b(p, c) a broadcast operand of the FMA (`objdump -d`
 * of the avx512f clone: one vmovups of the A column and NR vfmadd231ps
 * {1to16}, no stack traffic until the tile is stored). GCC vector
 * extensions in place of omp simd gave the same loop and speed.
 *
 * MR x NR on AVX-512 holds only 6 accumulators: too few chains to hide
 * the FMA latency on two pipes (163 of 226 GFLOP/s float on Zen 5). The
 * tile twice as tall keeps 12 (+ 2 for the A column = 14 of 32 zmm);
 * on AVX2 (16 ymm) it would need 24 and spills, so there the same panel
 * is computed as two MR-row halves. Which runs is asked of the CPU on
 * each call (one load and a bit test), so a generic build uses AVX-512
 * where the machine has it.
 *
 * Clones and the AVX-512 choice: isa.h.
 */
#include <config.h>

#include "kernels/isa.h"
#include "kernels/ukr.h"
#include "kernels/ukr_body.h"

/* A whole MR x NR tile from panels MR tall. */
NMFI_CLONES static void packed_mr_nr(size_t kc, const nmf_real *restrict a,
                                    const nmf_real *restrict b,
                                    nmf_real beta, nmf_real *restrict c,
                                    size_t ldc)
{
    nmfi_ukr_body(kc, a, MR, b, 1, NR, beta, c, ldc, MR);
}

/* A whole MR_WIDE x NR tile at once: AVX-512. */
NMFI_TARGET_AVX512 static void packed_2mr_nr(size_t kc, const nmf_real *restrict a,
                                        const nmf_real *restrict b,
                                        nmf_real beta, nmf_real *restrict c,
                                        size_t ldc)
{
    nmfi_ukr_body(kc, a, MR_WIDE, b, 1, NR, beta, c, ldc, MR_WIDE);
}

/* One MR-row half of it, from panels MR_WIDE tall: v3's register budget. */
NMFI_CLONES_NO512 static void packed_half(size_t kc, const nmf_real *restrict a,
                                    const nmf_real *restrict b,
                                    nmf_real beta, nmf_real *restrict c,
                                    size_t ldc)
{
    nmfi_ukr_body(kc, a, MR_WIDE, b, 1, NR, beta, c, ldc, MR);
}

int nmfi_ukr_wide_native(void)
{
#ifdef NMF_HAVE_TARGET_CLONES
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

/* The whole MR_WIDE tile, at once or in two halves. */
static void packed_wide(size_t kc, const nmf_real *a, const nmf_real *b,
                        nmf_real beta, nmf_real *c, size_t ldc)
{
    if (nmfi_ukr_wide_native()) {
        packed_2mr_nr(kc, a, b, beta, c, ldc);
    } else {
        packed_half(kc, a, b, beta, c, ldc);
        packed_half(kc, a + MR, b, beta, c + MR, ldc);
    }
}

void nmfi_ukr_packed_mr_nr(size_t mr, size_t nr, size_t kc,
                           const nmf_real *a, const nmf_real *b,
                           nmf_real beta, nmf_real *c, size_t ldc)
{
    if (mr == MR && nr == NR) {
        packed_mr_nr(kc, a, b, beta, c, ldc);
        return;
    }
    _Alignas(64) nmf_real t[MR_WIDE * NR];
    packed_mr_nr(kc, a, b, 0, t, MR_WIDE);
    nmfi_ukr_fringe(mr, nr, t, beta, c, ldc);
}

void nmfi_ukr_packed_2mr_nr(size_t mr, size_t nr, size_t kc,
                            const nmf_real *a, const nmf_real *b,
                            nmf_real beta, nmf_real *c, size_t ldc)
{
    if (mr == MR_WIDE && nr == NR) {
        packed_wide(kc, a, b, beta, c, ldc);
        return;
    }
    /* Rows past mr are zero padding, so a tile of at most MR rows needs
     * only the top half (d = 16 would otherwise pay twice). */
    _Alignas(64) nmf_real t[MR_WIDE * NR];
    if (mr <= MR)
        packed_half(kc, a, b, 0, t, MR_WIDE);
    else
        packed_wide(kc, a, b, 0, t, MR_WIDE);
    nmfi_ukr_fringe(mr, nr, t, beta, c, ldc);
}

const nmfi_tiling nmfi_tiling_mr_nr = {MR, nmfi_ukr_packed_mr_nr};
const nmfi_tiling nmfi_tiling_2mr_nr = {MR_WIDE, nmfi_ukr_packed_2mr_nr};
