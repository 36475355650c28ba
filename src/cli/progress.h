/* progress.h -- the progress line on stderr: iteration, error, iterations
 * per second and time left. Shown only when stderr is a terminal (so logs
 * and CI stay clean) and not --quiet; redrawn at most ten times a second. */
#ifndef NMFKIT_PROGRESS_H
#define NMFKIT_PROGRESS_H

typedef struct progress {
    int enabled;
    double start;
    double last_draw;
    const char *label;
    char stage[96];    /* what is running now, e.g. "d = 64, noisy" */
} progress;

void progress_init(progress *p, const char *label, int quiet);
/* An nmf_progress_fn: ctx is a progress *. */
void progress_update(void *ctx, int iter, int max_iter, double error);
/* Start a new stage (ctx is a progress *): its name shows in the line and
 * the rate and ETA restart. Matches nmfi_image_params.stage. */
void progress_stage(void *ctx, const char *what);
/* Clear the line. */
void progress_done(progress *p);

#endif
