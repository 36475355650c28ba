/* matrix_file.c -- read a matrix from a file, picking the format by its
 * extension (case-insensitive): .csv/.txt/.tsv as text, .npy as NumPy. */
#include <config.h>

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/error.h"
#include "io/readers.h"

/* The extension without its dot, or NULL. As in Python's splitext, a
 * leading dot names a hidden file, not an extension. */
static const char *extension(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot + 1 : NULL;
}

nmf_status nmf_read_matrix(const char *path, nmf_matrix **out)
{
    return nmfi_read_matrix_opts(path, NULL, out);
}

nmf_status nmfi_read_matrix_opts(const char *path, const nmfi_csv_opts *opts,
                                 nmf_matrix **out)
{
    *out = NULL;
    /* A missing file is the likelier mistake, so it is reported as such
     * even when the name's extension is also wrong. */
    struct stat st;
    if (stat(path, &st) != 0)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    const char *ext = extension(path);
    if (ext && (strcasecmp(ext, "csv") == 0 || strcasecmp(ext, "txt") == 0
                || strcasecmp(ext, "tsv") == 0))
        return nmfi_read_csv_opts(path, opts, out);
    if (ext && strcasecmp(ext, "npy") == 0) {
        if (opts && (opts->header || opts->skip))
            return nmfi_error(NMF_E_INVAL, "%s: --%s is for CSV files; a"
                              " .npy holds numbers only", path,
                              opts->header ? "header" : "skip-columns");
        return nmf_read_npy(path, out);
    }
    return nmfi_error(NMF_E_INVAL, "%s: unknown format (expected .csv or"
                      " .npy)", path);
}
