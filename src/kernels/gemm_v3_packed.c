/* gemm_v3_packed.c -- step 3: packed panels and a register micro-kernel.
 *
 * v2's blocks are strided views, so the inner loops miss in TLB and cache
 * and cannot keep C in registers.  Here (Goto / BLIS) each KC x NC block of
 * op(B) and MC x KC block of op(A) is copied once into contiguous panels
 * (pack.c, which also absorbs the transposes) and an MR x NR micro-kernel
 * (ukr_simd.c) keeps a whole tile of C in registers while it streams the
 * two panels.  Bench: ./bench/bench_gemm --kernel v2,v3
 *
 * The loop nest takes the tile shape as a parameter (nmfi_tiling), so step
 * 5 runs this same nest with a taller tile.
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/pack.h"
#include "kernels/ukr.h"

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

void nmfi_gemm_packed(const nmfi_tiling *t, nmf_trans ta, nmf_trans tb,
                      size_t m, size_t n, size_t k, const nmf_real *a,
                      size_t lda, const nmf_real *b, size_t ldb, nmf_real beta,
                      nmf_real *c, size_t ldc)
{
    const size_t mr_max = t->mr;
    /* Buffers for one block each, no bigger than the problem needs. */
    nmf_real *apack, *bpack;
    if (nmfi_pack_buffers(mr_max, m, n, k, &apack, &bpack) != 0) {
        /* gemm has no error return: still give the right answer. */
        nmfi_gemm_v2_blocked(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }

    const nmfi_blocking *bk = nmfi_blocking_get();
    /* jc: NC columns of C; the packed KC x NC block of op(B) lives in L3. */
    for (size_t jc = 0; jc < n; jc += bk->nc) {
        size_t nc = min_size(bk->nc, n - jc);
        /* pc: KC of the inner dimension; pack op(B)(pc:, jc:) once here. */
        for (size_t pc = 0; pc < k; pc += bk->kc) {
            size_t kc = min_size(bk->kc, k - pc);
            /* C = sum over pc of A_pc B_pc + beta C: beta belongs to the
             * first slice only (which also means beta = 0 never reads C);
             * every later slice adds to the partial sums already in C. */
            nmf_real beta_p = pc == 0 ? beta : 1;
            nmfi_pack_b(tb, kc, nc, b, ldb, pc, jc, bpack);
            /* ic: MC rows; the packed MC x KC block of op(A) lives in L2. */
            for (size_t ic = 0; ic < m; ic += bk->mc) {
                size_t mc = min_size(bk->mc, m - ic);
                nmfi_pack_a(ta, mr_max, mc, kc, a, lda, ic, pc, apack);
                /* jr: one KC x NR panel of B, kept in L1 across the ir loop. */
                for (size_t jr = 0; jr < nc; jr += NR) {
                    /* ir: one MR x KC panel of A streamed from L2; the
                     * MR x NR tile of C stays in registers. */
                    for (size_t ir = 0; ir < mc; ir += mr_max)
                        t->tile(min_size(mr_max, mc - ir),
                                min_size(NR, nc - jr), kc, apack + ir * kc,
                                bpack + jr * kc, beta_p,
                                c + (ic + ir) + (jc + jr) * ldc, ldc);
                }
            }
        }
    }

    nmfi_pack_release(apack, bpack);
}

void nmfi_gemm_packed_slab(const void *tiling, nmf_trans ta, nmf_trans tb,
                           size_t m, size_t n, size_t k, const nmf_real *a,
                           size_t lda, const nmf_real *b, size_t ldb,
                           nmf_real beta, nmf_real *c, size_t ldc)
{
    nmfi_gemm_packed(tiling, ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
}

void nmfi_gemm_v3_packed(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                         size_t k, const nmf_real *a, size_t lda,
                         const nmf_real *b, size_t ldb, nmf_real beta,
                         nmf_real *c, size_t ldc)
{
    nmfi_gemm_packed(&nmfi_tiling_narrow, ta, tb, m, n, k, a, lda, b, ldb,
                     beta, c, ldc);
}
