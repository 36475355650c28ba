/* check_kernels.c -- the fused update kernels (MU's multiply/divide and
 * HALS's sweep, with their repeats), the fused residual and the
 * deterministic reductions, each against the plain formula computed here in
 * double, on awkward shapes (1, primes, tile size +-1, ld > rows), and the
 * same bits for 1, 2 and 3 threads. */
#include <config.h>

#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/threads.h"
#include "kernels/hals_sweep.h"
#include "kernels/update.h"
#include "kernels/reduce.h"
#include "kernels/residual.h"
#include "kernels/transpose.h"
#include "testutil.h"

/* (rows, d, cols) triples; the update tiles are 256 columns of H and 128
 * rows of W, so the last shapes cross tiles and end in a fringe. */
static const size_t shapes[][3] = {
    {1, 1, 1}, {7, 3, 5}, {13, 1, 9}, {63, 17, 8}, {64, 64, 7},
    {65, 5, 31}, {129, 64, 17}, {300, 33, 97}, {2, 70, 3},
    {530, 19, 600}, {257, 7, 513},
};
enum { NSHAPES = sizeof shapes / sizeof shapes[0] };

typedef struct buf {
    nmf_real *x;
    size_t rows, cols, ld;
} buf;

/* ld = rows + 3: padding rows hold NaN (test_fill), so a kernel that reads
 * past the rows turns the result into NaN and fails the comparison. */
static buf buf_new(size_t rows, size_t cols, double lo, double hi,
                   uint64_t seed)
{
    buf b = {NULL, rows, cols, rows + 3};
    b.x = nmfi_aligned_alloc(b.ld * cols, sizeof(nmf_real));
    ck_assert_ptr_nonnull(b.x);
    test_fill(b.x, rows, cols, b.ld, lo, hi, seed);
    return b;
}

#define AT(b, i, j) ((b).x[(i) + (size_t)(j) * (b).ld])

static void assert_close(double got, double want, double scale, double tol,
                         const char *what, size_t i, size_t j)
{
    ck_assert_msg(fabs(got - want) <= tol * scale,
                  "%s(%zu,%zu): got %.9g, want %.9g (tol %.3g x %.3g)", what,
                  i, j, got, want, tol, scale);
}

/* g (d x d) against X'X of the d columns of x (rows x d) or XX' of its d
 * rows (d x cols): a sum of `len` products in nmf_real, by tiles and
 * groups of tiles, so the GEMM bound of length len holds. */
static void assert_gram(const buf *g, const buf *x, int rows_are_factor,
                        size_t d, size_t len, const char *what)
{
    for (size_t j = 0; j < d; j++)
        for (size_t i = 0; i < d; i++) {
            double want = 0, mag = 0;
            for (size_t p = 0; p < len; p++) {
                double t = rows_are_factor
                               ? (double)AT(*x, i, p) * AT(*x, j, p)
                               : (double)AT(*x, p, i) * AT(*x, p, j);
                want += t;
                mag += fabs(t);
            }
            assert_close(AT(*g, i, j), want, mag, TOL_GEMM(len), what, i, j);
            /* One triangle is computed, the other mirrors it. */
            ck_assert_msg(AT(*g, i, j) == AT(*g, j, i),
                          "%s not symmetric at (%zu, %zu)", what, i, j);
        }
}

static nmf_real *partials_new(size_t len, size_t d)
{
    nmf_real *p = nmfi_aligned_alloc(nmfi_update_partials(len, d),
                                     sizeof(nmf_real));
    ck_assert_ptr_nonnull(p);
    return p;
}

START_TEST(update_h_matches_formula)
{
    size_t d = shapes[_i][1], n = shapes[_i][2];
    buf h = buf_new(d, n, 0.1, 1, 1), num = buf_new(d, n, 0, 2, 2);
    buf g = buf_new(d, d, 0, 1, 3);
    buf h0 = h;
    h0.x = malloc(h.ld * n * sizeof(nmf_real));
    memcpy(h0.x, h.x, h.ld * n * sizeof(nmf_real));
    nmf_real delta = (nmf_real)1e-3;
    buf hht = buf_new(d, d, 0, 0, 40);
    nmf_real *partials = partials_new(n, d);

    ck_assert_int_eq(nmfi_mu_update_h(d, n, h.x, h.ld, num.x, num.ld, g.x,
                                      g.ld, delta, hht.x, hht.ld, partials),
                     NMF_OK);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < d; i++) {
            double den = delta, mag = delta;
            for (size_t p = 0; p < d; p++) {
                den += (double)AT(g, i, p) * AT(h0, p, j);
                mag += fabs((double)AT(g, i, p) * AT(h0, p, j));
            }
            double want = AT(h0, i, j) * (double)AT(num, i, j) / den;
            /* The denominator carries the GEMM bound; the multiply and the
             * divide add two roundings. */
            assert_close(AT(h, i, j), want, fabs(want) * mag / den,
                         TOL_GEMM(d + 2), "H", i, j);
        }
    for (size_t j = 0; j < n; j++)
        for (size_t i = d; i < h.ld; i++)
            ck_assert_msg(isnan(AT(h, i, j)), "padding of H written");
    assert_gram(&hht, &h, 1, d, n, "HH'");
    for (size_t j = 0; j < d; j++)
        for (size_t i = d; i < hht.ld; i++)
            ck_assert_msg(isnan(AT(hht, i, j)), "padding of HH' written");
    free(h0.x);
    nmfi_aligned_free(partials);
    nmfi_aligned_free(hht.x);
    nmfi_aligned_free(h.x);
    nmfi_aligned_free(num.x);
    nmfi_aligned_free(g.x);
}
END_TEST

