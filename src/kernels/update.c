/* update.c -- the fused factor updates (see update.h): the tile loop, the
 * Gram matrix of the new factor from the tiles, and the two rules.
 *
 * The small products with the Gram matrices are 2 d^2 flops per column of
 * H and per row of W (4 % of an iteration at m = 1728, d = 64), but written
 * as plain simd loops they ran at 9 GFLOP/s and took 10 % of the time
 * (`nmfkit factor --profile`). So each tile's product goes through the
 * dispatcher's tile entry on one thread (the tiles are the parallel
 * loop), whose rows and cols families read the tile where it lies instead
 * of packing it (the packed family, packing both operands, ran the H
 * update at d = 128 and n = 10000 in 5.3 ms on one thread, this 4.4), and
 * the multiply/divide follows while the tile is still in L2.
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
 * Tile sizes: blocking.h's NMFI_UPDATE_COLS and NMFI_UPDATE_ROWS.
 *
 * HALS sweeps a tile's rows (hals_sweep.c), so an H tile is transposed
 * into scratch, with its numerator, swept there and transposed back; its
 * Gram partial then comes from the transposed copy, still in L2. A W tile
 * is swept where it lies. */
#include <config.h>

#include <stdlib.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/threads.h"
#include "kernels/blocking.h"
#include "kernels/dispatch.h"
#include "kernels/hals_sweep.h"
#include "kernels/isa.h"
#include "kernels/pack.h"
#include "kernels/tiles.h"
#include "kernels/transpose.h"
#include "kernels/ukr.h"
#include "kernels/update.h"

/* Tile sizes, group count and the padding of a transposed H tile:
 * blocking.h. */
enum { MU_COLS = NMFI_UPDATE_COLS, MU_ROWS = NMFI_UPDATE_ROWS,
       GROUPS_MAX = NMFI_UPDATE_GROUPS_MAX };
enum { TILE_LD = MU_COLS + NMFI_UPDATE_LD_PAD };
_Static_assert(MU_ROWS <= MU_COLS, "nmfi_update_partials counts W tiles");

/* Tiles of `len` split into groups: consecutive runs, at most GROUPS_MAX. */
static size_t group_count(size_t tiles)
{
    return tiles < GROUPS_MAX ? tiles : GROUPS_MAX;
}

static size_t group_first(size_t g, size_t tiles, size_t groups)
{
    return g * tiles / groups;
}

size_t nmfi_update_partials(size_t len, size_t d)
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
        nmfi_gemm_tile(NMF_TRANS, NMF_NOTRANS, rows, ir + rows, len,
                       x + ir * ldx, ldx, x, ldx, beta, part + ir, d);
    }
}

/* The same for H_t H_t' of an H tile, with H_t' packed once into `bpack`
 * (len x round_up(d, NR)) for all the row blocks: through the rows family
 * each block packed its own columns again, 2.5 x the packing at d = 128
 * (11 % of the H update on one thread). Each block's last panel may reach
 * past its diagonal block: those elements are above the diagonal, which
 * add_partials never reads. */
static void gram_lower_h(size_t d, size_t len, const nmf_real *x,
                         size_t ldx, nmf_real beta, nmf_real *part,
                         nmf_real *bpack)
{
    nmfi_pack_b(NMF_TRANS, len, d, x, ldx, 0, 0, bpack);
    for (size_t ir = 0; ir < d; ir += MR_WIDE) {
        size_t rows = d - ir < MR_WIDE ? d - ir : MR_WIDE;
        if (rows < MR_WIDE) {
            /* The last rows, fewer than a panel: the rows family packs
             * them. */
            nmfi_gemm_tile(NMF_NOTRANS, NMF_TRANS, rows, d, len, x + ir, ldx,
                           x, ldx, beta, part + ir, d);
            continue;
        }
        for (size_t jr = 0; jr < ir + rows; jr += NR)
            nmfi_ukr_2mr_nr_a_in_place(d - jr < NR ? d - jr : NR, len,
                                       x + ir, ldx, bpack + jr * len, beta,
                                       part + ir + jr * d, d);
    }
}

