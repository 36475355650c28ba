/* mu_update.c -- fused MU update kernels (see mu_update.h).
 *
 * The small products with the Gram matrices are 2 d^2 flops per column of
 * H and per row of W (4 % of an iteration at m = 1728, d = 64), but written
 * as plain simd loops they ran at 9 GFLOP/s and took 10 % of the time
 * (`nmfkit factor --profile`). So each tile's product goes through step
 * 7's GEMM on one thread (the tiles are the parallel loop), which reads
 * the tile where it lies instead of packing it (nmfi_gemm_packed, packing
 * both operands, ran the H update at d = 128 and n = 10000 in 5.3 ms on
 * one thread, this 4.4), and the multiply/divide follows while the tile
 * is still in L2.
 *
 * The Gram matrix of the new factor (H H', 2 d^2 n flops, as much as the
 * update) was a separate GEMM on one thread: d x d is too small to split
 * into output tiles, and reading H again cost 0.65 ms of a 17 ms
 * iteration on two threads. Here each tile adds its own H_t H_t' while it
 * is in cache. Tiles are dealt to a fixed number of groups (from the size
 * of the factor only, never the thread count); a group's tiles run in
 * order on one thread and sum into the group's partial, and the partials
 * are added in group order, so the bits do not depend on the team. A
 * Gram matrix is symmetric: each tile computes the blocks on and below
 * its diagonal only (gram_lower_w, gram_lower_h) and the sum mirrors
 * them, 5/8 of the flops at d = 128 (H update 4.4 -> 3.9 ms on one
 * thread, best of 30).
 *
 * Tile sizes: an H tile of MU_COLS columns needs a d x MU_COLS denominator
 * (64 x 256 floats = 64 KiB for d = 64), a W tile of MU_ROWS rows an
 * MU_ROWS x d one; both are multiples of MR_WIDE, so only the last tile
 * has a fringe. MU_ROWS = 128 gives m = 1728 fourteen tiles, which two
 * threads share evenly (256 gave seven: 4 + 3). */
#include <config.h>

#include <stdlib.h>

#include "core/error.h"
#include "core/threads.h"
#include "kernels/gemm.h"
#include "kernels/mu_update.h"
#include "kernels/pack.h"
#include "kernels/tiles.h"
#include "kernels/transpose.h"
#include "kernels/ukr.h"

enum { MU_COLS = 256, MU_ROWS = 128, GROUPS_MAX = 64 };
_Static_assert(MU_ROWS <= MU_COLS, "nmfi_mu_gram_partials counts W tiles");

/* Tiles of `len` split into groups: consecutive runs, at most GROUPS_MAX. */
static size_t group_count(size_t tiles)
{
    return tiles < GROUPS_MAX ? tiles : GROUPS_MAX;
}

static size_t group_first(size_t g, size_t tiles, size_t groups)
{
    return g * tiles / groups;
}

size_t nmfi_mu_gram_partials(size_t len, size_t d)
{
    /* MU_ROWS <= MU_COLS: cut in W's tiles, len has the most tiles. */
    return group_count((len + MU_ROWS - 1) / MU_ROWS) * d * d;
}

/* The first column of the Gram matrix's lower triangle (d(d+1)/2 values,
 * column j holding d - j) at or after `value`, counted column by column. */
static size_t triangle_column(size_t d, size_t value)
{
    size_t j = 0, before = 0;
    while (j < d && before < value)
        before += d - j++;
    return j;
}

/* gram = the sum of the groups' partials, each element in group order;
 * run by every team member, each on columns holding an equal share of the
 * lower triangle (the long first columns split evenly: an even split of
 * the columns gave the first thread 3/4 of the sums). Only the lower
 * triangle of the partials is computed (gram_lower_w, gram_lower_h); each
 * column's sums are copied to the row above the diagonal that mirrors it,
 * so the Gram matrix is exactly symmetric. */
