/* ukr_body.h -- the one body of every micro-kernel (ukr_packed.c, ukr_strided.c).
 *
 * C(0:rows, 0:NR) = a b + beta C over kc steps, the A column `stride`
 * apart per p (the height of the packed panel, which may be taller than
 * the rows computed), b(p, c) at b[c b_col + p b_next]: a packed panel has
 * b_col = 1, b_next = NR; NR columns of a column-major matrix read where
 * they are have b_col = ldb, b_next = 1.  Always inlined with `rows`
 * and `stride` constant, so the rows x NR accumulators live in registers:
 * the MR-long inner loop is one vector (#pragma omp simd), the NR loop is
 * unrolled so each column of the tile is its own register, and b(p, c)
 * becomes a broadcast operand of the FMA.  What keeps the accumulators in
 * registers is the unroll pragma: without it gcc -O2 leaves the NR loop
 * rolled and the tile on the stack, loaded and stored every p.
 * nmfi_ukr_body_cols computes only the first `cols` (a constant <= NR)
 * columns, reading no b(p, c) past them: a fringe of C's columns read in
 * place (step 10).
 * nmfi_ukr_body_ahead also prefetches the A column `ahead` steps on (into
 * L2, then ahead / 4 steps on into L1), for A read where it is stored
 * (step 7), and, given `b_pf`, the NR columns of B that the next tile
 * will read in place (b_col apart, at the same p: a line each per line of
 * p, step 6); `ahead` = 0 and b_pf = NULL compile to nothing.
 */
#ifndef NMFI_UKR_BODY_H
#define NMFI_UKR_BODY_H

#include <stddef.h>

#include "kernels/blocking.h"
#include "nmfkit.h"

static inline __attribute__((always_inline)) void
nmfi_ukr_body_all(size_t kc, const nmf_real *restrict a, size_t stride,
                  const nmf_real *restrict b, size_t b_col, size_t b_next,
                  nmf_real beta, nmf_real *restrict c, size_t ldc,
                  const int rows, const int cols, const size_t ahead,
                  const nmf_real *b_pf)
{
    _Alignas(64) nmf_real ab[NR][MR_WIDE] = {{0}};
    const size_t line = 64 / sizeof(nmf_real);

    for (size_t p = 0; p < kc; p++) {
        /* The next B columns come from DRAM as separate short streams
         * the hardware prefetcher starts late on: ask for them a tile
         * early, at the pace this one is read. */
        if (b_pf && p % line == 0)
#pragma GCC unroll 16
            for (int j = 0; j < cols; j++)
                __builtin_prefetch(b_pf + j * b_col + p);
        /* An A column read in place comes from DRAM the first time: ask
         * for the one `ahead` steps on into L2 (hint 2), and the one
         * ahead / 4 on from there into L1 (hint 3), never past the slice.
         * Into L1 straight from DRAM, 32 on, held A H' at n = 10000,
         * d = 16 to 6.5 GB/s of A on Zen 4 (most likely L1's miss
         * buffers, far fewer than L2's, cap the lines in flight). */
        if (ahead && p + ahead / 4 < kc)
            for (int l = 0; l < rows; l += (int)line) {
                if (p + ahead < kc)
                    __builtin_prefetch(a + ahead * stride + l, 0, 2);
                __builtin_prefetch(a + ahead / 4 * stride + l, 0, 3);
            }
#pragma GCC unroll 16
        for (int j = 0; j < cols; j++) {
            const nmf_real bpj = b[j * b_col];
#pragma omp simd
            for (int i = 0; i < rows; i++)
                ab[j][i] += a[i] * bpj;
        }
        a += stride;
        b += b_next;
    }

    /* beta = 0 must not read C: it may be uninitialised or NaN. */
#pragma GCC unroll 16
    for (int j = 0; j < cols; j++) {
        nmf_real *restrict cj = c + j * ldc;
        if (beta == 0) {
#pragma omp simd
            for (int i = 0; i < rows; i++)
                cj[i] = ab[j][i];
        } else {
#pragma omp simd
            for (int i = 0; i < rows; i++)
                cj[i] = ab[j][i] + beta * cj[i];
        }
    }
}

static inline __attribute__((always_inline)) void
nmfi_ukr_body_ahead(size_t kc, const nmf_real *restrict a, size_t stride,
                    const nmf_real *restrict b, size_t b_col, size_t b_next,
                    nmf_real beta, nmf_real *restrict c, size_t ldc,
                    const int rows, const size_t ahead,
                    const nmf_real *b_pf)
{
    nmfi_ukr_body_all(kc, a, stride, b, b_col, b_next, beta, c, ldc, rows,
                      NR, ahead, b_pf);
}

static inline __attribute__((always_inline)) void
nmfi_ukr_body_cols(size_t kc, const nmf_real *restrict a, size_t stride,
                   const nmf_real *restrict b, size_t b_col, size_t b_next,
                   nmf_real beta, nmf_real *restrict c, size_t ldc,
                   const int rows, const int cols)
{
    nmfi_ukr_body_all(kc, a, stride, b, b_col, b_next, beta, c, ldc, rows,
                      cols, 0, NULL);
}

static inline __attribute__((always_inline)) void
nmfi_ukr_body(size_t kc, const nmf_real *restrict a, size_t stride,
              const nmf_real *restrict b, size_t b_col, size_t b_next,
              nmf_real beta, nmf_real *restrict c, size_t ldc,
              const int rows)
{
    nmfi_ukr_body_ahead(kc, a, stride, b, b_col, b_next, beta, c, ldc, rows,
                        0, NULL);
}

#endif
