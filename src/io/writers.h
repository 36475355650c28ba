/* writers.h -- matrix writers onto an open stream, for callers that stage
 * several outputs (nmfi_atomic_file) and publish them together. */
#ifndef NMFI_WRITERS_H
#define NMFI_WRITERS_H

#include <stdio.h>

#include "nmfkit.h"

/* .npy version 1.0, Fortran order, dtype of nmf_real ('<f4' or '<f8'). */
nmf_status nmfi_npy_write_fp(FILE *fp, const nmf_matrix *a, const char *name);
/* One matrix row per line, ',' separated, shortest round-trip digits. */
nmf_status nmfi_csv_write_fp(FILE *fp, const nmf_matrix *a, const char *name);

#endif
