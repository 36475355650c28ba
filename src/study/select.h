/* select.h -- choosing d by cross-validation on held-out entries: each
 * fold hides a random share of the observed entries (a mask), fits every
 * d on the rest, and measures the error on the hidden ones. The d with
 * the lowest mean held-out error is the best; the smallest d within one
 * standard error of it (Breiman's 1-SE rule) is the modest choice. */
#ifndef NMFI_SELECT_H
#define NMFI_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include "io/journal.h"
#include "nmfkit.h"

typedef struct nmfi_select_params {
    nmf_options opt;          /* the solver and its stopping rules; its
                                 seed also seeds the folds' masks: seed,
                                 seed + 1, ...                          */
    size_t d_lo, d_hi, d_step;
    double holdout;           /* share of observed entries hidden, (0, 1) */
    int folds;                /* >= 1                                    */
    /* After each fit: fits done, of total, its d and fold, its held-out
     * RMSE, and whether it was taken from the journal. Optional. */
    void (*progress)(void *ctx, size_t done, size_t total, size_t d,
                     int fold, double heldout, int resumed);
    void *progress_ctx;
    /* Optional: each finished fit is recorded there, and a fit it holds
     * already (a resumed study) is taken from it instead of made. */
    nmfi_journal *journal;
} nmfi_select_params;

typedef struct nmfi_select_result {
    size_t count;             /* the d tried                             */
    size_t *d;
    double *heldout;          /* mean held-out RMSE per d over the folds */
    double *heldout_sd;       /* its standard deviation (0 for 1 fold)   */
    double *train;            /* mean RMSE on the entries fitted         */
    double *per_fold;         /* count x folds, d by d                   */
    int folds;
    size_t best, best_1se;    /* indices into d                          */
    int interrupted;          /* opt.interrupt ended a fit: the study
                                 stopped there, nothing summarized       */
} nmfi_select_result;

/* `mask` (or NULL): entries that are missing before any are hidden. A fit
 * ended by opt.interrupt is dropped (not journaled) and ends the study
 * with r->interrupted set and NMF_OK. */
nmf_status nmfi_select_run(const nmf_matrix *a, const nmf_matrix *mask,
                           const nmfi_select_params *p,
                           nmfi_select_result *r);
void nmfi_select_result_free(nmfi_select_result *r);

#endif
