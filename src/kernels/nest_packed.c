/* nest_packed.c -- the Goto / BLIS loop nest over packed panels
 * (nests.h), for any tile height: step 3's nest, which steps 4, 5 and 8
 * and the packed family run with their own tiles.
 *
 * Each KC x NC block of op(B) and MC x KC block of op(A) is copied once
 * into contiguous panels (pack.c, which also absorbs the transposes), and
 * the micro-kernel keeps a whole tile of C in registers while it streams
 * two panels. Block sizes: blocking.h. */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/nests.h"
#include "kernels/pack.h"
#include "kernels/ukr.h"

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

void nmfi_nest_packed(const void *ctx, nmf_trans ta, nmf_trans tb, size_t m,
                      size_t n, size_t k, const nmf_real *a, size_t lda,
                      const nmf_real *b, size_t ldb, nmf_real beta,
                      nmf_real *c, size_t ldc)
{
    const nmfi_tiling *t = ctx;
    const size_t mr_max = t->mr;
    /* Buffers for one block each, no bigger than the problem needs. */
    nmf_real *apack, *bpack;
    if (nmfi_pack_buffers(mr_max, m, n, k, &apack, &bpack) != 0) {
        nmfi_gemm_nobuf(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
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
