/* gemm_v1_loops.c -- step 1: loop order and hoisting, nothing else.
 *
 * Column-major storage makes a column of A or C contiguous, so for C = A B
 * the loops run j-p-i: the innermost loop walks down a column of A and of C
 * with unit stride, b(p,j) is hoisted out as a scalar, and the compiler can
 * vectorise it.  When op(A) = A' its rows are contiguous instead, so C(i,j)
 * becomes a dot product of two contiguous columns.  Same flops as v0, far
 * fewer cache misses.  Bench: ./bench/bench_gemm --kernel v0,v1
 */
#include <config.h>

#include "kernels/gemm.h"

/* C(:,j) = beta C(:,j), writing zeros without reading when beta = 0. */
static void scale_column(size_t m, nmf_real beta, nmf_real *restrict cj)
{
    if (beta == 0) {
        for (size_t i = 0; i < m; i++)
            cj[i] = 0;
    } else if (beta != 1) {
        for (size_t i = 0; i < m; i++)
            cj[i] *= beta;
    }
}

/* op(A) = A: C(:,j) += A(:,p) b(p,j), unit stride in A and C.  bstride_p
 * and bstride_j say where b(p,j) lives for op(B) = B or B'. */
static void gemm_n(size_t m, size_t n, size_t k,
                   const nmf_real *restrict a, size_t lda,
                   const nmf_real *restrict b, size_t bstride_p,
                   size_t bstride_j, nmf_real beta,
                   nmf_real *restrict c, size_t ldc)
{
    for (size_t j = 0; j < n; j++) {
        nmf_real *restrict cj = c + j * ldc;
        scale_column(m, beta, cj);
        for (size_t p = 0; p < k; p++) {
            const nmf_real bpj = b[p * bstride_p + j * bstride_j];
            const nmf_real *restrict ap = a + p * lda;
#pragma omp simd
            for (size_t i = 0; i < m; i++)
                cj[i] += ap[i] * bpj;
        }
    }
}

/* op(A) = A': C(i,j) is the dot product of column i of A (contiguous) with
 * column j of op(B): contiguous for B, stride ldb for B' (one strided
 * operand is unavoidable without copying, which is what v3's packing does). */
static void gemm_t(size_t m, size_t n, size_t k,
                   const nmf_real *restrict a, size_t lda,
                   const nmf_real *restrict b, size_t bstride_p,
                   size_t bstride_j, nmf_real beta,
                   nmf_real *restrict c, size_t ldc)
{
    for (size_t j = 0; j < n; j++) {
        const nmf_real *restrict bj = b + j * bstride_j;
        for (size_t i = 0; i < m; i++) {
            const nmf_real *restrict ai = a + i * lda;
            nmf_real sum = 0;
#pragma omp simd reduction(+ : sum)
            for (size_t p = 0; p < k; p++)
                sum += ai[p] * bj[p * bstride_p];
            nmf_real *cij = &c[i + j * ldc];
            *cij = beta == 0 ? sum : sum + beta * *cij;
        }
    }
}

void nmfi_gemm_v1_loops(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                        size_t k, const nmf_real *a, size_t lda,
                        const nmf_real *b, size_t ldb, nmf_real beta,
                        nmf_real *c, size_t ldc)
{
    /* op(B)(p,j) = b[p + j ldb] for B, b[j + p ldb] for B'. */
    size_t bp = tb == NMF_TRANS ? ldb : 1;
    size_t bj = tb == NMF_TRANS ? 1 : ldb;
    if (ta == NMF_TRANS)
        gemm_t(m, n, k, a, lda, b, bp, bj, beta, c, ldc);
    else
        gemm_n(m, n, k, a, lda, b, bp, bj, beta, c, ldc);
}
