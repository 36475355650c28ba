/* nest_cols.c -- op(A) packed, an untransposed op(B) read where it lies
 * (nests.h): step 6's nest, the product's cols family.
 *
 * In MU's W'A the big A is op(B): NR of its columns, kc long, are NR
 * unit-stride streams the kernel reads in place (ukr.h's b_in_place), so
 * A is read once per product and never copied (packing wrote and read
 * back 69 MB at 1728 x 10000 float for each panel to serve d / MR_WIDE
 * tiles). op(A) (W', small) is packed a block at a time. A strip that
 * cannot be read in place (the last, narrower than NR, or any strip of a
 * transposed op(B)) is packed into one kc x NR panel, so nothing past B
 * is read. Each strip's first tile prefetches the next strip. Slice
 * depth: blocking.h's nmfi_depth_cols. */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/nests.h"
#include "kernels/pack.h"
#include "kernels/ukr.h"

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

void nmfi_cols_block(nmf_trans tb, size_t mc, size_t n, size_t kc,
                     size_t pc, const nmf_real *apack, const nmf_real *b,
                     size_t ldb, nmf_real beta, nmf_real *c, size_t ldc,
                     nmf_real *bpack)
{
    for (size_t jr = 0; jr < n; jr += NR) {
        size_t nr = min_size(NR, n - jr);
        nmf_real *cj = c + jr * ldc;
        if (tb == NMF_NOTRANS && nr == NR) {
            const nmf_real *bj = b + pc + jr * ldb;
            /* The first tile of the strip prefetches the next strip's
             * columns, when there is a whole one: the others read this
             * strip again from cache. */
            const nmf_real *next = jr + 2 * NR <= n ? bj + NR * ldb : NULL;
            for (size_t ir = 0; ir < mc; ir += MR_WIDE)
                nmfi_ukr_2mr_nr_b_in_place(min_size(MR_WIDE, mc - ir), kc,
                                           apack + ir * kc, bj, ldb, beta,
                                           cj + ir, ldc,
                                           ir == 0 ? next : NULL);
        } else {
            nmfi_pack_b(tb, kc, nr, b, ldb, pc, jr, bpack);
            for (size_t ir = 0; ir < mc; ir += MR_WIDE)
                nmfi_ukr_packed_2mr_nr(min_size(MR_WIDE, mc - ir), nr, kc,
                                       apack + ir * kc, bpack, beta, cj + ir,
                                       ldc);
        }
    }
}

void nmfi_nest_cols(const void *ctx, nmf_trans ta, nmf_trans tb, size_t m,
                    size_t n, size_t k, const nmf_real *a, size_t lda,
                    const nmf_real *b, size_t ldb, nmf_real beta,
                    nmf_real *c, size_t ldc)
{
    size_t kc_block = *(const size_t *)ctx;
    nmf_real *apack, *bpack;
    if (nmfi_pack_buffers_kc(MR_WIDE, kc_block, m, NR, k, &apack, &bpack)
        != 0) {
        nmfi_gemm_nobuf(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    size_t mc_block = nmfi_blocking_get()->mc;
    for (size_t pc = 0; pc < k; pc += kc_block) {
        size_t kc = min_size(kc_block, k - pc);
        for (size_t ic = 0; ic < m; ic += mc_block) {
            size_t mc = min_size(mc_block, m - ic);
            nmfi_pack_a(ta, MR_WIDE, mc, kc, a, lda, ic, pc, apack);
            nmfi_cols_block(tb, mc, n, kc, pc, apack, b, ldb,
                            pc == 0 ? beta : 1, c + ic, ldc, bpack);
        }
    }
    nmfi_pack_release(apack, bpack);
}
