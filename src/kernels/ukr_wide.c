/* ukr_wide.c -- step 5's micro-kernel: an MR_WIDE x NR tile (32 x 6 floats,
 * 16 x 6 doubles), twice v3's height, for CPUs with 32 vector registers.
 *
 * v3's 16 x 6 float tile is one zmm per column on AVX-512: 6 accumulators,
 * while two FMA pipes of latency 4 need 8 chains in flight, so it tops out
 * near 6/8 of peak. Twice the height gives 12 accumulators (+ 2 for the A
 * column = 14 of 32 zmm): every FMA pipe stays busy and each broadcast of
 * b(p, c) feeds two FMAs. On AVX2 (16 ymm) 32 x 6 would need 24
 * accumulators and spills, so there the same packed panel is computed as
 * two 16-row halves, one after the other, each exactly v3's tile but
 * reading the A column from the wide panel (stride MR_WIDE).
 *
 * Both variants are the same portable C (one body, `rows` fixed when it is
 * inlined); which one runs is asked of the CPU on each call (one load and
 * a bit test), so a generic build uses AVX-512 where the machine has it.
 */
#include <config.h>

#include "kernels/ukr.h"
#include "kernels/ukr_body.h"

/* The AVX-512 tile: all MR_WIDE rows at once. */
#ifdef NMF_HAVE_TARGET_CLONES
__attribute__((target("avx512f,fma")))
#endif
static void tile_full(size_t kc, const nmf_real *restrict a,
                      const nmf_real *restrict b, nmf_real beta,
                      nmf_real *restrict c, size_t ldc)
{
    nmfi_ukr_body(kc, a, MR_WIDE, b, 1, NR, beta, c, ldc, MR_WIDE);
}

/* One MR-row half of the wide tile: v3's register budget. */
#ifdef NMF_HAVE_TARGET_CLONES
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
void nmfi_ukr_wide_half(size_t kc, const nmf_real *restrict a,
                        const nmf_real *restrict b, nmf_real beta,
                        nmf_real *restrict c, size_t ldc)
{
    nmfi_ukr_body(kc, a, MR_WIDE, b, 1, NR, beta, c, ldc, MR);
}

/* The same two tiles reading NR columns of B where they are stored
 * (column-major, ldb apart): step 6's W'A reads A without packing it. */
#ifdef NMF_HAVE_TARGET_CLONES
__attribute__((target("avx512f,fma")))
#endif
static void tile_full_cols(size_t kc, const nmf_real *restrict a,
                           const nmf_real *restrict b, size_t ldb,
                           nmf_real beta, nmf_real *restrict c, size_t ldc,
                           const nmf_real *next)
{
    nmfi_ukr_body_ahead(kc, a, MR_WIDE, b, ldb, 1, beta, c, ldc, MR_WIDE, 0,
                        next);
}

#ifdef NMF_HAVE_TARGET_CLONES
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
static void tile_half_cols(size_t kc, const nmf_real *restrict a,
                           const nmf_real *restrict b, size_t ldb,
                           nmf_real beta, nmf_real *restrict c, size_t ldc,
                           const nmf_real *next)
{
    nmfi_ukr_body_ahead(kc, a, MR_WIDE, b, ldb, 1, beta, c, ldc, MR, 0,
                        next);
}

