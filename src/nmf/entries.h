/* entries.h -- a sparse set of a matrix's entries, kept twice: by column
 * and by row, so a pass over either side reads its own entries in order.
 * The KL loss keeps A's non-zeros (nmf/kl_entries.h); masked MU keeps the
 * missing entries (nmf/missing.h). */
#ifndef NMFI_ENTRIES_H
#define NMFI_ENTRIES_H

#include <stddef.h>
#include <stdint.h>

#include "nmfkit.h"

typedef struct nmfi_entries {
    size_t m, n, nnz;
    size_t *col_start;    /* n + 1: column j's entries                  */
    uint32_t *col_row;    /* their rows                                 */
    nmf_real *col_val;    /* their values                               */
    size_t *row_start;    /* m + 1: row i's entries                     */
    uint32_t *row_col;
    nmf_real *row_val;
} nmfi_entries;

/* One side of the set, for a pass that reads it line by line: line t
 * (a column, or a row) holds entries start[t] .. start[t + 1] - 1, with
 * their other index and value. */
typedef struct nmfi_entry_lines {
    size_t lines;
    const size_t *start;
    const uint32_t *idx;
    const nmf_real *val;
} nmfi_entry_lines;

static inline nmfi_entry_lines nmfi_entries_by_col(const nmfi_entries *e)
{
    nmfi_entry_lines l = {e->n, e->col_start, e->col_row, e->col_val};
    return l;
}

static inline nmfi_entry_lines nmfi_entries_by_row(const nmfi_entries *e)
{
    nmfi_entry_lines l = {e->m, e->row_start, e->row_col, e->row_val};
    return l;
}

/* The entries a > 0 of A (zeros = 0), or the entries equal to 0 (zeros =
 * 1: a mask's missing ones); row and column indices fit 32 bits. */
nmf_status nmfi_entries_make(const nmf_matrix *a, int zeros, nmfi_entries *e);
void nmfi_entries_free(nmfi_entries *e);
/* How many entries nmfi_entries_make would keep. */
size_t nmfi_entries_count(const nmf_matrix *a, int zeros);

#endif
