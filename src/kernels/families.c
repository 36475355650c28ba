/* families.c -- the product's kernel families (dispatch.h): a loop nest
 * and how a team shares it, with the product-level choices (team or not,
 * steal or not) made here from blocking.h's rules. */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/dispatch.h"
#include "kernels/nests.h"
#include "kernels/ukr.h"

static void gram(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k,
                 const nmf_real *a, size_t lda, const nmf_real *b,
                 size_t ldb, nmf_real beta, nmf_real *c, size_t ldc)
{
    /* One run of tiles per thread, for two tiles and about a megaflop or
     * more. */
    size_t tiles = (m + MR_WIDE - 1) / MR_WIDE * ((n + NR - 1) / NR);
    size_t runs = nmfi_team_size();
    if (tiles < 2 || 2.0 * (double)m * (double)n * (double)k
                         < NMFI_TEAM_MIN_FLOPS)
        runs = 1;
    nmfi_nest_gram(runs, ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
}

static void rows(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k,
                 const nmf_real *a, size_t lda, const nmf_real *b,
                 size_t ldb, nmf_real beta, nmf_real *c, size_t ldc)
{
    size_t depth = nmfi_depth_rows(n);
    nmfi_slabs(nmfi_nest_rows, &depth, MR_WIDE, ta, tb, m, n, k, a, lda, b,
               ldb, beta, c, ldc);
}

static void cols(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k,
                 const nmf_real *a, size_t lda, const nmf_real *b,
                 size_t ldb, nmf_real beta, nmf_real *c, size_t ldc)
{
    /* A wide C, shared by columns: one packing of op(A) for the team, its
     * strips stolen while that packing stays in cache. */
    size_t strips = (n + NR - 1) / NR;
    if (n >= NMFI_SHARED_MIN_N && n >= m
        && nmfi_team_pays(m, n, k, strips, nmfi_team_size())) {
        size_t packed = (m + MR_WIDE - 1) / MR_WIDE * MR_WIDE * k
                        * sizeof(nmf_real);
        int steal = packed <= NMFI_STEAL_MAX_PACKED_L3
                                  * nmfi_blocking_get()->l3_share;
        nmfi_cols_team(steal, ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    size_t depth = nmfi_depth_cols(m, k);
    nmfi_slabs(nmfi_nest_cols, &depth, MR_WIDE, ta, tb, m, n, k, a, lda, b,
               ldb, beta, c, ldc);
}

static void packed(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k,
                   const nmf_real *a, size_t lda, const nmf_real *b,
                   size_t ldb, nmf_real beta, nmf_real *c, size_t ldc)
{
    nmfi_slabs(nmfi_nest_packed, &nmfi_tiling_2mr_nr, MR_WIDE, ta, tb, m, n,
               k, a, lda, b, ldb, beta, c, ldc);
}

const nmfi_gemm_family nmfi_family_gram = {
    "gram", "C's tiles from both operands in place, runs of tiles per "
    "thread (v10)", gram};
const nmfi_gemm_family nmfi_family_rows = {
    "rows", "op(A) read in place, op(B) packed, a slab per thread (v7)",
    rows};
const nmfi_gemm_family nmfi_family_cols = {
    "cols", "op(B) read in place; op(A) packed once by the team, strips "
    "stolen (v9, v11), or a slab per thread (v6)", cols};
const nmfi_gemm_family nmfi_family_packed = {
    "packed", "both operands packed, MR_WIDE x NR tiles, a slab per "
    "thread (v5)", packed};
