/* fit.c -- nmf_fit, the one entry point of every solver.
 *
 * Each solver's outer iteration needs the same four products:
 *
 *   W'A (d x n) and W'W     then H <- rule(H, W'A, W'W), forming H H'
 *   A H' (m x d) and H H'   then W <- rule(W, A H', H H'), forming W'W
 *   history[k] = ||A - W H||_F = sqrt(||A||^2 - 2 <W, AH'> + <W'W, HH'>)
 *
 * W'A and A H' come from the GEMM; the rule, applied a tile at a time
 * with the Gram matrix of the new factor formed from the same tiles, is
 * the only thing that tells the solvers apart (kernels/update.h):
 *
 *   mu     Lee & Seung's multiply/divide, once: the reference algorithm
 *   hals   Cichocki & Phan's sweep over the d rows (columns), once
 *   amu,   the same rules repeated while the products are at hand, as
 *   ahals  Gillis & Glineur (2012) propose: at most floor(1 + alpha rho)
 *          times, rho_W = 1 + (mn + nd)/(md + m) and rho_H = 1 + (mn +
 *          md)/(nd + n) the cost of the products over one update, and no
 *          more once a repeat changes the factor by at most delta times
 *          the first did. A tile's rows are independent problems, so the
 *          rule is applied per tile while the tile is in cache.
 *
 * References: A. Cichocki and A.-H. Phan, "Fast local algorithms for
 * large scale nonnegative matrix and tensor factorizations", IEICE Trans.
 * Fundamentals E92-A(3), 2009; N. Gillis and F. Glineur, "Accelerated
 * multiplicative updates and hierarchical ALS algorithms for nonnegative
 * matrix factorization", Neural Computation 24(4), 2012 (alpha, delta and
 * rho are their names); D. D. Lee and H. S. Seung, "Algorithms for
 * non-negative matrix factorization", NIPS 13, 2001.
 *
 * The error terms are all at hand after the W update (W'W is computed
 * there once and reused by the next H update), so the history costs no
 * m x n pass.
 *
 * A H' sums along the rows of A, which column-major storage keeps lda
 * apart: the GEMM reads A in place a few values per column step (v7) and
 * ran 8-20 % below W'A, which walks down A's columns. A never changes, so
 * unless the caller asks for low memory (or d is too small to gain, see
 * nmfi_copy_pays) the solver keeps A' (n x m, as big as A) and computes
 * (A H')' = H A' with A' walked down its columns, the same access as W'A;
 * the W update reads that transposed numerator.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/fpenv.h"
#include "core/matrix.h"
#include "core/threads.h"
#include "core/timer.h"
#include "kernels/dispatch.h"
#include "kernels/reduce.h"
#include "kernels/transpose.h"
#include "kernels/ukr.h"
#include "kernels/update.h"
#include "nmf/fit_loop.h"
#include "nmf/fit_steps.h"
#include "nmf/fit_tiles.h"
#include "nmf/missing.h"
#include "nmf/nndsvd.h"

/* The paper's inner-repeat parameters where the caller leaves alpha < 0. */
#define ALPHA_AHALS 0.5
#define ALPHA_AMU 2.0
#define ACCEL_ALPHA_MAX 100.0

/* The products and Gram matrices of one iteration. */
typedef struct work {
    nmf_matrix *at;   /* A'   n x m, or NULL (low memory)      */
    nmf_matrix *wta;  /* W'A  d x n */
    nmf_matrix *aht;  /* A H' m x d, or (A H')' d x m with `at` */
    nmf_matrix *wtw;  /* W'W  d x d */
    nmf_matrix *hht;  /* H H' d x d */
    nmf_matrix *gpen; /* a Gram matrix + l2 I (penalized)     */
    nmf_real *partials; /* the updates' Gram partial sums */
    nmf_real *scale;  /* d: HALS's balancing factors for H's rows */
} work;

static void work_free(work *t)
{
    nmf_matrix_free(t->at);
    nmf_matrix_free(t->wta);
    nmf_matrix_free(t->aht);
    nmf_matrix_free(t->wtw);
    nmf_matrix_free(t->hht);
    nmf_matrix_free(t->gpen);
    nmfi_aligned_free(t->partials);
    free(t->scale);
}