void nmfi_ukr_wide_cols(size_t mr, size_t kc, const nmf_real *restrict a,
                        const nmf_real *restrict b, size_t ldb, nmf_real beta,
                        nmf_real *restrict c, size_t ldc,
                        const nmf_real *next)
{
    if (mr == MR_WIDE && nmfi_ukr_wide_native()) {
        tile_full_cols(kc, a, b, ldb, beta, c, ldc, next);
        return;
    }
    if (mr == MR_WIDE || mr == MR) {
        tile_half_cols(kc, a, b, ldb, beta, c, ldc, next);
        if (mr == MR_WIDE)
            tile_half_cols(kc, a + MR, b, ldb, beta, c + MR, ldc, NULL);
        return;
    }
    _Alignas(64) nmf_real t[MR_WIDE * NR];
    if (mr < MR)
        tile_half_cols(kc, a, b, ldb, 0, t, MR_WIDE, next);
    else if (nmfi_ukr_wide_native())
        tile_full_cols(kc, a, b, ldb, 0, t, MR_WIDE, next);
    else {
        tile_half_cols(kc, a, b, ldb, 0, t, MR_WIDE, next);
        tile_half_cols(kc, a + MR, b, ldb, 0, t + MR, MR_WIDE, NULL);
    }
    nmfi_ukr_merge(mr, NR, t, MR_WIDE, beta, c, ldc);
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

void nmfi_ukr_wide(size_t kc, const nmf_real *restrict a,
                   const nmf_real *restrict b, nmf_real beta,
                   nmf_real *restrict c, size_t ldc)
{
    if (nmfi_ukr_wide_native()) {
        tile_full(kc, a, b, beta, c, ldc);
    } else {
        nmfi_ukr_wide_half(kc, a, b, beta, c, ldc);
        nmfi_ukr_wide_half(kc, a + MR, b, beta, c + MR, ldc);
    }
}

void nmfi_ukr_wide_tile(size_t mr, size_t nr, size_t kc, const nmf_real *a,
                        const nmf_real *b, nmf_real beta, nmf_real *c,
                        size_t ldc)
{
    if (mr == MR_WIDE && nr == NR) {
        nmfi_ukr_wide(kc, a, b, beta, c, ldc);
        return;
    }
    /* A fringe: rows past mr are zero padding, so a tile of at most MR
     * rows needs only the top half (d = 16 would otherwise pay twice). */
    _Alignas(64) nmf_real t[MR_WIDE * NR];
    size_t height = mr <= MR ? MR : MR_WIDE;
    if (height == MR)
        nmfi_ukr_wide_half(kc, a, b, 0, t, MR_WIDE);
    else
        nmfi_ukr_wide(kc, a, b, 0, t, MR_WIDE);
    nmfi_ukr_merge(mr, nr, t, MR_WIDE, beta, c, ldc);
}

const nmfi_tiling nmfi_tiling_wide = {MR_WIDE, nmfi_ukr_wide_tile};

/* Step 7: an MR_WIDE x NR tile whose A column is read where A is stored
 * (column-major, lda apart per p), B from a packed panel.
 *
 * How many steps of p ahead the A column is prefetched into L2 (and a
 * quarter of that into L1, ukr_body.h). Zen 5, into L1 only, A H' at
 * n = 10000, GFLOP/s on 1 / 2 threads, three runs each: none
 * 137-148 / 266-295, 32 157-163 / 290-315, 64 135-162 / 263-315, 128
 * 133-137 / 255-268 (16 was no better than none). Zen 4, bench_mu
 * --low-memory at n = 10000, ms per iteration, d = 16 / d = 64 on 1
 * thread, two runs: into L1 32 on 15.9-16.1 / 49.3-50.7; into L2 64 on
 * 12.8-14.4 / 44.0-44.7; 128 on 13.3-14.5 / 46.7-49.6; L2 64 on and L1
 * 16 on 13.0-13.6 / 43.9-44.0, and on 2 threads 8.3-9.1 / 25.0-25.2
 * (L1 32 on) against 6.6-6.9 / 22.6 (both). */
#define AHEAD 64
#ifdef NMF_HAVE_TARGET_CLONES
__attribute__((target("avx512f,fma")))
#endif
static void tile_full_rows(size_t kc, const nmf_real *restrict a, size_t lda,
                           const nmf_real *restrict b, nmf_real beta,
                           nmf_real *restrict c, size_t ldc)
{
    nmfi_ukr_body_ahead(kc, a, lda, b, 1, NR, beta, c, ldc, MR_WIDE, AHEAD,
                        NULL);
}

#ifdef NMF_HAVE_TARGET_CLONES
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
static void tile_half_rows(size_t kc, const nmf_real *restrict a, size_t lda,
                           const nmf_real *restrict b, nmf_real beta,
                           nmf_real *restrict c, size_t ldc)
{
    nmfi_ukr_body_ahead(kc, a, lda, b, 1, NR, beta, c, ldc, MR, AHEAD, NULL);
}

/* The whole MR_WIDE x NR tile: at once on AVX-512, else in two halves. */
static void tile_rows(size_t kc, const nmf_real *restrict a, size_t lda,
                      const nmf_real *restrict b, nmf_real beta,
                      nmf_real *restrict c, size_t ldc)
{
    if (nmfi_ukr_wide_native()) {
        tile_full_rows(kc, a, lda, b, beta, c, ldc);
    } else {
        tile_half_rows(kc, a, lda, b, beta, c, ldc);
        tile_half_rows(kc, a + MR, lda, b, beta, c + MR, ldc);
    }
}

void nmfi_ukr_wide_rows(size_t nr, size_t kc, const nmf_real *restrict a,
                        size_t lda, const nmf_real *restrict b, nmf_real beta,
                        nmf_real *restrict c, size_t ldc)
{
    if (nr == NR) {
        tile_rows(kc, a, lda, b, beta, c, ldc);
        return;
    }
    /* Fewer columns: B's panel is zero-padded, C is not. */
    _Alignas(64) nmf_real t[MR_WIDE * NR];
    tile_rows(kc, a, lda, b, 0, t, MR_WIDE);
    nmfi_ukr_merge(MR_WIDE, nr, t, MR_WIDE, beta, c, ldc);
}

/* Step 10: the tile with both operands where they lie. The A column is
 * `a_step` apart per p (lda: op(A) untransposed, read in place; MR_WIDE:
 * a packed panel) and b(p, c) is at b[c b_col + p b_next] (op(B)
 * untransposed, in place: ldb, 1; transposed, in place: 1, ldb; a packed
 * panel: 1, NR). A tile of fewer than NR columns is computed by a kernel
 * of that many (nothing past them read, no FMA wasted): C's last columns
 * need no packed copy of B. One of fewer than MR_WIDE rows needs its A
 * panel packed (zero-padded); it is computed aside and merged. */
#ifdef NMF_HAVE_TARGET_CLONES
#define TARGET_FULL __attribute__((target("avx512f,fma")))
#define TARGET_HALF __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define TARGET_FULL
#define TARGET_HALF
#endif

typedef void (*any_fn)(size_t kc, const nmf_real *restrict a, size_t a_step,
                       const nmf_real *restrict b, size_t b_col,
                       size_t b_next, nmf_real beta, nmf_real *restrict c,
                       size_t ldc);

/* A tile `rows` tall and `cols` wide, built for `target`. */
#define ANY_TILE(name, target, rows, cols)                                   \
    target static void name(size_t kc, const nmf_real *restrict a,          \
                            size_t a_step, const nmf_real *restrict b,      \
                            size_t b_col, size_t b_next, nmf_real beta,     \
                            nmf_real *restrict c, size_t ldc)               \
    {                                                                        \
        nmfi_ukr_body_cols(kc, a, a_step, b, b_col, b_next, beta, c, ldc,    \
                           rows, cols);                                      \
    }

/* The AVX-512 tile (all MR_WIDE rows) and the MR-row half, `cols` wide. */
#define ANY_TILES(cols)                                                      \
    ANY_TILE(full_any_##cols, TARGET_FULL, MR_WIDE, cols)                    \
    ANY_TILE(half_any_##cols, TARGET_HALF, MR, cols)

_Static_assert(NR == 6, "one tile function per column count 1 .. NR");
ANY_TILES(1)
ANY_TILES(2)
ANY_TILES(3)
ANY_TILES(4)
ANY_TILES(5)
ANY_TILES(6)
static const any_fn full_any[NR] = {full_any_1, full_any_2, full_any_3,
                                    full_any_4, full_any_5, full_any_6};
static const any_fn half_any[NR] = {half_any_1, half_any_2, half_any_3,
                                    half_any_4, half_any_5, half_any_6};

void nmfi_ukr_wide_any(size_t mr, size_t nr, size_t kc,
                       const nmf_real *restrict a, size_t a_step,
                       const nmf_real *restrict b, size_t b_col,
                       size_t b_next, nmf_real beta, nmf_real *restrict c,
                       size_t ldc)
{
    _Alignas(64) nmf_real t[MR_WIDE * NR];
    int whole = mr == MR_WIDE;
    nmf_real *dst = whole ? c : t;
    size_t ldd = whole ? ldc : MR_WIDE;
    nmf_real beta_d = whole ? beta : 0;
    if (mr > MR && nmfi_ukr_wide_native()) {
        full_any[nr - 1](kc, a, a_step, b, b_col, b_next, beta_d, dst, ldd);
    } else {
        half_any[nr - 1](kc, a, a_step, b, b_col, b_next, beta_d, dst, ldd);
        if (mr > MR)
            half_any[nr - 1](kc, a + MR, a_step, b, b_col, b_next, beta_d,
                             dst + MR, ldd);
    }
    if (!whole)
        nmfi_ukr_merge(mr, nr, t, MR_WIDE, beta, c, ldc);
}
