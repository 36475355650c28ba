/* gemm_v11_steal.c -- step 11: C's column strips stolen by idle threads.
 *
 * v9 gives each thread a fixed share of C's columns, so the product ends
 * when its slowest thread does. On a machine whose cores are not all ours
 * (a shared lab server; this 2-vCPU VM, whose other vCPU another tenant
 * sometimes uses) that thread can be much slower than the rest: with a
 * busy loop on one of the two cores, an MU iteration at n = 10000 took
 * 43-48 ms on two threads against 24 on one. Here each thread starts
 * from v9's share but takes it a piece at a time, and a thread that has
 * finished takes the back half of what is left of the fullest other
 * share (core/steal.h). On equal cores the shares stay v9's, so each
 * thread still finds in its cache the columns it updated last. Every
 * strip is computed by v9's loops whichever thread runs it: v9's bits.
 * The same pool deals the fused updates' tiles (nmfi_for_tiles), and so
 * v10's runs, which this step keeps for a small C.
 * Each piece reads all of the packed op(A) again. That costs nothing
 * while it stays in cache (W'A's 442 KB, and H A' at n = 10000 with 2.6
 * MB for d = 64 and 5.1 MB for d = 128 ran 3-6 % faster than v10 on two
 * idle threads), but at 2048^3 (16 MB, from memory) 5-10 % slower: a
 * product whose packed op(A) passes two L3 shares keeps v9's shares.
 * Bench: ./bench/bench_gemm --kernel v10,v11 --threads 1,2
 *        (alike on idle cores; bench/bench_mu beside a busy loop on one
 *        core shows the difference)
 */
#include <config.h>

#include "kernels/gemm.h"

int nmfi_gemm_v11_owns(size_t m, size_t n)
{
    return !nmfi_gemm_v10_owns(m, n);
}

void nmfi_gemm_v11_steal(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                         size_t k, const nmf_real *a, size_t lda,
                         const nmf_real *b, size_t ldb, nmf_real beta,
                         nmf_real *c, size_t ldc)
{
    if (nmfi_gemm_v10_owns(m, n))
        nmfi_gemm_v10_gram(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
    else
        nmfi_gemm_v9_team(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc, 1);
}
