/* gemm_v4_omp.c -- step 4: all cores, the same answer on any number.
 *
 * Idea: one slab of C per thread (whole tiles along C's longer side),
 * each thread running v3's nest on its slab with its own buffers, and no
 * barrier until the end (slabs.c says why not BLIS's barrier per block).
 * Since v3: OpenMP. Every element is still computed by one thread with
 * v3's arithmetic: bitwise v3 for any thread count.
 * Bench: ./bench/bench_gemm --kernel v3,v4 --threads 1,2
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/nests.h"
#include "kernels/ukr.h"

void nmfi_gemm_v4_omp(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                      size_t k, const nmf_real *a, size_t lda,
                      const nmf_real *b, size_t ldb, nmf_real beta,
                      nmf_real *c, size_t ldc)
{
    nmfi_slabs(nmfi_nest_packed, &nmfi_tiling_mr_nr, MR, ta, tb, m, n, k, a,
               lda, b, ldb, beta, c, ldc);
}
