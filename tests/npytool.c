/* npytool.c -- the .npy files the MPI tests (tests/mpi_factor.sh) need,
 * made and compared without numpy:
 *
 *   npytool make M N SEED ORDER DTYPE FILE   a non-negative M x N matrix,
 *       rank 6 plus noise, drawn from SEED; ORDER c or f, or t for its
 *       N x M transpose in C order; DTYPE f4 or f8
 *   npytool close A.npy B.npy TOL            exit 0 when the two have the
 *       same shape and max |a - b| <= TOL max |b|; prints that ratio
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "nmfkit.h"

static int make(size_t m, size_t n, uint64_t seed, int fortran, int f8,
                int transposed, const char *path)
{
    enum { RANK = 6 };
    double *w = malloc(m * RANK * sizeof *w), *h = malloc(RANK * n * sizeof *h);
    if (!w || !h)
        return 1;
    nmfi_rng r;
    nmfi_rng_seed(&r, seed);
    for (size_t k = 0; k < m * RANK; k++)
        w[k] = nmfi_rng_uniform(&r);
    for (size_t k = 0; k < RANK * n; k++)
        h[k] = nmfi_rng_uniform(&r);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return 1;
    char dict[128];
    /* The transpose in C order is the matrix's bytes in Fortran order. */
    int len = snprintf(dict, sizeof dict, "{'descr': '<%s', 'fortran_order':"
                       " %s, 'shape': (%zu, %zu), }", f8 ? "f8" : "f4",
                       fortran && !transposed ? "True" : "False",
                       transposed ? n : m, transposed ? m : n);
    size_t hlen = (size_t)len + 1;
    hlen += (64 - (10 + hlen) % 64) % 64;
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                             (unsigned char)(hlen & 0xff),
                             (unsigned char)(hlen >> 8)};
    fwrite(pre, 1, sizeof pre, fp);
    fwrite(dict, 1, (size_t)len, fp);
    for (size_t k = (size_t)len; k + 1 < hlen; k++)
        putc(' ', fp);
    putc('\n', fp);
    /* The matrix first, column by column, then written in the order
     * asked: every order holds the same numbers. */
    double *a = malloc(m * n * sizeof *a);
    if (!a)
        return 1;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++) {
            double v = 0.05 * nmfi_rng_uniform(&r);
            for (int k = 0; k < RANK; k++)
                v += w[i + k * m] * h[k + j * RANK];
            a[i + j * m] = v;
        }
    size_t outer = fortran ? n : m, inner = fortran ? m : n;
    for (size_t o = 0; o < outer; o++)
        for (size_t in = 0; in < inner; in++) {
            size_t i = fortran ? in : o, j = fortran ? o : in;
            double v = a[i + j * m];
            if (f8)
                fwrite(&v, sizeof v, 1, fp);
            else {
                float f = (float)v;
                fwrite(&f, sizeof f, 1, fp);
            }
        }
    free(a);
    free(w);
    free(h);
    return fclose(fp) != 0;
}

static int close_enough(const char *pa, const char *pb, double tol)
{
    nmf_matrix *a, *b;
    if (nmf_read_npy(pa, &a) != NMF_OK || nmf_read_npy(pb, &b) != NMF_OK) {
        fprintf(stderr, "npytool: %s\n", nmf_last_error());
        return 2;
    }
    size_t m = nmf_matrix_rows(a), n = nmf_matrix_cols(a);
    if (m != nmf_matrix_rows(b) || n != nmf_matrix_cols(b)) {
        fprintf(stderr, "npytool: %s is %zu x %zu, %s is %zu x %zu\n", pa, m,
                n, pb, nmf_matrix_rows(b), nmf_matrix_cols(b));
        return 1;
    }
    double diff = 0, big = 0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++) {
            double x = nmf_matrix_get(a, i, j), y = nmf_matrix_get(b, i, j);
            diff = fmax(diff, fabs(x - y));
            big = fmax(big, fabs(y));
            if (isnan(x) != isnan(y))
                diff = INFINITY;
        }
    double ratio = big > 0 ? diff / big : diff;
    printf("%.3g\n", ratio);
    nmf_matrix_free(a);
    nmf_matrix_free(b);
    return ratio <= tol ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 8 && !strcmp(argv[1], "make"))
        return make(strtoul(argv[2], NULL, 10), strtoul(argv[3], NULL, 10),
                    strtoull(argv[4], NULL, 10), strcmp(argv[5], "c") != 0,
                    !strcmp(argv[6], "f8"), !strcmp(argv[5], "t"), argv[7]);
    if (argc == 5 && !strcmp(argv[1], "close"))
        return close_enough(argv[2], argv[3], strtod(argv[4], NULL));
    fprintf(stderr, "usage: npytool make M N SEED c|f|t f4|f8 FILE\n"
                    "       npytool close A.npy B.npy TOL\n");
    return 2;
}