/* Whether A' pays for itself: H A' is a product with d rows, computed in
 * tiles MR_WIDE tall, so a d that leaves tiles mostly empty wastes more
 * than the copy gains (d = 16 filled half of one: 11.7 -> 14.6 ms an
 * iteration on one thread at n = 10000, on Zen 5). At one full tile
 * (d = 32) the two ways were even on Zen 5 (1 thread 0.96x, 2 threads
 * 1.03x the time of A H' in place), but on Zen 4, whose in-place A H'
 * reads its A panels from memory at half the rate, the copy made an
 * iteration 1.36x faster on 2 threads (15.1 -> 11.1 ms). So whole tiles,
 * at least 90 % filled: in float (tiles of 32) d = 29-32, 58-64, 87-96,
 * 116-128, ..., in double (16) d = 15-16, 29-32, ... */
int nmfi_copy_pays(size_t d)
{
    size_t tiles = (d + MR_WIDE - 1) / MR_WIDE;
    return 10 * d >= 9 * tiles * MR_WIDE;
}

static nmf_status work_alloc(work *t, size_t m, size_t n, size_t d,
                             int low_memory)
{
    memset(t, 0, sizeof *t);
    low_memory = low_memory || !nmfi_copy_pays(d);
    t->at = low_memory ? NULL : nmf_matrix_new(n, m);
    t->wta = nmf_matrix_new(d, n);
    t->aht = low_memory ? nmf_matrix_new(m, d) : nmf_matrix_new(d, m);
    t->wtw = nmf_matrix_new(d, d);
    t->hht = nmf_matrix_new(d, d);
    t->gpen = nmf_matrix_new(d, d);
    size_t ph = nmfi_update_partials(n, d), pw = nmfi_update_partials(m, d);
    t->partials = nmfi_aligned_alloc(ph > pw ? ph : pw, sizeof(nmf_real));
    t->scale = malloc(d * sizeof *t->scale);
    if ((!low_memory && !t->at) || !t->wta || !t->aht || !t->wtw ||
        !t->hht || !t->gpen || !t->partials || !t->scale) {
        work_free(t);
        double copy = low_memory ? 0 : nmfi_matrix_bytes(n, m);
        double bytes = copy + nmfi_matrix_bytes(d, n)
                       + nmfi_matrix_bytes(m, d) + 3 * nmfi_matrix_bytes(d, d);
        return nmfi_error(NMF_E_NOMEM, "out of memory for the solver's work"
                          " matrices (%.1f MiB for m = %zu, n = %zu, d ="
                          " %zu%s)", NMFI_MIB(bytes), m, n, d,
                          2 * copy > bytes ? "; --low-memory drops the copy"
                          " of A" : "");
    }
    return NMF_OK;
}

static nmf_status check_start(const nmf_matrix *x, size_t rows, size_t cols,
                              const char *name)
{
    if (x->rows != rows || x->cols != cols)
        return nmfi_error(NMF_E_INVAL, "%s is %zu x %zu, expected %zu x %zu",
                          name, x->rows, x->cols, rows, cols);
    return nmf_matrix_check_nonneg(x, name);
}

/* Whether opt->resume fits A and the loop opt chooses. */
static nmf_status check_resume(const nmf_matrix *a, const nmf_options *opt)
{
    const nmf_state *st = opt->resume;
    size_t d = opt->d;
    if (st->iterations < 1 || !st->error || !st->seconds || !st->w
        || !st->h)
        return nmfi_error(NMF_E_INVAL, "the state to resume from is"
                          " incomplete (%d iterations)", st->iterations);
    if (st->iterations >= opt->max_iter)
        return nmfi_error(NMF_E_INVAL, "nothing to resume: the saved fit"
                          " made %d iterations and the iteration count is"
                          " %d; a larger count goes on", st->iterations,
                          opt->max_iter);
    nmf_status s = check_start(st->w, a->rows, d, "the saved W");
    if (s == NMF_OK)
        s = check_start(st->h, d, a->cols, "the saved H");
    if (s == NMF_OK && st->wtw && st->hht)
        s = check_start(st->wtw, d, d, "the saved W'W");
    if (s == NMF_OK && st->wtw && st->hht)
        s = check_start(st->hht, d, d, "the saved HH'");
    return s;
}

/* The Frobenius loop goes on from its Gram matrices as it formed them;
 * the entrywise loop keeps none. */
static nmf_status check_resume_loop(const nmf_state *st, int grams)
{
    if (!st || grams == (st->wtw && st->hht))
        return NMF_OK;
    return nmfi_error(NMF_E_INVAL, "the saved state %s Gram matrices, which"
                      " this fit's loop %s", grams ? "lacks" : "has",
                      grams ? "needs" : "does not keep");
}

