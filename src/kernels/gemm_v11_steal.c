/* gemm_v11_steal.c -- step 11: C's column strips stolen by idle threads.
 *
 * Idea: v9's fixed shares wait for the slowest thread, and on a shared
 * machine a core may be busy with another program; here a thread that
 * has finished takes the back half of the fullest other share
 * (core/steal.h, team_cols.c). Since v9: stealing; v9's bits.
 * Bench: ./bench/bench_gemm --kernel v9,v11 --threads 1,2 (alike on idle
 *        cores; bench/busy-core.sh shows the difference)
 */
#include <config.h>

#include "kernels/gemm.h"
#include "kernels/nests.h"

void nmfi_gemm_v11_steal(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                         size_t k, const nmf_real *a, size_t lda,
                         const nmf_real *b, size_t ldb, nmf_real beta,
                         nmf_real *c, size_t ldc)
{
    nmfi_cols_team(1, ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
}