START_TEST(update_w_matches_formula)
{
    size_t m = shapes[_i][0], d = shapes[_i][1];
    buf w = buf_new(m, d, 0.1, 1, 4), num = buf_new(m, d, 0, 2, 5);
    buf s = buf_new(d, d, 0, 1, 6);
    buf w0 = w;
    w0.x = malloc(w.ld * d * sizeof(nmf_real));
    memcpy(w0.x, w.x, w.ld * d * sizeof(nmf_real));
    nmf_real delta = (nmf_real)1e-3;
    buf wtw = buf_new(d, d, 0, 0, 41);
    nmf_real *partials = partials_new(m, d);

    double cross = -1;
    ck_assert_int_eq(nmfi_mu_update_w(m, d, w.x, w.ld, num.x, num.ld,
                                      NMF_NOTRANS, s.x, s.ld, delta, wtw.x,
                                      wtw.ld, partials, &cross),
                     NMF_OK);
    for (size_t j = 0; j < d; j++)
        for (size_t i = 0; i < m; i++) {
            double den = delta, mag = delta;
            for (size_t p = 0; p < d; p++) {
                den += (double)AT(w0, i, p) * AT(s, p, j);
                mag += fabs((double)AT(w0, i, p) * AT(s, p, j));
            }
            double want = AT(w0, i, j) * (double)AT(num, i, j) / den;
            assert_close(AT(w, i, j), want, fabs(want) * mag / den,
                         TOL_GEMM(d + 2), "W", i, j);
        }
    assert_gram(&wtw, &w, 0, d, m, "W'W");
    /* <new W, num>: products of stored values summed in double. */
    double want_cross = 0, mag_cross = 0;
    for (size_t j = 0; j < d; j++)
        for (size_t i = 0; i < m; i++) {
            double t = (double)AT(w, i, j) * AT(num, i, j);
            want_cross += t;
            mag_cross += fabs(t);
        }
    assert_close(cross, want_cross, mag_cross, 1e-12, "<W, num>", m, d);
    free(w0.x);
    nmfi_aligned_free(partials);
    nmfi_aligned_free(wtw.x);
    nmfi_aligned_free(w.x);
    nmfi_aligned_free(num.x);
    nmfi_aligned_free(s.x);
}
END_TEST

/* The numerator handed over transposed (the solver's H A') is copied
 * back to rows inside each tile: W, W'W and <W, num> have the same bits
 * as with the numerator in place, on 1 and 3 threads. */
START_TEST(update_w_transposed_numerator_same_bits)
{
    size_t m = shapes[_i][0], d = shapes[_i][1];
    buf w = buf_new(m, d, 0.1, 1, 50), num = buf_new(m, d, 0, 2, 51);
    buf s = buf_new(d, d, 0, 1, 52);
    buf numt = buf_new(d, m, 0, 0, 53);
    for (size_t j = 0; j < d; j++)
        for (size_t i = 0; i < m; i++)
            AT(numt, j, i) = AT(num, i, j);
    size_t wbytes = w.ld * d * sizeof(nmf_real);
    buf want = buf_new(m, d, 0, 0, 54), got = buf_new(m, d, 0, 0, 55);
    buf gram_want = buf_new(d, d, 0, 0, 56), gram_got = buf_new(d, d, 0, 0, 57);
    nmf_real *partials = partials_new(m, d);
    int old = nmfi_threads_max();
    for (int t = 1; t <= 3; t += 2) {
        nmfi_threads_set(t);
        double cross_want = 0, cross_got = 1;
        memcpy(want.x, w.x, wbytes);
        memcpy(got.x, w.x, wbytes);
        ck_assert_int_eq(nmfi_mu_update_w(m, d, want.x, want.ld, num.x,
                                          num.ld, NMF_NOTRANS, s.x, s.ld,
                                          (nmf_real)1e-6, gram_want.x,
                                          gram_want.ld, partials,
                                          &cross_want), NMF_OK);
        ck_assert_int_eq(nmfi_mu_update_w(m, d, got.x, got.ld, numt.x,
                                          numt.ld, NMF_TRANS, s.x, s.ld,
                                          (nmf_real)1e-6, gram_got.x,
                                          gram_got.ld, partials, &cross_got),
                         NMF_OK);
        ck_assert_msg(memcmp(want.x, got.x, wbytes) == 0,
                      "W differs with the transposed numerator (%zu x %zu,"
                      " %d threads)", m, d, t);
        ck_assert_msg(memcmp(gram_want.x, gram_got.x,
                             gram_want.ld * d * sizeof(nmf_real)) == 0,
                      "W'W differs with the transposed numerator");
        ck_assert(cross_want == cross_got);
    }
    nmfi_threads_set(old);
    nmfi_aligned_free(partials);
    nmfi_aligned_free(w.x); nmfi_aligned_free(num.x);
    nmfi_aligned_free(s.x); nmfi_aligned_free(numt.x);
    nmfi_aligned_free(want.x); nmfi_aligned_free(got.x);
    nmfi_aligned_free(gram_want.x); nmfi_aligned_free(gram_got.x);
}
END_TEST

