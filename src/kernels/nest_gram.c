/* nest_gram.c -- a small, deep C from its operands where they lie
 * (nests.h): step 10's nest, the product's gram family.
 *
 * MU's Gram matrices (H H': 64 x 64 x n; W'W: 64 x 64 x 1728) have a C of
 * 2 x 11 tiles and a long inner dimension, so every operand they read is
 * small and none needs packing for the strided kernel to read it (ukr.h,
 * contract 2): an untransposed op(A)'s MR_WIDE rows at step p are the A
 * column of the tile, and op(B)'s NR values at step p lie in place either
 * way. Only a transposed op(A) is packed, a slice of a panel at a time,
 * and the last row panel when m is not a whole number of panels.
 * Each tile of C is computed by one thread over the slices of the depth
 * in order (the first with beta, then with 1), so every element has the
 * same sum whoever computes it: the threads take runs of tiles, and no
 * partial C is added. The slices depend on k alone (NMFI_KC_GRAM). */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/nests.h"
#include "kernels/pack.h"
#include "kernels/tiles.h"
#include "kernels/ukr.h"

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

/* First p of slice s of `slices` equal ones (s = slices gives k). */
static size_t slice_start(size_t s, size_t slices, size_t k)
{
    return s * k / slices;
}

/* The product and how its tiles are cut into runs, one run per thread. */
typedef struct gram_job {
    nmf_trans ta, tb;
    size_t m, n, k;
    const nmf_real *a, *b;
    size_t lda, ldb;
    nmf_real beta;
    nmf_real *c;
    size_t ldc;
    size_t tiles, runs;
} gram_job;

/* Run r of the job's tiles, numbered panel by panel (tile t: rows of
 * panel t / cols, NR columns cols t % cols), each over every slice, with
 * one packed A panel slice as scratch. */
static void gram_run(size_t r, void *scratch, void *ctx)
{
    const gram_job *g = ctx;
    nmf_trans ta = g->ta;
    nmf_trans tb = g->tb;
    size_t m = g->m, n = g->n, k = g->k, lda = g->lda, ldb = g->ldb;
    const nmf_real *a = g->a, *b = g->b;
    size_t lo = r * g->tiles / g->runs, hi = (r + 1) * g->tiles / g->runs;
    size_t cols = (n + NR - 1) / NR;
    size_t slices = (k + NMFI_KC_GRAM - 1) / NMFI_KC_GRAM;
    nmf_real *apack = scratch;
    /* b(p, j) = b[j b_col + p b_next], op(B) either way, in place. */
    size_t b_col = tb == NMF_NOTRANS ? ldb : 1;
    size_t b_next = tb == NMF_NOTRANS ? 1 : ldb;
    for (size_t s = 0; s < slices; s++) {
        size_t pc = slice_start(s, slices, k);
        size_t kc = slice_start(s + 1, slices, k) - pc;
        nmf_real beta_s = s == 0 ? g->beta : 1;
        size_t packed_panel = (size_t)-1;
        for (size_t t = lo; t < hi; t++) {
            size_t i0 = t / cols * MR_WIDE, j0 = t % cols * NR;
            size_t mr = min_size(MR_WIDE, m - i0), nr = min_size(NR, n - j0);
            const nmf_real *ap;
            size_t a_step;
            if (ta == NMF_NOTRANS && mr == MR_WIDE) {
                ap = a + i0 + pc * lda;
                a_step = lda;
            } else {
                if (packed_panel != i0) {
                    nmfi_pack_a(ta, MR_WIDE, mr, kc, a, lda, i0, pc, apack);
                    packed_panel = i0;
                }
                ap = apack;
                a_step = MR_WIDE;
            }
            nmfi_ukr_strided_2mr_nr(mr, nr, kc, ap, a_step,
                                    b + j0 * b_col + pc * b_next, b_col,
                                    b_next, beta_s, g->c + i0 + j0 * g->ldc,
                                    g->ldc);
        }
    }
}

void nmfi_nest_gram(size_t runs, nmf_trans ta, nmf_trans tb, size_t m,
                    size_t n, size_t k, const nmf_real *a, size_t lda,
                    const nmf_real *b, size_t ldb, nmf_real beta,
                    nmf_real *c, size_t ldc)
{
    size_t tiles = (m + MR_WIDE - 1) / MR_WIDE * ((n + NR - 1) / NR);
    if (runs > tiles)
        runs = tiles;
    gram_job job = {ta, tb, m, n, k, a, b, lda, ldb, beta, c, ldc, tiles,
                    runs};
    /* nmfi_for_tiles deals the runs (one each) and the scratch. */
    if (nmfi_for_tiles(runs,
                       (size_t)MR_WIDE * NMFI_KC_GRAM * sizeof(nmf_real),
                       runs > 1, gram_run, &job) != NMF_OK)
        nmfi_gemm_nobuf(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
}
