/* svd.c -- singular values by one-sided Jacobi (Hestenes, 1958), for
 * `nmfkit rank`, and with the singular vectors for the small projected
 * matrix of the NNDSVD starts (nmf/rsvd.c).
 *
 * Rotating pairs of columns until all of them are mutually orthogonal
 * leaves the singular values as the column norms. We use it rather than
 * bidiagonalisation + QR because it needs no LAPACK, fits on a page, and
 * finds small singular values to high relative accuracy (Demmel & Veselic,
 * 1992) -- and the small ones are what decide the numerical rank.
 */
#include <config.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/matrix.h"
#include "core/svd.h"

/* Cyclic Jacobi converges quadratically once the columns are nearly
 * orthogonal; a handful of sweeps is typical, so hitting this is a bug. */
#define MAX_SWEEPS 100

static double dot(const double *x, const double *y, size_t p)
{
    double sum = 0.0;
#pragma omp simd reduction(+:sum)
    for (size_t i = 0; i < p; i++)
        sum += x[i] * y[i];
    return sum;
}

/* (x, y) <- (c x - s y, s x + c y); returns the new squared norms in the
 * same pass so they are always measured, never updated by formula (an
 * updated norm drifts, and a wrong norm could stop the sweeps early). */
static void rotate(double *x, double *y, size_t p, double c, double s,
                   double *xx, double *yy)
{
    double sx = 0.0, sy = 0.0;
#pragma omp simd reduction(+:sx, sy)
    for (size_t i = 0; i < p; i++) {
        double xi = x[i], yi = y[i];
        x[i] = c * xi - s * yi;
        y[i] = s * xi + c * yi;
        sx += x[i] * x[i];
        sy += y[i] * y[i];
    }
    *xx = sx;
    *yy = sy;
}

/* The work array: q columns of length p, their squared norms, and the
 * largest norm each column has had (its scale, for the noise test); and,
 * when the vectors are wanted, V (q x q), which every rotation of the
 * columns also rotates, so that the work array stays A V. */
struct jacobi {
    double *w;
    double *norm2;
    double *peak;
    size_t p, q;
    double tol;
    double *v;
    size_t ldv;
};

/* The same rotation on two columns of V. */
static void rotate_v(double *x, double *y, size_t q, double c, double s)
{
#pragma omp simd
    for (size_t i = 0; i < q; i++) {
        double xi = x[i], yi = y[i];
        x[i] = c * xi - s * yi;
        y[i] = s * xi + c * yi;
    }
}

/* A column that cancellation has shrunk to tol times the largest norm it
 * ever had is rounding noise: its absolute error is already about eps
 * times that peak. Zeroing it is a perturbation no larger than that error,
 * and it is needed: when A is exactly rank deficient, such a column lies
 * in the span of the others, and rotating it shrinks it by about
 * sqrt(eps) per rotation without ever making it orthogonal. A column that
 * starts small (a graded matrix) keeps its full relative accuracy. */
static void drop_noise(struct jacobi *jc, size_t j)
{
    double norm = sqrt(jc->norm2[j]);
    if (norm > jc->peak[j])
        jc->peak[j] = norm;
    else if (norm <= jc->tol * jc->peak[j]) {
        double *x = jc->w + j * jc->p;
        for (size_t i = 0; i < jc->p; i++)
            x[i] = 0.0;
        jc->norm2[j] = 0.0;
    }
}

/* One cyclic sweep over all column pairs; returns the rotation count. */
static size_t sweep(struct jacobi *jc)
{
    size_t p = jc->p, q = jc->q, rotations = 0;
    for (size_t j = 0; j + 1 < q; j++) {
        for (size_t k = j + 1; k < q; k++) {
            double *x = jc->w + j * p, *y = jc->w + k * p;
            double alpha = jc->norm2[j], beta = jc->norm2[k];
            double gamma = dot(x, y, p);
            /* A zero column has gamma = 0 and is skipped, so nothing below
             * divides by zero; sqrt of each factor keeps alpha * beta from
             * underflowing. */
            if (fabs(gamma) <= jc->tol * sqrt(alpha) * sqrt(beta))
                continue;
            /* The rotation that makes x and y orthogonal, with the smaller
             * of the two roots of t^2 + 2 zeta t - 1 = 0 (|angle| <= pi/4),
             * which is what makes the method converge; hypot avoids the
             * overflow of zeta^2. */
            double zeta = (beta - alpha) / (2.0 * gamma);
            double t = copysign(1.0, zeta) / (fabs(zeta) + hypot(1.0, zeta));
            double c = 1.0 / sqrt(1.0 + t * t);
            rotate(x, y, p, c, c * t, &jc->norm2[j], &jc->norm2[k]);
            if (jc->v)
                rotate_v(jc->v + j * jc->ldv, jc->v + k * jc->ldv, jc->q, c,
                         c * t);
            drop_noise(jc, j);
            drop_noise(jc, k);
            rotations++;
        }
    }
    return rotations;
}

/* Sweeps until no pair rotates; NMF_E_INTERNAL past MAX_SWEEPS. */
static nmf_status converge(struct jacobi *jc, size_t rows, size_t cols)
{
    int sweeps = 0;
    while (sweep(jc) > 0)
        if (++sweeps == MAX_SWEEPS)
            return nmfi_error(NMF_E_INTERNAL, "singular values: one-sided "
                              "Jacobi did not converge in %d sweeps "
                              "(%zu x %zu matrix)", MAX_SWEEPS, rows, cols);
    return NMF_OK;
}

static int descending(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a < b) - (a > b);
}