nmf_status nmfi_check_fit_options(const nmf_options *opt)
{
    if (opt->d < 1)
        return nmfi_error(NMF_E_INVAL, "d must be at least 1");
    if ((unsigned)opt->solver >= NMF_SOLVER_COUNT)
        return nmfi_error(NMF_E_INVAL, "unknown solver %d", (int)opt->solver);
    if ((unsigned)opt->init >= NMF_INIT_COUNT)
        return nmfi_error(NMF_E_INVAL, "unknown start %d", (int)opt->init);
    if (opt->max_iter < 1)
        return nmfi_error(NMF_E_INVAL, "the iteration count must be at"
                          " least 1 (got %d)", opt->max_iter);
    if (!(opt->tol >= 0 && opt->tol <= 1))
        return nmfi_error(NMF_E_INVAL, "tol = %g is outside [0, 1]",
                          opt->tol);
    if (!(opt->max_time >= 0) || isinf(opt->max_time))
        return nmfi_error(NMF_E_INVAL, "max_time = %g is not a finite"
                          " number of seconds >= 0", opt->max_time);
    if (!(opt->delta >= NMF_DELTA_MIN && opt->delta <= NMF_DELTA_MAX))
        return nmfi_error(NMF_E_INVAL, "delta = %g is outside [%g, %g]",
                          opt->delta, NMF_DELTA_MIN, NMF_DELTA_MAX);
    if (!(opt->epsilon > 0 && opt->epsilon <= NMF_EPSILON_MAX))
        return nmfi_error(NMF_E_INVAL, "epsilon = %g is outside (0, %g]",
                          opt->epsilon, NMF_EPSILON_MAX);
    if (isnan(opt->accel_alpha) || opt->accel_alpha > ACCEL_ALPHA_MAX)
        return nmfi_error(NMF_E_INVAL, "accel_alpha = %g is above %g",
                          opt->accel_alpha, ACCEL_ALPHA_MAX);
    if (!(opt->accel_delta >= 0 && opt->accel_delta <= 1))
        return nmfi_error(NMF_E_INVAL, "accel_delta = %g is outside [0, 1]",
                          opt->accel_delta);
    if (opt->threads < 0)
        return nmfi_error(NMF_E_INVAL, "threads must be >= 0 (got %d)",
                          opt->threads);
    if ((unsigned)opt->loss >= NMF_LOSS_COUNT)
        return nmfi_error(NMF_E_INVAL, "unknown loss %d", (int)opt->loss);
    if (opt->loss == NMF_LOSS_KL && opt->solver != NMF_SOLVER_MU)
        return nmfi_error(NMF_E_INVAL, "the KL loss has the mu solver only"
                          " (not %s)", nmf_solver_name(opt->solver));
    if (opt->mask && opt->solver != NMF_SOLVER_MU
        && opt->solver != NMF_SOLVER_HALS)
        return nmfi_error(NMF_E_INVAL, "missing entries take the mu or hals"
                          " solver (not %s)", nmf_solver_name(opt->solver));
    const double pen[4] = {opt->l1_w, opt->l1_h, opt->l2_w, opt->l2_h};
    static const char *const pen_name[4] = {"l1_w", "l1_h", "l2_w", "l2_h"};
    for (int i = 0; i < 4; i++)
        if (!(pen[i] >= 0) || isinf(pen[i]))
            return nmfi_error(NMF_E_INVAL, "%s = %g is not a finite penalty"
                              " >= 0", pen_name[i], pen[i]);
    if (opt->checkpoint_every < 0)
        return nmfi_error(NMF_E_INVAL, "checkpoint_every must be >= 0 (got"
                          " %d)", opt->checkpoint_every);
    return NMF_OK;
}

static nmf_status check_options(const nmf_matrix *a, const nmf_options *opt)
{
    nmf_status s = nmfi_check_fit_options(opt);
    if (s == NMF_OK && !opt->mask)
        s = nmf_matrix_check_nonneg(a, "A");
    if (s == NMF_OK && opt->resume)
        s = check_resume(a, opt);
    if (s == NMF_OK && opt->init_w)
        s = check_start(opt->init_w, a->rows, opt->d, "initial W");
    if (s == NMF_OK && opt->init_h)
        s = check_start(opt->init_h, opt->d, a->cols, "initial H");
    return s;
}

/* W0 and H0: the chosen start, then any user-given start replaces its
 * part (the start is made in full either way, so giving W0 leaves H0 as
 * it was). */
static nmf_status make_start(const nmf_matrix *a, const nmf_options *opt,
                             double mean, nmf_matrix *w, nmf_matrix *h)
{
    nmf_status s = opt->init == NMF_INIT_RANDOM
                       ? nmf_init_uniform(mean, opt->seed, w, h)
                       : nmfi_init_nndsvd(a, mean, opt->init, opt->seed, w,
                                          h);
    if (s != NMF_OK)
        return s;
    if (opt->init_w)
        nmfi_matrix_copy_into(opt->init_w, w);
    if (opt->init_h)
        nmfi_matrix_copy_into(opt->init_h, h);
    return NMF_OK;
}