/* The multiply/divide of MU, x = x .* num ./ (den + delta), cols columns
 * of `len`, and what the caller asks of the new x: with MEASURE_CROSS the
 * W update's cross term <x_new, num>, with MEASURE_CHANGE the squared
 * change ||x_new - x_old||^2 that the accelerated solver's repeats compare
 * (entries that moved by at most noise times their value left out).
 * Built for AVX-512 and AVX2 beside the portable default like the
 * micro-kernels: a generic build otherwise runs it 4 floats at a time
 * (SSE2), and the division made it a quarter of the H update at d = 64.
 * Multiply, add and divide round the same at any width; the sums are
 * split by the vector width, so their bits are the clone's (one clone per
 * machine: the same for any thread count). */
enum measure { MEASURE_NONE, MEASURE_CROSS, MEASURE_CHANGE };

NMFI_CLONES
static double divide_columns(size_t len, size_t cols, nmf_real *x,
                             size_t ldx, const nmf_real *num, size_t ldnum,
                             const nmf_real *den, size_t ldden,
                             nmf_real delta, enum measure measure,
                             nmf_real noise)
{
    double sum = 0.0;
    for (size_t j = 0; j < cols; j++) {
        nmf_real *xj = x + j * ldx;
        const nmf_real *nj = num + j * ldnum;
        const nmf_real *dj = den + j * ldden;
        if (measure == MEASURE_CROSS) {
            #pragma omp simd reduction(+:sum)
            for (size_t i = 0; i < len; i++) {
                nmf_real v = xj[i] * nj[i] / (dj[i] + delta);
                xj[i] = v;
                sum += (double)v * (double)nj[i];
            }
        } else if (measure == MEASURE_CHANGE) {
            #pragma omp simd reduction(+:sum)
            for (size_t i = 0; i < len; i++) {
                nmf_real v = xj[i] * nj[i] / (dj[i] + delta);
                nmf_real dv = v - xj[i];
                xj[i] = v;
                double counted = (dv > noise * v || -dv > noise * v) ? dv : 0;
                sum += counted * counted;
            }
        } else {
            #pragma omp simd
            for (size_t i = 0; i < len; i++)
                xj[i] = xj[i] * nj[i] / (dj[i] + delta);
        }
    }
    return sum;
}

/* <x, num> over cols columns of `len`, in double, columns in order: the
 * cross term after a rule that did not measure it on the way. */
static double tile_dot(size_t len, size_t cols, const nmf_real *x,
                       size_t ldx, const nmf_real *num, size_t ldnum)
{
    double sum = 0.0;
    for (size_t j = 0; j < cols; j++) {
        const nmf_real *xj = x + j * ldx, *nj = num + j * ldnum;
        #pragma omp simd reduction(+:sum)
        for (size_t i = 0; i < len; i++)
            sum += (double)xj[i] * (double)nj[i];
    }
    return sum;
}

/* One update, of H (tiles of columns) or of W (tiles of rows). */
typedef struct update update;
typedef void (*update_tile_fn)(const update *u, size_t t, nmf_real *scratch,
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
    const nmfi_update_rule *rule;
    update_tile_fn tile;
    size_t tiles, groups;
    size_t scratch;       /* nmf_reals of scratch per thread             */
    nmf_real *partials;   /* NULL: no Gram matrix wanted                 */
    nmf_real *gram;       /* where their sum goes                        */
    size_t ldgram;
    double *cross;        /* W update: <W_new, num> per tile, or NULL    */
    long *inner;          /* per tile: its length times the rule's
                             applications, or NULL                       */
};

/* Whether a tile's repeats go on after `done` applications, the first of
 * which changed it by first2 and the last by last2 (squared norms of the
 * changes that are more than rounding, see change_noise): the paper's
 * rule. */
static int repeat_more(const nmfi_update_rule *r, int done, double first2,
                       double last2)
{
    return done < r->max_inner
           && last2 > r->inner_delta * r->inner_delta * first2;
}

/* Near a fixed point every application moves each entry by a few ulps,
 * and such changes never shrink to delta times the first few: at
 * convergence every tile would repeat to the cap. So the change counts
 * only entries that moved by more than rounding can: MU's new entry is
 * x n / (den + delta) with den a sum of d non-negative products, within
 * (d + 3) eps of the exact value; HALS's sweep sums d products too. An
 * entry within 4 (d + 3) eps of its old value adds nothing, while small
 * entries that are still growing count in full (a norm-wide floor would
 * hide them behind the large converged ones). */
