/* kl_entries.c -- the KL updates over A's non-zeros (kl_entries.h). */
#include <config.h>

#include <math.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "kernels/blocking.h"
#include "kernels/isa.h"
#include "nmf/dot_short.h"
#include "nmf/entries.h"
#include "nmf/kl_entries.h"
#include "nmf/log_fast.h"

int nmfi_kl_entries_pay(const nmf_matrix *a)
{
    return (double)nmfi_entries_count(a, 0)
               <= NMFI_KL_ENTRIES_DENSITY * (double)a->rows * (double)a->cols
           && a->rows < UINT32_MAX && a->cols < UINT32_MAX;
}

/* Entries are taken CHUNK at a time: their p by dot products, then the
 * logs and quotients of the chunk in one vectorised loop, then the
 * numerator's axpys. */
enum { CHUNK = 64 };

/* One column of H (or row of W) from its entries: x the factor's column
 * (d values), `other` the d-vectors of the entries' rows (columns), num
 * scratch (d); returns the column's loss terms over its non-zeros,
 * sum (p^ - p) - a log p^ (the caller adds the sum of p over all
 * entries). */
NMFI_CLONES
static double one_column(size_t d, size_t count, const uint32_t *idx,
                         const nmf_real *val, const nmf_real *other,
                         size_t ldo, const nmf_real *x, const nmf_real *den,
                         nmf_real *out, nmf_real *num, nmf_real delta,
                         nmf_real l2)
{
    double loss = 0.0;
    nmf_real p[CHUNK], q[CHUNK], t[CHUNK];
    for (size_t k = 0; k < d; k++)
        num[k] = 0;
    for (size_t e0 = 0; e0 < count; e0 += CHUNK) {
        size_t eb = count - e0 < CHUNK ? count - e0 : CHUNK;
        for (size_t e = 0; e < eb; e++) {
            const nmf_real *y = other + (size_t)idx[e0 + e] * ldo;
            p[e] = nmfi_dot_short(y, x, d);
        }
        /* p^, its log, the terms and the quotients, then the terms
         * added in double. */
        const nmf_real *a = val + e0;
        #pragma omp simd
        for (size_t e = 0; e < eb; e++)
            q[e] = p[e] > delta ? p[e] : delta;
        nmfi_log_block(q, t, eb);
        #pragma omp simd
        for (size_t e = 0; e < eb; e++) {
            nmf_real ph = q[e];
            t[e] = (ph - p[e]) - a[e] * t[e];
            q[e] = a[e] / ph;
        }
        for (size_t e = 0; e < eb; e++)
            loss += (double)t[e];
        for (size_t e = 0; e < eb; e++) {
            const nmf_real *y = other + (size_t)idx[e0 + e] * ldo;
            nmf_real qe = q[e];
            #pragma omp simd
            for (size_t k = 0; k < d; k++)
                num[k] += qe * y[k];
        }
    }
    #pragma omp simd
    for (size_t k = 0; k < d; k++)
        out[k] = x[k] * num[k] / (den[k] + l2 * x[k]);
    return loss;
}

/* The d row sums of x (d x len), in double, into raw; den = raw + shift
 * in nmf_real when den is not NULL. */
static void row_sums(size_t d, size_t len, const nmf_real *x, size_t ldx,
                     nmf_real shift, nmf_real *den, double *raw)
{
    for (size_t k = 0; k < d; k++)
        raw[k] = 0;
    for (size_t j = 0; j < len; j++)
        for (size_t k = 0; k < d; k++)
            raw[k] += x[k + j * ldx];
    for (size_t k = 0; den && k < d; k++)
        den[k] = (nmf_real)raw[k] + shift;
}

/* One factor's pass over the lines (H: A's columns, W: its rows): line t
 * of the factor (x, a d-vector at x + t ldx) from its entries against
 * `other`; den = the other factor's sums + l1 + delta. part[t] gets the
 * line's loss terms, or NULL. */
static void pass(nmfi_entry_lines lines, size_t d, const nmf_real *other,
                 size_t ldo, const nmf_real *x, size_t ldx,
                 const nmf_real *den, nmf_real *out, size_t ldout,
                 nmf_real delta, nmf_real l2, double *part)
{
    size_t nnz = lines.start[lines.lines];
    #pragma omp parallel if ((double)nnz * (double)d > 1e6)
    {
        nmf_real num[NMFI_KL_ENTRIES_D_MAX];
        #pragma omp for schedule(dynamic, 16)
        for (size_t t = 0; t < lines.lines; t++) {
            size_t e0 = lines.start[t], e1 = lines.start[t + 1];
            double loss = one_column(d, e1 - e0, lines.idx + e0,
                                     lines.val + e0, other, ldo,
                                     x + t * ldx, den, out + t * ldout, num,
                                     delta, l2);
            if (part)
                part[t] = loss;
        }
    }
}

double nmfi_kl_entries_h(const nmfi_entries *e, size_t d, const nmf_real *wt,
                         size_t ldwt, const nmf_real *h, size_t ldh,
                         nmf_real *out, size_t ldout, nmf_real delta,
                         nmf_real l1, nmf_real l2, double *part)
{
    size_t n = e->n;
    nmf_real den[NMFI_KL_ENTRIES_D_MAX];
    double colsum_w[NMFI_KL_ENTRIES_D_MAX], rowsum_h[NMFI_KL_ENTRIES_D_MAX];
    row_sums(d, e->m, wt, ldwt, l1 + delta, den, colsum_w);
    row_sums(d, n, h, ldh, 0, NULL, rowsum_h);
    pass(nmfi_entries_by_col(e), d, wt, ldwt, h, ldh, den, out, ldout,
         delta, l2, part);
    /* The sum of p over every entry is sum_k colsum(W)_k rowsum(H)_k. */
    double loss = 0.0;
    for (size_t k = 0; k < d; k++)
        loss += colsum_w[k] * rowsum_h[k];
    for (size_t j = 0; j < n; j++)
        loss += part[j];
    return loss;
}

void nmfi_kl_entries_w(const nmfi_entries *e, size_t d, const nmf_real *wt,
                       size_t ldwt, const nmf_real *h, size_t ldh,
                       nmf_real *outt, size_t ldout, nmf_real delta,
                       nmf_real l1, nmf_real l2)
{
    nmf_real den[NMFI_KL_ENTRIES_D_MAX];
    double raw[NMFI_KL_ENTRIES_D_MAX];
    row_sums(d, e->n, h, ldh, l1 + delta, den, raw);
    pass(nmfi_entries_by_row(e), d, h, ldh, wt, ldwt, den, outt, ldout,
         delta, l2, NULL);
}

double nmfi_kl_entries_flops(const nmfi_entries *e, size_t d)
{
    return 4.0 * (double)e->nnz * (double)d;
}
