/* mu_update.h -- the fused Lee-Seung multiplicative updates.
 *
 * The big products (W'A, AH') come from the GEMM; the small products with
 * the d x d Gram matrices are computed here a tile at a time and the
 * multiply/divide is applied while the tile is still in L1, so no d x n or
 * m x d denominator matrix is ever stored. Every output element is computed
 * by one thread in a fixed order: results do not depend on the thread count.
 */
#ifndef NMFI_MU_UPDATE_H
#define NMFI_MU_UPDATE_H

#include <stddef.h>

#include "nmfkit.h"

/* H <- H .* num ./ (G H + delta), H and num d x n, G = W'W d x d.
 * Column j of G H needs only column j of the old H, so tiles of columns
 * can be updated in place. */
nmf_status nmfi_mu_update_h(size_t d, size_t n, nmf_real *h, size_t ldh,
                            const nmf_real *num, size_t ldnum,
                            const nmf_real *g, size_t ldg, nmf_real delta);

/* W <- W .* num ./ (W S + delta), W and num m x d, S = H H' d x d.
 * Row i of W S needs only row i of the old W: tiles of rows update in place.
 * Both return NMF_E_NOMEM, with nothing updated, if a tile buffer fails. */
nmf_status nmfi_mu_update_w(size_t m, size_t d, nmf_real *w, size_t ldw,
                            const nmf_real *num, size_t ldnum,
                            const nmf_real *s, size_t lds, nmf_real delta);

#endif
