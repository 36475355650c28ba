/* gemm_v8_split.c -- step 8: share a small, deep product by its depth.
 *
 * Idea: a C of few tiles and a long k (MU's Gram matrices) cannot be
 * shared by its tiles, so cut k into chunks (a power of two, each at most
 * KC deep, ends from k alone), C = ((P_0 + beta C) + P_1) + ..., each
 * thread summing its run of chunks into a partial, added in chunk order.
 * Since v7: threads share the depth, not C; the same bits on any count.
 * Bench: ./bench/bench_gemm --kernel v7,v8 --threads 1,2 --shapes mu
 */
#include <config.h>

#include "core/threads.h"
#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/nests.h"
#include "kernels/pack.h"
#include "kernels/ukr.h"

/* Chunks for a depth k: the fewest, as a power of two, of at most `slice`
 * each (the packed nest's KC, so a chunk is one slice: its sum is added
 * to C once, which is what makes "into C" and "into a partial, added
 * later" round the same); 1 when k is shallower than two or deeper than
 * NMFI_SPLIT_MAX_CHUNKS slices. */
static size_t chunk_count(size_t k, size_t slice)
{
    if (k <= slice)
        return 1;
    size_t chunks = 2;
    while (chunks * slice < k && chunks < NMFI_SPLIT_MAX_CHUNKS)
        chunks *= 2;
    return chunks * slice < k ? 1 : chunks;
}

/* First p of chunk c (c = chunks gives k). */
static size_t chunk_start(size_t c, size_t chunks, size_t k)
{
    return c * k / chunks;
}

/* Chunk ch of the depth, C_ch = op(A)(:, K_ch) op(B)(K_ch, :) + beta C_ch,
 * by the packed nest with the MR_WIDE tile, on one slab per thread when
 * it runs outside a team. */
static void chunk_product(size_t ch, size_t chunks, nmf_trans ta,
                          nmf_trans tb, size_t m, size_t n, size_t k,
                          const nmf_real *a, size_t lda, const nmf_real *b,
                          size_t ldb, nmf_real beta, nmf_real *c, size_t ldc)
{
    size_t p0 = chunk_start(ch, chunks, k);
    size_t kc = chunk_start(ch + 1, chunks, k) - p0;
    const nmf_real *ac = ta == NMF_NOTRANS ? a + p0 * lda : a + p0;
    const nmf_real *bc = tb == NMF_NOTRANS ? b + p0 : b + p0 * ldb;
    nmfi_slabs(nmfi_nest_packed, &nmfi_tiling_2mr_nr, MR_WIDE, ta, tb, m, n,
               kc, ac, lda, bc, ldb, beta, c, ldc);
}

void nmfi_gemm_v8_split(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                        size_t k, const nmf_real *a, size_t lda,
                        const nmf_real *b, size_t ldb, nmf_real beta,
                        nmf_real *c, size_t ldc)
{
    size_t chunks = chunk_count(k, nmfi_blocking_get()->kc);
    /* Partials only for a small C (a big one shares its own tiles, chunk
     * by chunk), a team, and about a megaflop or more. */
    nmf_real *partials = NULL;
    if (chunks > 1 && m <= NMFI_SMALL_C_SIDE && n <= NMFI_SMALL_C_SIDE
        && nmfi_team_size() > 1
        && 2.0 * (double)m * (double)n * (double)k >= NMFI_TEAM_MIN_FLOPS)
        partials = nmfi_scratch_take((chunks - 1) * m * n);
    if (!partials) {
        /* Each chunk adds itself into C, in order. */
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
