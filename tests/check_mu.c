/* check_mu.c -- the Lee-Seung solver against the reference text's claims:
 * iterates stay non-negative, WH = A is a fixed point, the error never
 * increases, A1 with d = 1 ends at error 1 from any start, A1 and A2 are
 * factored exactly with d = 2, the history equals the exact norm, and runs
 * are reproducible (seed; any thread count; one run = many one-step runs). */
#include <config.h>

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/matrix.h"
#include "core/threads.h"
#include "kernels/ukr.h"
#include "testmatrix.h"

static nmf_matrix *from_rows(size_t m, size_t n, const double *v)
{
    nmf_matrix *a = nmf_matrix_new(m, n);
    ck_assert_ptr_nonnull(a);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            nmf_matrix_set(a, i, j, (nmf_real)v[i * n + j]);
    return a;
}

static void run(const nmf_matrix *a, const nmf_options *opt, nmf_matrix **w,
                nmf_matrix **h, double *history)
{
    nmf_status s = nmf_mu(a, opt, w, h, history);
    ck_assert_msg(s == NMF_OK, "nmf_mu failed: %s", nmf_last_error());
}

/* Error of the history identity: ||A||^2 - 2<W,AH'> + <W'W,HH'> cancels to
 * err^2, so an absolute error of ~k eps ||A||^2 in err^2 becomes
 * ~k eps ||A||^2 / (2 err) in err. */
static double history_tol(double norm_a, double err)
{
    return 64 * REAL_EPS * norm_a * norm_a / (2 * err) + 64 * REAL_EPS * err;
}

