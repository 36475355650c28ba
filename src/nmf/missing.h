/* missing.h -- masked MU on the Gram path: the missing entries as a
 * sparse correction, for data with few of them.
 *
 * With X the data with its missing entries set to 0, the masked MU
 * denominators are W'(M .* WH) = W'W H - C_H and (M .* WH) H' = W HH' -
 * C_W, where C_H (d x n) and C_W (m x d) sum over the missing entries
 * alone: C_H[:, j] = sum_{i missing in j} p_ij w_i, C_W[i, :] = sum_{j
 * missing in i} p_ij h_j', p_ij = w_i . h_j. The numerators W'X and X H'
 * are the GEMMs of the unmasked solver, and the error over the observed
 * entries is the Gram identity's ||X - WH||^2 less sum p_ij^2 over the
 * missing ones. A missing share f costs 8 d f m n flops an iteration
 * beside the unmasked 4 m n d, where the tile pass (nmf/entrywise.h)
 * costs 12 m n d: fit.c takes this way up to NMFI_MISSING_GRAM_SHARE.
 * Each column of C_H and row of C_W is summed by one thread in order:
 * the same bits for any thread count.
 */
#ifndef NMFI_MISSING_H
#define NMFI_MISSING_H

#include <stddef.h>

#include "nmf/entries.h"
#include "nmf/fit_tiles.h"
#include "nmfkit.h"

/* C_H into c (d x n) from wt = W' (d x m) and H; returns sum p_ij^2 over
 * the missing entries, in double (for the error of W, H); part holds n
 * doubles of scratch. */
double nmfi_missing_h(const nmfi_entries *e, size_t d, const nmf_real *wt,
                      size_t ldwt, const nmf_real *h, size_t ldh,
                      nmf_real *c, size_t ldc, double *part);

/* C_W' into ct (d x m) from wt = W' and H. */
void nmfi_missing_w(const nmfi_entries *e, size_t d, const nmf_real *wt,
                    size_t ldwt, const nmf_real *h, size_t ldh,
                    nmf_real *ct, size_t ldct);

/* Whether the Gram path pays for the observed data's mask (the missing
 * share from the count nmfi_observed_make took). */
int nmfi_missing_gram_pays(const nmfi_observed *o);

#endif
