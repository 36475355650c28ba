/* update.h -- the fused factor updates of every solver: MU's
 * multiply/divide and HALS's coordinate sweep, each applied a tile at a
 * time while the tile is in cache, and repeated on the tile for the
 * accelerated solvers.
 *
 * The big products (W'A, A H') come from the GEMM; the small products
 * with the d x d Gram matrices are computed here a tile at a time, so no
 * d x n or m x d denominator matrix is ever stored. Each update also
 * forms the Gram matrix of the factor it has just updated (H H' or W'W),
 * from the same tiles while they are in cache, for the next step to use.
 * Every output element is computed by one thread in a fixed order (Gram
 * partial sums per fixed group of tiles, added in group order; a tile's
 * repeats decided from that tile alone): results do not depend on the
 * thread count.
 */
#ifndef NMFI_UPDATE_H
#define NMFI_UPDATE_H

#include <stddef.h>

#include "nmfkit.h"

typedef enum nmfi_rule {
    NMFI_RULE_MU,    /* X <- X .* N ./ (X G + delta)                     */
    NMFI_RULE_HALS   /* x_i <- max(floor, x_i + (n_i - X g_i) / g_ii),
                        i = 0 .. d-1 in turn (kernels/hals_sweep.h)      */
} nmfi_rule;

/* What an update does to each tile. A tile's rows (a row of W, a column
 * of H) are independent problems, so the accelerated solvers repeat the
 * rule on a tile while it is in cache: at most max_inner times, and no
 * more once a repeat changed the tile by at most inner_delta times what
 * the first one did (Gillis & Glineur's rule, nmf/fit.c, on the tile). */
typedef struct nmfi_update_rule {
    nmfi_rule rule;
    nmf_real delta;       /* MU: the safe-division delta                 */
    nmf_real floor;       /* HALS: no entry ends below it                */
    int max_inner;        /* >= 1; 1: the plain solver                   */
    double inner_delta;   /* see above; unused when max_inner = 1        */
    /* H update only: row k of H is multiplied by row_scale[k] as its tile
     * is read (HALS's balancing of W and H), or NULL. */
    const nmf_real *row_scale;
    /* MU only, max_inner = 1: a matrix the shape of the factor (d x n, or
     * m x d) subtracted from the denominator X G before the division, the
     * result kept >= 0 (masked MU's missing entries, nmf/missing.h), or
     * NULL. */
    const nmf_real *den_sub;
    size_t ld_den_sub;
} nmfi_update_rule;

/* Scratch (in nmf_reals) for the Gram partial sums of an update of a
 * factor `len` long (n for H, m for W) with rank d. */
size_t nmfi_update_partials(size_t len, size_t d);

/* H <- rule(H, num, G), H and num d x n, G = W'W d x d; then, unless hht
 * is NULL, hht (d x d) = H H' of the new H, with `partials` holding
 * nmfi_update_partials(n, d) values of scratch. Column j needs only
 * column j of the old H, so tiles of columns are updated in place. Unless
 * `inner` is NULL, *inner = the rule's applications summed over the tiles
 * (tiles x max_inner at most). */
nmf_status nmfi_update_h(size_t d, size_t n, nmf_real *h, size_t ldh,
                         const nmf_real *num, size_t ldnum,
                         const nmf_real *g, size_t ldg,
                         const nmfi_update_rule *rule, nmf_real *hht,
                         size_t ldhht, nmf_real *partials, long *inner);

/* W <- rule(W, num, S), W and num m x d, S = H H' d x d (with num_t =
 * NMF_TRANS, `num` holds num' instead, d x m: A H' computed as H A' from
 * a transposed copy of A; the result has the same bits); then, unless wtw
 * is NULL, wtw (d x d) = W'W of the new W, `partials` holding
 * nmfi_update_partials(m, d) values, and unless cross is NULL, *cross =
 * <W, num> of the new W in double (the error identity's cross term; per
 * tile, tiles added in order). Row i needs only row i of the old W: tiles
 * of rows update in place. `inner` as above, in rows of W.
 * Both return NMF_E_NOMEM, with nothing updated, if a tile buffer fails. */
nmf_status nmfi_update_w(size_t m, size_t d, nmf_real *w, size_t ldw,
                         const nmf_real *num, size_t ldnum, nmf_trans num_t,
                         const nmf_real *s, size_t lds,
                         const nmfi_update_rule *rule, nmf_real *wtw,
                         size_t ldwtw, nmf_real *partials, double *cross,
                         long *inner);

/* The plain Lee-Seung updates (the MU rule applied once), as the
 * reference algorithm states them; the arguments as above. */
nmf_status nmfi_mu_update_h(size_t d, size_t n, nmf_real *h, size_t ldh,
                            const nmf_real *num, size_t ldnum,
                            const nmf_real *g, size_t ldg, nmf_real delta,
                            nmf_real *hht, size_t ldhht, nmf_real *partials);
nmf_status nmfi_mu_update_w(size_t m, size_t d, nmf_real *w, size_t ldw,
                            const nmf_real *num, size_t ldnum,
                            nmf_trans num_t, const nmf_real *s, size_t lds,
                            nmf_real delta, nmf_real *wtw, size_t ldwtw,
                            nmf_real *partials, double *cross);

#endif