nmf_status nmf_singular_values(const nmf_matrix *a, double *s)
{
    if (!a || !s)
        return nmfi_error(NMF_E_INVAL, "singular values: no matrix given");

    /* Work on the tall one of A and A' (same singular values): the cost
     * grows with the square of the column count. Column j of the work
     * array is column j of A, or row j of A when A is wide. */
    int wide = a->rows < a->cols;
    size_t p = wide ? a->cols : a->rows;   /* column length   */
    size_t q = wide ? a->rows : a->cols;   /* min(m, n)       */
    if (q == 0)
        return NMF_OK;

    double maxabs = 0.0;
    for (size_t j = 0; j < a->cols; j++) {
        for (size_t i = 0; i < a->rows; i++) {
            double v = NMFI_AT(a, i, j);
            if (!isfinite(v))
                return nmfi_error(NMF_E_INVAL,
                                  "singular values: entry at row %zu, "
                                  "column %zu is %s", i + 1, j + 1,
                                  isnan(v) ? "NaN" : "infinite");
            maxabs = fmax(maxabs, fabs(v));
        }
    }
    if (maxabs == 0.0) {
        for (size_t j = 0; j < q; j++)
            s[j] = 0.0;
        return NMF_OK;
    }

    struct jacobi jc = {
        .w = nmfi_aligned_alloc(p * q, sizeof(double)),
        .norm2 = malloc(2 * q * sizeof(double)),
        .p = p,
        .q = q,
        /* gamma carries a rounding error of about p eps sqrt(alpha beta)
         * (a dot product of length p): asking for less may never stop. */
        .tol = (double)p * DBL_EPSILON,
    };
    if (!jc.w || !jc.norm2) {
        nmfi_aligned_free(jc.w);
        free(jc.norm2);
        return nmfi_error(NMF_E_NOMEM, "singular values: out of memory for "
                          "a %zu x %zu work array", p, q);
    }
    jc.peak = jc.norm2 + q;

    /* Scale by a power of two (exact) so the largest entry is below 1:
     * squared norms in double then cannot overflow in the --enable-double
     * build, whatever the data's magnitude. */
    int e;
    frexp(maxabs, &e);
    for (size_t j = 0; j < q; j++) {
        for (size_t i = 0; i < p; i++) {
            double v = wide ? NMFI_AT(a, j, i) : NMFI_AT(a, i, j);
            jc.w[i + j * p] = ldexp(v, -e);
        }
        jc.norm2[j] = dot(jc.w + j * p, jc.w + j * p, p);
        jc.peak[j] = sqrt(jc.norm2[j]);
    }

    nmf_status st = converge(&jc, a->rows, a->cols);

    if (st == NMF_OK) {
        for (size_t j = 0; j < q; j++)
            s[j] = ldexp(sqrt(jc.norm2[j]), e);
        qsort(s, q, sizeof *s, descending);
    }
    nmfi_aligned_free(jc.w);
    free(jc.norm2);
    return st;
}

nmf_status nmfi_svd_jacobi(size_t p, size_t q, double *a, double *s,
                           double *v)
{
    double *norm2 = malloc(2 * q * sizeof *norm2);
    size_t *order = malloc(q * sizeof *order);
    double *tmp = malloc((p > q ? p : q) * q * sizeof *tmp);
    if (!norm2 || !order || !tmp) {
        free(norm2);
        free(order);
        free(tmp);
        return nmfi_error(NMF_E_NOMEM, "SVD: out of memory for %zu x %zu",
                          p, q);
    }
    struct jacobi jc = {.w = a, .norm2 = norm2, .peak = norm2 + q, .p = p,
                        .q = q, .tol = (double)p * DBL_EPSILON, .v = v,
                        .ldv = q};
    for (size_t j = 0; j < q; j++) {
        for (size_t i = 0; i < q; i++)
            v[i + j * q] = i == j;
        jc.norm2[j] = dot(a + j * p, a + j * p, p);
        jc.peak[j] = sqrt(jc.norm2[j]);
    }
    nmf_status st = converge(&jc, p, q);
    if (st == NMF_OK) {
        /* Descending order of the norms (a stable selection: ties keep
         * their column order), then U = the columns over their norms. */
        for (size_t j = 0; j < q; j++)
            order[j] = j;
        for (size_t j = 0; j < q; j++) {
            size_t best = j;
            for (size_t k = j + 1; k < q; k++)
                if (norm2[order[k]] > norm2[order[best]])
                    best = k;
            size_t keep = order[best];
            for (size_t k = best; k > j; k--)
                order[k] = order[k - 1];
            order[j] = keep;
        }
        for (size_t j = 0; j < q; j++)
            s[j] = sqrt(norm2[order[j]]);
        for (size_t j = 0; j < q; j++)
            for (size_t i = 0; i < p; i++)
                tmp[i + j * p] = s[j] > 0 ? a[i + order[j] * p] / s[j] : 0.0;
        for (size_t i = 0; i < p * q; i++)
            a[i] = tmp[i];
        for (size_t j = 0; j < q; j++)
            for (size_t i = 0; i < q; i++)
                tmp[i + j * q] = v[i + order[j] * q];
        for (size_t i = 0; i < q * q; i++)
            v[i] = tmp[i];
    }
    free(norm2);
    free(order);
    free(tmp);
    return st;
}

size_t nmf_numerical_rank(const double *s, size_t count, size_t m, size_t n)
{
    /* Differences below the rounding of the stored entries are noise,
     * however precisely s was computed. */
    const double eps = NMFI_REAL_EPSILON;
    if (count == 0 || !(s[0] > 0.0))
        return 0;
    double tol = (double)(m > n ? m : n) * eps * s[0];
    size_t rank = 0;
    for (size_t i = 0; i < count; i++)
        if (s[i] > tol)
            rank++;
    return rank;
}
