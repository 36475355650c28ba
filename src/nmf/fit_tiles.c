/* fit_tiles.c -- the solver loop of the losses that need WH entry by
 * entry (fit_tiles.h): each iteration is a tile pass for H and one for W
 * (nmf/entrywise.h), the second on the transposed problem A' ~ H'W'.
 *
 * A pass measures the loss of the factors it starts from, so iteration
 * k's value is known only in the next H pass. That pass writes its H
 * apart (hnew), and when a stopping rule ends the fit on iteration k the
 * new H is dropped: the result is W_k, H_k with the history of k
 * iterations, at the price of one H pass more than the iterations. The
 * time recorded for iteration k includes that measuring pass.
 *
 * A' (and the mask's transpose) are made once, H' and W' each iteration
 * (d x n and d x m: small beside the passes).
 *
 * KL without a mask on a sparse A runs its passes over A's non-zeros
 * instead (nmf/kl_entries.h): the same updates and loss, another order of
 * the sums.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/timer.h"
#include "kernels/blocking.h"
#include "kernels/reduce.h"
#include "kernels/transpose.h"
#include "nmf/entrywise.h"
#include "nmf/fit_loop.h"
#include "nmf/fit_tiles.h"
#include "nmf/kl_entries.h"

int nmfi_needs_tiles(const nmf_options *opt)
{
    return opt->loss != NMF_LOSS_FROBENIUS || opt->mask != NULL;
}

void nmfi_observed_free(nmfi_observed *o)
{
    nmf_matrix_free(o->copy);
    nmf_matrix_free(o->mask);
    memset(o, 0, sizeof *o);
}

nmf_status nmfi_observed_make(const nmf_matrix *a, const nmf_matrix *mask,
                              nmfi_observed *o)
{
    memset(o, 0, sizeof *o);
    o->x = a;
    o->count = (double)a->rows * (double)a->cols;
    if (!mask)
        return nmf_matrix_check_nonneg(a, "A");
    if (mask->rows != a->rows || mask->cols != a->cols)
        return nmfi_error(NMF_E_INVAL, "the mask is %zu x %zu, A is %zu x"
                          " %zu", mask->rows, mask->cols, a->rows, a->cols);
    o->copy = nmf_matrix_copy(a);
    o->mask = nmf_matrix_new(a->rows, a->cols);
    if (!o->copy || !o->mask) {
        nmfi_observed_free(o);
        return nmfi_error(NMF_E_NOMEM, "out of memory for the observed"
                          " copy of A and its mask (%.1f MiB, %zu x %zu)",
                          NMFI_MIB(2 * nmfi_matrix_bytes(a->rows, a->cols)),
                          a->rows, a->cols);
    }
    size_t missing = 0;
    for (size_t j = 0; j < a->cols; j++)
        for (size_t i = 0; i < a->rows; i++) {
            double v = NMFI_AT(mask, i, j);
            if (!isfinite(v)) {
                nmfi_observed_free(o);
                return nmfi_error(NMF_E_INVAL, "the mask's entry at row %zu,"
                                  " column %zu is not finite", i + 1, j + 1);
            }
            NMFI_AT(o->mask, i, j) = v != 0;
            if (v == 0) {
                NMFI_AT(o->copy, i, j) = 0;
                missing++;
            }
        }
    o->x = o->copy;
    o->count -= (double)missing;
    if (o->count < 1) {
        nmfi_observed_free(o);
        return nmfi_error(NMF_E_INVAL, "the mask leaves no entry of A"
                          " observed");
    }
    nmf_status s = nmf_matrix_check_nonneg(o->copy, "A");
    if (s != NMF_OK)
        nmfi_observed_free(o);
    return s;
}

/* sum x log x - x over the entries, in double, columns summed in order:
 * the part of D(A || WH) that no factor changes. */