/* C = X' Y over the shared long dimension (the Gram matrices and W'A). */
static void gemm_tn(nmfi_gemm_fn gemm, const nmf_matrix *x,
                    const nmf_matrix *y, nmf_matrix *c)
{
    gemm(NMF_TRANS, NMF_NOTRANS, c->rows, c->cols, x->rows, x->data, x->ld,
         y->data, y->ld, 0, c->data, c->ld);
}

/* C = X Y' (A H' and H H'). */
static void gemm_nt(nmfi_gemm_fn gemm, const nmf_matrix *x,
                    const nmf_matrix *y, nmf_matrix *c)
{
    gemm(NMF_NOTRANS, NMF_TRANS, c->rows, c->cols, x->cols, x->data, x->ld,
         y->data, y->ld, 0, c->data, c->ld);
}

void nmfi_solver_rules(const nmf_options *opt, size_t m, size_t n,
                       double least, nmfi_update_rule *rh,
                       nmfi_update_rule *rw)
{
    int hals = opt->solver == NMF_SOLVER_HALS
               || opt->solver == NMF_SOLVER_AHALS;
    nmfi_update_rule r = {
        .rule = hals ? NMFI_RULE_HALS : NMFI_RULE_MU,
        .delta = (nmf_real)opt->delta,
        .floor = (nmf_real)least,
        .max_inner = 1,
        .inner_delta = opt->accel_delta,
    };
    *rh = r;
    *rw = r;
    /* MU's l1 penalty adds to the denominator, as delta does. */
    if (!hals) {
        rh->delta = (nmf_real)(opt->delta + opt->l1_h);
        rw->delta = (nmf_real)(opt->delta + opt->l1_w);
    }
    if (opt->solver == NMF_SOLVER_AHALS || opt->solver == NMF_SOLVER_AMU) {
        double alpha = opt->accel_alpha >= 0 ? opt->accel_alpha
                       : hals ? ALPHA_AHALS : ALPHA_AMU;
        double dm = (double)m, dn = (double)n, dd = (double)opt->d;
        double rho_h = 1 + (dm * dn + dm * dd) / (dn * dd + dn);
        double rho_w = 1 + (dm * dn + dn * dd) / (dm * dd + dm);
        rh->max_inner = (int)floor(1 + alpha * rho_h);
        rw->max_inner = (int)floor(1 + alpha * rho_w);
    }
}

/* The penalties of the Frobenius loss as scikit-learn's coordinate
 * descent applies them: l2 on the Gram matrix's diagonal (X G + l2 X is
 * X (G + l2 I), for MU and HALS alike), and HALS's l1 subtracted from the
 * numerator (MU's joins delta, nmfi_solver_rules). The Gram matrices stay
 * unpenalized for the error; the update reads `pen`. */
const nmf_real *nmfi_penalized(const nmf_matrix *g, double l2,
                               nmf_matrix *pen)
{
    if (!(l2 > 0))
        return g->data;
    for (size_t j = 0; j < g->cols; j++)
        memcpy(&NMFI_AT(pen, 0, j), &NMFI_AT(g, 0, j),
               g->rows * sizeof(nmf_real));
    for (size_t k = 0; k < g->cols; k++)
        NMFI_AT(pen, k, k) += (nmf_real)l2;
    return pen->data;
}

void nmfi_subtract(nmf_matrix *x, double l1)
{
    nmf_real v = (nmf_real)l1;
    for (size_t j = 0; j < x->cols; j++) {
        nmf_real *col = &NMFI_AT(x, 0, j);
        #pragma omp simd
        for (size_t i = 0; i < x->rows; i++)
            col[i] -= v;
    }
}

int nmfi_has_penalty(const nmf_options *opt)
{
    return opt->l1_w > 0 || opt->l1_h > 0 || opt->l2_w > 0 || opt->l2_h > 0;
}

/* HALS is unchanged by W -> W L, H -> L^-1 H for a positive diagonal L
 * but for its floor and rounding, and without care one factor may drift
 * large while the other shrinks. So before each iteration after the
 * first, column k of W and row k of H are brought to the same norm,
 * l_k = (||h_k|| / ||w_k||)^(1/2), both norms from the Gram diagonals at
 * hand: W and W'W are rescaled here, H's rows as the next H update reads
 * its tiles (row_scale), so the balancing costs no pass over H. */
