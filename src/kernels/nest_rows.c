/* nest_rows.c -- an untransposed op(A) read where it lies, op(B) packed
 * (nests.h): step 7's nest, the product's rows family.
 *
 * In MU's A H' the big A is op(A): MR_WIDE of its rows at one p are the A
 * column the kernel loads, lda apart per p (ukr.h's a_in_place), and the
 * panel stays in L2 for the other tiles of its rows, instead of all of A
 * being copied into panels on every product for each to serve n / NR
 * tiles. op(B) (H', small) is packed a block at a time. A row panel that
 * cannot be read in place (the last rows, fewer than MR_WIDE, or any
 * panel of a transposed op(A)) is packed, so nothing past A is read.
 * Slice depth: blocking.h's nmfi_depth_rows. */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/nests.h"
#include "kernels/pack.h"
#include "kernels/ukr.h"

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

void nmfi_nest_rows(const void *ctx, nmf_trans ta, nmf_trans tb, size_t m,
                    size_t n, size_t k, const nmf_real *a, size_t lda,
                    const nmf_real *b, size_t ldb, nmf_real beta,
                    nmf_real *c, size_t ldc)
{
    size_t kc_rows = *(const size_t *)ctx;
    nmf_real *apack, *bpack;
    if (nmfi_pack_buffers_kc(MR_WIDE, kc_rows, MR_WIDE, n, k, &apack,
                             &bpack) != 0) {
        nmfi_gemm_nobuf(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    /* The rows read in place: whole panels of an untransposed op(A). */
    size_t m_whole = ta == NMF_NOTRANS ? m / MR_WIDE * MR_WIDE : 0;
    size_t nc_block = nmfi_blocking_get()->nc;
    for (size_t jc = 0; jc < n; jc += nc_block) {
        size_t nc = min_size(nc_block, n - jc);
        for (size_t pc = 0; pc < k; pc += kc_rows) {
            size_t kc = min_size(kc_rows, k - pc);
            nmf_real beta_p = pc == 0 ? beta : 1;
            nmfi_pack_b(tb, kc, nc, b, ldb, pc, jc, bpack);
            /* ir: MR_WIDE rows of A, kc deep, read in place; jr: every
             * packed B panel against them while they are in L2. */
            for (size_t ir = 0; ir < m_whole; ir += MR_WIDE) {
                const nmf_real *ai = a + ir + pc * lda;
                for (size_t jr = 0; jr < nc; jr += NR)
                    nmfi_ukr_2mr_nr_a_in_place(min_size(NR, nc - jr), kc, ai,
                                               lda, bpack + jr * kc, beta_p,
                                               c + ir + (jc + jr) * ldc, ldc);
            }
            /* The rest, a packed panel at a time. */
            for (size_t ir = m_whole; ir < m; ir += MR_WIDE) {
                size_t mr = min_size(MR_WIDE, m - ir);
                nmfi_pack_a(ta, MR_WIDE, mr, kc, a, lda, ir, pc, apack);
                for (size_t jr = 0; jr < nc; jr += NR)
                    nmfi_ukr_packed_2mr_nr(mr, min_size(NR, nc - jr), kc,
                                           apack, bpack + jr * kc, beta_p,
                                           c + ir + (jc + jr) * ldc, ldc);
            }
        }
    }
    nmfi_pack_release(apack, bpack);
}