/* A' exactly, padding of B untouched, for shapes across the 32 x 32
 * blocks and big enough for a team. */
START_TEST(transpose_is_exact)
{
    static const size_t sizes[][2] = {{1, 1}, {31, 33}, {64, 5}, {517, 301}};
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        size_t m = sizes[c][0], n = sizes[c][1];
        buf a = buf_new(m, n, 0, 1, 60), b = buf_new(n, m, 0, 0, 61);
        for (int t = 1; t <= 2; t++) {
            int old = nmfi_threads_set(t);
            nmfi_transpose(m, n, a.x, a.ld, b.x, b.ld);
            nmfi_threads_set(old);
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < n; j++)
                    ck_assert_msg(AT(b, j, i) == AT(a, i, j),
                                  "B(%zu,%zu) of %zux%zu", j, i, m, n);
            for (size_t i = 0; i < m; i++)
                for (size_t j = n; j < b.ld; j++)
                    ck_assert_msg(isnan(AT(b, j, i)), "padding written");
        }
        nmfi_aligned_free(a.x);
        nmfi_aligned_free(b.x);
    }
}
END_TEST

START_TEST(update_keeps_zero_and_nonnegativity)
{
    /* A zero numerator must give exactly 0, and delta keeps a zero
     * denominator from dividing by zero: 0 * x / (0 + delta) = 0. */
    size_t d = 5, n = 11;
    buf h = buf_new(d, n, 0, 1, 7), num = buf_new(d, n, 0, 1, 8);
    buf g = buf_new(d, d, 0, 0, 9);  /* G = 0: denominator is delta */
    for (size_t j = 0; j < n; j++)
        AT(num, 0, j) = 0;
    ck_assert_int_eq(nmfi_mu_update_h(d, n, h.x, h.ld, num.x, num.ld, g.x,
                                      g.ld, (nmf_real)1e-9, NULL, 0, NULL),
                     NMF_OK);
    for (size_t j = 0; j < n; j++) {
        ck_assert(AT(h, 0, j) == 0);
        for (size_t i = 0; i < d; i++)
            ck_assert(AT(h, i, j) >= 0 && isfinite(AT(h, i, j)));
    }
    nmfi_aligned_free(h.x);
    nmfi_aligned_free(num.x);
    nmfi_aligned_free(g.x);
}
END_TEST

/* More tiles than Gram groups (64): groups of two tiles sum in order. */
START_TEST(gram_of_many_tiles)
{
    size_t d = 3, n = 70 * 256 + 5, m = 70 * 128 + 5;
    buf h = buf_new(d, n, 0.1, 1, 42), numh = buf_new(d, n, 0, 2, 43);
    buf w = buf_new(m, d, 0.1, 1, 44), numw = buf_new(m, d, 0, 2, 45);
    buf g = buf_new(d, d, 0, 1, 46), gram = buf_new(d, d, 0, 0, 47);
    nmf_real *partials = partials_new(n > m ? n : m, d);
    ck_assert_uint_ge(nmfi_update_partials(n, d), nmfi_update_partials(m, d));
    ck_assert_int_eq(nmfi_mu_update_h(d, n, h.x, h.ld, numh.x, numh.ld, g.x,
                                      g.ld, (nmf_real)1e-9, gram.x, gram.ld,
                                      partials), NMF_OK);
    assert_gram(&gram, &h, 1, d, n, "HH'");
    ck_assert_int_eq(nmfi_mu_update_w(m, d, w.x, w.ld, numw.x, numw.ld,
                                      NMF_NOTRANS, g.x, g.ld, (nmf_real)1e-9,
                                      gram.x, gram.ld, partials, NULL),
                     NMF_OK);
    assert_gram(&gram, &w, 0, d, m, "W'W");
    nmfi_aligned_free(partials);
    nmfi_aligned_free(h.x); nmfi_aligned_free(numh.x);
    nmfi_aligned_free(w.x); nmfi_aligned_free(numw.x);
    nmfi_aligned_free(g.x); nmfi_aligned_free(gram.x);
}
END_TEST

