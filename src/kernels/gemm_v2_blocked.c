/* gemm_v2_blocked.c -- step 2: cache blocking, no packing.
 *
 * Idea: cut the product into NC x KC x MC blocks (loop names jc, pc, ic
 * from BLIS, sizes from blocking.h) so an MC x KC block of op(A) is reused
 * from L2 across an NC-wide slab of C. Since v1: v1's unit-stride loops
 * now run on one block at a time. Alone this gains little where the caches
 * keep up with v1's loads; it pays once v3 packs the blocks.
 * Bench: ./bench/bench_gemm --kernel v1,v2
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

/* One mc x nc x kc block in v1's loop order. op(A) = A: j-p-i, the
 * innermost loop down a column of A and of C; op(B)(p, j) = b[p bp + j bj]. */
static void block_n(size_t mc, size_t nc, size_t kc,
                    const nmf_real *restrict a, size_t lda,
                    const nmf_real *restrict b, size_t bp, size_t bj,
                    nmf_real beta, nmf_real *restrict c, size_t ldc)
{
    for (size_t j = 0; j < nc; j++) {
        nmf_real *restrict cj = c + j * ldc;
        if (beta == 0) {
            for (size_t i = 0; i < mc; i++)
                cj[i] = 0;
        } else if (beta != 1) {
            for (size_t i = 0; i < mc; i++)
                cj[i] *= beta;
        }
        for (size_t p = 0; p < kc; p++) {
            const nmf_real bpj = b[p * bp + j * bj];
            const nmf_real *restrict ap = a + p * lda;
#pragma omp simd
            for (size_t i = 0; i < mc; i++)
                cj[i] += ap[i] * bpj;
        }
    }
}

/* op(A) = A': each C(i, j) a dot product of two columns. */
static void block_t(size_t mc, size_t nc, size_t kc,
                    const nmf_real *restrict a, size_t lda,
                    const nmf_real *restrict b, size_t bp, size_t bj,
                    nmf_real beta, nmf_real *restrict c, size_t ldc)
{
    for (size_t j = 0; j < nc; j++) {
        const nmf_real *restrict bcol = b + j * bj;
        for (size_t i = 0; i < mc; i++) {
            const nmf_real *restrict ai = a + i * lda;
            nmf_real sum = 0;
#pragma omp simd reduction(+ : sum)
            for (size_t p = 0; p < kc; p++)
                sum += ai[p] * bcol[p * bp];
            nmf_real *cij = &c[i + j * ldc];
            *cij = beta == 0 ? sum : sum + beta * *cij;
        }
    }
}

void nmfi_gemm_v2_blocked(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                          size_t k, const nmf_real *a, size_t lda,
                          const nmf_real *b, size_t ldb, nmf_real beta,
                          nmf_real *c, size_t ldc)
{
    const nmfi_blocking *bk = nmfi_blocking_get();
    size_t bp = tb == NMF_TRANS ? ldb : 1;
    size_t bj = tb == NMF_TRANS ? 1 : ldb;
    /* jc: an NC-wide slab of C and of op(B). */
    for (size_t jc = 0; jc < n; jc += bk->nc) {
        size_t nc = min_size(bk->nc, n - jc);
        /* pc: a KC-deep slice of the inner dimension; the KC x NC block of
         * op(B) is reused by every ic block below. */
        for (size_t pc = 0; pc < k; pc += bk->kc) {
            size_t kc = min_size(bk->kc, k - pc);
            /* The first slice applies beta; later ones add to the partial
             * sums already in C. */
            nmf_real beta_p = pc == 0 ? beta : 1;
            const nmf_real *bb = b + pc * bp + jc * bj;
            /* ic: an MC x KC block of op(A), small enough to stay in L2
             * while it is swept once per column of the slab. */
            for (size_t ic = 0; ic < m; ic += bk->mc) {
                size_t mc = min_size(bk->mc, m - ic);
                const nmf_real *ab = ta == NMF_TRANS ? a + pc + ic * lda
                                                     : a + ic + pc * lda;
                if (ta == NMF_TRANS)
                    block_t(mc, nc, kc, ab, lda, bb, bp, bj, beta_p,
                            c + ic + jc * ldc, ldc);
                else
                    block_n(mc, nc, kc, ab, lda, bb, bp, bj, beta_p,
                            c + ic + jc * ldc, ldc);
            }
        }
    }
}
