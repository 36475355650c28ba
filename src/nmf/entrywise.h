/* entrywise.h -- one factor's update for the losses whose gradient needs
 * WH entry by entry: the KL divergence and the Frobenius loss with
 * missing entries (weighted by a 0/1 mask M).
 *
 * The pass fits V (d x q) in X ~ U V with U (p x d) fixed, a tile of
 * columns at a time: the tile of P = U V_t comes from the GEMM, is used
 * at once and dropped, so no p x q product is ever stored. H's update is
 * the pass on (X = A, U = W, V = H); W's is the same pass on the
 * transposed problem (X = A', U = H', V = W'). Column j of the new V
 * needs column j of X alone, so tiles run in parallel, each on one
 * thread with its own scratch, and the loss, summed per tile and the
 * tiles added in order, has the same bits for any thread count.
 *
 *   KL, MU (Lee & Seung 2001)   v <- v .* U'(M .* X ./ P^) ./ (U'M + l1
 *                                    + l2 v + delta), P^ = max(P, delta);
 *                                    U'M is U's column sums without a mask
 *   Frobenius with M, MU        v <- v .* U'X ./ (U'(M .* P) + l1 + l2 v
 *                                    + delta) (X's missing entries 0)
 *   Frobenius with M, HALS      for k = 0 .. d-1: v_k <- max(floor,
 *                                    (u_k'R + s v_k - l1) / (s + l2)),
 *                                    s = (u_k.^2)'M, R = M .* (X - U V)
 *                                    kept up to date in the tile
 *
 * On the way each pass measures the loss of the old (U, V): for KL the
 * part that changes, over the observed entries p^ - x log p^ where x > 0
 * and p where x = 0, to which the caller adds its constant sum x log x -
 * x; for the Frobenius loss sum M (X - P)^2.
 */
#ifndef NMFI_ENTRYWISE_H
#define NMFI_ENTRYWISE_H

#include <stddef.h>

#include "nmfkit.h"

typedef struct nmfi_pass {
    nmf_loss loss;
    int hals;                 /* Frobenius with a mask only            */
    size_t p, q, d;
    const nmf_real *x;        /* p x q, missing entries 0             */
    size_t ldx;
    const nmf_real *mask;     /* p x q of 0 and 1, or NULL (KL only)  */
    size_t ldm;
    const nmf_real *u;        /* p x d                                */
    size_t ldu;
    const nmf_real *v;        /* d x q, the factor before the pass    */
    size_t ldv;
    nmf_real *out;            /* d x q, after it (not v)              */
    size_t ldout;
    const nmf_real *colsum_u; /* KL without a mask: U's d column sums */
    nmf_real delta, floor, l1, l2;
    double *sums;             /* q values of scratch: the tiles' losses */
} nmfi_pass;

/* The pass; *loss gets the old (U, V)'s loss as above. NMF_E_NOMEM with
 * `out` untouched if the tiles' per-thread scratch cannot be had. */
nmf_status nmfi_pass_run(const nmfi_pass *pass, double *loss);

/* The flops of one pass, as the profile counts them. */
double nmfi_pass_flops(const nmfi_pass *pass);

/* The scratch one thread of a pass over p x q with rank d takes. */
size_t nmfi_pass_scratch(size_t p, size_t d);

#endif
