/* residual.c -- fused blocked residual: ||A - WH||_F exactly, tile by tile.
 *
 * The per-iteration history uses the cheaper identity
 * ||A||^2 - 2<W, AH'> + <W'W, HH'> (see nmf/mu.c), which loses digits to
 * cancellation when the fit is very close; this kernel is the exact value
 * for the final report and for the tests that check the identity. It costs
 * one GEMM's worth of flops (2 m n d), in double, and stores nothing of the
 * product.
 *
 * A group of COLS columns of A - WH is formed RB rows at a time: the
 * RB x COLS entries of W H are accumulated in registers over p (a piece
 * of a column of W against COLS broadcast values of H), then subtracted
 * from A, squared and added to RB running sums per column, each lane
 * summing every RB-th row in row order. The first version formed one
 * column at a time with its RB sums in memory, built for baseline
 * x86-64: at 1728 x 10000, d = 64 it took ~180 ms on two threads, ten MU
 * iterations' worth, at the end of every `nmfkit factor`. The clones
 * here run it on AVX-512 / AVX2 + FMA. Widening W and H to double inside
 * the p loop took 6 conversions for every 8 FMAs (35-37 GFLOP/s on one
 * Zen 4 thread, 60 % of its double peak): now a tile of TILE_COLS
 * columns widens a block of W's rows once for all its column groups, and
 * its columns of H once, so the p loop is loads and FMAs only (50
 * GFLOP/s). The sums are formed in the same order as before: the same
 * bits.
 */
#include <config.h>

#include <stdlib.h>

#include "core/error.h"
#include "kernels/blocking.h"
#include "kernels/isa.h"
#include "kernels/residual.h"
#include "kernels/tiles.h"

/* The register tile, the tile of A and W's widened block: blocking.h. */
enum { RB = NMFI_RESIDUAL_RB, COLS = NMFI_RESIDUAL_COLS,
       TILE_COLS = NMFI_RESIDUAL_TILE_COLS };
#define BLOCK_BYTES NMFI_RESIDUAL_BLOCK_BYTES

/* Rows of W per widened block: a multiple of RB. */
static size_t block_rows(size_t d)
{
    size_t rows = d ? BLOCK_BYTES / (d * sizeof(double)) / RB * RB : RB;
    return rows < RB ? RB : rows;
}

/* Doubles of scratch a thread needs for one tile. */
static size_t scratch_doubles(size_t d)
{
    return block_rows(d) * d + (d + RB) * (size_t)TILE_COLS;
}

/* sq[c][i] += (a - W h)^2 over the `rows` (a multiple of RB) of a widened
 * block, for `cols` columns: wd holds the block in panels of RB rows
 * (row q + i at p: wd[q d + p RB + i]), hd the group's columns of H
 * (hd[c + p COLS]). Inlined with `cols` constant, so the RB x cols
 * entries of W H stay in registers. */
static inline __attribute__((always_inline)) void
group_body(size_t rows, size_t d, const double *restrict wd,
           const double *restrict hd, const nmf_real *restrict a,
           size_t lda, double *restrict sq, const int cols)
{
    for (size_t i0 = 0; i0 < rows; i0 += RB) {
        /* Started from p = 0's products, not from zeros: gcc cleared a
         * zero-initialised tile with `rep stos` on every block (8 % of
         * the time), and 0 + x y rounds as x y does. */
        double wh[COLS][RB];
        const double *wp = wd + i0 * d;
#pragma GCC unroll 4
        for (int c = 0; c < cols; c++) {
            const double h0c = hd[c];
#pragma omp simd
            for (int i = 0; i < RB; i++)
                wh[c][i] = wp[i] * h0c;
        }
        wp += RB;
        for (size_t p = 1; p < d; p++, wp += RB) {
#pragma GCC unroll 4
            for (int c = 0; c < cols; c++) {
                const double hpc = hd[p * COLS + (size_t)c];
#pragma omp simd
                for (int i = 0; i < RB; i++)
                    wh[c][i] += wp[i] * hpc;
            }
        }
#pragma GCC unroll 4
        for (int c = 0; c < cols; c++) {
            const nmf_real *ac = a + i0 + (size_t)c * lda;
            double *sc = sq + (size_t)c * RB;
#pragma omp simd
            for (int i = 0; i < RB; i++) {
                double r = (double)ac[i] - wh[c][i];
                sc[i] += r * r;
            }
        }
    }
}