static void add_partials(size_t d, size_t groups, const nmf_real *partials,
                         nmf_real *gram, size_t ldgram)
{
    size_t lo, hi;
    nmfi_team_share(d * (d + 1) / 2, &lo, &hi);
    size_t jhi = triangle_column(d, hi);
    for (size_t j = triangle_column(d, lo); j < jhi; j++) {
        nmf_real *gj = gram + j * ldgram;
        const nmf_real *pj = partials + j * d;
        #pragma omp simd
        for (size_t i = j; i < d; i++)
            gj[i] = pj[i];
        for (size_t g = 1; g < groups; g++) {
            const nmf_real *pg = pj + g * d * d;
            #pragma omp simd
            for (size_t i = j; i < d; i++)
                gj[i] += pg[i];
        }
        for (size_t i = j + 1; i < d; i++)
            gram[j + i * ldgram] = gj[i];
    }
}

/* The lower triangle (and a little more) of part = W_t' W_t + beta part
 * for a W tile `len` rows deep: each MR_WIDE block of W_t's columns
 * against the columns up to its diagonal. d = 64 computes 3 of 4 blocks
 * of 32 x 32, d = 128 10 of 16. (H's tiles: gram_lower_h.) */
static void gram_lower_w(size_t d, size_t len, const nmf_real *x,
                         size_t ldx, nmf_real beta, nmf_real *part)
{
    for (size_t ir = 0; ir < d; ir += MR_WIDE) {
        size_t rows = d - ir < MR_WIDE ? d - ir : MR_WIDE;
        nmfi_gemm_v7_rows(NMF_TRANS, NMF_NOTRANS, rows, ir + rows, len,
                          x + ir * ldx, ldx, x, ldx, beta, part + ir, d);
    }
}

/* The same for H_t H_t' of an H tile, with H_t' packed once into `bpack`
 * (len x round_up(d, NR)) for all the row blocks: through v7 each block
 * packed its own columns again, 2.5 x the packing at d = 128 (11 % of the
 * H update on one thread). Each
 * block's last panel may reach past its diagonal block: those elements
 * are above the diagonal, which add_partials never reads. */
static void gram_lower_h(size_t d, size_t len, const nmf_real *x,
                         size_t ldx, nmf_real beta, nmf_real *part,
                         nmf_real *bpack)
{
    nmfi_pack_b(NMF_TRANS, len, d, x, ldx, 0, 0, bpack);
    for (size_t ir = 0; ir < d; ir += MR_WIDE) {
        size_t rows = d - ir < MR_WIDE ? d - ir : MR_WIDE;
        if (rows < MR_WIDE) {
            /* The last rows, fewer than a panel: v7 packs them. */
            nmfi_gemm_v7_rows(NMF_NOTRANS, NMF_TRANS, rows, d, len, x + ir,
                              ldx, x, ldx, beta, part + ir, d);
            continue;
        }
        for (size_t jr = 0; jr < ir + rows; jr += NR)
            nmfi_ukr_wide_rows(d - jr < NR ? d - jr : NR, len, x + ir, ldx,
                               bpack + jr * len, beta, part + ir + jr * d, d);
    }
}

/* The multiply/divide of the updates, x = x .* num ./ (den + delta), cols
 * columns of `len`, and for the W update the cross term <x_new, num>.
 * Built for AVX-512 and AVX2 beside the portable default like the
 * micro-kernels: a generic build otherwise runs it 4 floats at a time
 * (SSE2), and the division made it a quarter of the H update at d = 64.
 * Multiply, add and divide round the same at any width; the cross term's
 * sum is split by the vector width, so its bits are the clone's (one
 * clone per machine: the same for any thread count). */
#ifdef NMF_HAVE_TARGET_CLONES
__attribute__((target_clones("avx512f", "arch=x86-64-v3", "default")))
#endif
static double divide_columns(size_t len, size_t cols, nmf_real *x,
                             size_t ldx, const nmf_real *num, size_t ldnum,
                             const nmf_real *den, size_t ldden,
                             nmf_real delta, int want_cross)
{
    double cross = 0.0;
    for (size_t j = 0; j < cols; j++) {
        nmf_real *xj = x + j * ldx;
        const nmf_real *nj = num + j * ldnum;
        const nmf_real *dj = den + j * ldden;
        if (want_cross) {
            #pragma omp simd reduction(+:cross)
            for (size_t i = 0; i < len; i++) {
                nmf_real v = xj[i] * nj[i] / (dj[i] + delta);
                xj[i] = v;
                cross += (double)v * (double)nj[i];
            }
        } else {
            #pragma omp simd
            for (size_t i = 0; i < len; i++)
                xj[i] = xj[i] * nj[i] / (dj[i] + delta);
        }
    }
    return cross;
}

