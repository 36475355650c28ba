/* cmd_rank.c -- `nmfkit rank`: singular values (one-sided Jacobi, no LAPACK)
 * and the numerical rank of a matrix, e.g. to see how many parts a data set
 * can hold before choosing d. */
#include <config.h>

#include <float.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"

static const char *const CMD = "rank";

static void usage(FILE *out)
{
    fprintf(out,
"Usage: nmfkit rank INPUT [--quiet]\n"
"Print the singular values of the matrix in INPUT (.csv or .npy), largest\n"
"first, and its numerical rank: the count of values above\n"
"max(m, n) * eps * s_max, eps of %s (numpy.linalg.matrix_rank's rule).\n"
"\n"
"  --quiet   print only the rank\n"
"  -h, --help\n", NMF_REAL_NAME);
}

int cmd_rank(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int quiet = 0, c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return EXIT_OK;
        default:
            cli_error(CMD, "unknown option %s (try 'nmfkit rank --help')",
                      argv[optind - 1]);
            return EXIT_BAD_INPUT;
        }
    }
    if (optind != argc - 1) {
        cli_error(CMD, optind == argc ? "no INPUT file given"
                                      : "more than one INPUT file given");
        return EXIT_BAD_INPUT;
    }
    const char *path = argv[optind];
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