/* partial[c] = sum over all m rows of (a - W h)^2 for the `ncols` columns
 * of one tile, with `scratch` (scratch_doubles(d)) for the widened block
 * of W, the tile's H and its RB running sums per column. */
NMFI_CLONES
static void tile_sq(size_t m, size_t d, size_t ncols, const nmf_real *a,
                    size_t lda, const nmf_real *w, size_t ldw,
                    const nmf_real *h, size_t ldh, double *scratch,
                    double *partial)
{
    size_t brows = block_rows(d), m_whole = m / RB * RB;
    double *wd = scratch, *hd = wd + brows * d;
    double *sq = hd + d * (size_t)TILE_COLS;
    for (size_t k = 0; k < ncols * RB; k++)
        sq[k] = 0.0;
    /* The tile's H, widened once: group g's columns at hd + g COLS d. */
    for (size_t c0 = 0; c0 < ncols; c0 += COLS) {
        size_t cols = ncols - c0 < COLS ? ncols - c0 : COLS;
        for (size_t p = 0; p < d; p++)
            for (size_t c = 0; c < cols; c++)
                hd[c0 * d + p * COLS + c] = (double)h[p + (c0 + c) * ldh];
    }
    /* d = 0: W H = 0, every row goes to the loop at the end. */
    if (d == 0)
        m_whole = 0;
    for (size_t r0 = 0; r0 < m_whole; r0 += brows) {
        size_t rows = m_whole - r0 < brows ? m_whole - r0 : brows;
        for (size_t q = 0; q < rows; q += RB)
            for (size_t p = 0; p < d; p++) {
                const nmf_real *wp = w + r0 + q + p * ldw;
                double *dp = wd + q * d + p * RB;
#pragma omp simd
                for (int i = 0; i < RB; i++)
                    dp[i] = (double)wp[i];
            }
        for (size_t c0 = 0; c0 < ncols; c0 += COLS) {
            size_t cols = ncols - c0 < COLS ? ncols - c0 : COLS;
            const double *hg = hd + c0 * d;
            const nmf_real *ac = a + r0 + c0 * lda;
            double *sc = sq + c0 * RB;
            switch (cols) {
            case 4: group_body(rows, d, wd, hg, ac, lda, sc, 4); break;
            case 3: group_body(rows, d, wd, hg, ac, lda, sc, 3); break;
            case 2: group_body(rows, d, wd, hg, ac, lda, sc, 2); break;
            default: group_body(rows, d, wd, hg, ac, lda, sc, 1); break;
            }
        }
    }
    for (size_t c = 0; c < ncols; c++) {
        double s = 0.0;
        for (int i = 0; i < RB; i++)
            s += sq[c * RB + (size_t)i];
        /* The last m mod RB rows, one entry at a time. */
        for (size_t i = m_whole; i < m; i++) {
            double e = 0.0;
            for (size_t p = 0; p < d; p++)
                e += (double)w[i + p * ldw] * (double)h[p + c * ldh];
            double r = (double)a[i + c * lda] - e;
            s += r * r;
        }
        partial[c] = s;
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

/* Columns t TILE_COLS .. of A - WH into partial[]. */
static void residual_tile(size_t t, void *scratch, void *ctx)
{
    const residual *r = ctx;
    size_t j0 = t * TILE_COLS;
    size_t cols = r->n - j0 < TILE_COLS ? r->n - j0 : TILE_COLS;
    tile_sq(r->m, r->d, cols, r->a + j0 * r->lda, r->lda, r->w, r->ldw,
            r->h + j0 * r->ldh, r->ldh, scratch, r->partial + j0);
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
    nmf_status s = nmfi_for_tiles((n + TILE_COLS - 1) / TILE_COLS,
                                  scratch_doubles(d) * sizeof(double),
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