START_TEST(iterates_stay_nonnegative)
{
    nmf_matrix *a = test_matrix_uniform(23, 17, 1);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = 4;
    opt.max_iter = 1;
    nmf_matrix *w = NULL, *h = NULL;
    run(a, &opt, &w, &h, NULL);
    for (int k = 2; k <= 200; k++) {
        for (size_t j = 0; j < w->cols; j++)
            for (size_t i = 0; i < w->rows; i++)
                ck_assert_msg(NMFI_AT(w, i, j) >= 0 && isfinite(NMFI_AT(w, i, j)),
                              "W(%zu,%zu) = %g at iteration %d", i, j,
                              (double)NMFI_AT(w, i, j), k - 1);
        for (size_t j = 0; j < h->cols; j++)
            for (size_t i = 0; i < h->rows; i++)
                ck_assert_msg(NMFI_AT(h, i, j) >= 0 && isfinite(NMFI_AT(h, i, j)),
                              "H(%zu,%zu) = %g at iteration %d", i, j,
                              (double)NMFI_AT(h, i, j), k - 1);
        nmf_matrix *w2, *h2;
        opt.init_w = w;
        opt.init_h = h;
        run(a, &opt, &w2, &h2, NULL);
        nmf_matrix_free(w);
        nmf_matrix_free(h);
        w = w2;
        h = h2;
    }
    nmf_matrix_free(w);
    nmf_matrix_free(h);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(one_run_equals_single_steps)
{
    /* MU has no state besides (W, H): ten one-iteration runs, each started
     * from the last, give the bits of one ten-iteration run. */
    nmf_matrix *a = test_matrix_uniform(31, 29, 2);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = 3;
    opt.max_iter = 10;
    nmf_matrix *w_all, *h_all, *w, *h;
    double hist_all[10], hist_step[1];
    run(a, &opt, &w_all, &h_all, hist_all);
    opt.max_iter = 1;
    run(a, &opt, &w, &h, hist_step);
    ck_assert(hist_step[0] == hist_all[0]);
    for (int k = 2; k <= 10; k++) {
        nmf_matrix *w2, *h2;
        opt.init_w = w;
        opt.init_h = h;
        run(a, &opt, &w2, &h2, hist_step);
        ck_assert_msg(hist_step[0] == hist_all[k - 1], "history %d differs", k);
        nmf_matrix_free(w);
        nmf_matrix_free(h);
        w = w2;
        h = h2;
    }
    ck_assert(test_same_bits(w, w_all));
    ck_assert(test_same_bits(h, h_all));
    nmf_matrix_free(w); nmf_matrix_free(h);
    nmf_matrix_free(w_all); nmf_matrix_free(h_all);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(exact_factorization_is_a_fixed_point)
{
    nmf_matrix *w0 = test_matrix_uniform(20, 3, 3), *h0 = test_matrix_uniform(3, 15, 4);
    nmf_matrix *a = nmf_matrix_new(20, 15);
    for (size_t j = 0; j < 15; j++)
        for (size_t i = 0; i < 20; i++) {
            double v = 0;
            for (size_t p = 0; p < 3; p++)
                v += (double)NMFI_AT(w0, i, p) * NMFI_AT(h0, p, j);
            NMFI_AT(a, i, j) = (nmf_real)v;
        }
    /* Rounding A to nmf_real moves the exact minimiser by ~eps; the updates
     * then move W and H by a few eps per step at most. The delta in the
     * denominators shrinks each entry by a factor 1 - delta/den per update,
     * which is below eps in float but not in double: allow that too, with
     * den the smallest denominator entry of either update. */
    double den_min = INFINITY;
    for (size_t j = 0; j < 15; j++)
        for (size_t i = 0; i < 3; i++) {
            double v = 0;  /* (W'W H)(i, j) = (W' A)(i, j) */
            for (size_t r = 0; r < 20; r++)
                v += (double)NMFI_AT(w0, r, i) * NMFI_AT(a, r, j);
            den_min = fmin(den_min, v);
        }
    for (size_t j = 0; j < 3; j++)
        for (size_t i = 0; i < 20; i++) {
            double v = 0;  /* (W H H')(i, j) = (A H')(i, j) */
            for (size_t c = 0; c < 15; c++)
                v += (double)NMFI_AT(a, i, c) * NMFI_AT(h0, j, c);
            den_min = fmin(den_min, v);
        }
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = 3;
    opt.max_iter = 50;
    opt.init_w = w0;
    opt.init_h = h0;
    double delta_tol = 2.0 * opt.max_iter * opt.delta / den_min;
    double tol = 1e3 * REAL_EPS + delta_tol;
    nmf_matrix *w, *h;
    double hist[50];
    run(a, &opt, &w, &h, hist);
    for (size_t j = 0; j < 3; j++)
        for (size_t i = 0; i < 20; i++)
            ck_assert_msg(fabs(NMFI_AT(w, i, j) - NMFI_AT(w0, i, j))
                          <= tol * NMFI_AT(w0, i, j) + 1e-30,
                          "W moved at (%zu,%zu): %.17g -> %.17g", i, j,
                          (double)NMFI_AT(w0, i, j), (double)NMFI_AT(w, i, j));
    for (size_t j = 0; j < 15; j++)
        for (size_t i = 0; i < 3; i++)
            ck_assert_msg(fabs(NMFI_AT(h, i, j) - NMFI_AT(h0, i, j))
                          <= tol * NMFI_AT(h0, i, j) + 1e-30,
                          "H moved at (%zu,%zu): %.17g -> %.17g", i, j,
                          (double)NMFI_AT(h0, i, j), (double)NMFI_AT(h, i, j));
    double norm_a = nmf_matrix_norm(a);
    /* Entrywise |WH - W0 H0| <= ((1 + t)^2 - 1) W0 H0 for relative moves t
     * of W and H, so the delta shift adds about 2 delta_tol ||A||. */
    ck_assert_double_le(nmf_residual_norm(a, w, h),
                        (1e2 * REAL_EPS + 3 * delta_tol) * norm_a);
    nmf_matrix_free(w); nmf_matrix_free(h);
    nmf_matrix_free(w0); nmf_matrix_free(h0);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(error_never_increases)
{
    static const size_t dims[][3] = {{30, 20, 4}, {12, 40, 1}, {50, 50, 10}};
    size_t m = dims[_i][0], n = dims[_i][1];
    nmf_matrix *a = test_matrix_uniform(m, n, 5 + _i);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = dims[_i][2];
    opt.max_iter = 500;
    double *hist = malloc(500 * sizeof *hist);
    nmf_matrix *w, *h;
    run(a, &opt, &w, &h, hist);
    double norm_a = nmf_matrix_norm(a);
    for (int k = 1; k < 500; k++)
        ck_assert_msg(hist[k] <= hist[k - 1] + history_tol(norm_a, hist[k]),
                      "error rose at iteration %d: %.9g -> %.9g", k + 1,
                      hist[k - 1], hist[k]);
    ck_assert_double_lt(hist[499], hist[0]);
    free(hist);
    nmf_matrix_free(w); nmf_matrix_free(h); nmf_matrix_free(a);
}
END_TEST

START_TEST(identity_rank_one_error_is_one)
{
    /* The reference text: for A1 = I2 and d = 1 every limit point has
     * ||A - WH||_F = 1 (the best rank-one fit of I2, and the symmetric
     * stationary point WH = 1/2 ones, both have error exactly 1). */
    static const double a1[] = {1, 0, 0, 1};
    nmf_matrix *a = from_rows(2, 2, a1);
    for (uint64_t seed = 1; seed <= 2; seed++) {
        nmf_options opt;
        nmf_options_init(&opt);
        opt.d = 1;
        opt.seed = seed;
        nmf_matrix *w, *h;
        double hist[1000];
        run(a, &opt, &w, &h, hist);
        ck_assert_msg(fabs(hist[999] - 1.0) < 1e-4, "seed %llu: error %.9g",
                      (unsigned long long)seed, hist[999]);
        ck_assert_double_eq_tol(nmf_residual_norm(a, w, h), 1.0, 1e-4);
        nmf_matrix_free(w);
        nmf_matrix_free(h);
    }
    nmf_matrix_free(a);
}
END_TEST

START_TEST(rank_two_examples_are_factored_exactly)
{
    /* A1 (2 x 2) and A2 (3 x 2) have exact non-negative factorizations with
     * d = 2 (W = A, H = I); MU's error goes to 0, slowly (sublinearly), so
     * the bound is loose but far below the d = 1 optimum. */
    static const double a1[] = {1, 0, 0, 1};
    static const double a2[] = {1, 2, 1, 1, 1, 2};
    nmf_matrix *a[2] = {from_rows(2, 2, a1), from_rows(3, 2, a2)};
    for (int t = 0; t < 2; t++) {
        nmf_options opt;
        nmf_options_init(&opt);
        opt.d = 2;
        opt.max_iter = 5000;
        double *hist = malloc(5000 * sizeof *hist);
        nmf_matrix *w, *h;
        run(a[t], &opt, &w, &h, hist);
        double err = nmf_residual_norm(a[t], w, h);
        ck_assert_msg(err < 1e-2 * nmf_matrix_norm(a[t]), "A%d: error %.9g",
                      t + 1, err);
        free(hist);
        nmf_matrix_free(w); nmf_matrix_free(h); nmf_matrix_free(a[t]);
    }
}
END_TEST

START_TEST(history_equals_exact_norm)
{
    static const int iters[] = {1, 5, 60};
    nmf_matrix *a = test_matrix_uniform(41, 37, 9);
    double norm_a = nmf_matrix_norm(a);
    for (size_t t = 0; t < 3; t++) {
        nmf_options opt;
        nmf_options_init(&opt);
        opt.d = 5;
        opt.max_iter = iters[t];
        double hist[60];
        nmf_matrix *w, *h;
        run(a, &opt, &w, &h, hist);
        double exact = nmf_residual_norm(a, w, h);
        ck_assert_msg(fabs(hist[iters[t] - 1] - exact)
                      <= history_tol(norm_a, exact),
                      "after %d: history %.12g, exact %.12g", iters[t],
                      hist[iters[t] - 1], exact);
        nmf_matrix_free(w);
        nmf_matrix_free(h);
    }
    nmf_matrix_free(a);
}
END_TEST

START_TEST(seed_reproduces_and_differs)
{
    nmf_matrix *a = test_matrix_uniform(15, 12, 10);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = 2;
    opt.max_iter = 20;
    nmf_matrix *w1, *h1, *w2, *h2, *w3, *h3;
    run(a, &opt, &w1, &h1, NULL);
    run(a, &opt, &w2, &h2, NULL);
    opt.seed = 2;
    run(a, &opt, &w3, &h3, NULL);
    ck_assert(test_same_bits(w1, w2) && test_same_bits(h1, h2));
    ck_assert(!test_same_bits(w1, w3));
    nmf_matrix_free(w1); nmf_matrix_free(h1); nmf_matrix_free(w2);
    nmf_matrix_free(h2); nmf_matrix_free(w3); nmf_matrix_free(h3);
    nmf_matrix_free(a);
}
END_TEST

/* With the transposed copy of A (_i = 0) and without (_i = 1). */
START_TEST(same_bits_for_any_thread_count)
{
    /* Big enough that every kernel splits its work across threads. */
    nmf_matrix *a = test_matrix_uniform(200, 300, 11);
    nmf_matrix *w_ref = NULL, *h_ref = NULL;
    double hist_ref[8], hist[8];
    for (int t = 1; t <= 3; t++) {
        nmf_options opt;
        nmf_options_init(&opt);
        opt.d = 64;  /* fills two tiles of H A': the copy is made */
        opt.max_iter = 8;
        opt.threads = t;
        opt.low_memory = _i;
        nmf_matrix *w, *h;
        run(a, &opt, &w, &h, t == 1 ? hist_ref : hist);
        if (t == 1) {
            w_ref = w;
            h_ref = h;
            continue;
        }
        ck_assert_msg(test_same_bits(w, w_ref), "W differs at %d threads", t);
        ck_assert_msg(test_same_bits(h, h_ref), "H differs at %d threads", t);
        ck_assert_msg(!memcmp(hist, hist_ref, sizeof hist),
                      "history differs at %d threads", t);
        nmf_matrix_free(w);
        nmf_matrix_free(h);
    }
    nmf_matrix_free(w_ref); nmf_matrix_free(h_ref); nmf_matrix_free(a);
}
END_TEST

static double max_abs(const nmf_matrix *x)
{
    double mx = 0;
    for (size_t j = 0; j < x->cols; j++)
        for (size_t i = 0; i < x->rows; i++)
            mx = fmax(mx, fabs((double)NMFI_AT(x, i, j)));
    return mx;
}

/* The transposed copy of A changes only the order in which A H' sums
 * (H A' from the copy, A H' in place without it): both runs agree to
 * rounding, and the copy is made (and timed) only without low_memory. */
START_TEST(low_memory_agrees_with_the_copy)
{
    nmf_matrix *a = test_matrix_uniform(70, 300, 13);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = 64;
    opt.max_iter = 8;
    nmf_profile prof_copy, prof_low;
    nmf_matrix *w1, *h1, *w2, *h2;
    double hist1[8], hist2[8];
    opt.profile = &prof_copy;
    run(a, &opt, &w1, &h1, hist1);
    opt.low_memory = 1;
    opt.profile = &prof_low;
    run(a, &opt, &w2, &h2, hist2);
    /* Eight iterations of rounding differences, well above the few eps
     * one A H' gives, well below what a wrong numerator would. */
    double tol = 1000 * REAL_EPS;
    for (int k = 0; k < 8; k++)
        ck_assert_msg(fabs(hist1[k] - hist2[k]) <= tol * hist1[k],
                      "history %d: %.9g vs %.9g", k + 1, hist1[k], hist2[k]);
    double sw = max_abs(w1), sh = max_abs(h1);
    for (size_t j = 0; j < w1->cols; j++)
        for (size_t i = 0; i < w1->rows; i++)
            ck_assert(fabs(NMFI_AT(w1, i, j) - NMFI_AT(w2, i, j)) <= tol * sw);
    for (size_t j = 0; j < h1->cols; j++)
        for (size_t i = 0; i < h1->rows; i++)
            ck_assert(fabs(NMFI_AT(h1, i, j) - NMFI_AT(h2, i, j)) <= tol * sh);
    ck_assert(prof_low.seconds[NMF_STEP_COPY_A] == 0);
    ck_assert(prof_copy.seconds[NMF_STEP_COPY_A] > 0);
    ck_assert_double_eq(prof_copy.flops[NMF_STEP_COPY_A], 0);
    ck_assert_str_eq(nmf_profile_step_name(NMF_STEP_COPY_A), "copy A'");
    /* Half a tile of H A' (MR_WIDE rows: 32 float, 16 double) makes no
     * copy; one whole tile does. */
    opt.low_memory = 0;
    opt.d = MR_WIDE / 2;
    nmf_matrix *w3, *h3;
    run(a, &opt, &w3, &h3, NULL);
    ck_assert(prof_low.seconds[NMF_STEP_COPY_A] == 0);
    nmf_matrix_free(w3); nmf_matrix_free(h3);
    opt.d = MR_WIDE;
    run(a, &opt, &w3, &h3, NULL);
    ck_assert(prof_low.seconds[NMF_STEP_COPY_A] > 0);
    nmf_matrix_free(w3); nmf_matrix_free(h3);
    nmf_matrix_free(w1); nmf_matrix_free(h1); nmf_matrix_free(w2);
    nmf_matrix_free(h2); nmf_matrix_free(a);
}
END_TEST

/* The profile counts each step's flops exactly and changes no result. */
START_TEST(profile_counts_the_work)
{
    size_t m = 30, n = 41, d = 5;
    nmf_matrix *a = test_matrix_uniform(m, n, 12);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = d;
    opt.max_iter = 7;
    nmf_matrix *w1, *h1, *w2, *h2;
    run(a, &opt, &w1, &h1, NULL);
    nmf_profile prof;
    memset(&prof, 0xff, sizeof prof);  /* nmf_mu must clear it */
    opt.profile = &prof;
    run(a, &opt, &w2, &h2, NULL);
    ck_assert(test_same_bits(w1, w2) && test_same_bits(h1, h2));
    ck_assert_int_eq(prof.iterations, 7);
    double k = 7, mnd2 = 2.0 * m * n * d;
    ck_assert_double_eq(prof.flops[NMF_STEP_WTA], k * mnd2);
    ck_assert_double_eq(prof.flops[NMF_STEP_AHT], k * mnd2);
    /* Each update also forms the Gram matrix of its new factor; the W
     * update also the error's cross term <W, AH'>. */
    ck_assert_double_eq(prof.flops[NMF_STEP_UPDATE_H], k * 4.0 * d * d * n);
    ck_assert_double_eq(prof.flops[NMF_STEP_UPDATE_W],
                        k * (4.0 * m * d * d + 2.0 * m * d));
    /* W'W as a GEMM only once, before the loop. */
    ck_assert_double_eq(prof.flops[NMF_STEP_WTW], 2.0 * m * d * d);
    /* ||A||^2 once, then <W'W, HH'> per iteration. */
    ck_assert_double_eq(prof.flops[NMF_STEP_ERROR],
                        2.0 * m * n + k * 2.0 * d * d);
    ck_assert(prof.loop_seconds > 0 && prof.loop_seconds < 60);
    for (int i = 0; i < NMF_STEP_COUNT; i++) {
        ck_assert(prof.seconds[i] >= 0 && prof.seconds[i] < 60);
        ck_assert_str_ne(nmf_profile_step_name(i), "?");
    }
    ck_assert_str_eq(nmf_profile_step_name(NMF_STEP_WTA), "W'A");
    ck_assert_str_eq(nmf_profile_step_name(NMF_STEP_COUNT), "?");
    nmf_matrix_free(w1); nmf_matrix_free(h1); nmf_matrix_free(w2);
    nmf_matrix_free(h2); nmf_matrix_free(a);
}
END_TEST

START_TEST(uniform_start_is_scaled)
{
    /* Entries in [0, sqrt(mean/d)), mean about half of that. */
    nmf_matrix *w = nmf_matrix_new(200, 4), *h = nmf_matrix_new(4, 300);
    double mean_a = 9.0, bound = sqrt(mean_a / 4);
    ck_assert_int_eq(nmf_init_uniform(mean_a, 7, w, h), NMF_OK);
    double sum = 0;
    for (size_t j = 0; j < 4; j++)
        for (size_t i = 0; i < 200; i++) {
            ck_assert(NMFI_AT(w, i, j) >= 0 && NMFI_AT(w, i, j) < bound);
            sum += NMFI_AT(w, i, j);
        }
    /* 800 uniforms: the mean's standard deviation is bound/sqrt(12*800). */
    ck_assert_double_eq_tol(sum / 800, bound / 2, 5 * bound / sqrt(9600.0));
    nmf_matrix_free(w);
    nmf_matrix_free(h);
}
END_TEST

START_TEST(bad_options_are_rejected)
{
    static const double neg[] = {1, -1, 0, 2};
    nmf_matrix *a = test_matrix_uniform(4, 3, 12), *bad = from_rows(2, 2, neg);
    nmf_matrix *w = NULL, *h = NULL, *w0 = nmf_matrix_new(4, 3);
    nmf_options opt;

    nmf_options_init(&opt);
    opt.d = 0;
    ck_assert_int_eq(nmf_mu(a, &opt, &w, &h, NULL), NMF_E_INVAL);
    nmf_options_init(&opt);
    opt.max_iter = 0;
    ck_assert_int_eq(nmf_mu(a, &opt, &w, &h, NULL), NMF_E_INVAL);
    nmf_options_init(&opt);
    opt.delta = 1e-2;
    ck_assert_int_eq(nmf_mu(a, &opt, &w, &h, NULL), NMF_E_INVAL);
    ck_assert_ptr_nonnull(strstr(nmf_last_error(), "delta"));
    nmf_options_init(&opt);
    ck_assert_int_eq(nmf_mu(bad, &opt, &w, &h, NULL), NMF_E_INVAL);
    ck_assert_ptr_nonnull(strstr(nmf_last_error(), "row 1, column 2"));
    nmf_matrix_set(bad, 0, 1, (nmf_real)NAN);
    ck_assert_int_eq(nmf_mu(bad, &opt, &w, &h, NULL), NMF_E_INVAL);
    ck_assert_ptr_nonnull(strstr(nmf_last_error(), "NaN"));
    nmf_options_init(&opt);
    opt.d = 2;
    opt.init_w = w0;  /* 4 x 3, but d = 2 */
    ck_assert_int_eq(nmf_mu(a, &opt, &w, &h, NULL), NMF_E_INVAL);
    ck_assert_ptr_nonnull(strstr(nmf_last_error(), "expected 4 x 2"));
    ck_assert_ptr_null(w);
    ck_assert_ptr_null(h);
    nmf_matrix_free(a); nmf_matrix_free(bad); nmf_matrix_free(w0);
}
END_TEST

/* A matrix big enough for the scan to run on the team: -0 and the largest
 * finite value pass; of several bad entries the first in column order is
 * named, whichever thread finds its column. */
START_TEST(input_check_names_the_first_bad_entry)
{
    nmf_matrix *a = nmf_matrix_new(1100, 1000);
    ck_assert_ptr_nonnull(a);
    for (size_t j = 0; j < 1000; j++)
        for (size_t i = 0; i < 1100; i++)
            nmf_matrix_set(a, i, j, (nmf_real)((i + j) % 7));
    nmf_matrix_set(a, 3, 10, (nmf_real)-0.0);
    nmf_matrix_set(a, 4, 990, REAL_MAX_VALUE);
    int old = nmfi_threads_set(2);
    for (int threads = 1; threads <= 2; threads++) {
        nmfi_threads_set(threads);
        ck_assert_int_eq(nmf_matrix_check_nonneg(a, "A"), NMF_OK);
    }
    static const struct { size_t i, j; double v; const char *what; } bad[] = {
        {7, 999, -1.0, "row 8, column 1000 is negative"},
        {1099, 600, INFINITY, "row 1100, column 601 is infinite"},
        {2, 600, NAN, "row 3, column 601 is NaN"},
        {0, 501, -INFINITY, "row 1, column 502 is infinite"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        nmf_matrix_set(a, bad[k].i, bad[k].j, (nmf_real)bad[k].v);
        for (int threads = 1; threads <= 2; threads++) {
            nmfi_threads_set(threads);
            ck_assert_int_eq(nmf_matrix_check_nonneg(a, "A"), NMF_E_INVAL);
            ck_assert_msg(strstr(nmf_last_error(), bad[k].what),
                          "%d threads: %s", threads, nmf_last_error());
        }
    }
    nmfi_threads_set(old);
    nmf_matrix_free(a);
}
END_TEST

static Suite *make_mu_suite(void)
{
    Suite *s = suite_create("mu");
    TCase *tc = tcase_create("reference");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, iterates_stay_nonnegative);
    tcase_add_test(tc, one_run_equals_single_steps);
    tcase_add_test(tc, exact_factorization_is_a_fixed_point);
    tcase_add_loop_test(tc, error_never_increases, 0, 3);
    tcase_add_test(tc, identity_rank_one_error_is_one);
    tcase_add_test(tc, rank_two_examples_are_factored_exactly);
    tcase_add_test(tc, history_equals_exact_norm);
    tcase_add_test(tc, seed_reproduces_and_differs);
    tcase_add_loop_test(tc, same_bits_for_any_thread_count, 0, 2);
    tcase_add_test(tc, low_memory_agrees_with_the_copy);
    tcase_add_test(tc, profile_counts_the_work);
    tcase_add_test(tc, uniform_start_is_scaled);
    tcase_add_test(tc, bad_options_are_rejected);
    tcase_add_test(tc, input_check_names_the_first_bad_entry);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_mu_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