/* ||A - W H||_F^2 by the formula, in double. */
static double residual_formula(const buf *a, const buf *w, const buf *h,
                               size_t m, size_t n, size_t d)
{
    double sum = 0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++) {
            double wh = 0;
            for (size_t p = 0; p < d; p++)
                wh += (double)AT(*w, i, p) * AT(*h, p, j);
            double r = AT(*a, i, j) - wh;
            sum += r * r;
        }
    return sum;
}

START_TEST(residual_matches_formula)
{
    size_t m = shapes[_i][0], d = shapes[_i][1], n = shapes[_i][2];
    buf a = buf_new(m, n, 0, 3, 10), w = buf_new(m, d, 0, 1, 11);
    buf h = buf_new(d, n, 0, 1, 12);
    double want = residual_formula(&a, &w, &h, m, n, d), got = -1;
    ck_assert_int_eq(nmfi_residual_sq(m, n, d, a.x, a.ld, w.x, w.ld, h.x,
                                      h.ld, &got), NMF_OK);
    /* Both sides are in double and differ only in summation order. */
    assert_close(got, want, want + 1e-300, 1e-12, "residual", m, n);
    nmfi_aligned_free(a.x);
    nmfi_aligned_free(w.x);
    nmfi_aligned_free(h.x);
}
END_TEST

/* A W taller than one widened block (d = 100: blocks of 160 rows, the
 * last one 32, then m mod 16 = 8 rows one at a time) and a last tile of
 * 6 columns (a group of 4 and one of 2): the formula, and the same bits
 * on 1 and 2 threads. */
START_TEST(residual_across_blocks)
{
    size_t m = 1000, d = 100, n = 70;
    buf a = buf_new(m, n, 0, 3, 13), w = buf_new(m, d, 0, 1, 14);
    buf h = buf_new(d, n, 0, 1, 15);
    double want = residual_formula(&a, &w, &h, m, n, d);
    double got[2] = {-1, -1};
    for (int t = 1; t <= 2; t++) {
        int old = nmfi_threads_set(t);
        ck_assert_int_eq(nmfi_residual_sq(m, n, d, a.x, a.ld, w.x, w.ld, h.x,
                                          h.ld, &got[t - 1]), NMF_OK);
        nmfi_threads_set(old);
    }
    assert_close(got[0], want, want, 1e-12, "residual", m, n);
    ck_assert_msg(got[0] == got[1], "residual differs on 2 threads");
    nmfi_aligned_free(a.x);
    nmfi_aligned_free(w.x);
    nmfi_aligned_free(h.x);
}
END_TEST

START_TEST(dot_matches_formula)
{
    size_t m = shapes[_i][0], n = shapes[_i][2];
    buf x = buf_new(m, n, -1, 1, 13), y = buf_new(m, n, 0, 1, 14);
    double want = 0, mag = 0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++) {
            want += (double)AT(x, i, j) * AT(y, i, j);
            mag += fabs((double)AT(x, i, j) * AT(y, i, j));
        }
    /* Both sums are in double but in different orders (the kernel sums
     * per column, then the columns): the recursive-summation bound is
     * (count - 1) eps of the sum of magnitudes. */
    double tol = fmax(1e-13, (double)(m * n) * DBL_EPSILON);
    assert_close(nmfi_dot_matrix(m, n, x.x, x.ld, y.x, y.ld), want, mag,
                 tol, "dot", m, n);
    double sq = 0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++)
            sq += (double)AT(x, i, j) * AT(x, i, j);
    assert_close(nmfi_sumsq_matrix(m, n, x.x, x.ld), sq, sq, tol, "sumsq",
                 m, n);
    nmfi_aligned_free(x.x);
    nmfi_aligned_free(y.x);
}
END_TEST

/* ---- HALS ---------------------------------------------------------------- */

/* A Gram matrix G = X'X + I/2 (d x d) of a random X: symmetric positive
 * definite, as W'W and HH' are. */
static buf gram_new(size_t d, uint64_t seed)
{
    buf x = buf_new(2 * d, d, 0, 1, seed), g = buf_new(d, d, 0, 0, seed + 1);
    for (size_t j = 0; j < d; j++)
        for (size_t i = 0; i < d; i++) {
            double v = i == j ? 0.5 : 0;
            for (size_t p = 0; p < 2 * d; p++)
                v += (double)AT(x, p, i) * AT(x, p, j);
            AT(g, i, j) = (nmf_real)v;
        }
    nmfi_aligned_free(x.x);
    return g;
}

