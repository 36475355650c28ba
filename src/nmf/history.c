/* history.c -- the end of an iteration, shared by every solver loop
 * (fit_loop.h): the history, the progress callback, the stopping rules,
 * and the profile's stopwatch. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/timer.h"
#include "nmf/fit_loop.h"

void nmfi_stopwatch_start(nmfi_stopwatch *sw, nmf_profile *p)
{
    sw->p = p;
    sw->t = 0;
    if (p) {
        memset(p, 0, sizeof *p);
        sw->t = nmfi_now();
    }
}

void nmfi_lap(nmfi_stopwatch *sw, nmf_profile_step step, double flops)
{
    if (!sw->p)
        return;
    double now = nmfi_now();
    sw->p->seconds[step] += now - sw->t;
    sw->p->flops[step] += flops;
    sw->t = now;
}

/* The history, grown as the iterations come: max_iter is only an upper
 * bound once a tolerance or a time limit may stop the run first. */
static nmf_status history_push(nmf_result *r, int *cap, double value,
                               double seconds)
{
    if (r->iterations == *cap) {
        int grown = *cap < 512 ? 512 : 2 * *cap;
        double *e = realloc(r->error, (size_t)grown * sizeof *e);
        if (e)
            r->error = e;
        double *s = e ? realloc(r->seconds, (size_t)grown * sizeof *s) : NULL;
        if (!s)
            return nmfi_error(NMF_E_NOMEM, "out of memory for the error"
                              " history (%d iterations)", r->iterations);
        r->seconds = s;
        *cap = grown;
    }
    r->error[r->iterations] = value;
    r->seconds[r->iterations] = seconds;
    r->iterations++;
    return NMF_OK;
}

/* Whether the run ends after the iteration just recorded, and why: the
 * tolerance first, then the time, then the iteration bound. */
static int stops(const nmf_options *opt, const nmf_result *r, double now,
                 nmf_stop *why)
{
    int k = r->iterations;
    if (opt->tol > 0 && k > NMF_TOL_WINDOW) {
        double then = r->error[k - 1 - NMF_TOL_WINDOW], e = r->error[k - 1];
        if (then - e <= opt->tol * e) {
            *why = NMF_STOP_TOLERANCE;
            return 1;
        }
    }
    if (opt->max_time > 0 && now >= opt->max_time) {
        *why = NMF_STOP_TIME;
        return 1;
    }
    if (k >= opt->max_iter) {
        *why = NMF_STOP_ITERATIONS;
        return 1;
    }
    if (opt->interrupt && *opt->interrupt) {
        *why = NMF_STOP_INTERRUPTED;
        return 1;
    }
    return 0;
}

int nmfi_end_iteration(const nmf_options *opt, nmf_result *res, int *cap,
                       double t0, double value, nmf_status *err)
{
    double now = nmfi_now() - t0;
    if (!isfinite(value)) {
        *err = nmfi_error(NMF_E_NUMERIC, "iteration %d: the %s became %s"
                          " (W or H overflowed: A's values too large for"
                          " %s?)", res->iterations + 1,
                          opt->loss == NMF_LOSS_KL ? "divergence" : "error",
                          isnan(value) ? "NaN" : "infinite", NMF_REAL_NAME);
        return -1;
    }
    if ((*err = history_push(res, cap, value, now)) != NMF_OK)
        return -1;
    if (opt->progress)
        opt->progress(opt->progress_ctx, res->iterations, opt->max_iter,
                      value);
    return stops(opt, res, now, &res->stop);
}

nmf_status nmfi_resume_history(const nmf_options *opt, nmf_result *res,
                               int *cap, double *t0)
{
    const nmf_state *st = opt->resume;
    int k = st->iterations;
    for (int i = 0; i < k; i++) {
        nmf_status s = history_push(res, cap, st->error[i], st->seconds[i]);
        if (s != NMF_OK)
            return s;
    }
    /* The clock goes on from the saved run's last time. */
    *t0 = nmfi_now() - st->seconds[k - 1];
    nmf_stop why;
    if (stops(opt, res, st->seconds[k - 1], &why) && why != NMF_STOP_TIME)
        return nmfi_error(NMF_E_INVAL, "nothing to resume: the saved fit"
                          " had ended at iteration %d (%s); a larger"
                          " iteration count goes on", k, nmf_stop_name(why));
    return NMF_OK;
}

static int all_finite(const nmf_matrix *x)
{
    for (size_t j = 0; j < x->cols; j++) {
        const nmf_real *col = &NMFI_AT(x, 0, j);
        for (size_t i = 0; i < x->rows; i++)
            if (!isfinite(col[i]))
                return 0;
    }
    return 1;
}

nmf_status nmfi_checkpoint(const nmf_options *opt, const nmf_result *res,
                           int end, const nmf_matrix *w, const nmf_matrix *h,
                           const nmf_matrix *wtw, const nmf_matrix *hht)
{
    int k = res->iterations;
    int due = opt->checkpoint && opt->checkpoint_every > 0
              && k % opt->checkpoint_every == 0;
    if (!end && !due)
        return NMF_OK;
    /* A finite history does not prove finite factors (HALS's floor and
     * KL's guards on zero terms can hide a NaN from the loss): nothing
     * not finite is saved or returned. */
    const nmf_matrix *bad = !all_finite(w) ? w : !all_finite(h) ? h : NULL;
    if (bad)
        return nmfi_error(NMF_E_NUMERIC, "iteration %d: %s holds a NaN or"
                          " infinite entry (values too large for %s?)", k,
                          bad == w ? "W" : "H", NMF_REAL_NAME);
    if (!opt->checkpoint)
        return NMF_OK;
    nmf_state st = {k, res->error, res->seconds, w, h, wtw, hht};
    return opt->checkpoint(opt->checkpoint_ctx, &st);
}
