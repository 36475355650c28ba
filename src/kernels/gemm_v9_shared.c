/* gemm_v9_shared.c -- step 9: the team packs op(A) once and shares it.
 *
 * Idea: in v6 each thread packs all of op(A) (W' in W'A) for its own
 * columns of C, and leaves W's lines in every core's cache just before
 * the W update writes them. Here the team packs one shared copy, each
 * thread the steps of k it updates next, then computes its fixed share of
 * C's column strips with v6's block (team_cols.c). Since v6: one packing
 * per team, not per thread; v6's slices and kernel calls, so v6's bits.
 * Bench: ./bench/bench_gemm --kernel v6,v9 --threads 1,2
 */
#include <config.h>

#include "kernels/gemm.h"
#include "kernels/nests.h"

void nmfi_gemm_v9_shared(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                         size_t k, const nmf_real *a, size_t lda,
                         const nmf_real *b, size_t ldb, nmf_real beta,
                         nmf_real *c, size_t ldc)
{
    nmfi_cols_team(0, ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
}
