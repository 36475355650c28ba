/* fit_loop.h -- what every solver loop shares (history.c): the profile's
 * stopwatch, the history and the stopping rules at the end of an
 * iteration. The loops are nmf/fit.c's (the Frobenius loss from Gram
 * matrices) and nmf/fit_tiles.c's (the losses that need WH by tiles). */
#ifndef NMFI_FIT_LOOP_H
#define NMFI_FIT_LOOP_H

#include "nmfkit.h"

/* The profile's clock: nmfi_lap charges the time since the last lap, and
 * the step's flops, to `step`. Without a profile it reads no clock. */
typedef struct nmfi_stopwatch {
    nmf_profile *p;
    double t;
} nmfi_stopwatch;

/* Starts it (the profile zeroed) if opt asks for a profile. */
void nmfi_stopwatch_start(nmfi_stopwatch *sw, nmf_profile *p);
void nmfi_lap(nmfi_stopwatch *sw, nmf_profile_step step, double flops);

/* The end of iteration k, in every loop: `value` (the error or the
 * divergence of W_k, H_k) into the history, the progress callback, the
 * stopping rules, *opt->interrupt last. Returns 1 when one ends the fit
 * (res->stop set), 0 to go on, -1 with *err set when the value is not
 * finite (NMF_E_NUMERIC) or the history cannot grow. *cap is the
 * history's capacity, 0 before the first call. */
int nmfi_end_iteration(const nmf_options *opt, nmf_result *res, int *cap,
                       double t0, double value, nmf_status *err);

/* opt->resume's history as the result's first k values, and t0 moved so
 * that the clock goes on from its last time. NMF_E_INVAL when the saved
 * fit had already ended by a rule of opt. */
nmf_status nmfi_resume_history(const nmf_options *opt, nmf_result *res,
                               int *cap, double *t0);

/* After nmfi_end_iteration's 0 or 1 (`end`): on every
 * checkpoint_every-th iteration and on the last, NMF_E_NUMERIC if W or H
 * holds a NaN or Inf, else opt->checkpoint with the state. wtw and hht
 * are NULL in a loop that keeps no Gram matrices. */
nmf_status nmfi_checkpoint(const nmf_options *opt, const nmf_result *res,
                           int end, const nmf_matrix *w, const nmf_matrix *h,
                           const nmf_matrix *wtw, const nmf_matrix *hht);

/* Whether the Frobenius loop keeps A' for A H' at this d (fit.c). */
int nmfi_copy_pays(size_t d);

#endif
