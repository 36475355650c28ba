/* transpose.c -- B = A' (transpose.h).
 *
 * Either A is read down its columns and B written across its rows or the
 * other way round: one side always jumps a whole column per element. In
 * square blocks of TB x TB both sides stay in L1 while a block is copied
 * (TB floats of a column are one or two cache lines), so every line of A
 * and of B is brought in once. Within a block, 8 x 8 pieces are loaded as
 * eight vectors of A's columns, transposed in registers and stored as
 * eight vectors of B's: element by element, each value was a load and a
 * store of its own (the W update's numerator rows took a fifth of the
 * update; packing W' for W'W 20 % of the product). Blocks of B's columns
 * are dealt to threads, so each thread writes its own lines. */
#include <config.h>

#include <string.h>

#include "kernels/blocking.h"
#include "kernels/isa.h"
#include "kernels/transpose.h"

#define TB NMFI_TRANSPOSE_BLOCK

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

#if defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define HAVE_SHUFFLE 1
#endif
#endif

#ifdef HAVE_SHUFFLE
typedef nmf_real vec8 __attribute__((vector_size(8 * sizeof(nmf_real))));

#define SHUF(x, y, ...) __builtin_shufflevector(x, y, __VA_ARGS__)
/* Interleave pairs: lo = x0 y0 x1 y1 x4 y4 x5 y5, hi = the 2, 3, 6, 7. */
#define PAIR_LO(x, y) SHUF(x, y, 0, 8, 1, 9, 4, 12, 5, 13)
#define PAIR_HI(x, y) SHUF(x, y, 2, 10, 3, 11, 6, 14, 7, 15)
#define QUAD_LO(x, y) SHUF(x, y, 0, 1, 8, 9, 4, 5, 12, 13)
#define QUAD_HI(x, y) SHUF(x, y, 2, 3, 10, 11, 6, 7, 14, 15)
#define HALF_LO(x, y) SHUF(x, y, 0, 1, 2, 3, 8, 9, 10, 11)
#define HALF_HI(x, y) SHUF(x, y, 4, 5, 6, 7, 12, 13, 14, 15)

/* r[0..7] (eight values each) to c[0..7]: c[q][i] = r[i][q]. Written out
 * so every vector stays in a register. */
static inline __attribute__((always_inline)) void
transpose8(const vec8 r[8], vec8 c[8])
{
    vec8 t0 = PAIR_LO(r[0], r[1]), t1 = PAIR_HI(r[0], r[1]);
    vec8 t2 = PAIR_LO(r[2], r[3]), t3 = PAIR_HI(r[2], r[3]);
    vec8 t4 = PAIR_LO(r[4], r[5]), t5 = PAIR_HI(r[4], r[5]);
    vec8 t6 = PAIR_LO(r[6], r[7]), t7 = PAIR_HI(r[6], r[7]);
    /* Rows 0-3 (u0-u3) and 4-7 (u4-u7) at q = 0 and 4, 1 and 5, 2 and 6,
     * 3 and 7. */
    vec8 u0 = QUAD_LO(t0, t2), u1 = QUAD_HI(t0, t2);
    vec8 u2 = QUAD_LO(t1, t3), u3 = QUAD_HI(t1, t3);
    vec8 u4 = QUAD_LO(t4, t6), u5 = QUAD_HI(t4, t6);
    vec8 u6 = QUAD_LO(t5, t7), u7 = QUAD_HI(t5, t7);
    c[0] = HALF_LO(u0, u4), c[4] = HALF_HI(u0, u4);
    c[1] = HALF_LO(u1, u5), c[5] = HALF_HI(u1, u5);
    c[2] = HALF_LO(u2, u6), c[6] = HALF_HI(u2, u6);
    c[3] = HALF_LO(u3, u7), c[7] = HALF_HI(u3, u7);
}

/* b(j .. j+7, i .. i+7) = a(i .. i+7, j .. j+7)'. */
static inline __attribute__((always_inline)) void
copy8(size_t i, size_t j, const nmf_real *restrict a, size_t lda,
      nmf_real *restrict b, size_t ldb)
{
    vec8 cols[8], rows[8];
#pragma GCC unroll 8
    for (int q = 0; q < 8; q++)
        memcpy(&cols[q], a + i + (j + q) * lda, sizeof cols[q]);
    transpose8(cols, rows);
#pragma GCC unroll 8
    for (int l = 0; l < 8; l++)
        memcpy(b + j + (i + l) * ldb, &rows[l], sizeof rows[l]);
}
#endif

/* b(j, i) = a(i, j) for the block i0 .. i1, j0 .. j1 of A. */
static inline __attribute__((always_inline)) void
copy_block(size_t i0, size_t i1, size_t j0, size_t j1,
           const nmf_real *restrict a, size_t lda, nmf_real *restrict b,
           size_t ldb)
{
    size_t i8 = i0, j8 = j0;
#ifdef HAVE_SHUFFLE
    /* The whole 8 x 8 pieces; the rest, under 8 rows or columns, below. */
    i8 = i0 + (i1 - i0) / 8 * 8;
    j8 = j0 + (j1 - j0) / 8 * 8;
    /* Down eight of A's columns at a time: eight streams read in order. */
    for (size_t j = j0; j < j8; j += 8)
        for (size_t i = i0; i < i8; i += 8)
            copy8(i, j, a, lda, b, ldb);
    for (size_t i = i0; i < i8; i++)
        for (size_t j = j8; j < j1; j++)
            b[j + i * ldb] = a[i + j * lda];
#endif
    for (size_t i = i8; i < i1; i++) {
        nmf_real *bi = b + i * ldb;
        /* B's column i, j0 .. j1: unit stride where it is written. */
        #pragma omp simd
        for (size_t j = j0; j < j1; j++)
            bi[j] = a[i + j * lda];
    }
}

NMFI_CLONES
static void copy_rows(size_t i0, size_t i1, size_t n, const nmf_real *a,
                      size_t lda, nmf_real *b, size_t ldb)
{
    for (size_t j0 = 0; j0 < n; j0 += TB)
        copy_block(i0, i1, j0, min_size(n, j0 + TB), a, lda, b, ldb);
}

void nmfi_transpose_serial(size_t m, size_t n, const nmf_real *a,
                           size_t lda, nmf_real *b, size_t ldb)
{
    for (size_t i0 = 0; i0 < m; i0 += TB)
        copy_rows(i0, min_size(m, i0 + TB), n, a, lda, b, ldb);
}

void nmfi_transpose(size_t m, size_t n, const nmf_real *a, size_t lda,
                    nmf_real *b, size_t ldb)
{
    size_t blocks = (m + TB - 1) / TB;
    /* Below about 64 K elements a team costs more than the copy. */
    #pragma omp parallel for schedule(static) if (m * n > 65536)
    for (size_t ib = 0; ib < blocks; ib++) {
        size_t i0 = ib * TB;
        copy_rows(i0, min_size(m, i0 + TB), n, a, lda, b, ldb);
    }
}
