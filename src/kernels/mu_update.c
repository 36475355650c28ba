/* mu_update.c -- fused MU update kernels (see mu_update.h).
 *
 * Tile sizes: an H tile of MU_COLS columns needs a d x MU_COLS denominator
 * (64 x 8 floats = 2 KiB for d = 64) and a W tile of MU_ROWS rows an
 * MU_ROWS x d one (64 x 64 floats = 16 KiB): both sit in L1 next to the
 * column of the Gram matrix being streamed. The small product is the only
 * arithmetic here: 2 d^2 flops per column of H and per row of W, against
 * 2 m d per column of the W'A product, so these loops stay simple. */
#include <config.h>

#include <stdlib.h>

#include "kernels/mu_update.h"
#include "kernels/tiles.h"

enum { MU_COLS = 8, MU_ROWS = 64 };

/* den (d x jb, ld d) = G * H(:, j0 : j0 + jb). */
static void gram_times_h_tile(size_t d, size_t jb, const nmf_real *g,
                              size_t ldg, const nmf_real *h, size_t ldh,
                              nmf_real *den)
{
    for (size_t jj = 0; jj < jb; jj++)
        for (size_t i = 0; i < d; i++)
            den[i + jj * d] = 0;
    /* p outermost: one column of G is loaded once and used for every
     * column of the tile. */
    for (size_t p = 0; p < d; p++) {
        const nmf_real *gp = g + p * ldg;
        for (size_t jj = 0; jj < jb; jj++) {
            nmf_real hpj = h[p + jj * ldh];
            nmf_real *dj = den + jj * d;
            #pragma omp simd
            for (size_t i = 0; i < d; i++)
                dj[i] += gp[i] * hpj;
        }
    }
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
    for (size_t j = 0; j < d; j++) {
        nmf_real *dj = den + j * ib;
        #pragma omp simd
        for (size_t i = 0; i < ib; i++)
            dj[i] = 0;
        for (size_t p = 0; p < d; p++) {
            nmf_real spj = s[p + j * lds];
            const nmf_real *wp = w + p * ldw;
            #pragma omp simd
            for (size_t i = 0; i < ib; i++)
                dj[i] += wp[i] * spj;
        }
    }
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