static double change_noise(size_t d)
{
    return 4.0 * ((double)d + 3.0) * NMFI_REAL_EPSILON;
}

/* MU on a tile of `len` x cols (an H tile: d x jb with G on the left; a W
 * tile: ib x d with S on the right), den as scratch; returns the number
 * of applications. Plain MU (max_inner = 1) measures the cross term on
 * the way when *cross is wanted, as the reference loop always did. */
/* den (rows x cols, ld rows) less sub, kept >= 0: rounding may take a
 * small corrected denominator below zero. */
static void subtract_kept(size_t rows, size_t cols, nmf_real *den,
                          const nmf_real *sub, size_t ldsub)
{
    for (size_t j = 0; j < cols; j++) {
        nmf_real *dj = den + j * rows;
        const nmf_real *sj = sub + j * ldsub;
        #pragma omp simd
        for (size_t i = 0; i < rows; i++) {
            nmf_real v = dj[i] - sj[i];
            dj[i] = v > 0 ? v : 0;
        }
    }
}

static int mu_tile(const update *u, int h_side, size_t rows, size_t cols,
                   nmf_real *xt, const nmf_real *num, size_t ldnum,
                   nmf_real *den, const nmf_real *sub, double *cross)
{
    const nmfi_update_rule *r = u->rule;
    int repeats = r->max_inner > 1;
    enum measure measure = repeats ? MEASURE_CHANGE
                           : cross ? MEASURE_CROSS : MEASURE_NONE;
    double first2 = 0, last2 = 0;
    nmf_real noise = repeats ? (nmf_real)change_noise(u->d) : 0;
    int done = 0;
    do {
        if (h_side)     /* den (d x jb) = G H_t */
            nmfi_gemm_tile(NMF_NOTRANS, NMF_NOTRANS, rows, cols, rows,
                           u->g, u->ldg, xt, u->ldx, 0, den, rows);
        else            /* den (ib x d) = W_t S */
            nmfi_gemm_tile(NMF_NOTRANS, NMF_NOTRANS, rows, cols, cols,
                           xt, u->ldx, u->g, u->ldg, 0, den, rows);
        if (sub)
            subtract_kept(rows, cols, den, sub, r->ld_den_sub);
        last2 = divide_columns(rows, cols, xt, u->ldx, num, ldnum, den, rows,
                               r->delta, measure, noise);
        if (done++ == 0)
            first2 = last2;
    } while (repeats && repeat_more(r, done, first2, last2));
    if (cross)
        *cross = measure == MEASURE_CROSS
                     ? last2 : tile_dot(rows, cols, xt, u->ldx, num, ldnum);
    return done;
}

/* HALS sweeps on a tile held as len x d (x, ldx), its numerator alike. */
static int hals_tile(const nmfi_update_rule *r, size_t len, size_t d,
                     nmf_real *x, size_t ldx, const nmf_real *num,
                     size_t ldnum, const nmf_real *g, size_t ldg)
{
    double first2 = 0, last2 = 0;
    nmf_real noise = r->max_inner > 1 ? (nmf_real)change_noise(d) : -1;
    int done = 0;
    do {
        last2 = nmfi_hals_sweep(len, d, x, ldx, num, ldnum, g, ldg,
                                r->floor, noise);
        if (done++ == 0)
            first2 = last2;
    } while (repeat_more(r, done, first2, last2));
    return done;
}

/* Columns t MU_COLS .. of H. MU: the denominator (d x MU_COLS) and the
 * packed H_t' after it in scratch. HALS: H_t' and the numerator's tile
 * transposed, MU_COLS x d each. Then the tile's H_t H_t' into `part`
 * (beta 0: the group's first tile, else 1). */
