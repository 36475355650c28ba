/* rsvd.h -- a randomized truncated SVD on our GEMM (rsvd.c), for the
 * NNDSVD starts (nndsvd.c). */
#ifndef NMFI_RSVD_H
#define NMFI_RSVD_H

#include <stddef.h>
#include <stdint.h>

#include "nmfkit.h"

/* The k leading singular values of A (m x n) into s (descending), the
 * left vectors into u (m x k, ld m) and the right ones into v (n x k,
 * ld n), all in double; k <= min(m, n). Seeded: the same for a seed, and
 * for any thread count. A of rank r < k gives s = 0 and zero vectors
 * past r. */
nmf_status nmfi_rsvd(const nmf_matrix *a, size_t k, uint64_t seed,
                     double *s, double *u, double *v);

#endif
