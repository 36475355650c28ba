/* mu_update.h -- the fused Lee-Seung multiplicative updates.
 *
 * The big products (W'A, AH') come from the GEMM; the small products with
 * the d x d Gram matrices are computed here a tile at a time and the
 * multiply/divide is applied while the tile is still in cache, so no d x n
 * or m x d denominator matrix is ever stored. Each update also forms the
 * Gram matrix of the factor it has just updated (H H' or W'W), from the
 * same tiles while they are in cache, for the next step to use.
 * Every output element is computed by one thread in a fixed order (Gram
 * partial sums per fixed group of tiles, added in group order): results do
 * not depend on the thread count.
 */
#ifndef NMFI_MU_UPDATE_H
#define NMFI_MU_UPDATE_H

#include <stddef.h>

#include "nmfkit.h"

/* Scratch (in nmf_reals) for the Gram partial sums of an update of a
 * factor `len` long (n for H, m for W) with rank d. */
size_t nmfi_mu_gram_partials(size_t len, size_t d);

/* H <- H .* num ./ (G H + delta), H and num d x n, G = W'W d x d; then,
 * unless hht is NULL, hht (d x d) = H H' of the new H, with `partials`
 * holding nmfi_mu_gram_partials(n, d) values of scratch.
 * Column j of G H needs only column j of the old H, so tiles of columns
 * can be updated in place. */
nmf_status nmfi_mu_update_h(size_t d, size_t n, nmf_real *h, size_t ldh,
                            const nmf_real *num, size_t ldnum,
                            const nmf_real *g, size_t ldg, nmf_real delta,
                            nmf_real *hht, size_t ldhht, nmf_real *partials);

/* W <- W .* num ./ (W S + delta), W and num m x d, S = H H' d x d (with
 * num_t = NMF_TRANS, `num` holds num' instead, d x m: A H' computed as
 * H A' from a transposed copy of A; the result has the same bits); then,
 * unless wtw is NULL, wtw (d x d) = W'W of the new W, `partials` holding
 * nmfi_mu_gram_partials(m, d) values, and unless cross is NULL, *cross =
 * <W, num> of the new W in double (the error identity's cross term; per
 * tile, tiles added in order).
 * Row i of W S needs only row i of the old W: tiles of rows update in place.
 * Both return NMF_E_NOMEM, with nothing updated, if a tile buffer fails. */
nmf_status nmfi_mu_update_w(size_t m, size_t d, nmf_real *w, size_t ldw,
                            const nmf_real *num, size_t ldnum,
                            nmf_trans num_t, const nmf_real *s, size_t lds,
                            nmf_real delta, nmf_real *wtw, size_t ldwtw,
                            nmf_real *partials, double *cross);

#endif
