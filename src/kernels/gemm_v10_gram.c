/* gemm_v10_gram.c -- step 10: a small, deep C from its operands in place.
 *
 * Idea: with so small a C every operand is small, and the strided kernel
 * reads them unpacked (nest_gram.c); each tile of C is one thread's, over
 * every slice of k in order, so no partial C is added. Since v8: v8 packed
 * both operands of every chunk (a quarter of its time) and added
 * partials. Good for a small C only (compare the square shapes).
 * Bench: ./bench/bench_gemm --kernel v8,v10 --threads 1,2 --shapes mu
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/nests.h"

void nmfi_gemm_v10_gram(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                        size_t k, const nmf_real *a, size_t lda,
                        const nmf_real *b, size_t ldb, nmf_real beta,
                        nmf_real *c, size_t ldc)
{
    nmfi_nest_gram(nmfi_team_size(), ta, tb, m, n, k, a, lda, b, ldb, beta,
                   c, ldc);
}
