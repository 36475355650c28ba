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
 * Each strip's first tile prefetches the next strip's NR columns at the
 * pace it reads its own (ukr_body.h): NR short streams from DRAM that the
 * hardware prefetcher found late. W'A at n = 10000 (alone, one thread,
 * two runs) 72-83 -> 95-97 % of peak, H A' 85-86 -> 95 %; a whole MU
 * iteration at d = 64, 26.4-26.5 -> 23.4-23.6 ms on one thread.
 * Every element of C sums over p in order 0 .. k-1 in slices whose depth
 * comes from the whole product (never a slab): the same bits for any
 * thread count (not v3's: the slices differ).
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
 * 256. The packed A block (64 x 1728 = 442 KB for W'A at d = 64) stays in
 * L2 while B streams through once. */
#define KC_INPLACE 2048

/* ... but never an A block past A_BLOCK_BYTES, which L2 holds next to
 * the B streams: a deeper k is cut into the fewest equal slices that
 * keep the block within it. At d = 128 (block rows 128, at most 1024
 * deep), GFLOP/s alone, three runs: W'A (k = 1728) whole 194-199 on one
 * thread, 377-387 on two; two slices of 864: 187-212, 388-418. H A'
 * (k = 10000; was cut 512 deep: 288-290 at 2048, 347 / 284 at 1024,
 * 372 / 356 at 512, 353 / 328 at 256 before the prefetch): ten slices of
 * 1000, 394-408 on two threads against 391-395 at 512. A square 2048^3
 * (512 block rows, 256 deep): 198-200 / 386-389 against 194-196 /
 * 380-383 whole. v8's chunks (at most KC <= 512 deep, C at most 128
 * rows) are never cut: their most is 1024 in float, 512 in double. */
#define A_BLOCK_BYTES (512 * 1024)

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

void nmfi_gemm_v6_block(size_t mc, size_t n, size_t kc, size_t pc,
                        const nmf_real *apack, const nmf_real *b,
                        size_t ldb, nmf_real beta, nmf_real *c, size_t ldc,
                        nmf_real *bpack)
{
    for (size_t jr = 0; jr < n; jr += NR) {
        size_t nr = min_size(NR, n - jr);
        nmf_real *cj = c + jr * ldc;
        if (nr == NR) {
            const nmf_real *bj = b + pc + jr * ldb;
            /* The first tile of the strip prefetches the next strip's
             * columns, when there is a whole one: the others read this
             * strip again from cache. */
            const nmf_real *next = jr + 2 * NR <= n ? bj + NR * ldb : NULL;
            for (size_t ir = 0; ir < mc; ir += MR_WIDE)
                nmfi_ukr_wide_cols(min_size(MR_WIDE, mc - ir), kc,
                                   apack + ir * kc, bj, ldb, beta, cj + ir,
                                   ldc, ir == 0 ? next : NULL);
        } else {
            nmfi_pack_b(NMF_NOTRANS, kc, nr, b, ldb, pc, jr, bpack);
            for (size_t ir = 0; ir < mc; ir += MR_WIDE)
                nmfi_ukr_wide_tile(min_size(MR_WIDE, mc - ir), nr, kc,
                                   apack + ir * kc, bpack, beta, cj + ir,
                                   ldc);
        }
    }
}

/* The serial product of a slab, `depth` (a size_t) its slice depth. */
static void inplace_nest(const void *depth, nmf_trans ta, nmf_trans tb,
                         size_t m, size_t n, size_t k, const nmf_real *a,
                         size_t lda, const nmf_real *b, size_t ldb,
                         nmf_real beta, nmf_real *c, size_t ldc)
{
    size_t kc_block = *(const size_t *)depth;
    nmf_real *apack, *bpack;
    if (tb != NMF_NOTRANS
        || nmfi_pack_buffers_kc(MR_WIDE, kc_block, m, NR, k, &apack,
                                &bpack) != 0) {
        nmfi_gemm_packed(&nmfi_tiling_wide, ta, tb, m, n, k, a, lda, b, ldb,
                         beta, c, ldc);
        return;
    }
    size_t mc_block = nmfi_blocking_get()->mc;
    for (size_t pc = 0; pc < k; pc += kc_block) {
        size_t kc = min_size(kc_block, k - pc);
        for (size_t ic = 0; ic < m; ic += mc_block) {
            size_t mc = min_size(mc_block, m - ic);
            nmfi_pack_a(ta, MR_WIDE, mc, kc, a, lda, ic, pc, apack);
            nmfi_gemm_v6_block(mc, n, kc, pc, apack, b, ldb,
                               pc == 0 ? beta : 1, c + ic, ldc, bpack);
        }
    }
    nmfi_pack_release(apack, bpack);
}

size_t nmfi_gemm_v6_depth(size_t m, size_t k)
{
    size_t block_rows = min_size(m, nmfi_blocking_get()->mc);
    size_t most = KC_INPLACE;
    if (block_rows * KC_INPLACE * sizeof(nmf_real) > A_BLOCK_BYTES)
        most = A_BLOCK_BYTES / (block_rows * sizeof(nmf_real));
    if (k <= most)
        return KC_INPLACE;
    size_t slices = (k + most - 1) / most;
    return (k + slices - 1) / slices;
}

void nmfi_gemm_v6_inplace(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                          size_t k, const nmf_real *a, size_t lda,
                          const nmf_real *b, size_t ldb, nmf_real beta,
                          nmf_real *c, size_t ldc)
{
    /* The depth from the whole product: a slab must slice like it. */
    size_t depth = nmfi_gemm_v6_depth(m, k);
    nmfi_gemm_slabs(inplace_nest, &depth, MR_WIDE, ta, tb, m, n, k, a, lda,
                    b, ldb, beta, c, ldc);
}