/* The sweep in double on one problem: x (d values, `step` apart) against
 * numerator n (the same), Gram g; `times` sweeps. */
static void sweep_ref(size_t d, double *x, const double *n, const buf *g,
                      double floor, int times)
{
    for (int t = 0; t < times; t++)
        for (size_t i = 0; i < d; i++) {
            double acc = n[i];
            for (size_t k = 0; k < d; k++)
                acc -= (double)AT(*g, k, i) * x[k];
            double v = x[i] + acc / AT(*g, i, i);
            x[i] = v > floor ? v : floor;
        }
}

/* A sweep's result is a chain of d coordinate solves, each a sum of d
 * products: hold it to the GEMM bound of d terms, d times over, relative
 * to the size of the problem's values. */
static double sweep_tol(size_t d)
{
    return TOL_GEMM(d) * (double)d;
}

START_TEST(hals_sweep_matches_formula)
{
    size_t len = shapes[_i][0], d = shapes[_i][1];
    buf x = buf_new(len, d, 0.1, 1, 60), num = buf_new(len, d, 0, 3, 61);
    buf g = gram_new(d, 62);
    buf y = buf_new(len, d, 0, 0, 63);
    memcpy(y.x, x.x, x.ld * d * sizeof(nmf_real));
    nmf_real floor = (nmf_real)1e-3;
    double change = nmfi_hals_sweep(len, d, x.x, x.ld, num.x, num.ld, g.x,
                                    g.ld, floor, 0);
    double change_naive = nmfi_hals_sweep_naive(len, d, y.x, y.ld, num.x,
                                                num.ld, g.x, g.ld, floor, 0);
    double *xr = malloc(d * sizeof *xr), *nr = malloc(d * sizeof *nr);
    double want_change = 0, scale = 0;
    /* The start again, for the reference (the same fill and seed). */
    buf x0 = buf_new(len, d, 0.1, 1, 60);
    for (size_t r = 0; r < len; r++) {
        for (size_t k = 0; k < d; k++) {
            xr[k] = AT(x0, r, k);
            nr[k] = AT(num, r, k);
            scale = fmax(scale, fabs(xr[k]));
        }
        double before[512];
        ck_assert_uint_le(d, 512);
        memcpy(before, xr, d * sizeof *xr);
        sweep_ref(d, xr, nr, &g, floor, 1);
        for (size_t k = 0; k < d; k++) {
            scale = fmax(scale, fabs(xr[k]));
            want_change += (xr[k] - before[k]) * (xr[k] - before[k]);
        }
        for (size_t k = 0; k < d; k++) {
            assert_close(AT(x, r, k), xr[k], 1 + scale, sweep_tol(d),
                         "sweep", r, k);
            assert_close(AT(y, r, k), xr[k], 1 + scale, sweep_tol(d),
                         "naive sweep", r, k);
            ck_assert(AT(x, r, k) >= floor);
        }
    }
    for (size_t k = 0; k < d; k++)
        for (size_t r = len; r < x.ld; r++)
            ck_assert_msg(isnan(AT(x, r, k)), "padding of X written");
    ck_assert_double_eq_tol(change, want_change,
                            1e-3 * want_change + 1e-12);
    ck_assert_double_eq_tol(change_naive, want_change,
                            1e-3 * want_change + 1e-12);
    free(xr);
    free(nr);
    nmfi_aligned_free(x.x); nmfi_aligned_free(y.x); nmfi_aligned_free(x0.x);
    nmfi_aligned_free(num.x); nmfi_aligned_free(g.x);
}
END_TEST

/* Both updates with the HALS rule, repeated three times (inner_delta 0,
 * so every repeat that changes the tile runs), against three sweeps in double per column of H
 * (scaled by row_scale first) and per row of W; the new Gram matrices,
 * the cross term and the count of updated columns and rows. */
