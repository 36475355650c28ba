/* history.c -- the end of an iteration, shared by every solver loop
 * (fit_loop.h): the history, the progress callback, the stopping rules,
 * and the profile's stopwatch. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
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
    return 0;
}

int nmfi_end_iteration(const nmf_options *opt, nmf_result *res, int *cap,
                       double t0, double value)
{
    double now = nmfi_now() - t0;
    if (history_push(res, cap, value, now) != NMF_OK)
        return -1;
    if (opt->progress)
        opt->progress(opt->progress_ctx, res->iterations, opt->max_iter,
                      value);
    return stops(opt, res, now, &res->stop);
}
