/* readers.h -- the matrix readers with the options the library's public
 * readers leave at their defaults. */
#ifndef NMFI_READERS_H
#define NMFI_READERS_H

#include "nmfkit.h"

/* How a CSV is read beyond numpy.savetxt's layout (NULL: as that). */
typedef struct nmfi_csv_opts {
    int empty_nan;     /* an empty field reads as NaN, a missing entry
                          (--missing), instead of being an error       */
    int header;        /* the first line names the columns (pandas'
                          to_csv); a line of numbers there is an error */
    const char *skip;  /* comma-separated columns not read: 1-based
                          numbers, or names from the header; NULL none */
} nmfi_csv_opts;

nmf_status nmfi_read_csv_opts(const char *path, const nmfi_csv_opts *opts,
                              nmf_matrix **out);

/* nmf_read_matrix with those options; a .npy takes only empty_nan (its
 * NaN reads as NaN either way): header or skip is an error for it. */
nmf_status nmfi_read_matrix_opts(const char *path, const nmfi_csv_opts *opts,
                                 nmf_matrix **out);

/* The shape of the matrix in a .npy file, from its header alone (checked
 * against the file's length); transpose: the file's transpose
 * (--rows-are-samples). */
nmf_status nmfi_npy_shape(const char *path, int transpose, size_t *rows,
                          size_t *cols);

/* Rows r0 .. r0 + rows - 1 and columns c0 .. c0 + cols - 1 of that
 * matrix, read by offset from the file: one contiguous run per column of
 * the block when the matrix is stored by columns (Fortran order, or C
 * order transposed), else one per row; no more of the file is read.
 * Values out of range for nmf_real are an error naming their place in the
 * whole matrix. */
nmf_status nmfi_npy_read_block(const char *path, int transpose, size_t r0,
                               size_t c0, size_t rows, size_t cols,
                               nmf_matrix **out);

#endif