void nmfi_balance(nmf_matrix *w, nmf_matrix *wtw, const nmf_matrix *hht,
                  nmf_real *scale, nmfi_update_rule *rh)
{
    size_t d = w->cols;
    for (size_t k = 0; k < d; k++) {
        double ww = NMFI_AT(wtw, k, k), hh = NMFI_AT(hht, k, k);
        double l = ww > 0 && hh > 0 ? sqrt(sqrt(hh / ww)) : 1.0;
        if (!isfinite(l) || l == 0)
            l = 1.0;
        scale[k] = (nmf_real)(1.0 / l);
        nmf_real lk = (nmf_real)l, *col = &NMFI_AT(w, 0, k);
        #pragma omp simd
        for (size_t i = 0; i < w->rows; i++)
            col[i] *= lk;
        /* W'W's row and column k by the same lk that W's column got. */
        for (size_t i = 0; i < d; i++) {
            NMFI_AT(wtw, k, i) *= lk;
            NMFI_AT(wtw, i, k) *= lk;
        }
    }
    rh->row_scale = scale;
}

/* ||A - W H||_F from the identity's terms, less `missing` (masked MU's
 * sum of p^2 over the missing entries): rounding can push a near-zero
 * error below zero. NaN stays NaN, for nmfi_end_iteration to see. */
double nmfi_error_from_terms(double norm_a2, double cross, double gram,
                             double missing)
{
    double err2 = norm_a2 - 2.0 * cross + gram - missing;
    return err2 > 0 || isnan(err2) ? sqrt(err2) : 0.0;
}

/* Masked MU's corrections on this path (nmf/missing.h): C_H, C_W (and
 * C_W' as computed), W' for the entries' dot products, the sum of p^2
 * over the missing entries at the latest W, H, and the columns' sums of
 * it (n, scratch). */
typedef struct corrections {
    const nmfi_entries *e;
    nmf_matrix *ch, *cw, *cwt, *wt;
    double sq;
    double *part;
} corrections;

static void corrections_free(corrections *c)
{
    nmf_matrix_free(c->ch);
    nmf_matrix_free(c->cw);
    nmf_matrix_free(c->cwt);
    nmf_matrix_free(c->wt);
    free(c->part);
}

static nmf_status corrections_alloc(corrections *c, const nmfi_entries *e,
                                    size_t m, size_t n, size_t d)
{
    memset(c, 0, sizeof *c);
    c->e = e;
    if (!e)
        return NMF_OK;
    c->ch = nmf_matrix_new(d, n);
    c->cw = nmf_matrix_new(m, d);
    c->cwt = nmf_matrix_new(d, m);
    c->wt = nmf_matrix_new(d, m);
    c->part = malloc((n ? n : 1) * sizeof *c->part);
    if (c->ch && c->cw && c->cwt && c->wt && c->part)
        return NMF_OK;
    corrections_free(c);
    return nmfi_error(NMF_E_NOMEM, "out of memory for the missing entries'"
                      " corrections");
}

/* C_H and the sum of p^2 at (W, H), W' taken afresh. */
static void corrections_h(corrections *c, const nmf_matrix *w,
                          const nmf_matrix *h)
{
    nmfi_transpose(w->rows, w->cols, w->data, w->ld, c->wt->data,
                   c->wt->ld);
    c->sq = nmfi_missing_h(c->e, w->cols, c->wt->data, c->wt->ld, h->data,
                           h->ld, c->ch->data, c->ch->ld, c->part);
}

/* C_W at (the W of the last corrections_h, the new H). */
static void corrections_w(corrections *c, const nmf_matrix *h)
{
    size_t d = h->rows, m = c->cw->rows;
    nmfi_missing_w(c->e, d, c->wt->data, c->wt->ld, h->data, h->ld,
                   c->cwt->data, c->cwt->ld);
    nmfi_transpose(d, m, c->cwt->data, c->cwt->ld, c->cw->data, c->cw->ld);
}

/* The loop; with `missing` (masked MU), A's missing entries are 0 and
 * their corrections join the denominators and the error. */
