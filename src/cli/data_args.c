/* data_args.c -- the data options shared by the fitting commands
 * (data_args.h). */
#include <config.h>

#include <math.h>

#include "cli/data_args.h"
#include "cli/solver_args.h"
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

int fit_args_parse(const char *cmd, int c, const char *arg, data_args *da,
                   nmf_options *opt)
{
    int r = data_args_parse(cmd, c, arg, da);
    return r != 1 ? r != 0 : solver_args_parse(cmd, c, arg, opt) != 0;
}

/* The first observed entry (every entry without a mask) that NMF cannot
 * take, named by its file. A NaN without a mask can only be there
 * because --missing was not given, and the line says so. */
static nmf_status check_observed(const char *path, const nmf_matrix *a,
                                 const nmf_matrix *mask)
{
    size_t m = nmf_matrix_rows(a), n = nmf_matrix_cols(a);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++) {
            if (mask && NMFI_AT(mask, i, j) == 0)
                continue;
            double v = NMFI_AT(a, i, j);
            if (isnan(v) && mask)
                return nmfi_error(NMF_E_INVAL, "%s: entry at row %zu, column"
                                  " %zu is NaN and the mask says it is"
                                  " observed", path, i + 1, j + 1);
            if (isnan(v) || isinf(v) || v < 0)
                return nmfi_error(NMF_E_INVAL, "%s: entry at row %zu, column"
                                  " %zu is %s (%g); NMF needs finite"
                                  " non-negative data%s", path, i + 1, j + 1,
                                  isnan(v) ? "NaN" : v < 0 ? "negative"
                                  : "infinite", v, isnan(v) ? " (--missing"
                                  " reads NaN as a missing entry)" : "");
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

/* The --mask file, in A's layout and shape, its entries numbers. */
static nmf_status read_mask(const data_args *da, const char *path,
                            size_t m, size_t n, nmf_matrix **mk)
{
    nmf_status s = nmf_read_matrix(da->mask, mk);
    if (s == NMF_OK && da->rows_are_samples)
        s = transpose_in_place(mk);
    if (s == NMF_OK && (nmf_matrix_rows(*mk) != m
                        || nmf_matrix_cols(*mk) != n))
        return nmfi_error(NMF_E_INVAL, "%s: shape %zu x %zu, expected %zu x"
                          " %zu (the shape of %s)", da->mask,
                          nmf_matrix_rows(*mk), nmf_matrix_cols(*mk), m, n,
                          path);
    for (size_t j = 0; s == NMF_OK && j < n; j++)
        for (size_t i = 0; i < m; i++)
            if (!isfinite(NMFI_AT(*mk, i, j)))
                return nmfi_error(NMF_E_INVAL, "%s: entry at row %zu, column"
                                  " %zu is not a number (0 marks missing,"
                                  " anything else observed)", da->mask,
                                  i + 1, j + 1);
    return s;
}

/* --missing: every NaN of A marked 0 in *mk, made (all ones) at the
 * first NaN when there is none yet; one pass. */
static nmf_status mark_nan(const nmf_matrix *a, nmf_matrix **mk)
{
    size_t m = nmf_matrix_rows(a), n = nmf_matrix_cols(a);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++) {
            if (!isnan(NMFI_AT(a, i, j)))
                continue;
            if (!*mk) {
                *mk = nmf_matrix_new(m, n);
                if (!*mk)
                    return nmfi_error(NMF_E_NOMEM, "out of memory for the"
                                      " mask");
                for (size_t jj = 0; jj < n; jj++)
                    for (size_t ii = 0; ii < m; ii++)
                        NMFI_AT(*mk, ii, jj) = 1;
            }
            NMFI_AT(*mk, i, j) = 0;
        }
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
    nmf_matrix *mk = NULL;
    if (s == NMF_OK && da->mask)
        s = read_mask(da, path, nmf_matrix_rows(*a), nmf_matrix_cols(*a),
                      &mk);
    if (s == NMF_OK && da->missing)
        s = mark_nan(*a, &mk);
    if (s == NMF_OK)
        s = check_observed(path, *a, mk);
    if (s != NMF_OK) {
        nmf_matrix_free(*a);
        nmf_matrix_free(mk);
        *a = NULL;
        return s;
    }
    *mask = mk;
    return NMF_OK;
}