static double kl_constant(const nmf_matrix *x)
{
    double *col = malloc((x->cols ? x->cols : 1) * sizeof *col);
    if (!col)
        return NAN;
    #pragma omp parallel for schedule(static)
    for (size_t j = 0; j < x->cols; j++) {
        double s = 0.0;
        for (size_t i = 0; i < x->rows; i++) {
            double v = NMFI_AT(x, i, j);
            s += v > 0 ? v * log(v) - v : 0.0;
        }
        col[j] = s;
    }
    double total = 0.0;
    for (size_t j = 0; j < x->cols; j++)
        total += col[j];
    free(col);
    return total;
}

/* The d column sums of U (p x d): KL's denominator without a mask. */
static void column_sums(const nmf_matrix *u, nmf_real *sums)
{
    for (size_t k = 0; k < u->cols; k++)
        sums[k] = (nmf_real)nmfi_sum_matrix(u->rows, 1, &NMFI_AT(u, 0, k),
                                            u->ld);
}

static void swap_data(nmf_matrix *a, nmf_matrix *b)
{
    nmf_real *t = a->data;
    a->data = b->data;
    b->data = t;
}

/* HALS with missing entries balances W and H before each H pass after
 * the first, as fit.c's HALS does: column k of W and row k of H brought
 * to the same norm by l_k = (||h_k|| / ||w_k||)^(1/2), WH unchanged.
 * Without it a row of H that reaches its floor early leaves the matching
 * column of W to be solved against a curvature of floor^2, and W's
 * entries reached 1e9 within five iterations (200 x 300, rank 8, 20 %
 * missing), the hidden entries' RMSE 5e4. Not under a penalty, whose
 * value the rescaling would change. */
static void balance(nmf_matrix *w, nmf_matrix *h)
{
    for (size_t k = 0; k < w->cols; k++) {
        double ww = nmfi_sumsq_matrix(w->rows, 1, &NMFI_AT(w, 0, k), w->ld);
        double hh = 0.0;
        for (size_t j = 0; j < h->cols; j++)
            hh += (double)NMFI_AT(h, k, j) * NMFI_AT(h, k, j);
        double l = ww > 0 && hh > 0 ? sqrt(sqrt(hh / ww)) : 1.0;
        if (!isfinite(l) || l == 0)
            continue;
        nmf_real lw = (nmf_real)l, lh = (nmf_real)(1.0 / l);
        for (size_t i = 0; i < w->rows; i++)
            NMFI_AT(w, i, k) *= lw;
        for (size_t j = 0; j < h->cols; j++)
            NMFI_AT(h, k, j) *= lh;
    }
}

typedef struct buffers {
    nmf_matrix *hnew, *xt, *mt, *ht, *wt, *wtnew;
    nmf_real *colsum;
    double *part;     /* max(m, n): the passes' per-tile or per-column
                         losses */
} buffers;

static void buffers_free(buffers *b)
{
    nmf_matrix_free(b->hnew);
    nmf_matrix_free(b->xt);
    nmf_matrix_free(b->mt);
    nmf_matrix_free(b->ht);
    nmf_matrix_free(b->wt);
    nmf_matrix_free(b->wtnew);
    free(b->colsum);
    free(b->part);
}

static nmf_status buffers_alloc(buffers *b, const nmfi_observed *o,
                                size_t d, int kl, int fixed_w, int sparse)
{
    size_t m = o->x->rows, n = o->x->cols;
    memset(b, 0, sizeof *b);
    int ok = (b->hnew = nmf_matrix_new(d, n)) != NULL
             && (b->part = malloc((m > n ? m : n) * sizeof *b->part));
    if (ok && (!fixed_w || sparse))
        ok = (b->wt = nmf_matrix_new(d, m)) != NULL;
    if (ok && !fixed_w)
        ok = (b->wtnew = nmf_matrix_new(d, m)) != NULL;
    if (ok && !fixed_w && !sparse)
        ok = (b->xt = nmf_matrix_new(n, m)) && (b->ht = nmf_matrix_new(n, d))
             && (!o->mask || (b->mt = nmf_matrix_new(n, m)));
    if (ok && kl && !o->mask && !sparse)
        ok = (b->colsum = malloc(d * sizeof *b->colsum)) != NULL;
    if (ok)
        return NMF_OK;
    buffers_free(b);
    double bytes = nmfi_matrix_bytes(d, n) + 2 * nmfi_matrix_bytes(d, m)
                   + (sparse ? 0 : (1.0 + (o->mask != NULL))
                                   * nmfi_matrix_bytes(n, m)
                                   + nmfi_matrix_bytes(n, d));
    return nmfi_error(NMF_E_NOMEM, "out of memory for the tile solver's"
                      " buffers (%.1f MiB for m = %zu, n = %zu, d = %zu)",
                      NMFI_MIB(bytes), m, n, d);
}