static nmf_status iterate(const nmf_matrix *a, const nmf_options *opt,
                          double mean, double t0, nmf_matrix *w,
                          nmf_matrix *h, const nmfi_entries *missing,
                          nmf_result *res)
{
    size_t m = a->rows, n = a->cols, d = opt->d;
    nmfi_gemm_fn gemm = nmfi_gemm;
    work t;
    nmf_status s = work_alloc(&t, m, n, d, opt->low_memory);
    if (s != NMF_OK)
        return s;
    corrections c;
    s = corrections_alloc(&c, missing, m, n, d);
    if (s != NMF_OK) {
        work_free(&t);
        return s;
    }
    nmfi_update_rule rh, rw;
    nmfi_solver_rules(opt, m, n, opt->epsilon * sqrt(mean / (double)d), &rh,
                      &rw);
    int hals = rh.rule == NMFI_RULE_HALS;
    double miss_flops = missing ? 4.0 * (double)missing->nnz * d : 0;
    if (missing) {
        rh.den_sub = c.ch->data;
        rh.ld_den_sub = c.ch->ld;
        rw.den_sub = c.cw->data;
        rw.ld_den_sub = c.cw->ld;
        corrections_h(&c, w, h);
    }

    /* Flops of each step, as GFLOP/s figures count them. */
    double md = (double)m * (double)d, mnd2 = 2.0 * md * (double)n;
    double dd = (double)d;
    nmfi_stopwatch sw;
    nmfi_stopwatch_start(&sw, opt->profile);

    /* ||A||^2, once: part of the error's cost. */
    double norm_a2 = nmfi_sumsq_matrix(m, n, a->data, a->ld);
    res->norm_a = sqrt(norm_a2);
    nmfi_lap(&sw, NMF_STEP_ERROR, 2.0 * (double)m * (double)n);
    if (t.at) {
        nmfi_transpose(m, n, a->data, a->ld, t.at->data, t.at->ld);
        nmfi_lap(&sw, NMF_STEP_COPY_A, 0);
    }
    int cap = 0;
    if (opt->resume) {
        /* The Gram matrices as the saved loop formed them: W'W from its
         * last W update, H H' for HALS's balancing. */
        nmfi_matrix_copy_into(opt->resume->wtw, t.wtw);
        nmfi_matrix_copy_into(opt->resume->hht, t.hht);
        s = nmfi_resume_history(opt, res, &cap, &t0);
    } else
        gemm_tn(gemm, w, w, t.wtw);
    nmfi_lap(&sw, NMF_STEP_WTW, 2.0 * md * dd);
    double loop_start = nmfi_now();
    res->start_seconds = loop_start - t0;
    if (sw.p)
        sw.t = loop_start;
    while (s == NMF_OK) {
        /* Balancing would change the penalties' value. */
        if (hals && res->iterations > 0 && !nmfi_has_penalty(opt))
            nmfi_balance(w, t.wtw, t.hht, t.scale, &rh);
        gemm_tn(gemm, w, a, t.wta);
        if (hals && opt->l1_h > 0)
            nmfi_subtract(t.wta, opt->l1_h);
        nmfi_lap(&sw, NMF_STEP_WTA, mnd2);
        long upd_h = 0, upd_w = 0;
        s = nmfi_update_h(d, n, h->data, h->ld, t.wta->data, t.wta->ld,
                          nmfi_penalized(t.wtw, opt->l2_h, t.gpen),
                          t.wtw->ld,
                          &rh, t.hht->data,
                          t.hht->ld, t.partials, &upd_h);
        /* The rule (2 d^2 per column and application) and H H' counted
         * whole (2 d^2 n), though only its lower triangle is formed:
         * rates compare with separate GEMMs. */
        nmfi_lap(&sw, NMF_STEP_UPDATE_H, 2.0 * dd * dd * ((double)upd_h + n));
        if (s != NMF_OK)
            break;
        if (t.at)
            gemm(NMF_NOTRANS, NMF_NOTRANS, d, m, n, h->data, h->ld,
                 t.at->data, t.at->ld, 0, t.aht->data, t.aht->ld);
        else
            gemm_nt(gemm, a, h, t.aht);
        if (hals && opt->l1_w > 0)
            nmfi_subtract(t.aht, opt->l1_w);
        nmfi_lap(&sw, NMF_STEP_AHT, mnd2);
        if (missing) {
            corrections_w(&c, h);
            nmfi_lap(&sw, NMF_STEP_UPDATE_W, miss_flops);
        }
        double cross = 0.0;
        s = nmfi_update_w(m, d, w->data, w->ld, t.aht->data, t.aht->ld,
                          t.at ? NMF_TRANS : NMF_NOTRANS,
                          nmfi_penalized(t.hht, opt->l2_w, t.gpen),
                          t.hht->ld,
                          &rw, t.wtw->data, t.wtw->ld, t.partials, &cross,
                          &upd_w);
        /* <W, A H' - l1> + l1 sum(W) is the error's <W, A H'>. */
        if (hals && opt->l1_w > 0)
            cross += opt->l1_w * nmfi_sum_matrix(m, d, w->data, w->ld);
        /* The rule and W'W counted whole, and <W, AH'> formed on the way. */
        nmfi_lap(&sw, NMF_STEP_UPDATE_W,
            2.0 * dd * dd * ((double)upd_w + m) + 2.0 * md);
        if (s != NMF_OK)
            break;
        if (missing) {
            corrections_h(&c, w, h);   /* for the error and the next H */
            nmfi_lap(&sw, NMF_STEP_UPDATE_H, miss_flops);
        }

        /* t.aht was formed with the new H and t.hht too, so every term is
         * of (W_k, H_k): cross = <W_k, A H_k'> from the W update. Rounding
         * can push a near-zero error below zero. */
        double gram = nmfi_dot_matrix(d, d, t.wtw->data, t.wtw->ld,
                                      t.hht->data, t.hht->ld);
        nmfi_lap(&sw, NMF_STEP_ERROR, 2.0 * dd * dd);
        int end = nmfi_end_iteration(opt, res, &cap, t0,
                                     nmfi_error_from_terms(norm_a2, cross,
                                                           gram,
                                                      c.sq), &s);
        if (end < 0)
            break;
        s = nmfi_checkpoint(opt, res, end, w, h, t.wtw, t.hht);
        if (s != NMF_OK)
            break;
        if (sw.p) {
            sw.p->iterations++;   /* not a resumed fit's saved ones */
            sw.p->updated_h += upd_h;
            sw.p->updated_w += upd_w;
        }
        if (end)
            break;
    }
    if (sw.p)
        sw.p->loop_seconds = nmfi_now() - loop_start;
    corrections_free(&c);
    work_free(&t);
    return s;
}

