/* mu_update.c -- fused MU update kernels (see mu_update.h).
 *
 * The small products with the Gram matrices are 2 d^2 flops per column of
 * H and per row of W (4 % of an iteration at m = 1728, d = 64), but written
 * as plain simd loops they ran at 9 GFLOP/s and took 10 % of the time
 * (`nmfkit factor --profile`). So each tile's product goes through the
 * packed GEMM's loop nest with step 5's tall tile (on one thread: the
 * tiles are the parallel loop), and the multiply/divide follows while the
 * tile is still in L2.
 *
 * Tile sizes: an H tile of MU_COLS columns needs a d x MU_COLS denominator
 * (64 x 256 floats = 64 KiB for d = 64), a W tile of MU_ROWS rows an
 * MU_ROWS x d one; 256 is a multiple of MR_WIDE, so only the last
 * tile has a fringe. */
#include <config.h>

#include <stdlib.h>

#include "kernels/gemm.h"
#include "kernels/mu_update.h"
#include "kernels/tiles.h"
#include "kernels/ukr.h"

enum { MU_COLS = 256, MU_ROWS = 256 };

/* den (d x jb, ld d) = G * H(:, j0 : j0 + jb). */
static void gram_times_h_tile(size_t d, size_t jb, const nmf_real *g,
                              size_t ldg, const nmf_real *h, size_t ldh,
                              nmf_real *den)
{
    nmfi_gemm_packed(&nmfi_tiling_wide, NMF_NOTRANS, NMF_NOTRANS, d, jb, d,
                     g, ldg, h, ldh, 0, den, d);
}

typedef struct h_update {
    size_t d, n;
    nmf_real *h;
    size_t ldh;
    const nmf_real *num;
    size_t ldnum;
    const nmf_real *g;
    size_t ldg;
    nmf_real delta;
} h_update;

/* Columns t MU_COLS .. of H, with den (d x MU_COLS) as scratch. */
static void update_h_tile(size_t t, void *scratch, void *ctx)
{
    const h_update *u = ctx;
    nmf_real *den = scratch;
    size_t d = u->d, j0 = t * MU_COLS;
    size_t jb = u->n - j0 < MU_COLS ? u->n - j0 : MU_COLS;
    nmf_real *ht = u->h + j0 * u->ldh;
    gram_times_h_tile(d, jb, u->g, u->ldg, ht, u->ldh, den);
    for (size_t jj = 0; jj < jb; jj++) {
        nmf_real *hj = ht + jj * u->ldh;
        const nmf_real *nj = u->num + (j0 + jj) * u->ldnum;
        const nmf_real *dj = den + jj * d;
        #pragma omp simd
        for (size_t i = 0; i < d; i++)
            hj[i] = hj[i] * nj[i] / (dj[i] + u->delta);
    }
}

nmf_status nmfi_mu_update_h(size_t d, size_t n, nmf_real *h, size_t ldh,
                            const nmf_real *num, size_t ldnum,
                            const nmf_real *g, size_t ldg, nmf_real delta)
{
    h_update u = {d, n, h, ldh, num, ldnum, g, ldg, delta};
    return nmfi_for_tiles((n + MU_COLS - 1) / MU_COLS,
                          d * MU_COLS * sizeof(nmf_real), d * n > 16384,
                          update_h_tile, &u);
}

/* den (ib x d, ld ib) = W(i0 : i0 + ib, :) * S. */
static void w_tile_times_gram(size_t ib, size_t d, const nmf_real *w,
                              size_t ldw, const nmf_real *s, size_t lds,
                              nmf_real *den)
{
    nmfi_gemm_packed(&nmfi_tiling_wide, NMF_NOTRANS, NMF_NOTRANS, ib, d, d,
                     w, ldw, s, lds, 0, den, ib);
}

typedef struct w_update {
    size_t m, d;
    nmf_real *w;
    size_t ldw;
    const nmf_real *num;
    size_t ldnum;
    const nmf_real *s;
    size_t lds;
    nmf_real delta;
} w_update;

/* Rows t MU_ROWS .. of W, with den (MU_ROWS x d) as scratch. */
static void update_w_tile(size_t t, void *scratch, void *ctx)
{
    const w_update *u = ctx;
    nmf_real *den = scratch;
    size_t d = u->d, i0 = t * MU_ROWS;
    size_t ib = u->m - i0 < MU_ROWS ? u->m - i0 : MU_ROWS;
    nmf_real *wt = u->w + i0;
    w_tile_times_gram(ib, d, wt, u->ldw, u->s, u->lds, den);
    for (size_t j = 0; j < d; j++) {
        nmf_real *wj = wt + j * u->ldw;
        const nmf_real *nj = u->num + i0 + j * u->ldnum;
        const nmf_real *dj = den + j * ib;
        #pragma omp simd
        for (size_t i = 0; i < ib; i++)
            wj[i] = wj[i] * nj[i] / (dj[i] + u->delta);
    }
}

nmf_status nmfi_mu_update_w(size_t m, size_t d, nmf_real *w, size_t ldw,
                            const nmf_real *num, size_t ldnum,
                            const nmf_real *s, size_t lds, nmf_real delta)
{
    w_update u = {m, d, w, ldw, num, ldnum, s, lds, delta};
    return nmfi_for_tiles((m + MU_ROWS - 1) / MU_ROWS,
                          MU_ROWS * d * sizeof(nmf_real), m * d > 16384,
                          update_w_tile, &u);
}
