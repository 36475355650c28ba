/* partition.c -- clusters from H and how two partitions agree
 * (partition.h). */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include "core/matrix.h"
#include "study/partition.h"

void nmfi_argmax_clusters(const nmf_matrix *h, size_t *cluster,
                          double *weight)
{
    for (size_t j = 0; j < h->cols; j++) {
        size_t best = 0;
        for (size_t i = 1; i < h->rows; i++)
            if (NMFI_AT(h, i, j) > NMFI_AT(h, best, j))  /* strict: ties low */
                best = i;
        cluster[j] = best;
        if (weight)
            weight[j] = NMFI_AT(h, best, j);
    }
}

static double pairs(double x)
{
    return x * (x - 1) / 2;
}

double nmfi_ari(const size_t *a, const size_t *b, size_t n)
{
    size_t ka = 0, kb = 0;
    for (size_t j = 0; j < n; j++) {
        ka = a[j] + 1 > ka ? a[j] + 1 : ka;
        kb = b[j] + 1 > kb ? b[j] + 1 : kb;
    }
    double *t = calloc(ka * kb + ka + kb, sizeof *t);
    if (!t)
        return NAN;
    double *ra = t + ka * kb, *rb = ra + ka;
    for (size_t j = 0; j < n; j++) {
        t[a[j] * kb + b[j]] += 1;
        ra[a[j]] += 1;
        rb[b[j]] += 1;
    }
    double index = 0, sa = 0, sb = 0;
    for (size_t i = 0; i < ka * kb; i++)
        index += pairs(t[i]);
    for (size_t i = 0; i < ka; i++)
        sa += pairs(ra[i]);
    for (size_t i = 0; i < kb; i++)
        sb += pairs(rb[i]);
    free(t);
    double expected = n > 1 ? sa * sb / pairs((double)n) : 0;
    double max = 0.5 * (sa + sb);
    /* Both partitions trivial in the same way: they agree. */
    if (max == expected)
        return 1.0;
    return (index - expected) / (max - expected);
}
