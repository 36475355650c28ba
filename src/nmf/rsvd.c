/* rsvd.c -- the leading singular triplets of A by a randomized range
 * finder (Halko, Martinsson & Tropp 2011, algorithm 4.4), for the NNDSVD
 * starts, with no LAPACK:
 *
 *   Q = orth(A Omega)                Omega: Gaussian, n x l, l = k + 10
 *   POWER times: Q = orth(A (A' Q))  the gap between the wanted and the
 *                                    other singular values, raised to 2q+1
 *   Z = A' Q, so Q'A = Z'            the projection onto the range, l x n
 *   Z'Z = E diag(s^2) E'             Jacobi (core/svd.c) on l x l
 *   U = Q E, V = Z E diag(1/s)
 *
 * The products are our GEMM; the rest is on l columns in double. Q lives
 * on A's shorter side (for a tall A the same runs on A'), so the
 * orthonormalization costs min(m, n) l^2 and the products are the only
 * work that grows with both sides. Z'Z squares A's condition, which the
 * start does not mind: NNDSVD needs the leading vectors' signs and
 * sizes, not their last digits. Everything is drawn from one seeded
 * stream and reduced in a fixed order: the same bits for any thread
 * count.
 */
#include <config.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/rng.h"
#include "core/svd.h"
#include "nmf/rsvd.h"

enum { OVERSAMPLE = 10, POWER = 4 };

/* y = the columns of x (rows x l, nmf_real, ld) made orthonormal in
 * double by modified Gram-Schmidt, each column projected twice ("twice is
 * enough": the second pass removes what rounding left of the first). A
 * column with nothing left beyond rounding (A of a lower rank than l) is
 * zeroed rather than blown up into noise. */
static void orthonormalize(size_t rows, size_t l, nmf_matrix *x, double *y)
{
#if NMF_REAL_IS_DOUBLE
    const double noise = 64 * DBL_EPSILON;
#else
    const double noise = 64 * FLT_EPSILON;
#endif
    for (size_t j = 0; j < l; j++) {
        double *yj = y + j * rows;
        const nmf_real *xj = &NMFI_AT(x, 0, j);
        double before = 0;
        for (size_t i = 0; i < rows; i++) {
            yj[i] = xj[i];
            before += yj[i] * yj[i];
        }
        for (int pass = 0; pass < 2; pass++)
            for (size_t k = 0; k < j; k++) {
                const double *yk = y + k * rows;
                double r = 0;
#pragma omp simd reduction(+:r)
                for (size_t i = 0; i < rows; i++)
                    r += yk[i] * yj[i];
#pragma omp simd
                for (size_t i = 0; i < rows; i++)
                    yj[i] -= r * yk[i];
            }
        double after = 0;
        for (size_t i = 0; i < rows; i++)
            after += yj[i] * yj[i];
        double scale = after > noise * noise * before && after > 0
                           ? 1 / sqrt(after) : 0;
        for (size_t i = 0; i < rows; i++)
            yj[i] *= scale;
    }
    for (size_t j = 0; j < l; j++)
        for (size_t i = 0; i < rows; i++)
            NMFI_AT(x, i, j) = (nmf_real)y[i + j * rows];
}

/* C = op(A) X with op(A) = A (m x n) or A'; X has op(A)'s columns. */
static void product(const nmf_matrix *a, nmf_trans t, const nmf_matrix *x,
                    nmf_matrix *c)
{
    size_t k = t == NMF_TRANS ? a->rows : a->cols;
    nmf_gemm(t, NMF_NOTRANS, c->rows, c->cols, k, a->data, a->ld, x->data,
             x->ld, 0, c->data, c->ld);
}

nmf_status nmfi_rsvd(const nmf_matrix *a, size_t k, uint64_t seed,
                     double *s, double *u, double *v)
{
    size_t m = a->rows, n = a->cols;
    /* Q on the short side: A's columns' space (m) when m <= n. */
    int wide = m <= n;
    size_t rows = wide ? m : n, cols = wide ? n : m;
    nmf_trans to_short = wide ? NMF_NOTRANS : NMF_TRANS;
    nmf_trans to_long = wide ? NMF_TRANS : NMF_NOTRANS;
    size_t l = k + OVERSAMPLE < rows ? k + OVERSAMPLE : rows;
    if (k > l)
        return nmfi_error(NMF_E_INVAL, "SVD: %zu singular triplets asked of"
                          " a %zu x %zu matrix", k, m, n);

    nmf_matrix *q = nmf_matrix_new(rows, l), *z = nmf_matrix_new(cols, l);
    double *y = malloc(rows * l * sizeof *y);
    double *c = malloc(l * l * sizeof *c), *e = malloc(l * l * sizeof *e);
    double *sv = malloc(l * sizeof *sv);
    nmf_status st = NMF_OK;
    if (!q || !z || !y || !c || !e || !sv) {
        st = nmfi_error(NMF_E_NOMEM, "SVD: out of memory for the %zu x %zu"
                        " range finder", cols, l);
        goto done;
    }

    nmfi_rng rng;
    nmfi_rng_seed(&rng, seed);
    for (size_t j = 0; j < l; j++)
        for (size_t i = 0; i < cols; i++)
            NMFI_AT(z, i, j) = (nmf_real)nmfi_rng_normal(&rng);
    product(a, to_short, z, q);
    orthonormalize(rows, l, q, y);
    for (int it = 0; it < POWER; it++) {
        product(a, to_long, q, z);
        product(a, to_short, z, q);
        orthonormalize(rows, l, q, y);
    }
    product(a, to_long, q, z);

    /* C = Z'Z in double, columns in order. */
    for (size_t j = 0; j < l; j++)
        for (size_t i = 0; i <= j; i++) {
            const nmf_real *zi = &NMFI_AT(z, 0, i), *zj = &NMFI_AT(z, 0, j);
            double sum = 0;
#pragma omp simd reduction(+:sum)
            for (size_t p = 0; p < cols; p++)
                sum += (double)zi[p] * (double)zj[p];
            c[i + j * l] = c[j + i * l] = sum;
        }
    /* C is symmetric and positive semi-definite: its singular values are
     * its eigenvalues s^2 and V holds the eigenvectors E. */
    st = nmfi_svd_jacobi(l, l, c, sv, e);
    if (st != NMF_OK)
        goto done;

    /* U and V as sums of columns (axpys down the long columns). */
    double *short_vec = wide ? u : v, *long_vec = wide ? v : u;
    for (size_t j = 0; j < k; j++) {
        s[j] = sqrt(sv[j]);
        const double *ej = e + j * l;
        double inv = s[j] > 0 ? 1 / s[j] : 0;
        double *sj = short_vec + j * rows, *lj = long_vec + j * cols;
        memset(sj, 0, rows * sizeof *sj);
        memset(lj, 0, cols * sizeof *lj);
        for (size_t p = 0; p < l; p++) {
            const nmf_real *qp = &NMFI_AT(q, 0, p), *zp = &NMFI_AT(z, 0, p);
            double ep = ej[p], fp = ej[p] * inv;
#pragma omp simd
            for (size_t i = 0; i < rows; i++)
                sj[i] += (double)qp[i] * ep;
#pragma omp simd
            for (size_t i = 0; i < cols; i++)
                lj[i] += (double)zp[i] * fp;
        }
    }
done:
    nmf_matrix_free(q);
    nmf_matrix_free(z);
    free(y);
    free(c);
    free(e);
    free(sv);
    return st;
}
