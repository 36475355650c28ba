/* cmd_rank.c -- `nmfkit rank`: singular values (one-sided Jacobi, no LAPACK)
 * and the numerical rank of a matrix, e.g. to see how many parts a data set
 * can hold before choosing d. */
#include <config.h>

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "core/error.h"

static const char *const CMD = "rank";

static const cli_opt rank_opts[] = {
    {'q', "quiet", 'q', NULL, "print only the rank"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {rank_opts, NULL};

static const cli_spec spec = {
    "rank", "INPUT [--quiet]",
    "Print the singular values of the matrix in INPUT (.csv or .npy), largest\n"
    "first, and its numerical rank: the count of values above\n"
    "max(m, n) * eps * s_max, eps of " NMF_REAL_NAME
    " (numpy.linalg.matrix_rank's rule).\n",
    tables, NULL, "INPUT file", 1, 1,
};

static int option(void *ctx, int code, const char *v)
{
    (void)code, (void)v;
    *(int *)ctx = 1;   /* --quiet, the only option */
    return 0;
}

int cmd_rank(int argc, char **argv)
{
    int quiet = 0;
    char *path;
    size_t nargs;
    int rc = cli_parse(&spec, argc, argv, option, &quiet, &path, &nargs);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    nmf_matrix *a = NULL;
    nmf_status s = nmf_read_matrix(path, &a);
    if (s == NMF_OK) {
        size_t m = nmf_matrix_rows(a), n = nmf_matrix_cols(a);
        size_t k = m < n ? m : n;
        double *sv = malloc(k * sizeof *sv);
        if (!sv)
            s = nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
        if (s == NMF_OK)
            s = nmf_singular_values(a, sv);
        if (s == NMF_OK) {
            size_t rank = nmf_numerical_rank(sv, k, m, n);
            if (quiet) {
                printf("%zu\n", rank);
            } else {
                printf("%s: %zu x %zu\nsingular values:\n", path, m, n);
                for (size_t i = 0; i < k; i++)
                    printf("  %.9g\n", sv[i]);
                printf("numerical rank: %zu\n", rank);
            }
        }
        free(sv);
    }
    nmf_matrix_free(a);
    return s == NMF_OK ? EXIT_OK : cli_fail(CMD, s);
}