/* H for A with W fixed: W'A and W'W are formed once, then each iteration
 * is the H update alone (which forms H H' on the way), and the error
 * identity takes <W, A H'> as <W'A, H>. */
static nmf_status iterate_h(const nmf_matrix *a, const nmf_options *opt,
                            double mean, double t0, const nmf_matrix *w,
                            nmf_matrix *h, nmf_result *res)
{
    size_t m = a->rows, n = a->cols, d = opt->d;
    work t;
    nmf_status s = work_alloc(&t, m, n, d, 1);
    if (s != NMF_OK)
        return s;
    nmfi_update_rule rh, rw;
    nmfi_solver_rules(opt, m, n, opt->epsilon * sqrt(mean / (double)d), &rh,
                      &rw);
    double norm_a2 = nmfi_sumsq_matrix(m, n, a->data, a->ld);
    res->norm_a = sqrt(norm_a2);
    gemm_tn(nmfi_gemm, w, w, t.wtw);
    gemm_tn(nmfi_gemm, w, a, t.wta);
    int l1_shift = rh.rule == NMFI_RULE_HALS && opt->l1_h > 0;
    if (l1_shift)
        nmfi_subtract(t.wta, opt->l1_h);
    res->start_seconds = nmfi_now() - t0;
    int cap = 0;
    for (;;) {
        long upd_h = 0;
        s = nmfi_update_h(d, n, h->data, h->ld, t.wta->data, t.wta->ld,
                          nmfi_penalized(t.wtw, opt->l2_h, t.gpen),
                          t.wtw->ld,
                          &rh, t.hht->data, t.hht->ld, t.partials, &upd_h);
        if (s != NMF_OK)
            break;
        double cross = nmfi_dot_matrix(d, n, t.wta->data, t.wta->ld,
                                       h->data, h->ld);
        if (l1_shift)
            cross += opt->l1_h * nmfi_sum_matrix(d, n, h->data, h->ld);
        double gram = nmfi_dot_matrix(d, d, t.wtw->data, t.wtw->ld,
                                      t.hht->data, t.hht->ld);
        int end = nmfi_end_iteration(opt, res, &cap, t0,
                                     nmfi_error_from_terms(norm_a2, cross,
                                                           gram,
                                                      0), &s);
        if (end)
            break;
    }
    work_free(&t);
    return s;
}

/* The fit of checked options: W and H from the start, then the loop; with
 * `fixed` (m x d) W is that matrix and only H is fitted. */
