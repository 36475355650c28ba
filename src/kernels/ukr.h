/* ukr.h -- the micro-kernels: the only code that must be fast, under two
 * contracts. Every kernel computes one tile of C,
 *
 *     C(0:mr, 0:nr) = op(A)(0:mr, 0:kc) op(B)(0:kc, 0:nr) + beta C,
 *
 * each element's sum taken over p in order 0 .. kc-1 (so any kernel, any
 * thread, gives the same bits for the same operands), beta = 0 writing C
 * without reading it. The name says the tile: mr_nr is MR x NR (16 x 6
 * float, 8 x 6 double), 2mr_nr is MR_WIDE x NR (blocking.h). The nests
 * call a kernel once per slice of the depth, the first slice with the
 * caller's beta and later ones with 1.
 *
 * 1. Packed (ukr_packed.c; steps 3-5 and the packed family). Both
 *    operands were copied by pack.h into panels:
 *
 *          a: MR x kc panel            b: kc x NR panel
 *          column by column            row by row
 *          +--+--+--+-- ... --+        +--------------+  p = 0
 *          |a0|  |  |         |        | b0 b1 .. b5  |
 *          |a1|  |  |         |        +--------------+  p = 1
 *          |: |  |  |         |        |              |
 *          |  |  |  |         |        :              :
 *          +--+--+--+-- ... --+        +--------------+  p = kc-1
 *          p=0 1  2      kc-1
 *     op(A)(r, p) = a[r + p MR]    op(B)(p, c) = b[c + p NR]
 *
 *    Panels are zero-padded past the matrix edge, so the kernel computes
 *    whole tiles; a tile of C smaller than that goes through the fringe
 *    rule below.
 *
 * 2. Strided (ukr_strided.c; steps 6, 7, 10 and the cols, rows and gram
 *    families). Either operand is read where it is stored, or from a
 *    packed panel, whichever the caller has:
 *
 *          a: column p at a + p a_step      b: b(p, c) at b[c b_col + p b_next]
 *          +----+                           op(B) = B in place:  ldb, 1
 *          | a0 |  a_step = lda  (in place, op(B) = B' in place: 1, ldb
 *          | a1 |   op(A) = A)              packed panel:        1, NR
 *          | :  |  a_step = MR_WIDE
 *          +----+   (a packed panel)
 *
 *    All MR_WIDE rows of a are read (with mr < MR_WIDE a must be a
 *    zero-padded panel); only the nr columns of b that exist are read, so
 *    C's last columns need no packed copy of B. Read in place, the next
 *    lines are prefetched at the pace the kernel reads
 *    (NMFI_PREFETCH_AHEAD).
 *
 * The fringe rule, the one place fringes are handled: a kernel that can
 * only compute a whole tile computes it with beta = 0 into a local
 * MR_WIDE x NR tile, and nmfi_ukr_fringe merges its valid mr x nr part
 * into C, so nothing outside C is read or written. The merge adds beta C
 * to the same sum, so a fringe element has the bits a whole tile would
 * give it.
 */
#ifndef NMFI_UKR_H
#define NMFI_UKR_H

#include <stddef.h>

#include "kernels/blocking.h"
#include "nmfkit.h"

/* C(0:mr, 0:nr) = t + beta C for a tile t computed aside with beta = 0,
 * its leading dimension MR_WIDE. */
static inline void nmfi_ukr_fringe(size_t mr, size_t nr, const nmf_real *t,
                                   nmf_real beta, nmf_real *c, size_t ldc)
{
    for (size_t j = 0; j < nr; j++) {
        nmf_real *cj = c + j * ldc;
        const nmf_real *tj = t + j * MR_WIDE;
        if (beta == 0) {
            for (size_t i = 0; i < mr; i++)
                cj[i] = tj[i];
        } else {
            for (size_t i = 0; i < mr; i++)
                cj[i] = tj[i] + beta * cj[i];
        }
    }
}

/* ---- 1. Packed ----------------------------------------------------------
 * Any tile of mr x nr <= height x NR from packed panels `height` rows
 * tall: a whole one straight into C, a fringe by the fringe rule. */
typedef void (*nmfi_ukr_tile_fn)(size_t mr, size_t nr, size_t kc,
                                 const nmf_real *a, const nmf_real *b,
                                 nmf_real beta, nmf_real *c, size_t ldc);

/* MR x NR (v3): portable C, cloned for AVX-512 and AVX2+FMA. */
void nmfi_ukr_packed_mr_nr(size_t mr, size_t nr, size_t kc,
                           const nmf_real *a, const nmf_real *b,
                           nmf_real beta, nmf_real *c, size_t ldc);
/* MR_WIDE x NR (v5): all rows at once where the CPU has AVX-512
 * (nmfi_ukr_wide_native() != 0), else as two MR-row halves. */
void nmfi_ukr_packed_2mr_nr(size_t mr, size_t nr, size_t kc,
                            const nmf_real *a, const nmf_real *b,
                            nmf_real beta, nmf_real *c, size_t ldc);

/* Whether this CPU runs an MR_WIDE tile in one pass (AVX-512 and FMA). */
int nmfi_ukr_wide_native(void);

/* A tile height and its kernel: what the packed nest is given. */
typedef struct nmfi_tiling {
    size_t mr;            /* height of the tile and of the packed A panels */
    nmfi_ukr_tile_fn tile;
} nmfi_tiling;
extern const nmfi_tiling nmfi_tiling_mr_nr, nmfi_tiling_2mr_nr;

/* ---- 2. Strided ---------------------------------------------------------
 * The general kernel: mr x nr (mr <= MR_WIDE, nr <= NR), a and b as
 * drawn above. */
void nmfi_ukr_strided_2mr_nr(size_t mr, size_t nr, size_t kc,
                             const nmf_real *restrict a, size_t a_step,
                             const nmf_real *restrict b, size_t b_col,
                             size_t b_next, nmf_real beta,
                             nmf_real *restrict c, size_t ldc);

/* Two layouts tuned on their own. B in place: a packed (a_step =
 * MR_WIDE), all NR columns of op(B) = B read ldb apart (b_col = ldb,
 * b_next = 1), mr <= MR_WIDE; `next`, if not NULL, is where the next
 * tile's NR columns start, prefetched on the way. */
void nmfi_ukr_2mr_nr_b_in_place(size_t mr, size_t kc,
                                const nmf_real *restrict a,
                                const nmf_real *restrict b, size_t ldb,
                                nmf_real beta, nmf_real *restrict c,
                                size_t ldc, const nmf_real *next);
/* A in place: all MR_WIDE rows of op(A) = A read lda apart per p
 * (a_step = lda), b a packed panel (b_col = 1, b_next = NR), nr <= NR. */
void nmfi_ukr_2mr_nr_a_in_place(size_t nr, size_t kc,
                                const nmf_real *restrict a, size_t lda,
                                const nmf_real *restrict b, nmf_real beta,
                                nmf_real *restrict c, size_t ldc);

#endif
