/* gemm_v9_shared.c -- step 9: the team packs op(A) once and shares it.
 *
 * In v6 every thread of a team packs all of op(A) for its own slab of C's
 * columns. For MU's W'A that is all of W' on each core (4 % of the
 * product on one thread, done twice), and it leaves every line of W in
 * both cores' caches just before the W update writes W: each line the
 * update writes must first be taken from the other core (at n = 500 the
 * W update ran as long on two threads as on one). The same holds for H
 * in H A' and the H update.
 * Here the threads pack op(A) together into one shared copy, each the
 * steps p of its share of k (p is a row of W in W'A, a column of H in
 * H A': the rows and columns that thread updates next, since the updates
 * deal their tiles the same way), and after one barrier each thread runs
 * v6's loops over its columns of C, reading the shared panels. The
 * slices, blocks and micro-kernel calls are v6's: v6's bits, for any
 * thread count. Products this does not fit (op(B) transposed, C too
 * narrow to share by columns, small, or inside a team) run v8.
 * Bench: ./bench/bench_gemm --kernel v8,v9 --threads 1,2
 */
#include <config.h>

#include "core/steal.h"
#include "core/threads.h"
#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/pack.h"

/* Steps of p per share of the packing: a W update tile's rows (half an
 * H update tile's columns), so the shares end where the tiles do. */
#define PACK_UNIT 128

/* v11 steals C's strips only while the packed op(A) takes at most this
 * many L3 shares: every piece reads all of it again (gemm_v11_steal.c). */
#define STEAL_MAX_PACKED_L3 2

/* C narrower than this goes to v8 (its v7 or depth split). */
#define SHARED_MIN_N 129

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

/* m rounded up to whole panels: the rows of each packed slice. */
static size_t panel_rows(size_t m)
{
    return (m + MR_WIDE - 1) / MR_WIDE * MR_WIDE;
}

/* Worth a team, as nmfi_gemm_slabs judges one: several NR columns of C
 * per thread and about a megaflop or more. */
static int team_pays(size_t m, size_t n, size_t k, size_t threads)
{
    size_t units = (n + NR - 1) / NR;
    return threads > 1 && n >= m && units >= 8 * threads
           && 2.0 * (double)m * (double)n * (double)k >= 1e6;
}

/* This thread's share of the packing: steps plo .. phi of every slice,
 * each MR_WIDE-row panel packed where v6 would put it. */
static void pack_share(nmf_trans ta, size_t m, size_t k, size_t kc_block,
                       const nmf_real *a, size_t lda, size_t plo,
                       size_t phi, nmf_real *packed)
{
    size_t rows = panel_rows(m);
    for (size_t pc = 0; pc < k; pc += kc_block) {
        size_t kc = min_size(kc_block, k - pc);
        size_t q0 = plo > pc ? plo : pc;
        size_t q1 = min_size(phi, pc + kc);
        nmf_real *slice = packed + pc * rows;
        for (size_t i0 = 0; q0 < q1 && i0 < m; i0 += MR_WIDE)
            nmfi_pack_a(ta, MR_WIDE, min_size(MR_WIDE, m - i0), q1 - q0, a,
                        lda, i0, q0, slice + i0 * kc + (q0 - pc) * MR_WIDE);
    }
}

/* Columns jlo .. jhi of C from the shared panels, v6's loops. */
static void compute_share(size_t m, size_t k, size_t kc_block,
                          const nmf_real *packed, const nmf_real *b,
                          size_t ldb, nmf_real beta, nmf_real *c, size_t ldc,
                          size_t jlo, size_t jhi, nmf_real *bpack)
{
    size_t rows = panel_rows(m);
    size_t mc_block = nmfi_blocking_get()->mc;
    for (size_t pc = 0; pc < k; pc += kc_block) {
        size_t kc = min_size(kc_block, k - pc);
        const nmf_real *slice = packed + pc * rows;
        for (size_t ic = 0; ic < m; ic += mc_block)
            nmfi_gemm_v6_block(min_size(mc_block, m - ic), jhi - jlo, kc, pc,
                               slice + ic * kc, b + jlo * ldb, ldb,
                               pc == 0 ? beta : 1, c + ic + jlo * ldc, ldc,
                               bpack);
    }
}

void nmfi_gemm_v9_team(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                       size_t k, const nmf_real *a, size_t lda,
                       const nmf_real *b, size_t ldb, nmf_real beta,
                       nmf_real *c, size_t ldc, int steal)
{
    size_t threads = nmfi_in_team() ? 1 : (size_t)nmfi_threads_max();
    nmf_real *packed = NULL;
    if (tb == NMF_NOTRANS && n >= SHARED_MIN_N && team_pays(m, n, k, threads))
        packed = nmfi_scratch_take(panel_rows(m) * k);
    if (!packed) {
        nmfi_gemm_v8_split(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    size_t kc_block = nmfi_gemm_v6_depth(m, k);
    size_t strips = (n + NR - 1) / NR;
    steal = steal && panel_rows(m) * k * sizeof(nmf_real)
                         <= STEAL_MAX_PACKED_L3
                                * nmfi_blocking_get()->l3_share;
    int failed = 0;
    nmfi_steal pool;
    if (steal)
        nmfi_steal_init(&pool, strips, threads);
    #pragma omp parallel
    {
        size_t lo, hi;
        nmfi_team_share((k + PACK_UNIT - 1) / PACK_UNIT, &lo, &hi);
        pack_share(ta, m, k, kc_block, a, lda, lo * PACK_UNIT,
                   min_size(hi * PACK_UNIT, k), packed);
        /* The fringe panel of B, kc x NR, from this thread's cache. */
        nmf_real *apack, *bpack;
        int mine_ok = nmfi_pack_buffers_kc(MR_WIDE, kc_block, MR_WIDE, NR, k,
                                           &apack, &bpack) == 0;
        if (!mine_ok) {
            #pragma omp atomic write
            failed = 1;
        }
        #pragma omp barrier
        if (!failed && steal) {
            while (nmfi_steal_next(&pool, &lo, &hi))
                compute_share(m, k, kc_block, packed, b, ldb, beta, c, ldc,
                              lo * NR, min_size(hi * NR, n), bpack);
        } else if (!failed) {
            nmfi_team_share(strips, &lo, &hi);
            if (lo < hi)
                compute_share(m, k, kc_block, packed, b, ldb, beta, c, ldc,
                              lo * NR, min_size(hi * NR, n), bpack);
        }
        if (mine_ok)
            nmfi_pack_release(apack, bpack);
    }
    nmfi_scratch_give_back(packed);
    /* Out of memory for a B fringe buffer: C untouched, v8 does it all. */
    if (failed)
        nmfi_gemm_v8_split(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
}

void nmfi_gemm_v9_shared(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                         size_t k, const nmf_real *a, size_t lda,
                         const nmf_real *b, size_t ldb, nmf_real beta,
                         nmf_real *c, size_t ldc)
{
    nmfi_gemm_v9_team(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc, 0);
}
