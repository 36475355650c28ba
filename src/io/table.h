/* table.h -- a labelled CSV of waveforms: an optional header line, named
 * columns to skip (ids), an optional label column (strings) and numeric
 * samples. Each data line is one waveform and becomes one column of A. */
#ifndef NMFI_TABLE_H
#define NMFI_TABLE_H

#include <stddef.h>

#include "nmfkit.h"

typedef struct nmfi_table {
    nmf_matrix *a;     /* samples x waveforms                           */
    char **labels;     /* one per waveform; NULL without a label column */
    size_t n;          /* waveforms (data lines)                        */
    int has_header;
} nmfi_table;

/* skip: comma-separated column names to ignore (NULL: none); label: the
 * label column's name (NULL: none). Both need a header line, which is
 * recognised by a field that is not a number. Errors name file, line and
 * column. */
nmf_status nmfi_table_read(const char *path, const char *skip,
                           const char *label, nmfi_table *t);
void nmfi_table_free(nmfi_table *t);

#endif
