/* nndsvd.h -- the NNDSVD starts (nndsvd.c) for a caller that already
 * has mean(A), as nmf_fit does: nmf_init_nndsvd would sum A again. */
#ifndef NMFI_NNDSVD_H
#define NMFI_NNDSVD_H

#include <stdint.h>

#include "nmfkit.h"

/* nmf_init_nndsvd with mean_a = mean(A), the fill of nndsvda and
 * nndsvdar. */
nmf_status nmfi_init_nndsvd(const nmf_matrix *a, double mean_a,
                            nmf_init init, uint64_t seed, nmf_matrix *w,
                            nmf_matrix *h);

#endif
