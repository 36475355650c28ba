/* check_svd.c -- singular values (one-sided Jacobi) and numerical rank:
 * analytic cases, the reference text's matrices A1-A4, U diag(s) V' with
 * known orthogonal factors, wide = transpose, rank-r non-negative products,
 * and the degenerate shapes (1 x 1, zero matrix, zero column); the Jacobi
 * SVD with its vectors, and the randomized truncated SVD of the NNDSVD
 * starts against planted singular triplets. */
#include <config.h>

#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "core/matrix.h"
#include "core/svd.h"
#include "nmf/rsvd.h"
#include "nmfkit.h"
#include "testutil.h"

/* Tolerances.
 * TOL_EXACT: the input is exactly representable in nmf_real (small
 *   integers), so only the double-precision computation errs: a few
 *   rotations of a few columns, each off by O(DBL_EPSILON).
 * TOL_JACOBI: larger inputs (up to 40 columns, ~10 sweeps of q rotations
 *   per column), still entirely in double; about 1e-12 relative to s[0].
 * Where the input itself was rounded to nmf_real, Weyl's inequality bounds
 *   the change in every singular value by ||dA||_2 <= ||dA||_F
 *   <= (REAL_EPS / 2) ||A||_F, so the tests add REAL_EPS * ||A||_F. */
#define TOL_EXACT (64.0 * DBL_EPSILON)
#define TOL_JACOBI (4096.0 * DBL_EPSILON)

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

/* A matrix from a row-major table, as one writes it in the test. */
static nmf_matrix *from_rows(size_t m, size_t n, const double *rows)
{
    nmf_matrix *a = nmf_matrix_new(m, n);
    ck_assert_ptr_nonnull(a);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            nmf_matrix_set(a, i, j, (nmf_real)rows[i * n + j]);
    return a;
}

/* s of a, asserting success; the caller frees. */
static double *svals(const nmf_matrix *a)
{
    size_t q = min_size(nmf_matrix_rows(a), nmf_matrix_cols(a));
    double *s = malloc(q * sizeof *s);
    ck_assert_ptr_nonnull(s);
    nmf_status st = nmf_singular_values(a, s);
    ck_assert_msg(st == NMF_OK, "nmf_singular_values: %s", nmf_last_error());
    for (size_t i = 1; i < q; i++)
        ck_assert_double_ge(s[i - 1], s[i]);
    return s;
}

static size_t rank_of(const nmf_matrix *a, const double *s)
{
    size_t m = nmf_matrix_rows(a), n = nmf_matrix_cols(a);
    return nmf_numerical_rank(s, min_size(m, n), m, n);
}

/* ||A||_F^2 in double from the stored (already rounded) entries. */
static double frob2(const nmf_matrix *a)
{
    double f = nmf_matrix_norm(a);
    return f * f;
}

static void assert_close(double got, double want, double tol, const char *what,
                         size_t i)
{
    ck_assert_msg(fabs(got - want) <= tol,
                  "%s[%zu] = %.17g, expected %.17g (tol %.3g)",
                  what, i, got, want, tol);
}

/* ---- Analytic cases ---------------------------------------------------- */

