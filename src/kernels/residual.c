/* residual.c -- fused blocked residual: ||A - WH||_F exactly, tile by tile.
 *
 * The per-iteration history uses the cheaper identity
 * ||A||^2 - 2<W, AH'> + <W'W, HH'> (see nmf/mu.c), which loses digits to
 * cancellation when the fit is very close; this kernel is the exact value
 * for the final report and for the tests that check the identity. It costs
 * one GEMM's worth of flops (2 m n d), in double, and stores nothing of the
 * product.
 *
 * A tile is COLS columns of A - WH, RB rows at a time: the RB x COLS
 * entries of W H are accumulated in registers over p (a piece of a column
 * of W, widened to double once, against COLS broadcast values of H), then
 * subtracted from A, squared and added to RB x COLS running sums, also in
 * registers. The first version formed one column at a time with its RB
 * sums in memory, built for baseline x86-64: at 1728 x 10000, d = 64 it
 * took ~180 ms on two threads, ten MU iterations' worth, at the end of
 * every `nmfkit factor`. The clones here run it on AVX-512 / AVX2 + FMA.
 */
#include <config.h>

#include <stdlib.h>

#include "core/error.h"
#include "kernels/residual.h"
#include "kernels/tiles.h"

/* RB rows x COLS columns: 16 x 4 doubles are 8 zmm accumulators for W H
 * and 8 for the squares (16 ymm each on AVX2, which spills a little). */
enum { RB = 16, COLS = 4 };

/* out[c] = sum over rows of (a - W h)^2 for columns c < cols of the tile.
 * Inlined with `cols` constant, so the tile stays in registers. */
static inline __attribute__((always_inline)) void
tile_body(size_t m, size_t d, const nmf_real *restrict a, size_t lda,
          const nmf_real *restrict w, size_t ldw, const nmf_real *restrict h,
          size_t ldh, double *restrict out, const int cols)
{
    double sq[COLS][RB] = {{0}};
    size_t m_whole = m / RB * RB;
    for (size_t i0 = 0; i0 < m_whole; i0 += RB) {
        double wh[COLS][RB] = {{0}};
        const nmf_real *wp = w + i0;
        for (size_t p = 0; p < d; p++, wp += ldw) {
            double wd[RB];
#pragma omp simd
            for (int i = 0; i < RB; i++)
                wd[i] = (double)wp[i];
#pragma GCC unroll 4
            for (int c = 0; c < cols; c++) {
                const double hpc = (double)h[p + (size_t)c * ldh];
#pragma omp simd
                for (int i = 0; i < RB; i++)
                    wh[c][i] += wd[i] * hpc;
            }
        }
#pragma GCC unroll 4
        for (int c = 0; c < cols; c++) {
            const nmf_real *ac = a + i0 + (size_t)c * lda;
#pragma omp simd
            for (int i = 0; i < RB; i++) {
                double r = (double)ac[i] - wh[c][i];
                sq[c][i] += r * r;
            }
        }
    }
    for (int c = 0; c < cols; c++) {
        double s = 0.0;
        for (int i = 0; i < RB; i++)
            s += sq[c][i];
        /* The last m mod RB rows, one entry at a time. */
        for (size_t i = m_whole; i < m; i++) {
            double e = 0.0;
            for (size_t p = 0; p < d; p++)
                e += (double)w[i + p * ldw] * (double)h[p + (size_t)c * ldh];
            double r = (double)a[i + (size_t)c * lda] - e;
            s += r * r;
        }
        out[c] = s;
    }
}

#ifdef NMF_HAVE_TARGET_CLONES
__attribute__((target_clones("avx512f", "arch=x86-64-v3", "default")))
#endif
static void tile_sq(size_t m, size_t d, const nmf_real *a, size_t lda,
                    const nmf_real *w, size_t ldw, const nmf_real *h,
                    size_t ldh, double *out, int cols)
{
    switch (cols) {
    case 4: tile_body(m, d, a, lda, w, ldw, h, ldh, out, 4); break;
    case 3: tile_body(m, d, a, lda, w, ldw, h, ldh, out, 3); break;
    case 2: tile_body(m, d, a, lda, w, ldw, h, ldh, out, 2); break;
    default: tile_body(m, d, a, lda, w, ldw, h, ldh, out, 1); break;
    }
}

typedef struct residual {
    size_t m, n, d;
    const nmf_real *a;
    size_t lda;
    const nmf_real *w;
    size_t ldw;
    const nmf_real *h;
    size_t ldh;
    double *partial;
} residual;

/* Columns t COLS .. of A - WH into partial[]. */
static void residual_tile(size_t t, void *scratch, void *ctx)
{
    (void)scratch;
    const residual *r = ctx;
    size_t j0 = t * COLS;
    int cols = r->n - j0 < COLS ? (int)(r->n - j0) : COLS;
    tile_sq(r->m, r->d, r->a + j0 * r->lda, r->lda, r->w, r->ldw,
            r->h + j0 * r->ldh, r->ldh, r->partial + j0, cols);
}

nmf_status nmfi_residual_sq(size_t m, size_t n, size_t d,
                            const nmf_real *a, size_t lda,
                            const nmf_real *w, size_t ldw,
                            const nmf_real *h, size_t ldh, double *out)
{
    double *partial = malloc(n * sizeof *partial);
    if (!partial)
        return nmfi_error(NMF_E_NOMEM, "out of memory in the residual");
    residual r = {m, n, d, a, lda, w, ldw, h, ldh, partial};
    nmf_status s = nmfi_for_tiles((n + COLS - 1) / COLS, 0,
                                  m * n * d > 100000, residual_tile, &r);
    /* Partials added in column order: the same sum for any team. */
    double total = 0.0;
    for (size_t j = 0; j < n; j++)
        total += partial[j];
    free(partial);
    if (s == NMF_OK)
        *out = total;
    return s;
}
