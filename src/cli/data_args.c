/* data_args.c -- the data options shared by the fitting commands
 * (data_args.h). */
#include <config.h>

#include <math.h>
#include <string.h>

#include "cli/data_args.h"
#include "core/error.h"
#include "core/matrix.h"
#include "io/readers.h"
#include "kernels/transpose.h"

const cli_opt data_opts[] = {
    {DATA_OPT_MISSING, "missing", 0, NULL,
     "NaN in a .npy, and nan or an empty field in a CSV,\n"
     "mark missing entries, which the fit ignores (mu or\n"
     "hals); without it they are an error"},
    {DATA_OPT_MASK, "mask", 0, "FILE",
     "a matrix of INPUT's shape (.npy, or CSV without a\n"
     "header): 0 marks a missing entry"},
    {DATA_OPT_HEADER, "header", 0, NULL,
     "the CSV's first line names its columns (pandas'\n"
     "to_csv); a line of numbers there is an error"},
    {DATA_OPT_SKIP, "skip-columns", 0, "LIST",
     "CSV columns not read: 1-based numbers or header\n"
     "names, comma-separated (e.g. 1 for an index column)"},
    {DATA_OPT_ROWS_ARE_SAMPLES, "rows-are-samples", 0, NULL,
     "the file holds samples as rows (scikit-learn's X):\n"
     "A is its transpose, so W and H keep our convention\n"
     "(W features x d, H d x samples)"},
    {0, NULL, 0, NULL, NULL},
};

int data_args_parse(const char *cmd, int c, const char *arg, data_args *da)
{
    (void)cmd;
    switch (c) {
    case DATA_OPT_MISSING: da->missing = 1; return 0;
    case DATA_OPT_MASK: da->mask = arg; return 0;
    case DATA_OPT_HEADER: da->header = 1; return 0;
    case DATA_OPT_SKIP: da->skip = arg; return 0;
    case DATA_OPT_ROWS_ARE_SAMPLES: da->rows_are_samples = 1; return 0;
    default: return 1;
    }
}

/* The first observed entry that NMF cannot take, named by its file. */
static nmf_status check_observed(const char *path, const nmf_matrix *a,
                                 const nmf_matrix *mask)
{
    size_t m = nmf_matrix_rows(a), n = nmf_matrix_cols(a);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++) {
            if (NMFI_AT(mask, i, j) == 0)
                continue;
            double v = NMFI_AT(a, i, j);
            if (isnan(v))
                return nmfi_error(NMF_E_INVAL, "%s: entry at row %zu, column"
                                  " %zu is NaN and the mask says it is"
                                  " observed", path, i + 1, j + 1);
            if (isinf(v) || v < 0)
                return nmfi_error(NMF_E_INVAL, "%s: entry at row %zu, column"
                                  " %zu is %s (%g); NMF needs finite"
                                  " non-negative data", path, i + 1, j + 1,
                                  v < 0 ? "negative" : "infinite", v);
        }
    return NMF_OK;
}

/* *x replaced by its transpose. */
static nmf_status transpose_in_place(nmf_matrix **x)
{
    size_t m = nmf_matrix_rows(*x), n = nmf_matrix_cols(*x);
    nmf_matrix *t = nmf_matrix_new(n, m);
    if (!t)
        return nmfi_error(NMF_E_NOMEM, "out of memory for the transpose"
                          " (%zu x %zu)", n, m);
    nmfi_transpose(m, n, nmf_matrix_cdata(*x), nmf_matrix_ld(*x),
                   nmf_matrix_data(t), nmf_matrix_ld(t));
    nmf_matrix_free(*x);
    *x = t;
    return NMF_OK;
}

nmf_status data_read(const data_args *da, const char *path, nmf_matrix **a,
                     nmf_matrix **mask)
{
    *mask = NULL;
    nmfi_csv_opts csv = {da->missing, da->header, da->skip};
    nmf_status s = nmfi_read_matrix_opts(path, &csv, a);
    if (s == NMF_OK && da->rows_are_samples)
        s = transpose_in_place(a);
    if (s != NMF_OK) {
        nmf_matrix_free(*a);
        *a = NULL;
        return s;
    }
    size_t m = nmf_matrix_rows(*a), n = nmf_matrix_cols(*a);
    nmf_matrix *mk = NULL;
    if (da->mask) {
        s = nmf_read_matrix(da->mask, &mk);
        if (s == NMF_OK && da->rows_are_samples)
            s = transpose_in_place(&mk);
        if (s == NMF_OK && (nmf_matrix_rows(mk) != m
                            || nmf_matrix_cols(mk) != n))
            s = nmfi_error(NMF_E_INVAL, "%s: shape %zu x %zu, expected %zu x"
                           " %zu (the shape of %s)", da->mask,
                           nmf_matrix_rows(mk), nmf_matrix_cols(mk), m, n,
                           path);
        for (size_t j = 0; s == NMF_OK && j < n; j++)
            for (size_t i = 0; s == NMF_OK && i < m; i++) {
                double v = NMFI_AT(mk, i, j);
                if (!isfinite(v))
                    s = nmfi_error(NMF_E_INVAL, "%s: entry at row %zu, column"
                                   " %zu is not a number (0 marks missing,"
                                   " anything else observed)", da->mask,
                                   i + 1, j + 1);
            }
    }
    size_t nan = 0;
    if (s == NMF_OK && da->missing)
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < m; i++)
                nan += isnan(NMFI_AT(*a, i, j));
    if (s == NMF_OK && nan > 0 && !mk) {
        mk = nmf_matrix_new(m, n);
        if (!mk)
            s = nmfi_error(NMF_E_NOMEM, "out of memory for the mask");
        for (size_t j = 0; mk && j < n; j++)
            for (size_t i = 0; i < m; i++)
                NMFI_AT(mk, i, j) = 1;
    }
    if (s == NMF_OK && nan > 0)
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < m; i++)
                if (isnan(NMFI_AT(*a, i, j)))
                    NMFI_AT(mk, i, j) = 0;
    if (s == NMF_OK)
        s = mk ? check_observed(path, *a, mk)
               : nmf_matrix_check_nonneg(*a, path);
    if (s != NMF_OK && !da->missing && strstr(nmf_last_error(), "is NaN"))
        s = nmfi_error(s, "%s (--missing reads NaN as a missing entry)",
                       nmf_last_error());
    if (s == NMF_OK && !da->missing && !mk)
        return NMF_OK;
    if (s != NMF_OK) {
        nmf_matrix_free(*a);
        nmf_matrix_free(mk);
        *a = NULL;
        return s;
    }
    *mask = mk;
    return NMF_OK;
}
