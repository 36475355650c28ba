/* fit_tiles.h -- the loop of the losses that need WH entry by entry (the
 * KL divergence, missing entries), and the observed data they read. */
#ifndef NMFI_FIT_TILES_H
#define NMFI_FIT_TILES_H

#include "nmfkit.h"

/* A as the solvers read it: A itself, or with a mask a copy whose missing
 * entries are 0, beside the mask as 0/1. */
typedef struct nmfi_observed {
    const nmf_matrix *x;
    nmf_matrix *copy;    /* x when it is a copy, else NULL         */
    nmf_matrix *mask;    /* 0/1, or NULL when all is observed      */
    double count;        /* observed entries                       */
} nmfi_observed;

/* Checks the mask's shape and values and A's observed entries (finite,
 * non-negative: the line names the first that is not). */
nmf_status nmfi_observed_make(const nmf_matrix *a, const nmf_matrix *mask,
                              nmfi_observed *o);
void nmfi_observed_free(nmfi_observed *o);

/* Whether opt's loss or mask needs this loop rather than fit.c's. */
int nmfi_needs_tiles(const nmf_options *opt);

/* The fit from W, H (the start): both factors, or H alone with W fixed.
 * The history as nmf_result says. */
nmf_status nmfi_iterate_tiles(const nmfi_observed *o, const nmf_options *opt,
                              double mean, double t0, nmf_matrix *w,
                              nmf_matrix *h, int fixed_w, nmf_result *res);

#endif