START_TEST(test_diagonal_sorted)
{
    /* 5 x 3 "diagonal": singular values are |d_i|, sorted. */
    static const double rows[] = {
        3, 0, 0,
        0, -7, 0,
        0, 0, 0.5,
        0, 0, 0,
        0, 0, 0,
    };
    static const double want[] = {7, 3, 0.5};
    nmf_matrix *a = from_rows(5, 3, rows);
    double *s = svals(a);
    for (size_t i = 0; i < 3; i++)
        assert_close(s[i], want[i], TOL_EXACT * want[0], "s", i);
    ck_assert_uint_eq(rank_of(a, s), 3);
    free(s);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(test_2x2_analytic)
{
    /* s^2 = (S +- sqrt(S^2 - 4 det^2)) / 2 with S = ||A||_F^2.
     * [[3,0],[4,5]]: S = 50, det = 15 -> s = 3 sqrt(5), sqrt(5).
     * [[1,1],[0,1]]: S = 3, det = 1   -> s = golden ratio and its inverse. */
    static const double a1[] = {3, 0, 4, 5};
    static const double a2[] = {1, 1, 0, 1};
    const double phi = (1.0 + sqrt(5.0)) / 2.0;
    const double want1[] = {3.0 * sqrt(5.0), sqrt(5.0)};
    const double want2[] = {phi, 1.0 / phi};

    nmf_matrix *a = from_rows(2, 2, a1);
    double *s = svals(a);
    for (size_t i = 0; i < 2; i++)
        assert_close(s[i], want1[i], TOL_EXACT * want1[0], "s", i);
    free(s);
    nmf_matrix_free(a);

    a = from_rows(2, 2, a2);
    s = svals(a);
    for (size_t i = 0; i < 2; i++)
        assert_close(s[i], want2[i], TOL_EXACT * want2[0], "s", i);
    free(s);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(test_graded)
{
    /* [[1, 1e-20], [1, 2e-20]]: s2 = |det| / s1 ~ 7e-21. One-sided Jacobi
     * gets it to a few DBL_EPSILON relative (it never forms the 1e-40
     * entries of A'A); a QR-based SVD would only promise eps * s1. The
     * expected value is computed from the stored (rounded) entries. */
    static const double rows[] = {1, 1e-20, 1, 2e-20};
    nmf_matrix *a = from_rows(2, 2, rows);
    double a11 = nmf_matrix_get(a, 0, 0), a12 = nmf_matrix_get(a, 0, 1);
    double a21 = nmf_matrix_get(a, 1, 0), a22 = nmf_matrix_get(a, 1, 1);
    /* s1 = ||column 1|| to within 1e-40 relative. */
    double s1 = hypot(a11, a21), s2 = fabs(a11 * a22 - a12 * a21) / s1;
    double *s = svals(a);
    assert_close(s[0], s1, TOL_EXACT * s1, "s", 0);
    assert_close(s[1], s2, TOL_EXACT * s2, "s", 1);
    free(s);
    nmf_matrix_free(a);
}
END_TEST

/* ---- The reference text's toy matrices ---------------------------------- */

START_TEST(test_reference_A1_A2)
{
    /* A1 = I2: s = 1, 1. A2 (3 x 2): A2'A2 = [[3,5],[5,9]], so
     * s1^2 + s2^2 = 12 and s1^2 s2^2 = det = 2. */
    static const double a1[] = {1, 0, 0, 1};
    static const double a2[] = {1, 2, 1, 1, 1, 2};

    nmf_matrix *a = from_rows(2, 2, a1);
    double *s = svals(a);
    assert_close(s[0], 1.0, TOL_EXACT, "s", 0);
    assert_close(s[1], 1.0, TOL_EXACT, "s", 1);
    ck_assert_uint_eq(rank_of(a, s), 2);
    free(s);
    nmf_matrix_free(a);

    a = from_rows(3, 2, a2);
    s = svals(a);
    assert_close(s[0] * s[0] + s[1] * s[1], 12.0, TOL_EXACT * 12.0,
                 "sum s^2", 0);
    assert_close(s[0] * s[0] * s[1] * s[1], 2.0, TOL_EXACT * 144.0,
                 "prod s^2", 0);
    ck_assert_uint_eq(rank_of(a, s), 2);
    free(s);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(test_reference_A3_A4)
{
    /* A3 has two equal rows: rank 2, s3 = 0 up to rounding in double.
     * A4 is invertible with det = -9, so s1 s2 s3 = 9. Both have
     * ||A||_F^2 = 18 and 37. */
    static const double a3[] = {2, 1, 1, 2, 1, 1, 1, 1, 2};
    static const double a4[] = {2, 1, 0, 1, 2, 3, 0, 3, 3};

    nmf_matrix *a = from_rows(3, 3, a3);
    double *s = svals(a);
    assert_close(s[0] * s[0] + s[1] * s[1] + s[2] * s[2], 18.0,
                 TOL_EXACT * 18.0, "sum s^2", 0);
    ck_assert_double_le(s[2], TOL_EXACT * s[0]);
    ck_assert_double_gt(s[1], 0.1);
    ck_assert_uint_eq(rank_of(a, s), 2);
    free(s);
    nmf_matrix_free(a);

    a = from_rows(3, 3, a4);
    s = svals(a);
    assert_close(s[0] * s[0] + s[1] * s[1] + s[2] * s[2], 37.0,
                 TOL_EXACT * 37.0, "sum s^2", 0);
    /* The product's error is relative to s1^3, the scale of its terms. */
    assert_close(s[0] * s[1] * s[2], 9.0, TOL_EXACT * pow(s[0], 3),
                 "prod s", 0);
    ck_assert_uint_eq(rank_of(a, s), 3);
    free(s);
    nmf_matrix_free(a);
}
END_TEST

/* ---- U diag(s) V' with known orthogonal U, V ----------------------------- */

/* x <- H x for the n x n column-major x, H = I - 2 v v' / v'v. */
static void reflect(double *x, size_t n, const double *v)
{
    double vv = 0.0;
    for (size_t i = 0; i < n; i++)
        vv += v[i] * v[i];
    for (size_t j = 0; j < n; j++) {
        double vx = 0.0;
        for (size_t i = 0; i < n; i++)
            vx += v[i] * x[i + j * n];
        for (size_t i = 0; i < n; i++)
            x[i + j * n] -= 2.0 * vx / vv * v[i];
    }
}

/* A random n x n orthogonal matrix: the product of two reflectors. */
static double *orthogonal(size_t n, uint64_t seed)
{
    double *x = calloc(n * n, sizeof *x);
    double *v = malloc(n * sizeof *v);
    ck_assert(x && v);
    for (size_t i = 0; i < n; i++)
        x[i + i * n] = 1.0;
    uint64_t st = seed;
    for (int r = 0; r < 2; r++) {
        for (size_t i = 0; i < n; i++)
            v[i] = test_uniform(&st) - 0.5;
        reflect(x, n, v);
    }
    free(v);
    return x;
}

static const struct usv_shape {
    size_t m, n;
    double spread;   /* s runs from 1 down to 1/spread, geometrically */
} usv_shapes[] = {
    {8, 5, 1e3}, {5, 8, 1e3}, {30, 30, 1e6}, {1, 7, 1}, {7, 1, 1},
    {17, 16, 1e2}, {12, 12, 1},   /* spread 1: all equal, an orthogonal A */
    {40, 23, 1e4},
};

START_TEST(test_usv)
{
    const struct usv_shape *sh = &usv_shapes[_i];
    size_t m = sh->m, n = sh->n, q = min_size(m, n);
    double *u = orthogonal(m, 11 + _i), *v = orthogonal(n, 97 + _i);
    double *want = malloc(q * sizeof *want);
    ck_assert_ptr_nonnull(want);
    for (size_t k = 0; k < q; k++)
        want[k] = q > 1 ? pow(sh->spread, -(double)k / (double)(q - 1)) : 1.0;

    nmf_matrix *a = nmf_matrix_new(m, n);
    ck_assert_ptr_nonnull(a);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double x = 0.0;
            for (size_t k = 0; k < q; k++)
                x += u[i + k * m] * want[k] * v[j + k * n];
            nmf_matrix_set(a, i, j, (nmf_real)x);
        }

    double *s = svals(a);
    double fa = sqrt(frob2(a));
    /* Rounding A to nmf_real moves each s_i by at most (REAL_EPS/2)||A||_F
     * (Weyl); the Jacobi sweeps in double add TOL_JACOBI * s[0]. */
    double tol = REAL_EPS * fa + TOL_JACOBI * want[0];
    for (size_t k = 0; k < q; k++)
        assert_close(s[k], want[k], tol, "s", k);
    /* Full rank, unless the spread reaches the rank tolerance (1e6 does in
     * the float build: s[q-1] = 1e-6 < 30 FLT_EPSILON). */
    if (want[q - 1] > 2.0 * (double)(m > n ? m : n) * REAL_EPS * want[0])
        ck_assert_uint_eq(rank_of(a, s), q);

    free(s);
    nmf_matrix_free(a);
    free(want);
    free(u);
    free(v);
}
END_TEST

/* ---- Invariants on random matrices -------------------------------------- */

static nmf_matrix *random_matrix(size_t m, size_t n, double lo, double hi,
                                 uint64_t seed)
{
    nmf_matrix *a = nmf_matrix_new(m, n);
    ck_assert_ptr_nonnull(a);
    test_fill(nmf_matrix_data(a), m, n, nmf_matrix_ld(a), lo, hi, seed);
    return a;
}

START_TEST(test_frobenius)
{
    /* sum s_i^2 = ||A||_F^2: the rotations are orthogonal, so only the
     * double rounding of the sweeps enters (the stored A is the input). */
    static const size_t shapes[][2] = {{20, 13}, {13, 20}, {50, 50}};
    for (size_t t = 0; t < 3; t++) {
        size_t m = shapes[t][0], n = shapes[t][1], q = min_size(m, n);
        nmf_matrix *a = random_matrix(m, n, -1.0, 1.0, 5 + t);
        double *s = svals(a);
        double sum = 0.0;
        for (size_t i = 0; i < q; i++)
            sum += s[i] * s[i];
        double f2 = frob2(a);
        assert_close(sum, f2, TOL_JACOBI * f2, "sum s^2", t);
        free(s);
        nmf_matrix_free(a);
    }
}
END_TEST

START_TEST(test_wide_equals_transpose)
{
    /* The same values for A and A' (both in double from the same stored
     * entries, so to the sweeps' rounding). */
    size_t m = 7, n = 19;
    nmf_matrix *a = random_matrix(m, n, 0.0, 1.0, 3);
    nmf_matrix *at = nmf_matrix_new(n, m);
    ck_assert_ptr_nonnull(at);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            nmf_matrix_set(at, j, i, nmf_matrix_get(a, i, j));
    double *s = svals(a), *st = svals(at);
    for (size_t i = 0; i < m; i++)
        assert_close(s[i], st[i], TOL_JACOBI * s[0], "s", i);
    ck_assert_uint_eq(rank_of(a, s), m);
    ck_assert_uint_eq(rank_of(at, st), m);
    free(s);
    free(st);
    nmf_matrix_free(a);
    nmf_matrix_free(at);
}
END_TEST

static const size_t product_ranks[] = {1, 3, 5};

START_TEST(test_rank_of_products)
{
    /* W (40 x r) H (r x 30) with U(0,1) factors, computed in double and
     * rounded to nmf_real: the rounding adds noise singular values of about
     * REAL_EPS * |a| * (sqrt(m) + sqrt(n)), far below the rank tolerance
     * max(m, n) * REAL_EPS * s[0] -- which is why numpy uses that rule. */
    size_t r = product_ranks[_i], m = 40, n = 30;
    nmf_matrix *w = random_matrix(m, r, 0.0, 1.0, 21 + _i);
    nmf_matrix *h = random_matrix(r, n, 0.0, 1.0, 42 + _i);
    nmf_matrix *a = nmf_matrix_new(m, n);
    ck_assert_ptr_nonnull(a);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double x = 0.0;
            for (size_t k = 0; k < r; k++)
                x += (double)nmf_matrix_get(w, i, k)
                     * (double)nmf_matrix_get(h, k, j);
            nmf_matrix_set(a, i, j, (nmf_real)x);
        }
    double *s = svals(a);
    ck_assert_uint_eq(rank_of(a, s), r);
    /* Not a near miss: a clear gap on both sides of the tolerance. */
    double tol = 40.0 * REAL_EPS * s[0];
    ck_assert_double_gt(s[r - 1], 100.0 * tol);
    ck_assert_double_lt(s[r], tol / 10.0);
    free(s);
    nmf_matrix_free(a);
    nmf_matrix_free(w);
    nmf_matrix_free(h);
}
END_TEST

/* ---- Degenerate shapes -------------------------------------------------- */

START_TEST(test_1x1)
{
    static const double neg[] = {-3.0}, zero[] = {0.0};
    nmf_matrix *a = from_rows(1, 1, neg);
    double *s = svals(a);
    ck_assert_double_eq(s[0], 3.0);
    ck_assert_uint_eq(rank_of(a, s), 1);
    free(s);
    nmf_matrix_free(a);

    a = from_rows(1, 1, zero);
    s = svals(a);
    ck_assert_double_eq(s[0], 0.0);
    ck_assert_uint_eq(rank_of(a, s), 0);
    free(s);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(test_zero_matrix)
{
    /* Exact zeros, no NaN from 0/0, for both orientations. */
    nmf_matrix *a = nmf_matrix_new(4, 6), *b = nmf_matrix_new(6, 4);
    ck_assert(a && b);
    double *s = svals(a), *sb = svals(b);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_double_eq(s[i], 0.0);
        ck_assert_double_eq(sb[i], 0.0);
    }
    ck_assert_uint_eq(rank_of(a, s), 0);
    ck_assert_uint_eq(rank_of(b, sb), 0);
    free(s);
    free(sb);
    nmf_matrix_free(a);
    nmf_matrix_free(b);
}
END_TEST

START_TEST(test_zero_column)
{
    /* A zero column is orthogonal to everything, so it is never rotated:
     * its value is exactly 0 and the others are those of A without it. */
    size_t m = 9, n = 5, zc = 2;
    nmf_matrix *a = random_matrix(m, n, 0.0, 1.0, 77);
    nmf_matrix *b = nmf_matrix_new(m, n - 1);
    ck_assert_ptr_nonnull(b);
    for (size_t i = 0; i < m; i++) {
        nmf_matrix_set(a, i, zc, 0);
        for (size_t j = 0, jb = 0; j < n; j++)
            if (j != zc)
                nmf_matrix_set(b, i, jb++, nmf_matrix_get(a, i, j));
    }
    double *s = svals(a), *sb = svals(b);
    ck_assert_double_eq(s[n - 1], 0.0);
    for (size_t i = 0; i + 1 < n; i++)
        assert_close(s[i], sb[i], TOL_JACOBI * sb[0], "s", i);
    ck_assert_uint_eq(rank_of(a, s), n - 1);
    free(s);
    free(sb);
    nmf_matrix_free(a);
    nmf_matrix_free(b);
}
END_TEST

START_TEST(test_not_finite)
{
    static const double rows[] = {1, 2, 3, 4};
    nmf_matrix *a = from_rows(2, 2, rows);
    double s[2];
    nmf_matrix_set(a, 1, 0, (nmf_real)NAN);
    ck_assert_int_eq(nmf_singular_values(a, s), NMF_E_INVAL);
    nmf_matrix_set(a, 1, 0, (nmf_real)INFINITY);
    ck_assert_int_eq(nmf_singular_values(a, s), NMF_E_INVAL);
    nmf_matrix_free(a);
}
END_TEST

/* ---- nmf_numerical_rank on its own --------------------------------------- */

START_TEST(test_rank_rule)
{
    /* tol = max(m, n) * REAL_EPS * s[0]; a value equal to tol does not
     * count (numpy: S > tol). */
    const double t = 10.0 * REAL_EPS * 2.0;
    const double s[] = {2.0, 1e-1, t * 1.01, t, t * 0.99, 0.0};
    ck_assert_uint_eq(nmf_numerical_rank(s, 6, 10, 4), 3);
    ck_assert_uint_eq(nmf_numerical_rank(s, 6, 4, 10), 3);
    ck_assert_uint_eq(nmf_numerical_rank(s, 2, 10, 4), 2);
    ck_assert_uint_eq(nmf_numerical_rank(s, 0, 10, 4), 0);
    const double z[] = {0.0, 0.0};
    ck_assert_uint_eq(nmf_numerical_rank(z, 2, 3, 3), 0);
}
END_TEST

START_TEST(test_moderate_size)
{
    /* `nmfkit rank` on a few hundred columns must stay interactive; the
     * Frobenius check makes this more than a timing. */
    size_t m = 300, n = 200;
    nmf_matrix *a = random_matrix(m, n, 0.0, 1.0, 9);
    double *s = svals(a);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += s[i] * s[i];
    double f2 = frob2(a);
    assert_close(sum, f2, TOL_JACOBI * f2, "sum s^2", 0);
    ck_assert_uint_eq(rank_of(a, s), n);
    free(s);
    nmf_matrix_free(a);
}
END_TEST

/* U diag(s) = A V with U, V orthonormal and s descending: the vectors of
 * nmfi_svd_jacobi, on a tall random matrix in double (a failing pair
 * (i, j) is named as i * 100 + j). */
START_TEST(test_jacobi_vectors)
{
    size_t p = 9, q = 5;
    double a[45], a0[45], s[5], v[25];
    uint64_t st = 31;
    for (size_t i = 0; i < p * q; i++)
        a0[i] = a[i] = test_uniform(&st) - 0.3;
    ck_assert_int_eq(nmfi_svd_jacobi(p, q, a, s, v), NMF_OK);
    for (size_t j = 0; j < q; j++) {
        if (j > 0)
            ck_assert(s[j] <= s[j - 1]);
        for (size_t k = 0; k <= j; k++) {
            double uu = 0, vv = 0;
            for (size_t i = 0; i < p; i++)
                uu += a[i + j * p] * a[i + k * p];
            for (size_t i = 0; i < q; i++)
                vv += v[i + j * q] * v[i + k * q];
            assert_close(uu, j == k, TOL_JACOBI, "U'U", j * 100 + k);
            assert_close(vv, j == k, TOL_JACOBI, "V'V", j * 100 + k);
        }
        for (size_t i = 0; i < p; i++) {
            double av = 0;
            for (size_t c = 0; c < q; c++)
                av += a0[i + c * p] * v[c + j * q];
            assert_close(av, s[j] * a[i + j * p], TOL_JACOBI * s[0], "A V",
                         i * 100 + j);
        }
    }
}
END_TEST

/* The randomized SVD (nmf/rsvd.c) of A = U diag(2^-j) V' (j < 12, U and V
 * the first columns of random orthogonal matrices) finds the first five
 * triplets to 1e-4 (float products), U and V orthonormal with
 * A v_j = s_j u_j; a tall A runs the same on A'. */
START_TEST(test_rsvd_planted)
{
    size_t m = 60, n = 45, r = 12, k = 5;
    double *qm = orthogonal(m, 20), *qn = orthogonal(n, 21);
    nmf_matrix *a = nmf_matrix_new(m, n), *at = nmf_matrix_new(n, m);
    ck_assert(a && at);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++) {
            double x = 0;
            for (size_t p = 0; p < r; p++)
                x += qm[i + p * m] * ldexp(1.0, -(int)p) * qn[j + p * n];
            nmf_matrix_set(a, i, j, (nmf_real)x);
            nmf_matrix_set(at, j, i, (nmf_real)x);
        }
    double s[5], st[5];
    double *u = malloc(m * k * sizeof *u), *v = malloc(n * k * sizeof *v);
    ck_assert(u && v);
    ck_assert_int_eq(nmfi_rsvd(a, k, 3, s, u, v), NMF_OK);
    for (size_t j = 0; j < k; j++) {
        assert_close(s[j], ldexp(1.0, -(int)j), 1e-4, "s", j);
        for (size_t p = 0; p <= j; p++) {
            double uu = 0, vv = 0;
            for (size_t i = 0; i < m; i++)
                uu += u[i + j * m] * u[i + p * m];
            for (size_t i = 0; i < n; i++)
                vv += v[i + j * n] * v[i + p * n];
            assert_close(uu, p == j, 1e-4, "U'U", j * 100 + p);
            assert_close(vv, p == j, 1e-4, "V'V", j * 100 + p);
        }
        for (size_t i = 0; i < m; i++) {
            double av = 0;
            for (size_t c = 0; c < n; c++)
                av += (double)nmf_matrix_get(a, i, c) * v[c + j * n];
            assert_close(av, s[j] * u[i + j * m], 1e-4, "A v", i * 100 + j);
        }
    }
    ck_assert_int_eq(nmfi_rsvd(at, k, 3, st, v, u), NMF_OK);
    for (size_t j = 0; j < k; j++)
        assert_close(st[j], s[j], 1e-4, "s of A'", j);
    free(qm); free(qn); free(u); free(v);
    nmf_matrix_free(a); nmf_matrix_free(at);
}
END_TEST

