/* reduce.c -- deterministic parallel reductions for the error identity
 * ||A - WH||^2 = ||A||^2 - 2 <W, AH'> + <W'W, HH'>.
 *
 * OpenMP's reduction clause adds thread partials in an order that depends on
 * the thread count; here each column's partial has one owner and the
 * partials are added serially in column order, so 1, 2 or 16 threads give the
 * same bits. The extra n doubles are small next to the m x n data. */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/matrix.h"
#include "kernels/reduce.h"

static double column_dot(size_t m, const nmf_real *x, const nmf_real *y)
{
    double s = 0.0;
    #pragma omp simd reduction(+:s)
    for (size_t i = 0; i < m; i++)
        s += (double)x[i] * (double)y[i];
    return s;
}

static double column_sum(size_t m, const nmf_real *x, const nmf_real *y)
{
    (void)y;
    double s = 0.0;
    #pragma omp simd reduction(+:s)
    for (size_t i = 0; i < m; i++)
        s += (double)x[i];
    return s;
}

/* The sum over columns j of column(m, x_j, y_j): each column on one
 * thread, the partials added in column order. */
static double reduce_columns(double (*column)(size_t, const nmf_real *,
                                              const nmf_real *),
                             size_t m, size_t n, const nmf_real *x,
                             size_t ldx, const nmf_real *y, size_t ldy)
{
    double *partial = malloc(n * sizeof *partial);
    double total = 0.0;
    if (!partial) {
        /* Same order, one thread: slower but the same answer. */
        for (size_t j = 0; j < n; j++)
            total += column(m, x + j * ldx, y + j * ldy);
        return total;
    }
    #pragma omp parallel for schedule(static) if (m * n > 32768)
    for (size_t j = 0; j < n; j++)
        partial[j] = column(m, x + j * ldx, y + j * ldy);
    for (size_t j = 0; j < n; j++)
        total += partial[j];
    free(partial);
    return total;
}

double nmfi_dot_matrix(size_t m, size_t n, const nmf_real *x, size_t ldx,
                       const nmf_real *y, size_t ldy)
{
    return reduce_columns(column_dot, m, n, x, ldx, y, ldy);
}

double nmfi_sum_matrix(size_t m, size_t n, const nmf_real *x, size_t ldx)
{
    return reduce_columns(column_sum, m, n, x, ldx, x, ldx);
}

double nmfi_sumsq_matrix(size_t m, size_t n, const nmf_real *x, size_t ldx)
{
    return nmfi_dot_matrix(m, n, x, ldx, x, ldx);
}

/* Here rather than with the matrix type (core/matrix.c): the columns on
 * the team, as the error identity's ||A||^2. One thread over all of A in
 * scalar double took 14 ms at 1728 x 10000 float. */
double nmf_matrix_norm(const nmf_matrix *a)
{
    return sqrt(nmfi_sumsq_matrix(a->rows, a->cols, a->data, a->ld));
}
