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

#include "core/alloc.h"
#include "core/error.h"
#include "kernels/mu_update.h"

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

nmf_status nmfi_mu_update_h(size_t d, size_t n, nmf_real *h, size_t ldh,
                            const nmf_real *num, size_t ldnum,
                            const nmf_real *g, size_t ldg, nmf_real delta)
{
    size_t ntiles = (n + MU_COLS - 1) / MU_COLS;
    int failed = 0;
    #pragma omp parallel if (ntiles > 1 && d * n > 16384)
    {
        nmf_real *den = nmfi_aligned_alloc(d * MU_COLS, sizeof *den);
        if (!den) {
            #pragma omp atomic write
            failed = 1;
        }
        /* Every thread must see every allocation succeed before any tile
         * is touched: a half-applied update would be a silent wrong H. */
        #pragma omp barrier
        if (!failed) {
            #pragma omp for schedule(static)
            for (size_t t = 0; t < ntiles; t++) {
                size_t j0 = t * MU_COLS;
                size_t jb = n - j0 < MU_COLS ? n - j0 : MU_COLS;
                nmf_real *ht = h + j0 * ldh;
                gram_times_h_tile(d, jb, g, ldg, ht, ldh, den);
                for (size_t jj = 0; jj < jb; jj++) {
                    nmf_real *hj = ht + jj * ldh;
                    const nmf_real *nj = num + (j0 + jj) * ldnum;
                    const nmf_real *dj = den + jj * d;
                    #pragma omp simd
                    for (size_t i = 0; i < d; i++)
                        hj[i] = hj[i] * nj[i] / (dj[i] + delta);
                }
            }
        }
        nmfi_aligned_free(den);
    }
    return failed ? nmfi_error(NMF_E_NOMEM, "out of memory in the H update")
                  : NMF_OK;
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

nmf_status nmfi_mu_update_w(size_t m, size_t d, nmf_real *w, size_t ldw,
                            const nmf_real *num, size_t ldnum,
                            const nmf_real *s, size_t lds, nmf_real delta)
{
    size_t ntiles = (m + MU_ROWS - 1) / MU_ROWS;
    int failed = 0;
    #pragma omp parallel if (ntiles > 1 && m * d > 16384)
    {
        nmf_real *den = nmfi_aligned_alloc(MU_ROWS * d, sizeof *den);
        if (!den) {
            #pragma omp atomic write
            failed = 1;
        }
        #pragma omp barrier
        if (!failed) {
            #pragma omp for schedule(static)
            for (size_t t = 0; t < ntiles; t++) {
                size_t i0 = t * MU_ROWS;
                size_t ib = m - i0 < MU_ROWS ? m - i0 : MU_ROWS;
                nmf_real *wt = w + i0;
                w_tile_times_gram(ib, d, wt, ldw, s, lds, den);
                for (size_t j = 0; j < d; j++) {
                    nmf_real *wj = wt + j * ldw;
                    const nmf_real *nj = num + i0 + j * ldnum;
                    const nmf_real *dj = den + j * ib;
                    #pragma omp simd
                    for (size_t i = 0; i < ib; i++)
                        wj[i] = wj[i] * nj[i] / (dj[i] + delta);
                }
            }
        }
        nmfi_aligned_free(den);
    }
    return failed ? nmfi_error(NMF_E_NOMEM, "out of memory in the W update")
                  : NMF_OK;
}
