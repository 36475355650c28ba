/* gemm_v8_split.c -- step 8: share a small, deep product by its depth.
 *
 * The Gram matrices of MU (W'W: 64 x 64 x 1728, H H': 64 x 64 x n) have a
 * C of 2 x 11 tiles and a long inner dimension. v4-v7 share C's tiles
 * between threads, and so few tiles either stay on one thread (v7 ran them
 * at 22-33 % of the two-thread peak) or give each thread a thin slab that
 * repacks the whole shared operand. Here the depth is cut instead, into
 * chunks K_0, K_1, ... whose number and ends depend on k alone (a power of
 * two, so 2, 4, 8 and 16 threads get equal shares; each at most KC deep):
 *     C = (((P_0 + beta C) + P_1) + P_2) + ...,
 *     P_ch = op(A)(:, K_ch) op(B)(K_ch, :),
 * element by element in that order, each P_ch by v7 on one thread.
 * One thread computes it as written: chunk 0 with beta, each later chunk
 * added into C by v7 with beta = 1 (no extra memory, no extra pass). A team
 * computes chunk 0 into C and the others into partial sums at the same
 * time, each thread packing only its chunk of both operands, then adds the
 * partials into C in chunk order. v7's tile adds its sum to C as
 * sum + 1 * C, which is the same rounding as C + P_ch, so both ways give
 * the same bits: v8 is deterministic for any thread count (its own bits,
 * not v7's, whose slices are deeper).
 * A C too big for the partials to be cheap, or a depth too shallow or too
 * deep to cut, runs v7 unchanged.
 * Bench: ./bench/bench_gemm --kernel v7,v8 --threads 1,2
 */
#include <config.h>

#include "core/threads.h"
#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/pack.h"

/* C at most this many rows and columns is split: the partials stay small
 * beside the product (64 KB each, float), and a C with a longer side has
 * enough tiles for v7 to share (W'A at n = 500, d = 16: 84 columns of
 * tiles). d = 128's Gram matrices are the largest MU splits. */
#define SPLIT_MAX_SIDE 128

/* At most this many chunks (the partials of a 64 x 64 C are then 1 MB);
 * deeper products run v7. */
#define SPLIT_MAX_CHUNKS 64

/* Chunks for a depth k: the fewest, as a power of two, of at most
 * `slice` each; 1 means no split. The slice is the packed nest's KC (256
 * here, never more than 512), so a chunk is at most one slice of every path
 * of v7 (v7's own 512 or 1024, v6's 2048, KC): v7 sums it in one pass and
 * adds that one sum to C, which is what makes "into C" and "into a
 * partial, added later" round the same. */
static size_t chunk_count(size_t k, size_t slice)
{
    if (k <= slice)
        return 1;
    size_t chunks = 2;
    while (chunks * slice < k && chunks < SPLIT_MAX_CHUNKS)
        chunks *= 2;
    return chunks * slice < k ? 1 : chunks;
}

/* First p of chunk c (c = chunks gives k). */
static size_t chunk_start(size_t c, size_t chunks, size_t k)
{
    return c * k / chunks;
}

/* Chunk ch of the depth, C_ch = op(A)(:, K_ch) op(B)(K_ch, :) + beta C_ch. */
static void chunk_product(size_t ch, size_t chunks, nmf_trans ta,
                          nmf_trans tb, size_t m, size_t n, size_t k,
                          const nmf_real *a, size_t lda, const nmf_real *b,
                          size_t ldb, nmf_real beta, nmf_real *c, size_t ldc)
{
    size_t p0 = chunk_start(ch, chunks, k);
    size_t kc = chunk_start(ch + 1, chunks, k) - p0;
    const nmf_real *ac = ta == NMF_NOTRANS ? a + p0 * lda : a + p0;
    const nmf_real *bc = tb == NMF_NOTRANS ? b + p0 : b + p0 * ldb;
    nmfi_gemm_v7_rows(ta, tb, m, n, kc, ac, lda, bc, ldb, beta, c, ldc);
}

void nmfi_gemm_v8_split(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                        size_t k, const nmf_real *a, size_t lda,
                        const nmf_real *b, size_t ldb, nmf_real beta,
                        nmf_real *c, size_t ldc)
{
    size_t chunks = chunk_count(k, nmfi_blocking_get()->kc);
    if (chunks == 1 || m > SPLIT_MAX_SIDE || n > SPLIT_MAX_SIDE) {
        nmfi_gemm_v7_rows(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    /* A team only for about a megaflop and more, and not inside one. */
    nmf_real *partials = NULL;
    if (nmfi_threads_max() > 1 && !nmfi_in_team()
        && 2.0 * (double)m * (double)n * (double)k >= 1e6)
        partials = nmfi_scratch_take((chunks - 1) * m * n);
    if (!partials) {
        /* On one thread each chunk adds itself into C, in order. */
        for (size_t ch = 0; ch < chunks; ch++)
            chunk_product(ch, chunks, ta, tb, m, n, k, a, lda, b, ldb,
                          ch == 0 ? beta : 1, c, ldc);
        return;
    }

    size_t direct_end = 0;  /* end of the run that went straight into C */
    #pragma omp parallel
    {
        /* A run of chunks per thread. Rank 0's, which holds chunk 0, goes
         * into C as one thread would; the others go to partials. */
        size_t lo, hi;
        nmfi_team_share(chunks, &lo, &hi);
        int direct = lo == 0;
        if (direct)
            direct_end = hi;
        for (size_t ch = lo; ch < hi; ch++) {
            if (direct)
                chunk_product(ch, chunks, ta, tb, m, n, k, a, lda, b, ldb,
                              ch == 0 ? beta : 1, c, ldc);
            else
                chunk_product(ch, chunks, ta, tb, m, n, k, a, lda, b, ldb,
                              0, partials + (ch - 1) * m * n, m);
        }
        #pragma omp barrier
        /* Then the partials into C in chunk order. */
        #pragma omp for schedule(static)
        for (size_t j = 0; j < n; j++) {
            nmf_real *cj = c + j * ldc;
            for (size_t ch = direct_end; ch < chunks; ch++) {
                const nmf_real *pj = partials + (ch - 1) * m * n + j * m;
                #pragma omp simd
                for (size_t i = 0; i < m; i++)
                    cj[i] += pj[i];
            }
        }
    }
    nmfi_scratch_give_back(partials);
}
