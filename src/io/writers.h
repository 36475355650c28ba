/* writers.h -- matrix writers onto an open stream, for callers that stage
 * several outputs (nmfi_atomic_file) and publish them together. */
#ifndef NMFI_WRITERS_H
#define NMFI_WRITERS_H

#include <stdio.h>

#include "nmfkit.h"

/* .npy version 1.0, Fortran order, dtype of nmf_real ('<f4' or '<f8'). */
nmf_status nmfi_npy_write_fp(FILE *fp, const nmf_matrix *a, const char *name);

/* Whether this host stores numbers big-endian: the binary files say
 * their byte order (io/npy.c). */
int nmfi_host_big_endian(void);

/* The header nmfi_npy_write_fp writes for a rows x cols matrix, into buf
 * (NMFI_NPY_HEADER_MAX bytes); returns its length, a multiple of 64. The
 * data follow in column order: entry (i, j) at header + (i + j rows)
 * elements, where a rank of the distributed solver writes its piece. */
#define NMFI_NPY_HEADER_MAX 256
size_t nmfi_npy_header(size_t rows, size_t cols, unsigned char *buf);
/* One matrix row per line, ',' separated, shortest round-trip digits. */
nmf_status nmfi_csv_write_fp(FILE *fp, const nmf_matrix *a, const char *name);

#endif
