/* fit_steps.h -- the pieces of the Frobenius loop (nmf/fit.c) that the
 * distributed loop (dist/fit.c) runs on its slices as well, so both apply
 * the same rules: the options' checks, the update rules with their
 * penalties, HALS's balancing and the error identity. */
#ifndef NMFI_FIT_STEPS_H
#define NMFI_FIT_STEPS_H

#include "kernels/update.h"
#include "nmfkit.h"

/* The checks of nmf_fit that need no A (d, solver, tolerances, ...). */
nmf_status nmfi_check_fit_options(const nmf_options *opt);

/* The rule each factor's update applies for an m x n A, and how often it
 * may repeat; `least` is HALS's floor. */
void nmfi_solver_rules(const nmf_options *opt, size_t m, size_t n,
                       double least, nmfi_update_rule *rh,
                       nmfi_update_rule *rw);

/* The Gram matrix g with l2 added to its diagonal (a copy in pen), or g
 * itself when l2 is 0. */
const nmf_real *nmfi_penalized(const nmf_matrix *g, double l2,
                               nmf_matrix *pen);
/* x -= l1, entrywise (HALS's l1 on its numerator). */
void nmfi_subtract(nmf_matrix *x, double l1);
int nmfi_has_penalty(const nmf_options *opt);

/* HALS's balancing before an iteration: W's columns and W'W rescaled,
 * scale (d) set for H's rows and hung on rh, from the Gram diagonals. */
void nmfi_balance(nmf_matrix *w, nmf_matrix *wtw, const nmf_matrix *hht,
                  nmf_real *scale, nmfi_update_rule *rh);

/* sqrt(||A||^2 - 2 cross + gram - missing), 0 below zero, NaN kept. */
double nmfi_error_from_terms(double norm_a2, double cross, double gram,
                             double missing);

#endif
