/* entries.c -- a sparse set of a matrix's entries (entries.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "nmf/entries.h"

static int picked(const nmf_matrix *a, size_t i, size_t j, int zeros)
{
    return zeros ? NMFI_AT(a, i, j) == 0 : NMFI_AT(a, i, j) > 0;
}

size_t nmfi_entries_count(const nmf_matrix *a, int zeros)
{
    size_t count = 0;
    #pragma omp parallel for schedule(static) reduction(+:count)
    for (size_t j = 0; j < a->cols; j++)
        for (size_t i = 0; i < a->rows; i++)
            count += picked(a, i, j, zeros);
    return count;
}

void nmfi_entries_free(nmfi_entries *e)
{
    free(e->col_start);
    free(e->col_row);
    free(e->col_val);
    free(e->row_start);
    free(e->row_col);
    free(e->row_val);
    memset(e, 0, sizeof *e);
}

nmf_status nmfi_entries_make(const nmf_matrix *a, int zeros, nmfi_entries *e)
{
    size_t m = a->rows, n = a->cols;
    memset(e, 0, sizeof *e);
    e->m = m;
    e->n = n;
    e->col_start = calloc(n + 1, sizeof *e->col_start);
    e->row_start = calloc(m + 1, sizeof *e->row_start);
    if (!e->col_start || !e->row_start)
        goto nomem;
    for (size_t j = 0; j < n; j++) {
        size_t c = 0;
        for (size_t i = 0; i < m; i++)
            if (picked(a, i, j, zeros)) {
                c++;
                e->row_start[i + 1]++;
            }
        e->col_start[j + 1] = e->col_start[j] + c;
    }
    for (size_t i = 0; i < m; i++)
        e->row_start[i + 1] += e->row_start[i];
    e->nnz = e->col_start[n];
    size_t cap = e->nnz ? e->nnz : 1;
    e->col_row = malloc(cap * sizeof *e->col_row);
    e->col_val = malloc(cap * sizeof *e->col_val);
    e->row_col = malloc(cap * sizeof *e->row_col);
    e->row_val = malloc(cap * sizeof *e->row_val);
    size_t *fill = malloc((m ? m : 1) * sizeof *fill);
    if (!e->col_row || !e->col_val || !e->row_col || !e->row_val || !fill) {
        free(fill);
        goto nomem;
    }
    memcpy(fill, e->row_start, m * sizeof *fill);
    for (size_t j = 0; j < n; j++) {
        size_t k = e->col_start[j];
        for (size_t i = 0; i < m; i++) {
            nmf_real v = NMFI_AT(a, i, j);
            if (picked(a, i, j, zeros)) {
                e->col_row[k] = (uint32_t)i;
                e->col_val[k++] = v;
                e->row_col[fill[i]] = (uint32_t)j;
                e->row_val[fill[i]++] = v;
            }
        }
    }
    free(fill);
    return NMF_OK;
nomem:;
    size_t nnz = e->nnz;   /* 0 when the counts' arrays failed */
    nmfi_entries_free(e);
    return nmfi_error(NMF_E_NOMEM, "out of memory for the list of %s"
                      " (%.1f MiB for %zu of %zu x %zu)", zeros
                      ? "missing entries" : "A's non-zeros",
                      NMFI_MIB(2.0 * (double)nnz * (sizeof(uint32_t)
                                                   + sizeof(nmf_real))
                               + (double)(m + n) * 2 * sizeof(size_t)),
                      nnz, m, n);
}

