/* kmeans.c -- k-means of a matrix's columns, k-means++ start and Lloyd
 * iterations (kmeans.h): the comparison `nmfkit cluster` draws beside NMF. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/rng.h"
#include "study/kmeans.h"

static double dist2(const nmf_real *x, const double *c, size_t m)
{
    double s = 0;
    for (size_t i = 0; i < m; i++) {
        double d = (double)x[i] - c[i];
        s += d * d;
    }
    return s;
}

nmf_status nmfi_kmeans(const nmf_matrix *a, size_t k, uint64_t seed,
                       int max_iter, size_t *cluster, int *iters)
{
    size_t m = a->rows, n = a->cols;
    if (k == 0 || k > n)
        return nmfi_error(NMF_E_INVAL, "k-means: k = %zu with %zu points",
                          k, n);
    double *c = malloc(k * m * sizeof *c);
    double *d = malloc(n * sizeof *d);
    size_t *count = malloc(k * sizeof *count);
    if (!c || !d || !count) {
        free(c);
        free(d);
        free(count);
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    }
    nmfi_rng rng;
    nmfi_rng_seed(&rng, seed);
    /* k-means++: the first centre uniform, each next one drawn with
     * probability proportional to the squared distance to the nearest. */
    size_t first = (size_t)(nmfi_rng_uniform(&rng) * (double)n);
    for (size_t i = 0; i < m; i++)
        c[i] = NMFI_AT(a, i, first);
    for (size_t j = 0; j < n; j++)
        d[j] = dist2(&NMFI_AT(a, 0, j), c, m);
    for (size_t q = 1; q < k; q++) {
        double total = 0;
        for (size_t j = 0; j < n; j++)
            total += d[j];
        double u = nmfi_rng_uniform(&rng) * total;
        size_t pick = n - 1;
        for (size_t j = 0; j < n; j++) {
            u -= d[j];
            if (u < 0 && d[j] > 0) {
                pick = j;
                break;
            }
        }
        for (size_t i = 0; i < m; i++)
            c[q * m + i] = NMFI_AT(a, i, pick);
        for (size_t j = 0; j < n; j++) {
            double e = dist2(&NMFI_AT(a, 0, j), c + q * m, m);
            d[j] = e < d[j] ? e : d[j];
        }
    }
    for (size_t j = 0; j < n; j++)
        cluster[j] = SIZE_MAX;
    int it = 0;
    for (; it < max_iter; it++) {
        int changed = 0;
        for (size_t j = 0; j < n; j++) {
            size_t best = 0;
            double bd = dist2(&NMFI_AT(a, 0, j), c, m);
            for (size_t q = 1; q < k; q++) {
                double e = dist2(&NMFI_AT(a, 0, j), c + q * m, m);
                if (e < bd) {
                    bd = e;
                    best = q;
                }
            }
            changed |= cluster[j] != best;
            cluster[j] = best;
        }
        if (!changed)
            break;
        /* An emptied cluster keeps its old centre. */
        memset(count, 0, k * sizeof *count);
        for (size_t j = 0; j < n; j++)
            count[cluster[j]]++;
        for (size_t q = 0; q < k; q++)
            if (count[q])
                memset(c + q * m, 0, m * sizeof *c);
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < m; i++)
                c[cluster[j] * m + i] += NMFI_AT(a, i, j);
        for (size_t q = 0; q < k; q++)
            for (size_t i = 0; count[q] && i < m; i++)
                c[q * m + i] /= (double)count[q];
    }
    if (iters)
        *iters = it;
    free(c);
    free(d);
    free(count);
    return NMF_OK;
}
