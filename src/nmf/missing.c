/* missing.c -- the missing entries' corrections of masked MU (missing.h). */
#include <config.h>

#include <stdint.h>

#include "core/matrix.h"
#include "kernels/blocking.h"
#include "kernels/isa.h"
#include "nmf/dot_short.h"
#include "nmf/missing.h"

int nmfi_missing_gram_pays(const nmfi_observed *o)
{
    const nmf_matrix *x = o->x;
    double entries = (double)x->rows * (double)x->cols;
    return o->mask && entries - o->count <= NMFI_MISSING_GRAM_SHARE * entries
           && x->rows < UINT32_MAX && x->cols < UINT32_MAX;
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

/* C for every line of the set (columns for C_H, rows for C_W) into
 * c + t ldc; part[t] = the line's sum p^2, or NULL. */
static void pass(nmfi_entry_lines lines, size_t d, const nmf_real *other,
                 size_t ldo, const nmf_real *x, size_t ldx, nmf_real *c,
                 size_t ldc, double *part)
{
    size_t nnz = lines.start[lines.lines];
    #pragma omp parallel for schedule(dynamic, 16) \
        if ((double)nnz * (double)d > 1e6)
    for (size_t t = 0; t < lines.lines; t++) {
        size_t e0 = lines.start[t], e1 = lines.start[t + 1];
        double sq = correction(d, e1 - e0, lines.idx + e0, other, ldo,
                               x + t * ldx, c + t * ldc);
        if (part)
            part[t] = sq;
    }
}

double nmfi_missing_h(const nmfi_entries *e, size_t d, const nmf_real *wt,
                      size_t ldwt, const nmf_real *h, size_t ldh,
                      nmf_real *c, size_t ldc, double *part)
{
    size_t n = e->n;
    pass(nmfi_entries_by_col(e), d, wt, ldwt, h, ldh, c, ldc, part);
    double sq = 0.0;
    for (size_t j = 0; j < n; j++)
        sq += part[j];
    return sq;
}

void nmfi_missing_w(const nmfi_entries *e, size_t d, const nmf_real *wt,
                    size_t ldwt, const nmf_real *h, size_t ldh,
                    nmf_real *ct, size_t ldct)
{
    pass(nmfi_entries_by_row(e), d, h, ldh, wt, ldwt, ct, ldct, NULL);
}