nmf_status nmfi_iterate_tiles(const nmfi_observed *o, const nmf_options *opt,
                              double mean, double t0, nmf_matrix *w,
                              nmf_matrix *h, int fixed_w, nmf_result *res)
{
    const nmf_matrix *x = o->x;
    size_t m = x->rows, n = x->cols, d = opt->d;
    int kl = opt->loss == NMF_LOSS_KL;
    int sparse = kl && !o->mask && d <= NMFI_KL_ENTRIES_D_MAX
                 && nmfi_kl_entries_pay(x);
    nmfi_entries ent;
    memset(&ent, 0, sizeof ent);
    buffers b;
    nmf_status s = buffers_alloc(&b, o, d, kl, fixed_w, sparse);
    if (s == NMF_OK && sparse) {
        s = nmfi_entries_make(x, 0, &ent);
        if (s != NMF_OK)
            buffers_free(&b);
    }
    if (s != NMF_OK)
        return s;
    nmfi_stopwatch sw;
    nmfi_stopwatch_start(&sw, opt->profile);

    double norm2 = nmfi_sumsq_matrix(m, n, x->data, x->ld);
    res->norm_a = sqrt(norm2);
    double c0 = kl ? kl_constant(x) : 0.0;
    if (isnan(c0)) {
        buffers_free(&b);
        nmfi_entries_free(&ent);
        return nmfi_error(NMF_E_NOMEM, "out of memory for the KL constant");
    }
    nmfi_lap(&sw, NMF_STEP_ERROR, 2.0 * (double)m * (double)n);
    if (!fixed_w && !sparse) {
        nmfi_transpose(m, n, x->data, x->ld, b.xt->data, b.xt->ld);
        if (o->mask)
            nmfi_transpose(m, n, o->mask->data, o->mask->ld, b.mt->data,
                           b.mt->ld);
        nmfi_lap(&sw, NMF_STEP_COPY_A, 0);
    }

    int hals = opt->solver == NMF_SOLVER_HALS;
    nmfi_pass ph = {
        .loss = opt->loss, .hals = hals, .p = m, .q = n, .d = d,
        .x = x->data, .ldx = x->ld,
        .mask = o->mask ? o->mask->data : NULL,
        .ldm = o->mask ? o->mask->ld : 0,
        .ldu = w->ld, .ldv = h->ld, .ldout = b.hnew->ld,
        .colsum_u = b.colsum, .delta = (nmf_real)opt->delta,
        .floor = hals ? (nmf_real)(opt->epsilon * sqrt(mean / (double)d))
                      : 0,
        .l1 = (nmf_real)opt->l1_h, .l2 = (nmf_real)opt->l2_h,
        .sums = b.part,
    };
    nmfi_pass pw = ph;
    if (!fixed_w && !sparse) {
        pw.p = n;
        pw.q = m;
        pw.x = b.xt->data;
        pw.ldx = b.xt->ld;
        pw.mask = b.mt ? b.mt->data : NULL;
        pw.ldm = b.mt ? b.mt->ld : 0;
        pw.ldu = b.ht->ld;
        pw.ldv = b.wt->ld;
        pw.ldout = b.wtnew->ld;
        pw.l1 = (nmf_real)opt->l1_w;
        pw.l2 = (nmf_real)opt->l2_w;
    }

    /* A resumed fit's first H pass measures the saved W_k, H_k (already
     * in the history, already balanced). */
    int cap = 0, started = 0, resumed = opt->resume != NULL;
    if (resumed) {
        s = nmfi_resume_history(opt, res, &cap, &t0);
        started = 1;
    }
    double loop_start = nmfi_now();
    res->start_seconds = loop_start - t0;
    if (sw.p)
        sw.t = loop_start;
    int balances = hals && !fixed_w && opt->l1_w == 0 && opt->l1_h == 0
                   && opt->l2_w == 0 && opt->l2_h == 0;
    while (s == NMF_OK) {
        double loss = 0;
        if (balances && started && !resumed)
            balance(w, h);
        if (sparse) {
            if (!fixed_w || !started)   /* a fixed W once */
                nmfi_transpose(m, d, w->data, w->ld, b.wt->data, b.wt->ld);
            loss = nmfi_kl_entries_h(&ent, d, b.wt->data, b.wt->ld, h->data,
                                     h->ld, b.hnew->data, b.hnew->ld,
                                     ph.delta, ph.l1, ph.l2, b.part);
            nmfi_lap(&sw, NMF_STEP_TILES_H, nmfi_kl_entries_flops(&ent, d));
        } else {
            if (b.colsum)
                column_sums(w, b.colsum);
            ph.u = w->data;
            ph.v = h->data;
            ph.out = b.hnew->data;
            s = nmfi_pass_run(&ph, &loss);
            nmfi_lap(&sw, NMF_STEP_TILES_H, nmfi_pass_flops(&ph));
        }
        if (s != NMF_OK)
            break;
        if (started && !resumed) {
            double value = kl ? c0 + loss
                              : sqrt(loss > 0 || isnan(loss) ? loss : 0);
            int end = nmfi_end_iteration(opt, res, &cap, t0, value, &s);
            if (end < 0)
                break;
            s = nmfi_checkpoint(opt, res, end, w, h, NULL, NULL);
            if (s != NMF_OK)
                break;
            if (sw.p) {
                sw.p->iterations++;   /* not a resumed fit's saved ones */
                sw.p->updated_h += (long)n;
                sw.p->updated_w += fixed_w ? 0 : (long)m;
            }
            if (end)
                break;
        }
        started = 1;
        resumed = 0;
        swap_data(h, b.hnew);
        if (fixed_w)
            continue;
        if (sparse) {
            /* b.wt still holds W' of this W. */
            nmfi_kl_entries_w(&ent, d, b.wt->data, b.wt->ld, h->data, h->ld,
                              b.wtnew->data, b.wtnew->ld, ph.delta,
                              (nmf_real)opt->l1_w, (nmf_real)opt->l2_w);
            nmfi_transpose(d, m, b.wtnew->data, b.wtnew->ld, w->data, w->ld);
            nmfi_lap(&sw, NMF_STEP_TILES_W, nmfi_kl_entries_flops(&ent, d));
            continue;
        }
        nmfi_transpose(d, n, h->data, h->ld, b.ht->data, b.ht->ld);
        nmfi_transpose(m, d, w->data, w->ld, b.wt->data, b.wt->ld);
        if (b.colsum)
            column_sums(b.ht, b.colsum);
        pw.u = b.ht->data;
        pw.v = b.wt->data;
        pw.out = b.wtnew->data;
        s = nmfi_pass_run(&pw, &loss);
        if (s != NMF_OK)
            break;
        nmfi_transpose(d, m, b.wtnew->data, b.wtnew->ld, w->data, w->ld);
        nmfi_lap(&sw, NMF_STEP_TILES_W, nmfi_pass_flops(&pw));
    }
    if (sw.p)
        sw.p->loop_seconds = nmfi_now() - loop_start;
    buffers_free(&b);
    nmfi_entries_free(&ent);
    return s;
}