/* One update, of H (tiles of columns) or of W (tiles of rows). */
typedef struct update update;
typedef void (*update_tile_fn)(const update *u, size_t t, nmf_real *den,
                               nmf_real *part, nmf_real beta);
struct update {
    size_t d, len;        /* rank; the factor's long side (n or m)       */
    nmf_real *x;          /* the factor, H or W                          */
    size_t ldx;
    const nmf_real *num;  /* W'A or A H'                                 */
    size_t ldnum;
    nmf_trans num_t;      /* W update: NMF_TRANS if num holds (A H)'     */
    const nmf_real *g;    /* W'W for H, H H' for W                       */
    size_t ldg;
    nmf_real delta;
    update_tile_fn tile;
    size_t tiles, groups;
    size_t scratch;       /* nmf_reals of scratch per thread             */
    nmf_real *partials;   /* NULL: no Gram matrix wanted                 */
    nmf_real *gram;       /* where their sum goes                        */
    size_t ldgram;
    double *cross;        /* W update: <W_new, num> per tile, or NULL    */
};

/* Columns t MU_COLS .. of H, with den (d x MU_COLS) as scratch and the
 * packed H_t' after it; then the tile's H_t H_t' into `part` (beta 0:
 * the group's first tile, else 1). */
static void update_h_tile(const update *u, size_t t, nmf_real *den,
                          nmf_real *part, nmf_real beta)
{
    size_t d = u->d, j0 = t * MU_COLS;
    size_t jb = u->len - j0 < MU_COLS ? u->len - j0 : MU_COLS;
    nmf_real *ht = u->x + j0 * u->ldx;
    /* den (d x jb) = G H(:, j0 : j0 + jb) */
    nmfi_gemm_v7_rows(NMF_NOTRANS, NMF_NOTRANS, d, jb, d, u->g, u->ldg, ht,
                      u->ldx, 0, den, d);
    divide_columns(d, jb, ht, u->ldx, u->num + j0 * u->ldnum, u->ldnum, den,
                   d, u->delta, 0);
    if (part)
        gram_lower_h(d, jb, ht, u->ldx, beta, part, den + d * MU_COLS);
}

/* The tile's rows i0 .. i0 + ib of the numerator from its transpose
 * (d x m): into `to` (ib x d), a transpose in 8 x 8 register blocks
 * (element by element it took a fifth of the W update). */
static void numerator_rows(const update *u, size_t i0, size_t ib,
                           nmf_real *restrict to)
{
    nmfi_transpose_serial(u->d, ib, u->num + i0 * u->ldnum, u->ldnum, to,
                          ib);
}

/* Rows t MU_ROWS .. of W, with den (MU_ROWS x d) as scratch, and another
 * MU_ROWS x d after it for the numerator when it comes transposed; then
 * the tile's W_t' W_t into `part`. */
static void update_w_tile(const update *u, size_t t, nmf_real *den,
                          nmf_real *part, nmf_real beta)
{
    size_t d = u->d, i0 = t * MU_ROWS;
    size_t ib = u->len - i0 < MU_ROWS ? u->len - i0 : MU_ROWS;
    nmf_real *wt = u->x + i0;
    /* The numerator's rows of this tile: in place, or copied from its
     * transpose to the same layout (the same arithmetic follows). */
    const nmf_real *num = u->num + i0;
    size_t ldnum = u->ldnum;
    if (u->num_t == NMF_TRANS) {
        nmf_real *rows = den + MU_ROWS * d;
        numerator_rows(u, i0, ib, rows);
        num = rows;
        ldnum = ib;
    }
    /* den (ib x d, ld ib) = W(i0 : i0 + ib, :) S */
    nmfi_gemm_v7_rows(NMF_NOTRANS, NMF_NOTRANS, ib, d, d, wt, u->ldx, u->g,
                      u->ldg, 0, den, ib);
    /* The new W against the numerator A H' while both are in L1: the
     * error's cross term <W, A H'>, which was one more pass over both. */
    double cross = divide_columns(ib, d, wt, u->ldx, num, ldnum, den, ib,
                                  u->delta, u->cross != NULL);
    if (u->cross)
        u->cross[t] = cross;
    if (part)
        gram_lower_w(d, ib, wt, u->ldx, beta, part);
}

