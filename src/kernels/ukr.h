/* ukr.h -- the micro-kernel contract: the only code that must be fast.
 *
 *   a  packed A panel, MR x kc, column by column: op(A)(r, p) = a[r + p MR]
 *   b  packed B panel, kc x NR, row by row:       op(B)(p, c) = b[c + p NR]
 *   c  an MR x NR tile of C, column-major with leading dimension ldc
 *
 *   C = a b + beta C, the sum over p taken in order 0 .. kc-1 for every
 *   element; beta = 0 writes C without reading it.
 *
 * Panels come from pack.h, zero-padded past the matrix edge, so the kernel
 * never handles fringes; nmfi_ukr_tile does, through a local tile.  The
 * blocked loops call the kernel once per KC slice of the inner dimension:
 * the first slice passes the caller's beta, later ones beta = 1 (see
 * gemm_v3_packed.c).
 */
#ifndef NMFI_UKR_H
#define NMFI_UKR_H

#include <stddef.h>

#include "kernels/blocking.h"
#include "nmfkit.h"

/* A whole MR x NR tile (ukr_simd.c: portable C, cloned for AVX-512 and
 * AVX2+FMA where the compiler can). */
void nmfi_ukr(size_t kc, const nmf_real *restrict a,
              const nmf_real *restrict b, nmf_real beta,
              nmf_real *restrict c, size_t ldc);

/* C(0:mr, 0:nr) = t + beta C for a tile t computed aside (leading
 * dimension ldt): the valid part of a fringe tile. */
static inline void nmfi_ukr_merge(size_t mr, size_t nr, const nmf_real *t,
                                  size_t ldt, nmf_real beta, nmf_real *c,
                                  size_t ldc)
{
    for (size_t j = 0; j < nr; j++) {
        nmf_real *cj = c + j * ldc;
        const nmf_real *tj = t + j * ldt;
        if (beta == 0) {
            for (size_t i = 0; i < mr; i++)
                cj[i] = tj[i];
        } else {
            for (size_t i = 0; i < mr; i++)
                cj[i] = tj[i] + beta * cj[i];
        }
    }
}

/* Any tile of mr x nr <= MR x NR: a whole one goes straight to nmfi_ukr;
 * a fringe one is computed into a local MR x NR tile and only its valid
 * part is merged into C, so nothing outside C is read or written. */
static inline void nmfi_ukr_tile(size_t mr, size_t nr, size_t kc,
                                 const nmf_real *a, const nmf_real *b,
                                 nmf_real beta, nmf_real *c, size_t ldc)
{
    if (mr == MR && nr == NR) {
        nmfi_ukr(kc, a, b, beta, c, ldc);
        return;
    }
    _Alignas(64) nmf_real t[MR * NR];
    nmfi_ukr(kc, a, b, 0, t, MR);
    nmfi_ukr_merge(mr, nr, t, MR, beta, c, ldc);
}

/* ---- Tilings: a tile height and the function for any tile of it -------- */

/* Any tile of mr x nr <= height x NR from panels `height` rows tall. */
typedef void (*nmfi_ukr_tile_fn)(size_t mr, size_t nr, size_t kc,
                                 const nmf_real *a, const nmf_real *b,
                                 nmf_real beta, nmf_real *c, size_t ldc);

typedef struct nmfi_tiling {
    size_t mr;            /* height of the tile and of the packed A panels */
    nmfi_ukr_tile_fn tile;
} nmfi_tiling;

/* v3's MR x NR tile (nmfi_ukr_tile through a pointer). */
void nmfi_ukr_narrow_tile(size_t mr, size_t nr, size_t kc, const nmf_real *a,
                          const nmf_real *b, nmf_real beta, nmf_real *c,
                          size_t ldc);
extern const nmfi_tiling nmfi_tiling_narrow;

/* Step 5 (ukr_wide.c): MR_WIDE x NR tiles, all rows at once where the CPU
 * has AVX-512 (nmfi_ukr_wide_native() != 0), else as two MR-row halves. */
void nmfi_ukr_wide(size_t kc, const nmf_real *restrict a,
                   const nmf_real *restrict b, nmf_real beta,
                   nmf_real *restrict c, size_t ldc);
void nmfi_ukr_wide_half(size_t kc, const nmf_real *restrict a,
                        const nmf_real *restrict b, nmf_real beta,
                        nmf_real *restrict c, size_t ldc);
void nmfi_ukr_wide_tile(size_t mr, size_t nr, size_t kc, const nmf_real *a,
                        const nmf_real *b, nmf_real beta, nmf_real *c,
                        size_t ldc);
int nmfi_ukr_wide_native(void);
/* Step 6: an mr x NR tile (mr <= MR_WIDE) with B's NR columns read where
 * they are stored, ldb apart (no fringe in the columns: all NR exist);
 * `next`, if not NULL, is where the next tile's NR columns start (ldb
 * apart, kc long each), prefetched on the way. */
void nmfi_ukr_wide_cols(size_t mr, size_t kc, const nmf_real *restrict a,
                        const nmf_real *restrict b, size_t ldb, nmf_real beta,
                        nmf_real *restrict c, size_t ldc,
                        const nmf_real *next);
extern const nmfi_tiling nmfi_tiling_wide;
/* Step 7: an MR_WIDE x nr tile (nr <= NR) with op(A)'s MR_WIDE rows read
 * where A is stored, lda apart per p (all MR_WIDE rows exist), B packed. */
void nmfi_ukr_wide_rows(size_t nr, size_t kc, const nmf_real *restrict a,
                        size_t lda, const nmf_real *restrict b, nmf_real beta,
                        nmf_real *restrict c, size_t ldc);
/* Step 10: an mr x nr tile (mr <= MR_WIDE, nr <= NR) with the A column
 * a_step apart per p and b(p, c) at b[c b_col + p b_next]: both operands
 * read where they are stored, or either one packed. Only nr columns of B
 * are read; all MR_WIDE rows of A are, so with mr < MR_WIDE it must be a
 * zero-padded packed panel. */
void nmfi_ukr_wide_any(size_t mr, size_t nr, size_t kc,
                       const nmf_real *restrict a, size_t a_step,
                       const nmf_real *restrict b, size_t b_col,
                       size_t b_next, nmf_real beta, nmf_real *restrict c,
                       size_t ldc);

#endif