START_TEST(update_hals_matches_formula)
{
    size_t m = shapes[_i][0], d = shapes[_i][1], n = shapes[_i][2];
    buf h = buf_new(d, n, 0.1, 1, 70), numh = buf_new(d, n, 0, 3, 71);
    buf w = buf_new(m, d, 0.1, 1, 72), numw = buf_new(m, d, 0, 3, 73);
    buf g = gram_new(d, 74);
    buf h0 = buf_new(d, n, 0.1, 1, 70), w0 = buf_new(m, d, 0.1, 1, 72);
    buf hht = buf_new(d, d, 0, 0, 75), wtw = buf_new(d, d, 0, 0, 76);
    nmf_real *scale = malloc(d * sizeof *scale);
    for (size_t k = 0; k < d; k++)
        scale[k] = (nmf_real)(0.5 + 0.25 * (double)(k % 5));
    nmfi_update_rule rule = {.rule = NMFI_RULE_HALS,
                             .floor = (nmf_real)1e-4, .max_inner = 3,
                             .inner_delta = 0, .row_scale = scale};
    nmf_real *partials = partials_new(m > n ? m : n, d);
    long inner_h = 0, inner_w = 0;
    double cross = 0;
    ck_assert_int_eq(nmfi_update_h(d, n, h.x, h.ld, numh.x, numh.ld, g.x,
                                   g.ld, &rule, hht.x, hht.ld, partials,
                                   &inner_h), NMF_OK);
    rule.row_scale = NULL;
    ck_assert_int_eq(nmfi_update_w(m, d, w.x, w.ld, numw.x, numw.ld,
                                   NMF_NOTRANS, g.x, g.ld, &rule, wtw.x,
                                   wtw.ld, partials, &cross, &inner_w),
                     NMF_OK);
    /* With d = 1 one sweep solves the problem and the second changes
     * nothing, which ends the repeats. */
    ck_assert_int_eq(inner_h, (d == 1 ? 2 : 3) * (long)n);
    ck_assert_int_eq(inner_w, (d == 1 ? 2 : 3) * (long)m);
    double x[512], nu[512];
    ck_assert_uint_le(d, 512);
    for (size_t j = 0; j < n; j++) {
        double mag = 1;
        for (size_t k = 0; k < d; k++) {
            x[k] = (double)(nmf_real)(AT(h0, k, j) * scale[k]);
            nu[k] = AT(numh, k, j);
            mag = fmax(mag, fabs(x[k]));
        }
        sweep_ref(d, x, nu, &g, 1e-4, 3);
        for (size_t k = 0; k < d; k++)
            assert_close(AT(h, k, j), x[k], mag + fabs(x[k]),
                         3 * sweep_tol(d), "HALS H", k, j);
    }
    double want_cross = 0, mag_cross = 0;
    for (size_t i = 0; i < m; i++) {
        double mag = 1;
        for (size_t k = 0; k < d; k++) {
            x[k] = AT(w0, i, k);
            nu[k] = AT(numw, i, k);
            mag = fmax(mag, fabs(x[k]));
        }
        sweep_ref(d, x, nu, &g, 1e-4, 3);
        for (size_t k = 0; k < d; k++) {
            assert_close(AT(w, i, k), x[k], mag + fabs(x[k]),
                         3 * sweep_tol(d), "HALS W", i, k);
            double t = (double)AT(w, i, k) * AT(numw, i, k);
            want_cross += t;
            mag_cross += fabs(t);
        }
    }
    assert_close(cross, want_cross, mag_cross, 1e-12, "<W, num>", m, d);
    assert_gram(&hht, &h, 1, d, n, "HH' (HALS)");
    assert_gram(&wtw, &w, 0, d, m, "W'W (HALS)");
    for (size_t j = 0; j < n; j++)
        for (size_t i = d; i < h.ld; i++)
            ck_assert_msg(isnan(AT(h, i, j)), "padding of H written");
    free(scale);
    nmfi_aligned_free(partials);
    nmfi_aligned_free(h.x); nmfi_aligned_free(numh.x);
    nmfi_aligned_free(w.x); nmfi_aligned_free(numw.x);
    nmfi_aligned_free(h0.x); nmfi_aligned_free(w0.x);
    nmfi_aligned_free(g.x); nmfi_aligned_free(hht.x);
    nmfi_aligned_free(wtw.x);
}
END_TEST

/* The repeats stop on their own: with a cap of 50 and a fresh start,
 * tiles repeat, but stop once a repeat changes the tile by a tenth of the
 * first; at the fixed point (num = G H) no entry moves by more than
 * rounding, so each tile is updated once. MU alike. */
START_TEST(repeats_stop_by_the_rule_and_the_cap)
{
    size_t m = 300, d = 7, n = 600;
    buf g = gram_new(d, 80);
    for (int mu = 0; mu < 2; mu++) {
        buf h = buf_new(d, n, 0.1, 1, 81), num = buf_new(d, n, 0, 3, 82);
        nmfi_update_rule rule = {.rule = mu ? NMFI_RULE_MU : NMFI_RULE_HALS,
                                 .delta = (nmf_real)1e-9,
                                 .floor = (nmf_real)1e-9, .max_inner = 50,
                                 .inner_delta = 0.1};
        long inner = 0;
        ck_assert_int_eq(nmfi_update_h(d, n, h.x, h.ld, num.x, num.ld, g.x,
                                       g.ld, &rule, NULL, 0, NULL, &inner),
                         NMF_OK);
        ck_assert_msg(inner > (long)n && inner < 50 * (long)n,
                      "%s: %ld columns updated", mu ? "MU" : "HALS", inner);
        /* num = G H makes H the fixed point of both rules. */
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < d; i++) {
                double v = 0;
                for (size_t k = 0; k < d; k++)
                    v += (double)AT(g, i, k) * AT(h, k, j);
                AT(num, i, j) = (nmf_real)v;
            }
        /* MU's delta moves its fixed point by delta / den, which double
         * resolves: without it G H is MU's fixed point too. */
        rule.inner_delta = 0.5;
        rule.delta = 0;
        ck_assert_int_eq(nmfi_update_h(d, n, h.x, h.ld, num.x, num.ld, g.x,
                                       g.ld, &rule, NULL, 0, NULL, &inner),
                         NMF_OK);
        ck_assert_msg(inner == (long)n, "%s: %ld columns updated at the"
                      " fixed point", mu ? "MU" : "HALS", inner);
        nmfi_aligned_free(h.x);
        nmfi_aligned_free(num.x);
    }
    (void)m;
    nmfi_aligned_free(g.x);
}
END_TEST

