/* objective.c -- nmf_objective: the loss and the penalties at W, H,
 * exactly, in double, as a reference for the solvers' histories and for
 * comparing with other tools (scikit-learn's formula, in nmfkit.h). A
 * column of WH at a time in double, the columns' sums added in order. */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/matrix.h"
#include "nmfkit.h"

/* The loss over column j of A, with col (m doubles) as scratch. */
static double column_loss(const nmf_matrix *a, const nmf_matrix *w,
                          const nmf_matrix *h, const nmf_options *opt,
                          size_t j, double *col)
{
    size_t m = a->rows;
    for (size_t i = 0; i < m; i++)
        col[i] = 0.0;
    for (size_t k = 0; k < w->cols; k++) {
        double hk = NMFI_AT(h, k, j);
        const nmf_real *wk = &NMFI_AT(w, 0, k);
        for (size_t i = 0; i < m; i++)
            col[i] += (double)wk[i] * hk;
    }
    double sum = 0.0;
    for (size_t i = 0; i < m; i++) {
        if (opt->mask && NMFI_AT(opt->mask, i, j) == 0)
            continue;
        double x = NMFI_AT(a, i, j), p = col[i];
        if (opt->loss == NMF_LOSS_KL) {
            double ph = p > opt->delta ? p : opt->delta;
            sum += x > 0 ? x * log(x / ph) - x + ph : p;
        } else {
            sum += 0.5 * (x - p) * (x - p);
        }
    }
    return sum;
}

static double penalty(const nmf_matrix *x, double l1, double l2)
{
    double s1 = 0.0, s2 = 0.0;
    for (size_t j = 0; j < x->cols; j++)
        for (size_t i = 0; i < x->rows; i++) {
            double v = NMFI_AT(x, i, j);
            s1 += v;
            s2 += v * v;
        }
    return l1 * s1 + 0.5 * l2 * s2;
}

double nmf_objective(const nmf_matrix *a, const nmf_matrix *w,
                     const nmf_matrix *h, const nmf_options *opt)
{
    if (!a || !w || !h || !opt || w->rows != a->rows || h->cols != a->cols
        || w->cols != h->rows
        || (opt->mask && (opt->mask->rows != a->rows
                          || opt->mask->cols != a->cols))) {
        nmfi_error(NMF_E_INVAL, "nmf_objective: the shapes of A, W, H (and"
                   " the mask) do not match");
        return NAN;
    }
    size_t n = a->cols;
    double *sums = malloc((n ? n : 1) * sizeof *sums);
    int failed = sums == NULL;
    #pragma omp parallel if (n * a->rows * w->cols > 1000000)
    {
        double *col = malloc((a->rows ? a->rows : 1) * sizeof *col);
        #pragma omp for schedule(static)
        for (size_t j = 0; j < n; j++)
            if (col && sums)
                sums[j] = column_loss(a, w, h, opt, j, col);
        if (!col) {
            #pragma omp atomic write
            failed = 1;
        }
        free(col);
    }
    if (failed) {
        free(sums);
        nmfi_error(NMF_E_NOMEM, "nmf_objective: out of memory");
        return NAN;
    }
    double total = 0.0;
    for (size_t j = 0; j < n; j++)
        total += sums[j];
    free(sums);
    return total + penalty(w, opt->l1_w, opt->l2_w)
           + penalty(h, opt->l1_h, opt->l2_h);
}
