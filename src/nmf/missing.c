/* missing.c -- the missing entries' corrections of masked MU (missing.h). */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/matrix.h"
#include "kernels/blocking.h"
#include "kernels/isa.h"
#include "nmf/dot_short.h"
#include "nmf/missing.h"

int nmfi_missing_gram_pays(const nmf_matrix *mask)
{
    return (double)nmfi_entries_count(mask, 1)
               <= NMFI_MISSING_GRAM_SHARE * (double)mask->rows
                  * (double)mask->cols
           && mask->rows < UINT32_MAX && mask->cols < UINT32_MAX;
}

/* c (d) = sum over the entries of p y with p = y . x, y the entries'
 * d-vectors from `other`; returns sum p^2. */
NMFI_CLONES
static double correction(size_t d, size_t count, const uint32_t *idx,
                         const nmf_real *other, size_t ldo,
                         const nmf_real *x, nmf_real *c)
{
    double sq = 0.0;
    for (size_t k = 0; k < d; k++)
        c[k] = 0;
    for (size_t e = 0; e < count; e++) {
        const nmf_real *y = other + (size_t)idx[e] * ldo;
        nmf_real p = nmfi_dot_short(y, x, d);
        sq += (double)p * (double)p;
        #pragma omp simd
        for (size_t k = 0; k < d; k++)
            c[k] += p * y[k];
    }
    return sq;
}

double nmfi_missing_h(const nmfi_entries *e, size_t d, const nmf_real *wt,
                      size_t ldwt, const nmf_real *h, size_t ldh,
                      nmf_real *c, size_t ldc)
{
    size_t n = e->n;
    double *part = malloc((n ? n : 1) * sizeof *part);
    if (!part)
        return NAN;
    #pragma omp parallel for schedule(dynamic, 64) \
        if ((double)e->nnz * (double)d > 1e6)
    for (size_t j = 0; j < n; j++) {
        size_t c0 = e->col_start[j], c1 = e->col_start[j + 1];
        part[j] = correction(d, c1 - c0, e->col_row + c0, wt, ldwt,
                             h + j * ldh, c + j * ldc);
    }
    double sq = 0.0;
    for (size_t j = 0; j < n; j++)
        sq += part[j];
    free(part);
    return sq;
}

void nmfi_missing_w(const nmfi_entries *e, size_t d, const nmf_real *wt,
                    size_t ldwt, const nmf_real *h, size_t ldh,
                    nmf_real *ct, size_t ldct)
{
    #pragma omp parallel for schedule(dynamic, 16) \
        if ((double)e->nnz * (double)d > 1e6)
    for (size_t i = 0; i < e->m; i++) {
        size_t r0 = e->row_start[i], r1 = e->row_start[i + 1];
        correction(d, r1 - r0, e->row_col + r0, h, ldh, wt + i * ldwt,
                   ct + i * ldct);
    }
}
