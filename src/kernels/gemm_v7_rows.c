/* gemm_v7_rows.c -- step 7: read an untransposed op(A) where it lies.
 *
 * In MU's A H' the big matrix A is op(A), untransposed: MR_WIDE of its
 * rows at one p are MR_WIDE consecutive values of a stored column, which is
 * exactly the A column the micro-kernel loads. v5/v6 copy all of A into
 * panels on every product (69 MB at 1728 x 10000 float, written and read
 * back) for each panel to serve n / NR = 11 tiles; here the kernel loads
 * A in place, lda apart per p (ukr_wide.c's nmfi_ukr_wide_rows), and the
 * panel stays in L2 for the other tiles of its rows. op(B) (H', small) is
 * packed a block at a time. The last rows, fewer than MR_WIDE, go through
 * a packed panel, so nothing past A is read.
 *
 * Only where op(B) is narrow: a square product reuses each A panel n / NR
 * times, which amortises packing, and its in-place panel (lda apart, often
 * a multiple of 4 KB) thrashes the cache sets: 0.58x of v6 at 1024^3.
 * Other products, and a transposed op(A), run v6.
 * Every element of C sums over p in order 0 .. k-1 in slices of a depth
 * set by the product's n: the same bits for any thread count (not v6's:
 * the slices differ).
 * Bench: ./bench/bench_gemm --kernel v6,v7 --threads 1,2
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/pack.h"
#include "kernels/ukr.h"

/* op(B) at most this wide is read this way: d = 64 and 128 measured
 * 1.02-1.08x and 1.02-1.05x of v6 for A H' at n = 10000, 1024^3 0.58x. */
#define ROWS_MAX_N 128

/* Depth of a slice. The A panel (MR_WIDE rows x KC_ROWS, 128 KB float)
 * lives in L2 while the n / NR tiles of its rows use it; C is read and
 * written once per slice. A H' at n = 10000, d = 64, % of peak on 1 / 2
 * threads: 256: 66 / 64, 512: 69 / 67, 1024: 71 / 70, 2048: 67 / 66,
 * 4096: 46 / 44 (the panel no longer fits L2). */
#define KC_ROWS 1024

/* ... but half that when the packed B block (slice x n) would pass
 * 256 KB, so it shares L2 with the A panel: at d = 128 (512 KB at 1024
 * deep) 512 deep ran A H' at 336-342 GFLOP/s on 2 threads against
 * 325-326 (d = 64: the same either way). Never below 512, which v8's
 * chunks rely on (blocking.c's KC_MAX). */
#define B_BLOCK_BYTES (256 * 1024)
#define KC_ROWS_MIN (KC_ROWS / 2)

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

/* The serial product of a slab, `depth` (a size_t) its slice depth. */
static void rows_nest(const void *depth, nmf_trans ta, nmf_trans tb,
                      size_t m, size_t n, size_t k, const nmf_real *a,
                      size_t lda, const nmf_real *b, size_t ldb,
                      nmf_real beta, nmf_real *c, size_t ldc)
{
    size_t kc_rows = *(const size_t *)depth;
    nmf_real *apack, *bpack;
    if (nmfi_pack_buffers_kc(MR_WIDE, kc_rows, MR_WIDE, n, k, &apack,
                             &bpack) != 0) {
        /* gemm has no error return: still give the right answer. */
        nmfi_gemm_v2_blocked(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    size_t m_whole = m / MR_WIDE * MR_WIDE;
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
                    nmfi_ukr_wide_rows(min_size(NR, nc - jr), kc, ai, lda,
                                       bpack + jr * kc, beta_p,
                                       c + ir + (jc + jr) * ldc, ldc);
            }
            if (m_whole < m) {
                size_t mr = m - m_whole;
                nmfi_pack_a(ta, MR_WIDE, mr, kc, a, lda, m_whole, pc, apack);
                for (size_t jr = 0; jr < nc; jr += NR)
                    nmfi_ukr_wide_tile(mr, min_size(NR, nc - jr), kc, apack,
                                       bpack + jr * kc, beta_p,
                                       c + m_whole + (jc + jr) * ldc, ldc);
            }
        }
    }
    nmfi_pack_release(apack, bpack);
}

void nmfi_gemm_v7_rows(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                       size_t k, const nmf_real *a, size_t lda,
                       const nmf_real *b, size_t ldb, nmf_real beta,
                       nmf_real *c, size_t ldc)
{
    if (ta != NMF_NOTRANS || n > ROWS_MAX_N) {
        nmfi_gemm_v6_inplace(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    /* KC_ROWS deep while the B block fits B_BLOCK_BYTES, else half; from
     * the whole product's n, never a slab's: the bits must not depend on
     * how C is shared. */
    size_t depth = KC_ROWS * n * sizeof(nmf_real) <= B_BLOCK_BYTES
                       ? KC_ROWS : KC_ROWS_MIN;
    nmfi_gemm_slabs(rows_nest, &depth, MR_WIDE, ta, tb, m, n, k, a, lda, b,
                    ldb, beta, c, ldc);
}