/* HALS and its repeats on 1, 2 and 3 threads: the bits must agree. */
START_TEST(hals_same_bits_for_any_thread_count)
{
    size_t m = 517, d = 40, n = 601;
    buf h = buf_new(d, n, 0.1, 1, 90), numh = buf_new(d, n, 0, 3, 91);
    buf w = buf_new(m, d, 0.1, 1, 92), numt = buf_new(d, m, 0, 3, 93);
    buf g = gram_new(d, 94);
    buf hht = buf_new(d, d, 0, 0, 95), wtw = buf_new(d, d, 0, 0, 96);
    size_t hb = h.ld * n * sizeof(nmf_real), wb = w.ld * d * sizeof(nmf_real);
    size_t gb = hht.ld * d * sizeof(nmf_real);
    nmf_real *ref = malloc(hb + wb + 2 * gb), *run = malloc(hb + wb + 2 * gb);
    nmf_real *hs = malloc(hb), *ws = malloc(wb);
    memcpy(hs, h.x, hb);
    memcpy(ws, w.x, wb);
    nmf_real *partials = partials_new(n, d);
    nmfi_update_rule rule = {.rule = NMFI_RULE_HALS,
                             .floor = (nmf_real)1e-6, .max_inner = 20,
                             .inner_delta = 0.1};
    double cross_ref = 0;
    long in_ref = 0;
    int old = nmfi_threads_max();
    for (int t = 1; t <= 3; t++) {
        nmfi_threads_set(t);
        memcpy(h.x, hs, hb);
        memcpy(w.x, ws, wb);
        long ih = 0, iw = 0;
        double cross = 0;
        nmfi_update_h(d, n, h.x, h.ld, numh.x, numh.ld, g.x, g.ld, &rule,
                      hht.x, hht.ld, partials, &ih);
        nmfi_update_w(m, d, w.x, w.ld, numt.x, numt.ld, NMF_TRANS, g.x, g.ld,
                      &rule, wtw.x, wtw.ld, partials, &cross, &iw);
        nmf_real *out = t == 1 ? ref : run;
        memcpy(out, h.x, hb);
        memcpy((char *)out + hb, w.x, wb);
        memcpy((char *)out + hb + wb, hht.x, gb);
        memcpy((char *)out + hb + wb + gb, wtw.x, gb);
        if (t == 1) {
            cross_ref = cross;
            in_ref = ih + iw;
            ck_assert_int_gt(in_ref, (long)(m + n));
        } else {
            ck_assert_msg(!memcmp(ref, run, hb + wb + 2 * gb),
                          "HALS differs at %d threads", t);
            ck_assert(cross == cross_ref && ih + iw == in_ref);
        }
    }
    nmfi_threads_set(old);
    free(ref); free(run); free(hs); free(ws);
    nmfi_aligned_free(partials);
    nmfi_aligned_free(h.x); nmfi_aligned_free(numh.x);
    nmfi_aligned_free(w.x); nmfi_aligned_free(numt.x);
    nmfi_aligned_free(g.x); nmfi_aligned_free(hht.x);
    nmfi_aligned_free(wtw.x);
}
END_TEST

