/* progress.c -- a one-line, self-overwriting progress display. */
#include <config.h>

#include <stdio.h>
#include <unistd.h>

#include "cli/progress.h"
#include "core/timer.h"

void progress_init(progress *p, const char *label, int quiet)
{
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->start = p->last_draw = nmfi_now();
    p->label = label;
    p->stage[0] = '\0';
}

void progress_stage(void *ctx, const char *what)
{
    progress *p = ctx;
    snprintf(p->stage, sizeof p->stage, "%s", what);
    p->start = p->last_draw = nmfi_now();
}

void progress_update(void *ctx, int iter, int max_iter, double error)
{
    progress *p = ctx;
    if (!p->enabled)
        return;
    double now = nmfi_now();
    if (iter < max_iter && now - p->last_draw < 0.1)
        return;
    p->last_draw = now;
    double elapsed = now - p->start;
    double rate = elapsed > 0 ? iter / elapsed : 0.0;
    double eta = rate > 0 ? (max_iter - iter) / rate : 0.0;
    fprintf(stderr, "\r\033[K%s%s%s: iteration %d/%d  error %.6g  %.1f it/s"
            "  ETA %.0fs", p->label, p->stage[0] ? " " : "", p->stage, iter,
            max_iter, error, rate, eta);
    fflush(stderr);
}

void progress_done(progress *p)
{
    if (p->enabled)
        fprintf(stderr, "\r\033[K");
}
