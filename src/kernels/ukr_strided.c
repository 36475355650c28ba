/* ukr_strided.c -- the strided micro-kernels (ukr.h, contract 2): an
 * MR_WIDE x NR tile with an operand read where it is stored.
 *
 * In MU's W'A the big A is op(B): NR of its columns, kc long, are already
 * NR unit-stride streams, so the kernel broadcasts b(p, c) straight from A
 * (b_in_place, step 6). In A H' the big A is op(A): MR_WIDE of its rows at
 * one p are MR_WIDE consecutive values of a stored column, the A column
 * the kernel loads, lda apart per p (a_in_place, step 7). A small C reads
 * both of its operands in place, in any layout (strided, step 10). Each
 * is ukr_body.h with its layout fixed where it is inlined, one function
 * built for AVX-512 (all MR_WIDE rows at once) and one cloned for
 * FMA and plain SSE2 (an MR-row half, run twice; isa.h), as in
 * ukr_packed.c; in-place reads prefetch (blocking.h's
 * NMFI_PREFETCH_AHEAD, and the next strip's columns).
 */
#include <config.h>

#include "kernels/isa.h"
#include "kernels/ukr.h"
#include "kernels/ukr_body.h"

/* ---- B in place: a packed, NR columns of B ldb apart ------------------- */

NMFI_TARGET_AVX512 static void b_in_place_full(size_t kc, const nmf_real *restrict a,
                                          const nmf_real *restrict b,
                                          size_t ldb, nmf_real beta,
                                          nmf_real *restrict c, size_t ldc,
                                          const nmf_real *next)
{
    nmfi_ukr_body_ahead(kc, a, MR_WIDE, b, ldb, 1, beta, c, ldc, MR_WIDE, 0,
                        next);
}

NMFI_CLONES_NO512 static void b_in_place_half(size_t kc, const nmf_real *restrict a,
                                        const nmf_real *restrict b,
                                        size_t ldb, nmf_real beta,
                                        nmf_real *restrict c, size_t ldc,
                                        const nmf_real *next)
{
    nmfi_ukr_body_ahead(kc, a, MR_WIDE, b, ldb, 1, beta, c, ldc, MR, 0,
                        next);
}

/* The tile's rows (MR_WIDE, or MR: the top half alone) into dst. */
static void b_in_place_rows(size_t rows, size_t kc, const nmf_real *a,
                            const nmf_real *b, size_t ldb, nmf_real beta,
                            nmf_real *dst, size_t ldd, const nmf_real *next)
{
    if (rows == MR_WIDE && nmfi_ukr_wide_native()) {
        b_in_place_full(kc, a, b, ldb, beta, dst, ldd, next);
        return;
    }
    b_in_place_half(kc, a, b, ldb, beta, dst, ldd, next);
    if (rows == MR_WIDE)
        b_in_place_half(kc, a + MR, b, ldb, beta, dst + MR, ldd, NULL);
}

void nmfi_ukr_2mr_nr_b_in_place(size_t mr, size_t kc,
                                const nmf_real *restrict a,
                                const nmf_real *restrict b, size_t ldb,
                                nmf_real beta, nmf_real *restrict c,
                                size_t ldc, const nmf_real *next)
{
    if (mr == MR_WIDE || mr == MR) {
        b_in_place_rows(mr, kc, a, b, ldb, beta, c, ldc, next);
        return;
    }
    _Alignas(64) nmf_real t[MR_WIDE * NR];
    b_in_place_rows(mr < MR ? MR : MR_WIDE, kc, a, b, ldb, 0, t, MR_WIDE,
                    next);
    nmfi_ukr_fringe(mr, NR, t, beta, c, ldc);
}

/* ---- A in place: MR_WIDE rows of A lda apart, B a packed panel --------- */

NMFI_TARGET_AVX512 static void a_in_place_full(size_t kc, const nmf_real *restrict a,
                                          size_t lda,
                                          const nmf_real *restrict b,
                                          nmf_real beta, nmf_real *restrict c,
                                          size_t ldc)
{
    nmfi_ukr_body_ahead(kc, a, lda, b, 1, NR, beta, c, ldc, MR_WIDE,
                        NMFI_PREFETCH_AHEAD, NULL);
}

NMFI_CLONES_NO512 static void a_in_place_half(size_t kc, const nmf_real *restrict a,
                                        size_t lda,
                                        const nmf_real *restrict b,
                                        nmf_real beta, nmf_real *restrict c,
                                        size_t ldc)
{
    nmfi_ukr_body_ahead(kc, a, lda, b, 1, NR, beta, c, ldc, MR,
                        NMFI_PREFETCH_AHEAD, NULL);
}

