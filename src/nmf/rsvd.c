/* rsvd.c -- the leading singular triplets of A by a randomized range
 * finder (Halko, Martinsson & Tropp 2011, algorithm 4.4), for the NNDSVD
 * starts, with no LAPACK:
 *
 *   Q = orth(A Omega)                Omega: Gaussian, n x l, l = k + 10
 *   POWER times: Q = orth(A (A' Q))  the gap between the wanted and the
 *                                    other singular values, raised to 2q+1
 *   Z = A' Q, so Q'A = Z'            the projection onto the range, l x n
 *   Z = P R                          Gram-Schmidt, P n x l, R l x l
 *   R = E diag(s) F'                 one-sided Jacobi (core/svd.c)
 *   U = Q F, V = P E                 A ~ Q Z' = (Q F) diag(s) (P E)'
 *
 * The products are our GEMM; the rest is on l columns in double. Q lives
 * on A's shorter side (for a tall A the same runs on A'), so its
 * orthonormalizations cost min(m, n) l^2; Z's costs max(m, n) l^2 once,
 * and keeps the small singular values accurate (the eigenvalues of Z'Z
 * would square A's condition and leave rank-deficient A's rounding at
 * sqrt(eps) of the largest). Everything is drawn from one seeded stream
 * and reduced in a fixed order: the same bits for any thread count.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/rng.h"
#include "core/svd.h"
#include "nmf/rsvd.h"

enum { OVERSAMPLE = 10, POWER = 4 };

/* The columns of y (rows x l, double, ld rows) made orthonormal in place
 * by modified Gram-Schmidt, each column projected twice ("twice is
 * enough": the second pass removes what rounding left of the first); r
 * (l x l, or NULL) gets the triangle with y_in = y_out r. A column with
 * nothing left beyond rounding (A of a lower rank than l) is zeroed, with
 * a zero on r's diagonal, rather than blown up into noise. */
static void mgs(size_t rows, size_t l, double *y, double *r)
{
    const double noise = 64 * NMFI_REAL_EPSILON;
    if (r)
        memset(r, 0, l * l * sizeof *r);
    for (size_t j = 0; j < l; j++) {
        double *yj = y + j * rows;
        double before = 0;
        for (size_t i = 0; i < rows; i++)
            before += yj[i] * yj[i];
        for (int pass = 0; pass < 2; pass++)
            for (size_t k = 0; k < j; k++) {
                const double *yk = y + k * rows;
                double c = 0;
#pragma omp simd reduction(+:c)
                for (size_t i = 0; i < rows; i++)
                    c += yk[i] * yj[i];
#pragma omp simd
                for (size_t i = 0; i < rows; i++)
                    yj[i] -= c * yk[i];
                if (r)
                    r[k + j * l] += c;
            }
        double after = 0;
        for (size_t i = 0; i < rows; i++)
            after += yj[i] * yj[i];
        int kept = after > noise * noise * before && after > 0;
        double norm = kept ? sqrt(after) : 0, scale = kept ? 1 / norm : 0;
        for (size_t i = 0; i < rows; i++)
            yj[i] *= scale;
        if (r)
            r[j + j * l] = norm;
    }
}

/* x (rows x l, nmf_real) made orthonormal through y (double scratch). */
static void orthonormalize(size_t rows, size_t l, nmf_matrix *x, double *y)
{
    for (size_t j = 0; j < l; j++)
        for (size_t i = 0; i < rows; i++)
            y[i + j * rows] = NMFI_AT(x, i, j);
    mgs(rows, l, y, NULL);
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

    nmf_matrix *qm = nmf_matrix_new(rows, l), *z = nmf_matrix_new(cols, l);
    double *y = malloc(rows * l * sizeof *y), *p = malloc(cols * l * sizeof *p);
    double *r = malloc(l * l * sizeof *r), *f = malloc(l * l * sizeof *f);
    double *sv = malloc(l * sizeof *sv);
    nmf_status st = NMF_OK;
    if (!qm || !z || !y || !p || !r || !f || !sv) {
        st = nmfi_error(NMF_E_NOMEM, "SVD: out of memory for the %zu x %zu"
                        " range finder", cols, l);
        goto done;
    }

    nmfi_rng rng;
    nmfi_rng_seed(&rng, seed);
    for (size_t j = 0; j < l; j++)
        for (size_t i = 0; i < cols; i++)
            NMFI_AT(z, i, j) = (nmf_real)nmfi_rng_normal(&rng);
    product(a, to_short, z, qm);
    orthonormalize(rows, l, qm, y);
    for (int it = 0; it < POWER; it++) {
        product(a, to_long, qm, z);
        product(a, to_short, z, qm);
        orthonormalize(rows, l, qm, y);
    }
    product(a, to_long, qm, z);

    /* Z = P R, then R = E diag(s) F' (Jacobi leaves E in r). */
    for (size_t j = 0; j < l; j++)
        for (size_t i = 0; i < cols; i++)
            p[i + j * cols] = NMFI_AT(z, i, j);
    mgs(cols, l, p, r);
    st = nmfi_svd_jacobi(l, l, r, sv, f);
    if (st != NMF_OK)
        goto done;

    /* The vectors as sums of columns (axpys down the long columns):
     * short side Q F, long side P E. */
    double *short_vec = wide ? u : v, *long_vec = wide ? v : u;
    for (size_t j = 0; j < k; j++) {
        s[j] = sv[j];
        const double *ej = r + j * l, *fj = f + j * l;
        double *sj = short_vec + j * rows, *lj = long_vec + j * cols;
        memset(sj, 0, rows * sizeof *sj);
        memset(lj, 0, cols * sizeof *lj);
        for (size_t q = 0; q < l; q++) {
            const nmf_real *qq = &NMFI_AT(qm, 0, q);
            const double *pq = p + q * cols;
            double fq = fj[q], eq = ej[q];
#pragma omp simd
            for (size_t i = 0; i < rows; i++)
                sj[i] += (double)qq[i] * fq;
#pragma omp simd
            for (size_t i = 0; i < cols; i++)
                lj[i] += pq[i] * eq;
        }
    }
done:
    nmf_matrix_free(qm);
    nmf_matrix_free(z);
    free(y);
    free(p);
    free(r);
    free(f);
    free(sv);
    return st;
}
