/* svd.h -- the one-sided Jacobi SVD with its vectors, for the library's
 * own use (the NNDSVD starts' small projected matrix, nmf/rsvd.c);
 * nmf_singular_values in nmfkit.h gives the values alone. */
#ifndef NMFI_SVD_H
#define NMFI_SVD_H

#include <stddef.h>

#include "nmfkit.h"

/* A = U diag(s) V' for a p x q matrix in double (column-major, ld p):
 * on return `a` holds U (unit columns; a zero column where s is 0), s the
 * q singular values in descending order and v (q x q, ld q) V. Columns
 * that cancellation leaves as rounding noise are zeroed, as for
 * nmf_singular_values. */
nmf_status nmfi_svd_jacobi(size_t p, size_t q, double *a, double *s,
                           double *v);

#endif
