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

#endif