static void a_in_place_whole(size_t kc, const nmf_real *a, size_t lda,
                             const nmf_real *b, nmf_real beta, nmf_real *c,
                             size_t ldc)
{
    if (nmfi_ukr_wide_native()) {
        a_in_place_full(kc, a, lda, b, beta, c, ldc);
    } else {
        a_in_place_half(kc, a, lda, b, beta, c, ldc);
        a_in_place_half(kc, a + MR, lda, b, beta, c + MR, ldc);
    }
}

void nmfi_ukr_2mr_nr_a_in_place(size_t nr, size_t kc,
                                const nmf_real *restrict a, size_t lda,
                                const nmf_real *restrict b, nmf_real beta,
                                nmf_real *restrict c, size_t ldc)
{
    if (nr == NR) {
        a_in_place_whole(kc, a, lda, b, beta, c, ldc);
        return;
    }
    /* Fewer columns: B's panel is zero-padded, C is not. */
    _Alignas(64) nmf_real t[MR_WIDE * NR];
    a_in_place_whole(kc, a, lda, b, 0, t, MR_WIDE);
    nmfi_ukr_fringe(MR_WIDE, nr, t, beta, c, ldc);
}

/* ---- Both strided, any layout ------------------------------------------
 * A tile of fewer than NR columns is computed by a body of that many
 * columns (nothing past them read, no FMA wasted): the switch picks the
 * body inlined with that constant. */

static inline __attribute__((always_inline)) void
strided_rows(const int rows, size_t nr, size_t kc, const nmf_real *restrict a,
             size_t a_step, const nmf_real *restrict b, size_t b_col,
             size_t b_next, nmf_real beta, nmf_real *restrict c, size_t ldc)
{
    _Static_assert(NR == 6, "one case per column count 1 .. NR");
    switch (nr) {
    case 1: nmfi_ukr_body_cols(kc, a, a_step, b, b_col, b_next, beta, c,
                               ldc, rows, 1); break;
    case 2: nmfi_ukr_body_cols(kc, a, a_step, b, b_col, b_next, beta, c,
                               ldc, rows, 2); break;
    case 3: nmfi_ukr_body_cols(kc, a, a_step, b, b_col, b_next, beta, c,
                               ldc, rows, 3); break;
    case 4: nmfi_ukr_body_cols(kc, a, a_step, b, b_col, b_next, beta, c,
                               ldc, rows, 4); break;
    case 5: nmfi_ukr_body_cols(kc, a, a_step, b, b_col, b_next, beta, c,
                               ldc, rows, 5); break;
    default: nmfi_ukr_body_cols(kc, a, a_step, b, b_col, b_next, beta, c,
                                ldc, rows, NR); break;
    }
}

NMFI_TARGET_AVX512 static void strided_full(size_t nr, size_t kc,
                                       const nmf_real *restrict a,
                                       size_t a_step,
                                       const nmf_real *restrict b,
                                       size_t b_col, size_t b_next,
                                       nmf_real beta, nmf_real *restrict c,
                                       size_t ldc)
{
    strided_rows(MR_WIDE, nr, kc, a, a_step, b, b_col, b_next, beta, c, ldc);
}

NMFI_CLONES_NO512 static void strided_half(size_t nr, size_t kc,
                                     const nmf_real *restrict a,
                                     size_t a_step,
                                     const nmf_real *restrict b,
                                     size_t b_col, size_t b_next,
                                     nmf_real beta, nmf_real *restrict c,
                                     size_t ldc)
{
    strided_rows(MR, nr, kc, a, a_step, b, b_col, b_next, beta, c, ldc);
}

void nmfi_ukr_strided_2mr_nr(size_t mr, size_t nr, size_t kc,
                             const nmf_real *restrict a, size_t a_step,
                             const nmf_real *restrict b, size_t b_col,
                             size_t b_next, nmf_real beta,
                             nmf_real *restrict c, size_t ldc)
{
    _Alignas(64) nmf_real t[MR_WIDE * NR];
    int whole = mr == MR_WIDE;
    nmf_real *dst = whole ? c : t;
    size_t ldd = whole ? ldc : MR_WIDE;
    nmf_real beta_d = whole ? beta : 0;
    if (mr > MR && nmfi_ukr_wide_native()) {
        strided_full(nr, kc, a, a_step, b, b_col, b_next, beta_d, dst, ldd);
    } else {
        strided_half(nr, kc, a, a_step, b, b_col, b_next, beta_d, dst, ldd);
        if (mr > MR)
            strided_half(nr, kc, a + MR, a_step, b, b_col, b_next, beta_d,
                         dst + MR, ldd);
    }
    if (!whole)
        nmfi_ukr_fringe(mr, nr, t, beta, c, ldc);
}
