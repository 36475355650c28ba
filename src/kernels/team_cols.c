/* team_cols.c -- a team packs op(A) once and shares C's column strips
 * (nests.h): steps 9 and 11, and the cols family on a wide C.
 *
 * In slabs (v6) every thread packs all of op(A) for its own columns of C.
 * For MU's W'A that is all of W' on each core, and it leaves every line of
 * W in both cores' caches just before the W update writes W: each line
 * the update writes must first be taken from the other core (at n = 500
 * the W update ran as long on two threads as on one). Here the threads
 * pack op(A) together into one shared copy, each the steps p of its share
 * of k (the rows of W, or columns of H, that thread updates next, since
 * the updates deal their tiles the same way), and after one barrier each
 * computes its strips of C from the shared panels with the cols nest's
 * block. Strips come in fixed shares, or (steal) from a pool in which a
 * thread that has finished takes the back half of the fullest other share
 * (core/steal.h): on a core another program is using, fixed shares wait
 * for it (an MU iteration at n = 10000 took 43-48 ms on two threads
 * against 24 on one). Every strip is computed the same way whichever
 * thread runs it: the cols nest's bits. */
#include <config.h>

#include "core/steal.h"
#include "core/threads.h"
#include "kernels/blocking.h"
#include "kernels/nests.h"
#include "kernels/pack.h"

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

/* m rounded up to whole panels: the rows of each packed slice. */
static size_t panel_rows(size_t m)
{
    return (m + MR_WIDE - 1) / MR_WIDE * MR_WIDE;
}

/* This thread's share of the packing: steps plo .. phi of every slice,
 * each MR_WIDE-row panel packed where the cols nest would put it. */
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

/* Columns jlo .. jhi of C from the shared panels, the cols nest's loops. */
static void compute_share(nmf_trans tb, size_t m, size_t k, size_t kc_block,
                          const nmf_real *packed, const nmf_real *b,
                          size_t ldb, nmf_real beta, nmf_real *c, size_t ldc,
                          size_t jlo, size_t jhi, nmf_real *bpack)
{
    size_t rows = panel_rows(m);
    size_t mc_block = nmfi_blocking_get()->mc;
    const nmf_real *bj = tb == NMF_NOTRANS ? b + jlo * ldb : b + jlo;
    for (size_t pc = 0; pc < k; pc += kc_block) {
        size_t kc = min_size(kc_block, k - pc);
        const nmf_real *slice = packed + pc * rows;
        for (size_t ic = 0; ic < m; ic += mc_block)
            nmfi_cols_block(tb, min_size(mc_block, m - ic), jhi - jlo, kc,
                            pc, slice + ic * kc, bj, ldb, pc == 0 ? beta : 1,
                            c + ic + jlo * ldc, ldc, bpack);
    }
}

void nmfi_cols_team(int steal, nmf_trans ta, nmf_trans tb, size_t m,
                    size_t n, size_t k, const nmf_real *a, size_t lda,
                    const nmf_real *b, size_t ldb, nmf_real beta,
                    nmf_real *c, size_t ldc)
{
    size_t kc_block = nmfi_depth_cols(m, k);
    nmf_real *packed = nmfi_scratch_take(panel_rows(m) * k);
    if (!packed) {
        /* The same bits from each thread's own packing. */
        nmfi_slabs(nmfi_nest_cols, &kc_block, MR_WIDE, ta, tb, m, n, k, a,
                   lda, b, ldb, beta, c, ldc);
        return;
    }
    size_t strips = (n + NR - 1) / NR;
    int failed = 0;
    nmfi_steal pool;
    if (steal)
        nmfi_steal_init(&pool, strips, nmfi_team_size());
    #pragma omp parallel
    {
        size_t lo, hi;
        size_t units = (k + NMFI_SHARED_PACK_UNIT - 1) / NMFI_SHARED_PACK_UNIT;
        nmfi_team_share(units, &lo, &hi);
        pack_share(ta, m, k, kc_block, a, lda, lo * NMFI_SHARED_PACK_UNIT,
                   min_size(hi * NMFI_SHARED_PACK_UNIT, k), packed);
        /* The kc x NR panel of a B strip not read in place, this thread's. */
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
                compute_share(tb, m, k, kc_block, packed, b, ldb, beta, c,
                              ldc, lo * NR, min_size(hi * NR, n), bpack);
        } else if (!failed) {
            nmfi_team_share(strips, &lo, &hi);
            if (lo < hi)
                compute_share(tb, m, k, kc_block, packed, b, ldb, beta, c,
                              ldc, lo * NR, min_size(hi * NR, n), bpack);
        }
        if (mine_ok)
            nmfi_pack_release(apack, bpack);
    }
    nmfi_scratch_give_back(packed);
    /* Out of memory for a strip buffer: C untouched, no buffers at all. */
    if (failed)
        nmfi_gemm_nobuf(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
}
