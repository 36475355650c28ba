/* residual.c -- fused blocked residual: ||A - WH||_F exactly, tile by tile.
 *
 * The per-iteration history uses the cheaper identity
 * ||A||^2 - 2<W, AH'> + <W'W, HH'> (see nmf/mu.c), which loses digits to
 * cancellation when the fit is very close; this kernel is the exact value
 * for the final report and for the tests that check the identity. It costs
 * one GEMM's worth of flops (2 m n d) but stores only a ROWS-long column of
 * the product per thread: a ROWS x d block of W stays in L2 while the
 * columns of H stream past it. */
#include <config.h>

#include <stdlib.h>

#include "core/alloc.h"
#include "core/error.h"
#include "kernels/residual.h"

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

nmf_status nmfi_residual_sq(size_t m, size_t n, size_t d,
                            const nmf_real *a, size_t lda,
                            const nmf_real *w, size_t ldw,
                            const nmf_real *h, size_t ldh, double *out)
{
    double *partial = calloc(n, sizeof *partial);
    if (!partial)
        return nmfi_error(NMF_E_NOMEM, "out of memory in the residual");
    int failed = 0;
    #pragma omp parallel if (m * n * d > 100000)
    {
        double *acc = nmfi_aligned_alloc(ROWS, sizeof *acc);
        if (!acc) {
            #pragma omp atomic write
            failed = 1;
        }
        #pragma omp barrier
        if (!failed) {
            /* Row blocks outermost so a W block is reused by many columns;
             * each column's partial has one owner per row block, and row
             * blocks are visited in order, so the sum order is fixed. */
            for (size_t i0 = 0; i0 < m; i0 += ROWS) {
                size_t ib = m - i0 < ROWS ? m - i0 : ROWS;
                #pragma omp for schedule(static)
                for (size_t j = 0; j < n; j++)
                    partial[j] += column_residual_sq(ib, d, a + i0 + j * lda,
                                                     w + i0, ldw, h + j * ldh,
                                                     acc);
            }
        }
        nmfi_aligned_free(acc);
    }
    double total = 0.0;
    for (size_t j = 0; j < n; j++)
        total += partial[j];
    free(partial);
    if (failed)
        return nmfi_error(NMF_E_NOMEM, "out of memory in the residual");
    *out = total;
    return NMF_OK;
}
