/* matrix.h -- the layout behind the opaque nmf_matrix, for the library's
 * own files. Column-major: element (i, j) is data[i + j * ld]; ld >= rows
 * and ld * sizeof(nmf_real) is a multiple of 64, so every column starts on
 * a cache line. */
#ifndef NMFI_MATRIX_H
#define NMFI_MATRIX_H

#include <float.h>

#include "nmfkit.h"

struct nmf_matrix {
    size_t rows;
    size_t cols;
    size_t ld;
    nmf_real *data;
};

#define NMFI_AT(a, i, j) ((a)->data[(size_t)(i) + (size_t)(j) * (a)->ld])

/* The bytes nmf_matrix_new(rows, cols) asks for (columns padded to 64
 * bytes), for estimates and for the messages of a failed allocation. */
double nmfi_matrix_bytes(size_t rows, size_t cols);

/* nmf_matrix_check_nonneg of a block of a larger matrix whose (0, 0) is
 * the larger one's (row0, col0): the message names the entry by its
 * place in the larger matrix (a rank's block of A). */
nmf_status nmfi_matrix_check_nonneg_at(const nmf_matrix *a, const char *what,
                                       size_t row0, size_t col0);

/* MiB, for messages. */
#define NMFI_MIB(bytes) ((double)(bytes) / 1048576.0)

/* src's entries into dst, of the same shape (the leading dimensions may
 * differ). */
void nmfi_matrix_copy_into(const nmf_matrix *src, nmf_matrix *dst);

/* The machine epsilon of nmf_real: what a stored entry's rounding is
 * relative to, however precisely it was computed. */
#if NMF_REAL_IS_DOUBLE
#define NMFI_REAL_EPSILON DBL_EPSILON
#else
#define NMFI_REAL_EPSILON FLT_EPSILON
#endif

#endif
