/* gemm_v2_blocked.c -- step 2: cache blocking around v1, no packing.
 *
 * v1 streams all of A through the cache once per column of C.  Here the
 * product is cut into NC x KC x MC blocks (loop names jc, pc, ic from BLIS,
 * sizes from blocking.h), each a v1 product, so an MC x KC block of A is
 * reused from L2 across an NC-wide slab of C.  Alone this gains little on
 * Zen 5, whose caches keep up with v1's loads (1024^3: 11.8 vs 12.3 GFLOP/s);
 * it pays once v3 packs the blocks.  Bench: ./bench/bench_gemm --kernel v1,v2
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

void nmfi_gemm_v2_blocked(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                          size_t k, const nmf_real *a, size_t lda,
                          const nmf_real *b, size_t ldb, nmf_real beta,
                          nmf_real *c, size_t ldc)
{
    const nmfi_blocking *bk = nmfi_blocking_get();
    /* jc: an NC-wide slab of C and of op(B). */
    for (size_t jc = 0; jc < n; jc += bk->nc) {
        size_t nc = min_size(bk->nc, n - jc);
        /* pc: a KC-deep slice of the inner dimension, the KC x NC block of
         * op(B) is reused by every ic block below. */
        for (size_t pc = 0; pc < k; pc += bk->kc) {
            size_t kc = min_size(bk->kc, k - pc);
            /* The first slice applies beta; later ones add to the partial
             * sums already in C. */
            nmf_real beta_p = pc == 0 ? beta : 1;
            const nmf_real *bb = tb == NMF_TRANS ? b + jc + pc * ldb
                                                 : b + pc + jc * ldb;
            /* ic: an MC x KC block of op(A), small enough to stay in L2
             * while v1 sweeps it once per column of the slab. */
            for (size_t ic = 0; ic < m; ic += bk->mc) {
                size_t mc = min_size(bk->mc, m - ic);
                const nmf_real *ab = ta == NMF_TRANS ? a + pc + ic * lda
                                                     : a + ic + pc * lda;
                nmfi_gemm_v1_loops(ta, tb, mc, nc, kc, ab, lda, bb, ldb,
                                   beta_p, c + ic + jc * ldc, ldc);
            }
        }
    }
}
