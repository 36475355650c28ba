/* gemm_v4_omp.c -- step 4: v3 on all cores, same answer on any number.
 *
 * C is cut into one slab per thread along its longer side (whole MR rows
 * or NR columns, so the slabs tile C exactly as v3 does), and each thread
 * runs v3 on its own slab with its own packing buffers. No thread waits for
 * another until the end of the call: on a shared machine, where a core may
 * be busy with someone else's work, a barrier per packed block (the BLIS
 * way) costs a scheduler time slice each time the slow thread is off the
 * CPU. The price is that each thread packs the shared operand itself; for
 * NMF's thin products (64 x 10000 and 1728 x 64) that operand is the small
 * one (W or H). Every element of C is computed by one thread by v3's own
 * arithmetic, so the result is bitwise v3's for any thread count.
 * Bench: ./bench/bench_gemm --kernel v3,v4 --threads 1,2
 *
 * nmfi_gemm_slabs takes the serial product, what it needs besides the
 * operands (here the tiling) and its tile height, so steps 5-7 split C the
 * same way around their own serial products.
 */
#include <config.h>

#include "core/threads.h"
#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/ukr.h"

void nmfi_gemm_slabs(nmfi_slab_fn serial, const void *ctx, size_t mr,
                     nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                     size_t k, const nmf_real *a, size_t lda,
                     const nmf_real *b, size_t ldb, nmf_real beta,
                     nmf_real *c, size_t ldc)
{
    /* Split the longer side, in whole micro-tiles. */
    int by_columns = n >= m;
    size_t unit = by_columns ? NR : mr;
    size_t extent = by_columns ? n : m;
    size_t units = (extent + unit - 1) / unit;

    /* A team pays off only with several tiles per thread and more than
     * about a megaflop: a thin slab repacks the whole shared operand for
     * little work (the 64 x 64 Gram matrices ran at 0.8-0.9x of v3 on two
     * threads), and v3 gives the same bits. */
    /* Inside a team already (v8's depth chunks): this thread does it all. */
    size_t threads = nmfi_in_team() ? 1 : (size_t)nmfi_threads_max();
    if (threads == 1 || units < 8 * threads ||
        2.0 * (double)m * (double)n * (double)k < 1e6) {
        serial(ctx, ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }

#pragma omp parallel
    {
        size_t lo, hi;
        nmfi_team_share(units, &lo, &hi);
        lo *= unit;
        hi = hi * unit < extent ? hi * unit : extent;
        if (lo < hi) {
            if (by_columns) {
                /* Columns lo..hi of C need columns lo..hi of op(B). */
                const nmf_real *bs = tb == NMF_NOTRANS ? b + lo * ldb : b + lo;
                serial(ctx, ta, tb, m, hi - lo, k, a, lda, bs, ldb, beta,
                       c + lo * ldc, ldc);
            } else {
                /* Rows lo..hi of C need rows lo..hi of op(A). */
                const nmf_real *as = ta == NMF_NOTRANS ? a + lo : a + lo * lda;
                serial(ctx, ta, tb, hi - lo, n, k, as, lda, b, ldb, beta,
                       c + lo, ldc);
            }
        }
    }
}

void nmfi_gemm_v4_omp(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                      size_t k, const nmf_real *a, size_t lda,
                      const nmf_real *b, size_t ldb, nmf_real beta,
                      nmf_real *c, size_t ldc)
{
    nmfi_gemm_slabs(nmfi_gemm_packed_slab, &nmfi_tiling_narrow, MR, ta, tb, m,
                    n, k, a, lda, b, ldb, beta, c, ldc);
}
