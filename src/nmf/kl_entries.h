/* kl_entries.h -- Lee & Seung's KL updates over the non-zero entries of
 * A alone, for sparse data.
 *
 * A zero entry adds p = (WH)_ij to D(A || WH) and nothing to the
 * quotient A ./ WH, and the sum of p over all entries is
 * sum_k (sum_i w_ik)(sum_j h_kj). So an iteration needs p only where
 * a > 0: a dot product of length d per non-zero for each factor's pass,
 * and one axpy into the numerator, 8 d flops per non-zero an iteration
 * against the tile pass's 8 m n d / (m n) per entry with the GEMM. The
 * loop (fit_tiles.c) picks this pass when A has few enough non-zeros
 * (nmfi_kl_entries_pay).
 *
 * The entries (nmf/entries.h) are read by column for H's pass (column j
 * of H from the entries of column j) and by row for W's; each column or
 * row is one independent problem, computed by one thread in a fixed
 * order, so the bits do not depend on the thread count.
 */
#ifndef NMFI_KL_ENTRIES_H
#define NMFI_KL_ENTRIES_H

#include <stddef.h>
#include <stdint.h>

#include "nmf/entries.h"
#include "nmfkit.h"


/* Whether A's non-zeros are few enough for this pass to beat the tiles'
 * (blocking.h's NMFI_KL_ENTRIES_DENSITY). Counts them. */
int nmfi_kl_entries_pay(const nmf_matrix *a);


/* H's pass: out (d x n) = H .* W'(A ./ P^) ./ (colsum(W) + l1 + l2 H +
 * delta) from wt = W' (d x m) and H; returns the varying part of
 * D(A || WH) of the old factors, sum_{a>0} (p^ - a log p^) + sum_{a=0} p
 * (p^ = max(p, delta)), in double; part holds n doubles of scratch. */
double nmfi_kl_entries_h(const nmfi_entries *e, size_t d, const nmf_real *wt,
                         size_t ldwt, const nmf_real *h, size_t ldh,
                         nmf_real *out, size_t ldout, nmf_real delta,
                         nmf_real l1, nmf_real l2, double *part);

/* W's pass: outt (d x m) = (W .* (A ./ P^) H' ./ (rowsum(H) + l1 + l2 W
 * + delta))' from wt = W' and H. */
void nmfi_kl_entries_w(const nmfi_entries *e, size_t d, const nmf_real *wt,
                       size_t ldwt, const nmf_real *h, size_t ldh,
                       nmf_real *outt, size_t ldout, nmf_real delta,
                       nmf_real l1, nmf_real l2);

/* Flops of one pass (8 d per non-zero over both, as the profile counts). */
double nmfi_kl_entries_flops(const nmfi_entries *e, size_t d);

#endif
