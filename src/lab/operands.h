/* operands.h -- the operands of one timed GEMM, C = op(A) op(B), and the
 * timed call itself: what the lab's sweep and bench_gemm both measure. */
#ifndef NMFI_LAB_OPERANDS_H
#define NMFI_LAB_OPERANDS_H

#include <stddef.h>

#include "kernels/gemm.h"
#include "lab/measure.h"
#include "nmfkit.h"

typedef struct nmfi_gemm_operands {
    nmf_trans ta, tb;
    size_t m, n, k;           /* C m x n, inner dimension k            */
    nmf_real *a, *b;          /* uniform [0, 1), seeds 1 and 2          */
    nmf_real *c, *c0;         /* C, and the reference result's room     */
    size_t lda, ldb, ldc;
} nmfi_gemm_operands;

/* Stored as the transposes say (op(A) = A' keeps A as k x m), every
 * column 64-byte aligned as nmf_matrix keeps them; same: op(B) reads A
 * (W'W, HH'). Returns -1 if out of memory (nothing held). */
int nmfi_gemm_operands_new(nmfi_gemm_operands *x, nmf_trans ta, nmf_trans tb,
                           size_t m, size_t n, size_t k, int same);
void nmfi_gemm_operands_free(nmfi_gemm_operands *x);

/* Times `step` at `threads` (put back after) into c, which starts as
 * NaN: beta = 0 must overwrite it. repeats as nmfi_time_calls. */
nmfi_timing nmfi_gemm_time(const nmfi_gemm_step *step,
                           const nmfi_gemm_operands *x, nmf_real *c,
                           int threads, int repeats);

#endif