static nmf_status run(const nmf_matrix *a, const nmf_options *opt,
                      const nmf_matrix *fixed, double t0, nmf_result *res)
{
    nmfi_observed o;
    nmf_status s = nmfi_observed_make(a, opt->mask, &o);
    if (s != NMF_OK)
        return s;
    nmf_matrix *w = nmf_matrix_new(a->rows, opt->d);
    nmf_matrix *h = nmf_matrix_new(opt->d, a->cols);
    if (!w || !h) {
        nmf_matrix_free(w);
        nmf_matrix_free(h);
        nmfi_observed_free(&o);
        return nmfi_error(NMF_E_NOMEM, "out of memory for W and H (%.1f"
                          " MiB)", NMFI_MIB(nmfi_matrix_bytes(a->rows, opt->d)
                                            + nmfi_matrix_bytes(opt->d,
                                                                a->cols)));
    }
    int old_threads = nmfi_threads_set(opt->threads);
    nmfi_fpenv env;
    nmfi_fpenv_flush(&env, opt->keep_subnormals);
    const nmf_matrix *x = o.x;
    double mean = nmfi_sum_matrix(x->rows, x->cols, x->data, x->ld)
                  / o.count;
    if (opt->resume) {
        nmfi_matrix_copy_into(opt->resume->w, w);
        nmfi_matrix_copy_into(opt->resume->h, h);
    } else
        s = make_start(x, opt, mean, w, h);
    if (s == NMF_OK && fixed)
        nmfi_matrix_copy_into(fixed, w);
    /* Masked MU with few missing entries: the Gram path, corrected. */
    nmfi_entries missing;
    memset(&missing, 0, sizeof missing);
    int corrected = s == NMF_OK && !fixed
                    && opt->loss == NMF_LOSS_FROBENIUS
                    && opt->solver == NMF_SOLVER_MU
                    && nmfi_missing_gram_pays(&o);
    int tiles = nmfi_needs_tiles(opt) && !corrected;
    if (s == NMF_OK)
        s = check_resume_loop(opt->resume, !tiles);
    if (s == NMF_OK && corrected)
        s = nmfi_entries_make(o.mask, 1, &missing);
    if (s == NMF_OK && tiles)
        s = nmfi_iterate_tiles(&o, opt, mean, t0, w, h, fixed != NULL, res);
    else if (s == NMF_OK)
        s = fixed ? iterate_h(x, opt, mean, t0, w, h, res)
                  : iterate(x, opt, mean, t0, w, h,
                            corrected ? &missing : NULL, res);
    nmfi_entries_free(&missing);
    nmfi_fpenv_restore(&env);
    nmfi_threads_set(old_threads);
    nmfi_observed_free(&o);
    if (s != NMF_OK) {
        nmf_matrix_free(w);
        nmf_matrix_free(h);
        nmf_result_free(res);
        return s;
    }
    res->w = w;
    res->h = h;
    return NMF_OK;
}

nmf_status nmf_fit(const nmf_matrix *a, const nmf_options *opt,
                   nmf_result *res)
{
    memset(res, 0, sizeof *res);
    double t0 = nmfi_now();
    nmf_status s = check_options(a, opt);
    return s != NMF_OK ? s : run(a, opt, NULL, t0, res);
}

nmf_status nmf_transform(const nmf_matrix *a, const nmf_matrix *w,
                         const nmf_options *opt, nmf_result *res)
{
    memset(res, 0, sizeof *res);
    double t0 = nmfi_now();
    if (!w)
        return nmfi_error(NMF_E_INVAL, "no W given");
    /* H0 as nmf_fit would start it; the start's W is replaced by W. */
    nmf_options o = *opt;
    o.d = w->cols;
    o.init_w = NULL;
    o.profile = NULL;
    o.resume = NULL;       /* a transform is short: nothing to go on from */
    o.checkpoint = NULL;
    nmf_status s = check_options(a, &o);
    if (s == NMF_OK)
        s = check_start(w, a->rows, o.d, "W");
    return s != NMF_OK ? s : run(a, &o, w, t0, res);
}

void nmf_result_free(nmf_result *res)
{
    if (!res)
        return;
    nmf_matrix_free(res->w);
    nmf_matrix_free(res->h);
    free(res->error);
    free(res->seconds);
    memset(res, 0, sizeof *res);
}

const char *nmf_profile_step_name(nmf_profile_step step)
{
    static const char *const names[NMF_STEP_COUNT] = {
        [NMF_STEP_WTA] = "W'A", [NMF_STEP_UPDATE_H] = "update H+HH'",
        [NMF_STEP_AHT] = "AH'", [NMF_STEP_UPDATE_W] = "update W+W'W",
        [NMF_STEP_WTW] = "first W'W",
        [NMF_STEP_ERROR] = "error", [NMF_STEP_COPY_A] = "copy A'",
        [NMF_STEP_TILES_H] = "H entrywise", [NMF_STEP_TILES_W] = "W entrywise",
    };
    return (unsigned)step < NMF_STEP_COUNT ? names[step] : "?";
}
