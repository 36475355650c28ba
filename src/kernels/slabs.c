/* slabs.c -- one slab of C per thread, each running a nest (nests.h):
 * step 4's way of sharing, which steps 5-7 and the rows, cols and packed
 * families reuse.
 *
 * C is cut along its longer side into one slab per thread, in whole
 * micro-tiles (MR-row or NR-column units, so the slabs tile C exactly as
 * the nest would), and each thread runs the nest on its own slab with its
 * own packing buffers. No thread waits for another until the end of the
 * call: on a shared machine, where a core may be busy with someone else's
 * work, a barrier per packed block (the BLIS way) costs a scheduler time
 * slice each time the slow thread is off the CPU. The price is that each
 * thread packs the shared operand itself; for NMF's thin products that
 * operand is the small one (W or H). Every element of C is computed by
 * one thread by the nest's own arithmetic: the same bits for any team. */
#include <config.h>

#include "core/threads.h"
#include "kernels/blocking.h"
#include "kernels/nests.h"

void nmfi_slabs(nmfi_nest_fn nest, const void *ctx, size_t mr, nmf_trans ta,
                nmf_trans tb, size_t m, size_t n, size_t k,
                const nmf_real *a, size_t lda, const nmf_real *b, size_t ldb,
                nmf_real beta, nmf_real *c, size_t ldc)
{
    /* Split the longer side, in whole micro-tiles. */
    int by_columns = n >= m;
    size_t unit = by_columns ? NR : mr;
    size_t extent = by_columns ? n : m;
    size_t units = (extent + unit - 1) / unit;

    if (!nmfi_team_pays(m, n, k, units, nmfi_team_size())) {
        nest(ctx, ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
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
                nest(ctx, ta, tb, m, hi - lo, k, a, lda, bs, ldb, beta,
                     c + lo * ldc, ldc);
            } else {
                /* Rows lo..hi of C need rows lo..hi of op(A). */
                const nmf_real *as = ta == NMF_NOTRANS ? a + lo : a + lo * lda;
                nest(ctx, ta, tb, hi - lo, n, k, as, lda, b, ldb, beta,
                     c + lo, ldc);
            }
        }
    }
}
