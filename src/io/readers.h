/* readers.h -- the matrix readers with the options the library's public
 * readers leave at their defaults. */
#ifndef NMFI_READERS_H
#define NMFI_READERS_H

#include "nmfkit.h"

/* nmf_read_csv, but with empty_nan an empty field reads as NaN (a missing
 * entry, --missing) instead of being an error. */
nmf_status nmfi_read_csv_missing(const char *path, int empty_nan,
                                 nmf_matrix **out);

/* nmf_read_matrix with the same choice (a .npy's NaN reads as NaN
 * either way). */
nmf_status nmfi_read_matrix_missing(const char *path, int empty_nan,
                                    nmf_matrix **out);

#endif
