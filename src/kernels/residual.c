/* residual.c -- fused blocked residual: ||A - WH||_F exactly, tile by tile.
 *
 * The per-iteration history uses the cheaper identity
 * ||A||^2 - 2<W, AH'> + <W'W, HH'> (see nmf/mu.c), which loses digits to
 * cancellation when the fit is very close; this kernel is the exact value
 * for the final report and for the tests that check the identity. It costs
 * one GEMM's worth of flops (2 m n d) but stores only a ROWS-long piece of
 * a column of the product per thread; W (m x d) is read once per column
 * and stays in L2 for the NMF shapes (1728 x 64 floats = 432 KiB). */
#include <config.h>

#include <stdlib.h>

#include "core/error.h"
#include "kernels/residual.h"
#include "kernels/tiles.h"

enum { ROWS = 256 };

/* sum_i (a_i - (W h)_i)^2 over rows [0, ib) of one column. */
static double column_residual_sq(size_t ib, size_t d, const nmf_real *a,
                                 const nmf_real *w, size_t ldw,
                                 const nmf_real *hj, double *acc)
{
    for (size_t i = 0; i < ib; i++)
        acc[i] = 0.0;
    for (size_t p = 0; p < d; p++) {
        double hp = hj[p];
        const nmf_real *wp = w + p * ldw;
        #pragma omp simd
        for (size_t i = 0; i < ib; i++)
            acc[i] += (double)wp[i] * hp;
    }
    double s = 0.0;
    #pragma omp simd reduction(+:s)
    for (size_t i = 0; i < ib; i++) {
        double r = (double)a[i] - acc[i];
        s += r * r;
    }
    return s;
}

typedef struct residual {
    size_t m, d;
    const nmf_real *a;
    size_t lda;
    const nmf_real *w;
    size_t ldw;
    const nmf_real *h;
    size_t ldh;
    double *partial;
} residual;

/* Column j of A - WH, ROWS rows at a time in order, into partial[j]. */
static void residual_column(size_t j, void *scratch, void *ctx)
{
    const residual *r = ctx;
    double s = 0.0;
    for (size_t i0 = 0; i0 < r->m; i0 += ROWS) {
        size_t ib = r->m - i0 < ROWS ? r->m - i0 : ROWS;
        s += column_residual_sq(ib, r->d, r->a + i0 + j * r->lda, r->w + i0,
                                r->ldw, r->h + j * r->ldh, scratch);
    }
    r->partial[j] = s;
}

nmf_status nmfi_residual_sq(size_t m, size_t n, size_t d,
                            const nmf_real *a, size_t lda,
                            const nmf_real *w, size_t ldw,
                            const nmf_real *h, size_t ldh, double *out)
{
    double *partial = malloc(n * sizeof *partial);
    if (!partial)
        return nmfi_error(NMF_E_NOMEM, "out of memory in the residual");
    residual r = {m, d, a, lda, w, ldw, h, ldh, partial};
    nmf_status s = nmfi_for_tiles(n, ROWS * sizeof(double), m * n * d > 100000,
                                  residual_column, &r);
    /* Partials added in column order: the same sum for any team. */
    double total = 0.0;
    for (size_t j = 0; j < n; j++)
        total += partial[j];
    free(partial);
    if (s == NMF_OK)
        *out = total;
    return s;
}
