/* init.h -- the reference uniform start, a piece at a time.
 *
 * nmf_init_uniform draws W column by column, then H, from one stream:
 * W(i, j) is draw j m + i and H(i, j) is draw m d + j d + i. A rank of
 * the distributed solver holds only some rows of W and some columns of
 * H; it jumps to each piece's place in that stream (nmfi_rng_jump), so
 * W0 and H0 are the serial start's, whatever the ranks and the grid. */
#ifndef NMFI_INIT_H
#define NMFI_INIT_H

#include "nmfkit.h"

/* Rows r0 .. r0 + rows(w) - 1 of the m x d W0 into w, and columns
 * c0 .. c0 + cols(h) - 1 of the d x n H0 into h (d = cols(w) = rows(h);
 * either may be NULL), scaled by sqrt(mean_a / d) as nmf_init_uniform. */
nmf_status nmfi_init_uniform_part(double mean_a, uint64_t seed, size_t m,
                                  size_t r0, nmf_matrix *w, size_t c0,
                                  nmf_matrix *h);

#endif
