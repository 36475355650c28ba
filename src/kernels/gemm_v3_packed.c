/* gemm_v3_packed.c -- step 3: packed panels and a register micro-kernel.
 *
 * Idea (Goto / BLIS): copy each block of op(A) and op(B) once into
 * contiguous panels, then let an MR x NR micro-kernel keep a whole tile
 * of C in registers while it streams two panels. Since v2: v2's strided
 * blocks missed in TLB and cache and could not keep C in registers. The
 * nest is nest_packed.c, the packing pack.c, the kernel ukr_packed.c's
 * MR x NR (ukr.h, contract 1).
 * Bench: ./bench/bench_gemm --kernel v2,v3
 */
#include <config.h>

#include "kernels/gemm.h"
#include "kernels/nests.h"
#include "kernels/ukr.h"

void nmfi_gemm_v3_packed(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                         size_t k, const nmf_real *a, size_t lda,
                         const nmf_real *b, size_t ldb, nmf_real beta,
                         nmf_real *c, size_t ldc)
{
    nmfi_nest_packed(&nmfi_tiling_mr_nr, ta, tb, m, n, k, a, lda, b, ldb,
                     beta, c, ldc);
}
