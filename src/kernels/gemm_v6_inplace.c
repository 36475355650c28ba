/* gemm_v6_inplace.c -- step 6: read op(B) where it lies when it can.
 *
 * In MU's W'A the big matrix A is op(B), stored column-major and not
 * transposed: NR of its columns, kc long, are already six unit-stride
 * streams. Packing copied all of A (69 MB at 1728 x 10000 float) on every
 * product only for each panel to be used by d / MR_WIDE = 2 tiles; here
 * the micro-kernel broadcasts b(p, c) straight from A (ukr_wide.c's
 * nmfi_ukr_wide_cols), so A is read once per product and never written.
 * op(A) (W', small) is still packed, a block at a time as in v3. Only the
 * last, narrower than NR, columns go through a packed panel, so nothing
 * past the matrix is read. Products whose op(B) is transposed run v5.
 * Every element of C still sums over p in order 0 .. k-1 in KC slices:
 * v3's bits, for any thread count.
 * Bench: ./bench/bench_gemm --kernel v5,v6 --threads 1,2
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/pack.h"
#include "kernels/ukr.h"

/* Depth of a slice: whole columns of B when they are short. A B panel is
 * then NR long unit-stride streams the prefetcher follows (with KC = 256
 * they were 1 KB pieces restarting every panel: 0.97x of v5 on W'A at
 * n = 10000), and C is read and written once per 2048 of k instead of per
 * 256. The MC x KC_INPLACE A block (float 512 x 2048 = 4 MB at most; 64 x
 * 1728 = 442 KB for W'A) stays in L2/L3 while B streams through once. */
#define KC_INPLACE 2048

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

static void serial(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k,
                   const nmf_real *a, size_t lda, const nmf_real *b,
                   size_t ldb, nmf_real beta, nmf_real *c, size_t ldc)
{
    nmf_real *apack, *bpack;
    if (tb != NMF_NOTRANS
        || nmfi_pack_buffers_kc(MR_WIDE, KC_INPLACE, m, NR, k, &apack,
                                &bpack) != 0) {
        nmfi_gemm_packed(&nmfi_tiling_wide, ta, tb, m, n, k, a, lda, b, ldb,
                         beta, c, ldc);
        return;
    }
    size_t mc_block = nmfi_blocking_get()->mc;
    for (size_t pc = 0; pc < k; pc += KC_INPLACE) {
        size_t kc = min_size(KC_INPLACE, k - pc);
        nmf_real beta_p = pc == 0 ? beta : 1;
        for (size_t ic = 0; ic < m; ic += mc_block) {
            size_t mc = min_size(mc_block, m - ic);
            nmfi_pack_a(ta, MR_WIDE, mc, kc, a, lda, ic, pc, apack);
            for (size_t jr = 0; jr < n; jr += NR) {
                size_t nr = min_size(NR, n - jr);
                nmf_real *cj = c + ic + jr * ldc;
                if (nr == NR) {
                    const nmf_real *bj = b + pc + jr * ldb;
                    for (size_t ir = 0; ir < mc; ir += MR_WIDE)
                        nmfi_ukr_wide_cols(min_size(MR_WIDE, mc - ir), kc,
                                           apack + ir * kc, bj, ldb, beta_p,
                                           cj + ir, ldc);
                } else {
                    nmfi_pack_b(tb, kc, nr, b, ldb, pc, jr, bpack);
                    for (size_t ir = 0; ir < mc; ir += MR_WIDE)
                        nmfi_ukr_wide_tile(min_size(MR_WIDE, mc - ir), nr,
                                           kc, apack + ir * kc, bpack,
                                           beta_p, cj + ir, ldc);
                }
            }
        }
    }
    nmfi_pack_release(apack, bpack);
}

void nmfi_gemm_v6_inplace(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                          size_t k, const nmf_real *a, size_t lda,
                          const nmf_real *b, size_t ldb, nmf_real beta,
                          nmf_real *c, size_t ldc)
{
    nmfi_gemm_slabs(serial, MR_WIDE, ta, tb, m, n, k, a, lda, b, ldb, beta,
                    c, ldc);
}
