/* mu.c -- Lee-Seung multiplicative updates, as the reference algorithm
 * states them:
 *
 *   W0, H0 ~ U(0,1) * sqrt(mean(A)/d)
 *   for k = 1 .. maxiter
 *       H <- H .* (W'A) ./ (W'W H + delta)
 *       W <- W .* (A H') ./ (W H H' + delta)
 *       history[k] = ||A - W H||_F
 *
 * Per iteration it needs four products: W'A (d x n) and A H' (m x d) from
 * the GEMM, and the Gram matrices W'W and H H' (d x d). The small products
 * with the Gram matrices are fused into the updates (kernels/mu_update.c),
 * and each update forms the Gram matrix of the factor it has just updated
 * from the same tiles (only the first W'W, before the loop, is a GEMM).
 * The error uses ||A - WH||^2 = ||A||^2 - 2 <W, AH'> + <W'W, HH'>, whose
 * terms are all at hand after the W update (W'W is computed there once and
 * reused by the next H update), so the history costs no m x n pass.
 *
 * A H' sums along the rows of A, which column-major storage keeps lda
 * apart: the GEMM reads A in place a few values per column step (v7) and
 * ran 8-20 % below W'A, which walks down A's columns. A never changes, so
 * unless the caller asks for low memory (or d is too small to gain, see
 * copy_pays) the solver keeps A' (n x m, as big as A) and computes
 * (A H')' = H A' with A' walked down its columns, the same access as W'A;
 * the W update reads that transposed numerator.
 */
#include <config.h>

#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/matrix.h"
#include "core/threads.h"
#include "core/timer.h"
#include "kernels/gemm.h"
#include "kernels/mu_update.h"
#include "kernels/reduce.h"
#include "kernels/residual.h"
#include "kernels/transpose.h"
#include "kernels/ukr.h"

/* The products and Gram matrices of one iteration. */
typedef struct mu_work {
    nmf_matrix *at;   /* A'   n x m, or NULL (low memory)      */
    nmf_matrix *wta;  /* W'A  d x n */
    nmf_matrix *aht;  /* A H' m x d, or (A H')' d x m with `at` */
    nmf_matrix *wtw;  /* W'W  d x d */
    nmf_matrix *hht;  /* H H' d x d */
    nmf_real *partials; /* the updates' Gram partial sums */
} mu_work;