static Suite *make_svd_suite(void)
{
    Suite *s = suite_create("svd");

    TCase *tc = tcase_create("analytic");
    tcase_add_test(tc, test_diagonal_sorted);
    tcase_add_test(tc, test_2x2_analytic);
    tcase_add_test(tc, test_graded);
    tcase_add_test(tc, test_reference_A1_A2);
    tcase_add_test(tc, test_reference_A3_A4);
    tcase_add_loop_test(tc, test_usv, 0,
                        (int)(sizeof usv_shapes / sizeof usv_shapes[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("invariants");
    tcase_add_test(tc, test_frobenius);
    tcase_add_test(tc, test_wide_equals_transpose);
    tcase_add_loop_test(tc, test_rank_of_products, 0,
                        (int)(sizeof product_ranks / sizeof product_ranks[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("degenerate");
    tcase_add_test(tc, test_1x1);
    tcase_add_test(tc, test_zero_matrix);
    tcase_add_test(tc, test_zero_column);
    tcase_add_test(tc, test_not_finite);
    tcase_add_test(tc, test_rank_rule);
    suite_add_tcase(s, tc);

    tc = tcase_create("vectors");
    tcase_add_test(tc, test_jacobi_vectors);
    tcase_add_test(tc, test_rsvd_planted);
    suite_add_tcase(s, tc);

    /* Valgrind runs this ~50x slower than native. */
    tc = tcase_create("size");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_moderate_size);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_svd_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