/* Group g's tiles in order on this thread, summing into its partial. */
static void update_group(size_t g, void *scratch, void *ctx)
{
    const update *u = ctx;
    size_t first = group_first(g, u->tiles, u->groups);
    size_t end = group_first(g + 1, u->tiles, u->groups);
    nmf_real *part = u->partials ? u->partials + g * u->d * u->d : NULL;
    for (size_t t = first; t < end; t++)
        u->tile(u, t, scratch, part, t == first ? 0 : 1);
}

/* The Gram matrix from the groups' partials, by the team that ran them. */
static void sum_groups(void *ctx)
{
    const update *u = ctx;
    if (u->partials)
        add_partials(u->d, u->groups, u->partials, u->gram, u->ldgram);
}

/* Both updates: tiles of `tile_len` along the factor's long side, dealt
 * to groups, then the Gram matrix from the groups' partials. */
static nmf_status run_update(update *u, size_t tile_len, nmf_real *gram,
                             size_t ldgram, nmf_real *partials)
{
    u->tiles = (u->len + tile_len - 1) / tile_len;
    u->groups = group_count(u->tiles);
    u->partials = gram ? partials : NULL;
    u->gram = gram;
    u->ldgram = ldgram;
    return nmfi_for_tiles_then(u->groups, u->scratch * sizeof(nmf_real),
                               u->d * u->len > 16384, update_group,
                               sum_groups, u);
}

nmf_status nmfi_mu_update_h(size_t d, size_t n, nmf_real *h, size_t ldh,
                            const nmf_real *num, size_t ldnum,
                            const nmf_real *g, size_t ldg, nmf_real delta,
                            nmf_real *hht, size_t ldhht, nmf_real *partials)
{
    /* The denominator's tile, then H_t' packed. */
    size_t packed = MU_COLS * ((d + NR - 1) / NR * NR);
    update u = {.d = d, .len = n, .x = h, .ldx = ldh, .num = num,
                .ldnum = ldnum, .num_t = NMF_NOTRANS, .g = g, .ldg = ldg,
                .delta = delta, .tile = update_h_tile,
                .scratch = d * MU_COLS + packed};
    return run_update(&u, MU_COLS, hht, ldhht, partials);
}

nmf_status nmfi_mu_update_w(size_t m, size_t d, nmf_real *w, size_t ldw,
                            const nmf_real *num, size_t ldnum,
                            nmf_trans num_t, const nmf_real *s, size_t lds,
                            nmf_real delta, nmf_real *wtw, size_t ldwtw,
                            nmf_real *partials, double *cross)
{
    /* The denominator's tile, and the numerator's if it is transposed. */
    size_t buffers = num_t == NMF_TRANS ? 2 : 1;
    update u = {.d = d, .len = m, .x = w, .ldx = ldw, .num = num,
                .ldnum = ldnum, .num_t = num_t, .g = s, .ldg = lds,
                .delta = delta, .tile = update_w_tile,
                .scratch = buffers * d * MU_ROWS};
    size_t tiles = (m + MU_ROWS - 1) / MU_ROWS;
    if (cross) {
        u.cross = malloc(tiles * sizeof *u.cross);
        if (!u.cross)
            return nmfi_error(NMF_E_NOMEM, "out of memory in the W update");
    }
    nmf_status st = run_update(&u, MU_ROWS, wtw, ldwtw, partials);
    if (cross && st == NMF_OK) {
        /* Tiles' sums added in tile order: the same for any team. */
        double total = 0.0;
        for (size_t t = 0; t < tiles; t++)
            total += u.cross[t];
        *cross = total;
    }
    free(u.cross);
    return st;
}