static void work_free(mu_work *t)
{
    nmf_matrix_free(t->at);
    nmf_matrix_free(t->wta);
    nmf_matrix_free(t->aht);
    nmf_matrix_free(t->wtw);
    nmf_matrix_free(t->hht);
    nmfi_aligned_free(t->partials);
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
static int copy_pays(size_t d)
{
    size_t tiles = (d + MR_WIDE - 1) / MR_WIDE;
    return 10 * d >= 9 * tiles * MR_WIDE;
}

static nmf_status work_alloc(mu_work *t, size_t m, size_t n, size_t d,
                             int low_memory)
{
    low_memory = low_memory || !copy_pays(d);
    t->at = low_memory ? NULL : nmf_matrix_new(n, m);
    t->wta = nmf_matrix_new(d, n);
    t->aht = low_memory ? nmf_matrix_new(m, d) : nmf_matrix_new(d, m);
    t->wtw = nmf_matrix_new(d, d);
    t->hht = nmf_matrix_new(d, d);
    size_t ph = nmfi_mu_gram_partials(n, d), pw = nmfi_mu_gram_partials(m, d);
    t->partials = nmfi_aligned_alloc(ph > pw ? ph : pw, sizeof(nmf_real));
    if ((!low_memory && !t->at) || !t->wta || !t->aht || !t->wtw ||
        !t->hht || !t->partials) {
        work_free(t);
        return nmfi_error(NMF_E_NOMEM, "out of memory for the MU work"
                          " matrices (m = %zu, n = %zu, d = %zu%s)", m, n, d,
                          low_memory ? "" : "; --low-memory drops the copy"
                          " of A");
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

static nmf_status check_options(const nmf_matrix *a, const nmf_options *opt)
{
    if (opt->d < 1)
        return nmfi_error(NMF_E_INVAL, "d must be at least 1");
    if (opt->max_iter < 1)
        return nmfi_error(NMF_E_INVAL, "the iteration count must be at"
                          " least 1 (got %d)", opt->max_iter);
    if (!(opt->delta >= NMF_DELTA_MIN && opt->delta <= NMF_DELTA_MAX))
        return nmfi_error(NMF_E_INVAL, "delta = %g is outside [%g, %g]",
                          opt->delta, NMF_DELTA_MIN, NMF_DELTA_MAX);
    if (opt->threads < 0)
        return nmfi_error(NMF_E_INVAL, "threads must be >= 0 (got %d)",
                          opt->threads);
    nmf_status s = nmf_matrix_check_nonneg(a, "A");
    if (s == NMF_OK && opt->init_w)
        s = check_start(opt->init_w, a->rows, opt->d, "initial W");
    if (s == NMF_OK && opt->init_h)
        s = check_start(opt->init_h, opt->d, a->cols, "initial H");
    return s;
}

/* W0 and H0: the uniform draw, then any user-given start replaces its part
 * (the draw is made in full either way, so giving W0 leaves H0 as it was). */
static nmf_status make_start(const nmf_matrix *a, const nmf_options *opt,
                             nmf_matrix *w, nmf_matrix *h)
{
    double mean = nmfi_sum_matrix(a->rows, a->cols, a->data, a->ld)
                  / ((double)a->rows * (double)a->cols);
    nmf_status s = nmf_init_uniform(mean, opt->seed, w, h);
    if (s != NMF_OK)
        return s;
    if (opt->init_w)
        for (size_t j = 0; j < w->cols; j++)
            memcpy(&NMFI_AT(w, 0, j), &NMFI_AT(opt->init_w, 0, j),
                   w->rows * sizeof(nmf_real));
    if (opt->init_h)
        for (size_t j = 0; j < h->cols; j++)
            memcpy(&NMFI_AT(h, 0, j), &NMFI_AT(opt->init_h, 0, j),
                   h->rows * sizeof(nmf_real));
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

/* The profile's clock: lap() charges the time since the last lap, and the
 * step's flops, to `step`. Without a profile it reads no clock. */
typedef struct stopwatch {
    nmf_profile *p;
    double t;
} stopwatch;

static void lap(stopwatch *sw, nmf_profile_step step, double flops)
{
    if (!sw->p)
        return;
    double now = nmfi_now();
    sw->p->seconds[step] += now - sw->t;
    sw->p->flops[step] += flops;
    sw->t = now;
}

static nmf_status iterate(const nmf_matrix *a, const nmf_options *opt,
                          nmf_matrix *w, nmf_matrix *h, double *history)
{
    size_t m = a->rows, n = a->cols, d = opt->d;
    nmf_real delta = (nmf_real)opt->delta;
    nmfi_gemm_fn gemm = nmfi_gemm_fastest()->fn;
    mu_work t;
    nmf_status s = work_alloc(&t, m, n, d, opt->low_memory);
    if (s != NMF_OK)
        return s;

    /* Flops of each step, as GFLOP/s figures count them. */
    double md = (double)m * (double)d, nd = (double)n * (double)d;
    double mnd2 = 2.0 * md * (double)n, dd = (double)d;
    stopwatch sw = {opt->profile, 0};
    if (sw.p) {
        memset(sw.p, 0, sizeof *sw.p);
        sw.t = nmfi_now();
    }

    /* ||A||^2, once: part of the error's cost. */
    double norm_a2 = nmfi_sumsq_matrix(m, n, a->data, a->ld);
    lap(&sw, NMF_STEP_ERROR, 2.0 * (double)m * (double)n);
    if (t.at) {
        nmfi_transpose(m, n, a->data, a->ld, t.at->data, t.at->ld);
        lap(&sw, NMF_STEP_COPY_A, 0);
    }
    gemm_tn(gemm, w, w, t.wtw);
    lap(&sw, NMF_STEP_WTW, 2.0 * md * dd);
    double loop_start = sw.p ? nmfi_now() : 0;
    for (int k = 1; k <= opt->max_iter && s == NMF_OK; k++) {
        gemm_tn(gemm, w, a, t.wta);
        lap(&sw, NMF_STEP_WTA, mnd2);
        s = nmfi_mu_update_h(d, n, h->data, h->ld, t.wta->data, t.wta->ld,
                             t.wtw->data, t.wtw->ld, delta, t.hht->data,
                             t.hht->ld, t.partials);
        /* G H and H H' counted whole (2 d^2 n each), though only H H''s
         * lower triangle is formed: rates compare with separate GEMMs. */
        lap(&sw, NMF_STEP_UPDATE_H, 4.0 * nd * dd);
        if (s != NMF_OK)
            break;
        if (t.at)
            gemm(NMF_NOTRANS, NMF_NOTRANS, d, m, n, h->data, h->ld,
                 t.at->data, t.at->ld, 0, t.aht->data, t.aht->ld);
        else
            gemm_nt(gemm, a, h, t.aht);
        lap(&sw, NMF_STEP_AHT, mnd2);
        double cross = 0.0;
        s = nmfi_mu_update_w(m, d, w->data, w->ld, t.aht->data, t.aht->ld,
                             t.at ? NMF_TRANS : NMF_NOTRANS, t.hht->data,
                             t.hht->ld, delta, t.wtw->data, t.wtw->ld,
                             t.partials, &cross);
        /* W S and W'W counted whole, and <W, AH'> formed on the way. */
        lap(&sw, NMF_STEP_UPDATE_W, 4.0 * md * dd + 2.0 * md);
        if (s != NMF_OK)
            break;

        /* t.aht was formed with the new H and t.hht too, so every term is
         * of (W_k, H_k): cross = <W_k, A H_k'> from the W update. Rounding
         * can push a near-zero error below zero. */
        double gram = nmfi_dot_matrix(d, d, t.wtw->data, t.wtw->ld,
                                      t.hht->data, t.hht->ld);
        double err2 = norm_a2 - 2.0 * cross + gram;
        double err = err2 > 0 ? sqrt(err2) : 0.0;
        lap(&sw, NMF_STEP_ERROR, 2.0 * dd * dd);
        if (sw.p)
            sw.p->iterations = k;
        if (history)
            history[k - 1] = err;
        if (opt->progress)
            opt->progress(opt->progress_ctx, k, opt->max_iter, err);
    }
    if (sw.p)
        sw.p->loop_seconds = nmfi_now() - loop_start;
    work_free(&t);
    return s;
}

nmf_status nmf_mu(const nmf_matrix *a, const nmf_options *opt,
                  nmf_matrix **w_out, nmf_matrix **h_out, double *history)
{
    nmf_status s = check_options(a, opt);
    if (s != NMF_OK)
        return s;
    nmf_matrix *w = nmf_matrix_new(a->rows, opt->d);
    nmf_matrix *h = nmf_matrix_new(opt->d, a->cols);
    if (!w || !h) {
        nmf_matrix_free(w);
        nmf_matrix_free(h);
        return nmfi_error(NMF_E_NOMEM, "out of memory for W and H");
    }
    s = make_start(a, opt, w, h);
    if (s == NMF_OK) {
        int old_threads = nmfi_threads_set(opt->threads);
        s = iterate(a, opt, w, h, history);
        nmfi_threads_set(old_threads);
    }
    if (s != NMF_OK) {
        nmf_matrix_free(w);
        nmf_matrix_free(h);
        return s;
    }
    *w_out = w;
    *h_out = h;
    return NMF_OK;
}

const char *nmf_profile_step_name(nmf_profile_step step)
{
    static const char *const names[NMF_STEP_COUNT] = {
        [NMF_STEP_WTA] = "W'A", [NMF_STEP_UPDATE_H] = "update H+HH'",
        [NMF_STEP_AHT] = "AH'", [NMF_STEP_UPDATE_W] = "update W+W'W",
        [NMF_STEP_WTW] = "first W'W",
        [NMF_STEP_ERROR] = "error", [NMF_STEP_COPY_A] = "copy A'",
    };
    return (unsigned)step < NMF_STEP_COUNT ? names[step] : "?";
}

double nmf_residual_norm(const nmf_matrix *a, const nmf_matrix *w,
                         const nmf_matrix *h)
{
    if (w->rows != a->rows || h->cols != a->cols || w->cols != h->rows) {
        nmfi_error(NMF_E_INVAL, "residual: A %zu x %zu, W %zu x %zu and"
                   " H %zu x %zu do not match", a->rows, a->cols, w->rows,
                   w->cols, h->rows, h->cols);
        return NAN;
    }
    double r2;
    if (nmfi_residual_sq(a->rows, a->cols, w->cols, a->data, a->ld, w->data,
                         w->ld, h->data, h->ld, &r2) != NMF_OK)
        return NAN;
    return sqrt(r2);
}