/* Run every kernel on 1, 2 and 3 threads: the bits must agree. */
START_TEST(same_bits_for_any_thread_count)
{
    size_t m = 517, d = 24, n = 301;
    buf a = buf_new(m, n, 0, 3, 20), w = buf_new(m, d, 0.1, 1, 21);
    buf h = buf_new(d, n, 0.1, 1, 22), numh = buf_new(d, n, 0, 1, 23);
    buf numw = buf_new(m, d, 0, 1, 24), g = buf_new(d, d, 0, 1, 25);
    size_t wbytes = w.ld * d * sizeof(nmf_real);
    size_t hbytes = h.ld * n * sizeof(nmf_real);
    nmf_real *w_ref = malloc(wbytes), *h_ref = malloc(hbytes);
    nmf_real *w_run = malloc(wbytes), *h_run = malloc(hbytes);
    buf hht = buf_new(d, d, 0, 0, 26), wtw = buf_new(d, d, 0, 0, 27);
    size_t gbytes = hht.ld * d * sizeof(nmf_real);
    nmf_real *grams_ref = malloc(2 * gbytes);
    nmf_real *partials = partials_new(m, d);
    double res_ref = 0, dot_ref = 0, cross_ref = 0;
    int old = nmfi_threads_max();
    for (int t = 1; t <= 3; t++) {
        nmfi_threads_set(t);
        buf wt = w, ht = h;
        wt.x = nmfi_aligned_alloc(w.ld * d, sizeof(nmf_real));
        ht.x = nmfi_aligned_alloc(h.ld * n, sizeof(nmf_real));
        memcpy(wt.x, w.x, wbytes);
        memcpy(ht.x, h.x, hbytes);
        nmfi_mu_update_h(d, n, ht.x, ht.ld, numh.x, numh.ld, g.x, g.ld,
                         (nmf_real)1e-9, hht.x, hht.ld, partials);
        double cross = 0;
        nmfi_mu_update_w(m, d, wt.x, wt.ld, numw.x, numw.ld, NMF_NOTRANS,
                         g.x, g.ld, (nmf_real)1e-9, wtw.x, wtw.ld, partials,
                         &cross);
        double res = 0;
        nmfi_residual_sq(m, n, d, a.x, a.ld, wt.x, wt.ld, ht.x, ht.ld, &res);
        double dot = nmfi_dot_matrix(m, n, a.x, a.ld, a.x, a.ld);
        if (t == 1) {
            memcpy(w_ref, wt.x, wbytes);
            memcpy(h_ref, ht.x, hbytes);
            res_ref = res;
            dot_ref = dot;
            cross_ref = cross;
            memcpy(grams_ref, hht.x, gbytes);
            memcpy(grams_ref + hht.ld * d, wtw.x, gbytes);
        } else {
            memcpy(w_run, wt.x, wbytes);
            memcpy(h_run, ht.x, hbytes);
            /* memcmp on the full buffers: padding is NaN in both, and NaN
             * bit patterns are copied unchanged. */
            ck_assert_msg(!memcmp(w_ref, w_run, wbytes), "W differs at %d threads", t);
            ck_assert_msg(!memcmp(h_ref, h_run, hbytes), "H differs at %d threads", t);
            ck_assert_msg(res == res_ref, "residual differs at %d threads", t);
            ck_assert_msg(dot == dot_ref, "dot differs at %d threads", t);
            ck_assert_msg(cross == cross_ref, "<W, AH'> differs at %d threads",
                          t);
            ck_assert_msg(!memcmp(grams_ref, hht.x, gbytes),
                          "HH' differs at %d threads", t);
            ck_assert_msg(!memcmp(grams_ref + hht.ld * d, wtw.x, gbytes),
                          "W'W differs at %d threads", t);
        }
        nmfi_aligned_free(wt.x);
        nmfi_aligned_free(ht.x);
    }
    nmfi_threads_set(old);
    free(w_ref); free(h_ref); free(w_run); free(h_run);
    free(grams_ref); nmfi_aligned_free(partials);
    nmfi_aligned_free(hht.x); nmfi_aligned_free(wtw.x);
    nmfi_aligned_free(a.x); nmfi_aligned_free(w.x); nmfi_aligned_free(h.x);
    nmfi_aligned_free(numh.x); nmfi_aligned_free(numw.x);
    nmfi_aligned_free(g.x);
}
END_TEST

static Suite *make_kernels_suite(void)
{
    Suite *s = suite_create("kernels");
    TCase *tc = tcase_create("fused");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, update_h_matches_formula, 0, NSHAPES);
    tcase_add_loop_test(tc, update_w_matches_formula, 0, NSHAPES);
    tcase_add_loop_test(tc, update_w_transposed_numerator_same_bits, 0,
                        NSHAPES);
    tcase_add_test(tc, transpose_is_exact);
    tcase_add_test(tc, update_keeps_zero_and_nonnegativity);
    tcase_add_test(tc, gram_of_many_tiles);
    tcase_add_loop_test(tc, residual_matches_formula, 0, NSHAPES);
    tcase_add_test(tc, residual_across_blocks);
    tcase_add_loop_test(tc, dot_matches_formula, 0, NSHAPES);
    tcase_add_test(tc, same_bits_for_any_thread_count);
    tcase_add_loop_test(tc, hals_sweep_matches_formula, 0, NSHAPES);
    tcase_add_loop_test(tc, update_hals_matches_formula, 0, NSHAPES);
    tcase_add_test(tc, repeats_stop_by_the_rule_and_the_cap);
    tcase_add_test(tc, hals_same_bits_for_any_thread_count);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_kernels_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
