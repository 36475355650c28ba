/* gemm_v10_gram.c -- step 10: a small, deep C from its operands in place.
 *
 * MU's Gram matrices (H H': 64 x 64 x n, NT; W'W: 64 x 64 x 1728, TN)
 * have a C of 2 x 11 tiles and a long inner dimension. v8 cut the depth
 * into chunks, one run of chunks per thread, and packed both operands of
 * every chunk: a quarter of a product's time went to packing, and two
 * threads then also added partial C's (64 x 64 x 500 ran as fast on two
 * threads as on one). But with so small a C, every operand it reads is
 * small too, and none needs packing for the kernel to read it:
 *  - op(A) untransposed (H in H H'): its MR_WIDE rows at step p are
 *    consecutive values of stored column p, the A column of the tile,
 *    lda apart per p (v7 read A H''s A this way);
 *  - op(B), either way: NR values at step p are NR consecutive values of
 *    a stored column (op(B) = H': 1 apart, ldb apart per p), or one
 *    value of each of NR stored columns (op(B) = W: ldb apart, 1 apart per
 *    p; v6 read W'A's A this way).
 * Only a transposed op(A) (W' in W'W) is packed, a slice of a panel at a
 * time, and the last row panel when m is not a whole number of panels
 * (zero-padded: the kernel reads all MR_WIDE rows).
 * Each tile of C is computed by one thread, over the slices of the depth
 * in order (the first with beta, then with 1), so every element has the
 * same sum whoever computes it: the threads just take runs of tiles, and
 * no partial C is added. The slices depend on k alone: the same bits for
 * any thread count (not v8's: its chunks are other slices).
 * A C with a side over GRAM_MAX_SIDE runs v9.
 * Bench: ./bench/bench_gemm --kernel v9,v10 --threads 1,2
 */
#include <config.h>

#include "core/threads.h"
#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/pack.h"
#include "kernels/tiles.h"
#include "kernels/ukr.h"

/* C at most this many rows and columns: d = 128's Gram matrices. A wider
 * C has tiles enough for v9, and rereads op(B) too often for this. */
#define GRAM_MAX_SIDE 128

/* Deepest slice. Within a slice a thread runs all its tiles, so that
 * part of the operands (a 32-row A panel, 128 KB float at 1024 deep, and
 * 64 columns of B) stays in L2 while the tiles reread it; C is read and
 * written once per slice. GFLOP/s on 1 / 2 threads, W'W at m = 1728 and
 * H H' at n = 10000 and 500, three runs: 256: 166-167 / 178-221, 158-171
 * / 292-302, 198-200 / 279-290; 512: 166-171 / 264-282, 170-182 /
 * 286-298, 200-205 / 297-314; 1024: 168-173 / 301-309, 176-178 / 294-332,
 * 198-201 / 302-312; 2048: 166-173 / 269-320, 148-164 / 285-298,
 * 192-204 / 297-311. */
#define KC_GRAM 1024

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
    size_t slices = (k + KC_GRAM - 1) / KC_GRAM;
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
            nmfi_ukr_wide_any(mr, nr, kc, ap, a_step,
                              b + j0 * b_col + pc * b_next, b_col, b_next,
                              beta_s, g->c + i0 + j0 * g->ldc, g->ldc);
        }
    }
}

int nmfi_gemm_v10_owns(size_t m, size_t n)
{
    return m <= GRAM_MAX_SIDE && n <= GRAM_MAX_SIDE;
}

void nmfi_gemm_v10_gram(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                        size_t k, const nmf_real *a, size_t lda,
                        const nmf_real *b, size_t ldb, nmf_real beta,
                        nmf_real *c, size_t ldc)
{
    if (!nmfi_gemm_v10_owns(m, n)) {
        nmfi_gemm_v9_shared(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    size_t tiles = (m + MR_WIDE - 1) / MR_WIDE * ((n + NR - 1) / NR);
    /* One run of tiles per thread, for two tiles and about a megaflop or
     * more; nmfi_for_tiles deals them (one each) and the scratch. */
    size_t runs = nmfi_in_team() ? 1 : (size_t)nmfi_threads_max();
    if (tiles < 2 || 2.0 * (double)m * (double)n * (double)k < 1e6)
        runs = 1;
    gram_job job = {ta, tb, m, n, k, a, b, lda, ldb, beta, c, ldc, tiles,
                    runs};
    if (nmfi_for_tiles(runs, (size_t)MR_WIDE * KC_GRAM * sizeof(nmf_real),
                       runs > 1, gram_run, &job) != NMF_OK)
        /* No scratch, no tile run; gemm has no error return: still give
         * the right answer. */
        nmfi_gemm_v2_blocked(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
}
