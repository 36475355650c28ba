/* transpose.c -- B = A' (transpose.h).
 *
 * Either A is read down its columns and B written across its rows or the
 * other way round: one side always jumps a whole column per element. In
 * square blocks of TB x TB both sides stay in L1 while a block is copied
 * (TB floats of a column are one or two cache lines), so every line of A
 * and of B is brought in once. Blocks of B's columns are dealt to threads,
 * so each thread writes its own lines. */
#include <config.h>

#include "kernels/transpose.h"

/* A block's side: 32 x 32 floats is 4 KB per matrix. */
#define TB 32

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

/* b(j, i) = a(i, j) for the block i0 .. i1, j0 .. j1 of A. */
static void copy_block(size_t i0, size_t i1, size_t j0, size_t j1,
                       const nmf_real *restrict a, size_t lda,
                       nmf_real *restrict b, size_t ldb)
{
    for (size_t i = i0; i < i1; i++) {
        nmf_real *bi = b + i * ldb;
        /* B's column i, j0 .. j1: unit stride where it is written. */
        #pragma omp simd
        for (size_t j = j0; j < j1; j++)
            bi[j] = a[i + j * lda];
    }
}

void nmfi_transpose(size_t m, size_t n, const nmf_real *a, size_t lda,
                    nmf_real *b, size_t ldb)
{
    size_t blocks = (m + TB - 1) / TB;
    /* Below about 64 K elements a team costs more than the copy. */
    #pragma omp parallel for schedule(static) if (m * n > 65536)
    for (size_t ib = 0; ib < blocks; ib++) {
        size_t i0 = ib * TB, i1 = min_size(m, i0 + TB);
        for (size_t j0 = 0; j0 < n; j0 += TB)
            copy_block(i0, i1, j0, min_size(n, j0 + TB), a, lda, b, ldb);
    }
}