static void update_h_tile(const update *u, size_t t, nmf_real *scratch,
                          nmf_real *part, nmf_real beta)
{
    const nmfi_update_rule *r = u->rule;
    size_t d = u->d, j0 = t * MU_COLS;
    size_t jb = u->len - j0 < MU_COLS ? u->len - j0 : MU_COLS;
    nmf_real *ht = u->x + j0 * u->ldx;
    const nmf_real *num = u->num + j0 * u->ldnum;
    int done;
    if (r->rule == NMFI_RULE_MU) {
        done = mu_tile(u, 1, d, jb, ht, num, u->ldnum, scratch,
                       r->den_sub ? r->den_sub + j0 * r->ld_den_sub : NULL,
                       NULL);
        if (part)
            gram_lower_h(d, jb, ht, u->ldx, beta, part,
                         scratch + d * MU_COLS);
    } else {
        nmf_real *xt = scratch, *nt = scratch + TILE_LD * d;
        nmfi_transpose_serial(d, jb, ht, u->ldx, xt, TILE_LD);
        nmfi_transpose_serial(d, jb, num, u->ldnum, nt, TILE_LD);
        if (r->row_scale)
            for (size_t k = 0; k < d; k++) {
                nmf_real sk = r->row_scale[k], *col = xt + k * TILE_LD;
                #pragma omp simd
                for (size_t j = 0; j < jb; j++)
                    col[j] *= sk;
            }
        done = hals_tile(r, jb, d, xt, TILE_LD, nt, TILE_LD, u->g, u->ldg);
        nmfi_transpose_serial(jb, d, xt, TILE_LD, ht, u->ldx);
        if (part)
            gram_lower_w(d, jb, xt, TILE_LD, beta, part);
    }
    if (u->inner)
        u->inner[t] = (long)done * (long)jb;
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

/* Rows t MU_ROWS .. of W, swept or divided where they lie: MU's
 * denominator (MU_ROWS x d) first in scratch, then another MU_ROWS x d
 * for the numerator when it comes transposed; then the tile's W_t' W_t
 * into `part`. */
static void update_w_tile(const update *u, size_t t, nmf_real *scratch,
                          nmf_real *part, nmf_real beta)
{
    const nmfi_update_rule *r = u->rule;
    size_t d = u->d, i0 = t * MU_ROWS;
    size_t ib = u->len - i0 < MU_ROWS ? u->len - i0 : MU_ROWS;
    nmf_real *wt = u->x + i0;
    nmf_real *den = scratch;
    /* The numerator's rows of this tile: in place, or copied from its
     * transpose to the same layout (the same arithmetic follows). */
    const nmf_real *num = u->num + i0;
    size_t ldnum = u->ldnum;
    if (u->num_t == NMF_TRANS) {
        nmf_real *rows = scratch + (r->rule == NMFI_RULE_MU ? MU_ROWS * d : 0);
        numerator_rows(u, i0, ib, rows);
        num = rows;
        ldnum = ib;
    }
    /* The new W against the numerator A H' while both are in L1: the
     * error's cross term <W, A H'>, which was one more pass over both. */
    double cross = 0;
    int done;
    if (r->rule == NMFI_RULE_MU) {
        done = mu_tile(u, 0, ib, d, wt, num, ldnum, den,
                       r->den_sub ? r->den_sub + i0 : NULL,
                       u->cross ? &cross : NULL);
    } else {
        done = hals_tile(r, ib, d, wt, u->ldx, num, ldnum, u->g, u->ldg);
        if (u->cross)
            cross = tile_dot(ib, d, wt, u->ldx, num, ldnum);
    }
    if (u->cross)
        u->cross[t] = cross;
    if (u->inner)
        u->inner[t] = (long)done * (long)ib;
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
 * to groups, then the Gram matrix from the groups' partials; the per-tile
 * cross terms and counts are added in tile order, the same for any team. */
static nmf_status run_update(update *u, size_t tile_len, nmf_real *gram,
                             size_t ldgram, nmf_real *partials,
                             double *cross, long *inner)
{
    u->tiles = (u->len + tile_len - 1) / tile_len;
    u->groups = group_count(u->tiles);
    u->partials = gram ? partials : NULL;
    u->gram = gram;
    u->ldgram = ldgram;
    double *sums = NULL;
    if (cross || inner) {
        _Static_assert(sizeof(long) <= sizeof(double), "one array");
        sums = malloc(2 * u->tiles * sizeof(double));
        if (!sums)
            return nmfi_error(NMF_E_NOMEM, "out of memory in the update");
        u->cross = cross ? sums : NULL;
        u->inner = inner ? (long *)(sums + u->tiles) : NULL;
    }
    nmf_status st = nmfi_for_tiles_then(u->groups, u->scratch * sizeof(nmf_real),
                                        u->d * u->len > 16384, update_group,
                                        sum_groups, u);
    if (st == NMF_OK && cross) {
        double total = 0.0;
        for (size_t t = 0; t < u->tiles; t++)
            total += u->cross[t];
        *cross = total;
    }
    if (st == NMF_OK && inner) {
        long total = 0;
        for (size_t t = 0; t < u->tiles; t++)
            total += u->inner[t];
        *inner = total;
    }
    free(sums);
    return st;
}

static nmf_status check_rule(const nmfi_update_rule *r)
{
    if (r->den_sub && (r->max_inner != 1 || r->rule != NMFI_RULE_MU))
        return nmfi_error(NMF_E_INTERNAL, "update: a denominator correction"
                          " needs plain MU");
    if (r->max_inner < 1 || (r->max_inner > 1 && !(r->inner_delta >= 0)))
        return nmfi_error(NMF_E_INTERNAL, "update: %d repeats with inner"
                          " delta %g", r->max_inner, r->inner_delta);
    return NMF_OK;
}

nmf_status nmfi_update_h(size_t d, size_t n, nmf_real *h, size_t ldh,
                         const nmf_real *num, size_t ldnum,
                         const nmf_real *g, size_t ldg,
                         const nmfi_update_rule *rule, nmf_real *hht,
                         size_t ldhht, nmf_real *partials, long *inner)
{
    nmf_status st = check_rule(rule);
    if (st != NMF_OK)
        return st;
    /* MU: the denominator's tile, then H_t' packed; HALS: H_t' and the
     * numerator's tile transposed. */
    size_t packed = MU_COLS * ((d + NR - 1) / NR * NR);
    size_t scratch = rule->rule == NMFI_RULE_MU ? d * MU_COLS + packed
                                                : 2 * TILE_LD * d;
    update u = {.d = d, .len = n, .x = h, .ldx = ldh, .num = num,
                .ldnum = ldnum, .num_t = NMF_NOTRANS, .g = g, .ldg = ldg,
                .rule = rule, .tile = update_h_tile, .scratch = scratch};
    return run_update(&u, MU_COLS, hht, ldhht, partials, NULL, inner);
}

nmf_status nmfi_update_w(size_t m, size_t d, nmf_real *w, size_t ldw,
                         const nmf_real *num, size_t ldnum, nmf_trans num_t,
                         const nmf_real *s, size_t lds,
                         const nmfi_update_rule *rule, nmf_real *wtw,
                         size_t ldwtw, nmf_real *partials, double *cross,
                         long *inner)
{
    nmf_status st = check_rule(rule);
    if (st != NMF_OK)
        return st;
    /* MU: the denominator's tile; either rule: the numerator's if it is
     * transposed. */
    size_t buffers = (rule->rule == NMFI_RULE_MU) + (num_t == NMF_TRANS);
    update u = {.d = d, .len = m, .x = w, .ldx = ldw, .num = num,
                .ldnum = ldnum, .num_t = num_t, .g = s, .ldg = lds,
                .rule = rule, .tile = update_w_tile,
                .scratch = (buffers ? buffers : 1) * d * MU_ROWS};
    return run_update(&u, MU_ROWS, wtw, ldwtw, partials, cross, inner);
}

nmf_status nmfi_mu_update_h(size_t d, size_t n, nmf_real *h, size_t ldh,
                            const nmf_real *num, size_t ldnum,
                            const nmf_real *g, size_t ldg, nmf_real delta,
                            nmf_real *hht, size_t ldhht, nmf_real *partials)
{
    nmfi_update_rule mu = {.rule = NMFI_RULE_MU, .delta = delta,
                           .max_inner = 1};
    return nmfi_update_h(d, n, h, ldh, num, ldnum, g, ldg, &mu, hht, ldhht,
                         partials, NULL);
}

nmf_status nmfi_mu_update_w(size_t m, size_t d, nmf_real *w, size_t ldw,
                            const nmf_real *num, size_t ldnum,
                            nmf_trans num_t, const nmf_real *s, size_t lds,
                            nmf_real delta, nmf_real *wtw, size_t ldwtw,
                            nmf_real *partials, double *cross)
{
    nmfi_update_rule mu = {.rule = NMFI_RULE_MU, .delta = delta,
                           .max_inner = 1};
    return nmfi_update_w(m, d, w, ldw, num, ldnum, num_t, s, lds, &mu, wtw,
                         ldwtw, partials, cross, NULL);
}
