/* check_solvers.c -- nmf_fit: every solver (mu, hals, ahals, amu) from
 * every start (random, nndsvd, nndsvda, nndsvdar) keeps its iterates
 * non-negative, never raises the error where the theory says it cannot,
 * recovers an exactly low-rank matrix, gives the same bits for 1, 2 and 3
 * threads, and stops for the reason it reports; the NNDSVD starts
 * against what they promise (their randomized SVD: check_svd.c). */
#include <config.h>

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/matrix.h"
#include "testmatrix.h"

/* A = W* H*, W* (m x r) and H* (r x n) each a 0/1 block pattern (row i
 * of W* and column j of H* mostly in part i mod r, j mod r) plus
 * uniform [0, 0.1) noise, summed in double: non-negative, of rank r
 * exactly up to its rounding, and well conditioned, so that even MU gets
 * to 1e-4 in a few thousand iterations from most starts. */
static nmf_matrix *low_rank(size_t m, size_t n, size_t r, uint64_t seed)
{
    nmf_matrix *w = test_matrix_uniform(m, r, seed), *h = test_matrix_uniform(r, n,
                                                                 seed + 1);
    nmf_matrix *a = nmf_matrix_new(m, n);
    ck_assert_ptr_nonnull(a);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++) {
            double v = 0;
            for (size_t p = 0; p < r; p++)
                v += (0.1 * NMFI_AT(w, i, p) + (i % r == p))
                     * (0.1 * NMFI_AT(h, p, j) + (j % r == p));
            NMFI_AT(a, i, j) = (nmf_real)v;
        }
    nmf_matrix_free(w);
    nmf_matrix_free(h);
    return a;
}

static void fit(const nmf_matrix *a, const nmf_options *opt, nmf_result *r)
{
    nmf_status s = nmf_fit(a, opt, r);
    ck_assert_msg(s == NMF_OK, "%s from %s failed: %s",
                  nmf_solver_name(opt->solver), nmf_init_name(opt->init),
                  nmf_last_error());
}

/* The history's error comes from ||A||^2 - 2<W,AH'> + <W'W,HH'>, which
 * cancels to err^2: an absolute error of ~k eps ||A||^2 in err^2 becomes
 * ~k eps ||A||^2 / (2 err) in err (as check_mu.c). */
static double history_tol(double norm_a, double err)
{
    return 64 * REAL_EPS * norm_a * norm_a / (2 * err) + 64 * REAL_EPS * err;
}

/* _i runs over solver x start: 16 pairs. */
static void pair(int i, nmf_options *opt)
{
    nmf_options_init(opt);
    opt->solver = (nmf_solver)(i / NMF_INIT_COUNT);
    opt->init = (nmf_init)(i % NMF_INIT_COUNT);
}

START_TEST(iterates_stay_nonnegative)
{
    nmf_matrix *a = test_matrix_uniform(37, 29, 1);
    nmf_options opt;
    pair(_i, &opt);
    opt.d = 5;
    opt.max_iter = 60;
    nmf_result r;
    fit(a, &opt, &r);
    int hals = opt.solver == NMF_SOLVER_HALS || opt.solver == NMF_SOLVER_AHALS;
    for (int f = 0; f < 2; f++) {
        const nmf_matrix *x = f ? r.h : r.w;
        for (size_t j = 0; j < x->cols; j++)
            for (size_t i = 0; i < x->rows; i++) {
                double v = NMFI_AT(x, i, j);
                /* HALS's floor keeps entries positive; MU may reach 0. */
                ck_assert_msg(isfinite(v) && (hals ? v > 0 : v >= 0),
                              "%s from %s: %s(%zu,%zu) = %g",
                              nmf_solver_name(opt.solver),
                              nmf_init_name(opt.init), f ? "H" : "W", i, j,
                              v);
            }
    }
    nmf_result_free(&r);
    nmf_matrix_free(a);
}
END_TEST

/* MU and HALS each minimise the error over one factor exactly (HALS) or
 * by a majorizer (MU), so no iteration raises it; the accelerated ones
 * only repeat those steps. _i: solver x two shapes. */
START_TEST(error_never_increases)
{
    static const size_t dims[][3] = {{30, 20, 4}, {50, 300, 12}};
    nmf_options opt;
    nmf_options_init(&opt);
    opt.solver = (nmf_solver)(_i / 2);
    size_t m = dims[_i % 2][0], n = dims[_i % 2][1];
    nmf_matrix *a = test_matrix_uniform(m, n, 5 + _i);
    opt.d = dims[_i % 2][2];
    opt.max_iter = 150;
    nmf_result r;
    fit(a, &opt, &r);
    ck_assert_int_eq(r.iterations, 150);
    for (int k = 1; k < r.iterations; k++)
        ck_assert_msg(r.error[k] <= r.error[k - 1]
                      + history_tol(r.norm_a, r.error[k]),
                      "%s: error rose at iteration %d: %.9g -> %.9g",
                      nmf_solver_name(opt.solver), k + 1, r.error[k - 1],
                      r.error[k]);
    ck_assert_double_lt(r.error[149], r.error[0]);
    nmf_result_free(&r);
    nmf_matrix_free(a);
}
END_TEST

/* An exactly rank-3 non-negative matrix is factored to a relative error
 * below 1e-4 (float: the best a float W H can do is near 1e-7). One pair
 * cannot, and is held to what it does instead: the multiplicative rule
 * keeps an entry that starts at zero at zero, so from nndsvd, whose
 * zeros sit where W*, H* have none, mu and amu stay where the start put
 * them (the reason nndsvda and nndsvdar exist). MU climbs back from
 * nndsvdar's tiny values slowly (it is sublinear), and amu's repeats do
 * not speed that up (each repeat then moves every entry by less than
 * rounding could, which ends the repeats): 20000 iterations. */
START_TEST(exact_low_rank_is_recovered)
{
    nmf_matrix *a = low_rank(24, 18, 3, 7);
    nmf_options opt;
    pair(_i, &opt);
    opt.d = 3;
    opt.threads = 1;
    int mult = opt.solver == NMF_SOLVER_MU || opt.solver == NMF_SOLVER_AMU;
    opt.max_iter = !mult ? 200
                   : opt.init == NMF_INIT_NNDSVD ? 200
                   : opt.init == NMF_INIT_NNDSVDAR ? 20000 : 3000;
    nmf_result r;
    fit(a, &opt, &r);
    double rel = nmf_residual_norm(a, r.w, r.h) / r.norm_a;
    if (mult && opt.init == NMF_INIT_NNDSVD) {
        nmf_matrix *w0 = nmf_matrix_new(24, 3), *h0 = nmf_matrix_new(3, 18);
        ck_assert_int_eq(nmf_init_nndsvd(a, NMF_INIT_NNDSVD, opt.seed, w0, h0),
                         NMF_OK);
        size_t zeros = 0;
        for (size_t j = 0; j < 3; j++)
            for (size_t i = 0; i < 24; i++)
                if (NMFI_AT(w0, i, j) == 0) {
                    zeros++;
                    ck_assert(NMFI_AT(r.w, i, j) == 0);
                }
        ck_assert_uint_gt(zeros, 0);
        ck_assert_double_gt(rel, 1e-2);
        nmf_matrix_free(w0);
        nmf_matrix_free(h0);
    } else {
        ck_assert_msg(rel < 1e-4, "%s from %s: relative error %.3g after"
                      " %d iterations", nmf_solver_name(opt.solver),
                      nmf_init_name(opt.init), rel, r.iterations);
    }
    nmf_result_free(&r);
    nmf_matrix_free(a);
}
END_TEST

/* Every solver: W, H and the history are the same bits on 1, 2 and 3
 * threads. 260 rows and 300 columns cross the updates' tiles (128 rows of
 * W, 256 columns of H) and, with d = 64, both updates run on the team. */
START_TEST(same_bits_for_any_thread_count)
{
    nmf_matrix *a = test_matrix_uniform(260, 300, 11);
    nmf_result ref;
    for (int t = 1; t <= 3; t++) {
        nmf_options opt;
        nmf_options_init(&opt);
        opt.solver = (nmf_solver)_i;
        opt.d = 64;
        opt.max_iter = 3;
        opt.threads = t;
        nmf_result r;
        fit(a, &opt, t == 1 ? &ref : &r);
        if (t == 1)
            continue;
        ck_assert_msg(test_same_bits(r.w, ref.w) && test_same_bits(r.h, ref.h),
                      "%s: W or H differs at %d threads",
                      nmf_solver_name(opt.solver), t);
        ck_assert_msg(!memcmp(r.error, ref.error, 3 * sizeof *r.error),
                      "%s: history differs at %d threads",
                      nmf_solver_name(opt.solver), t);
        nmf_result_free(&r);
    }
    nmf_result_free(&ref);
    nmf_matrix_free(a);
}
END_TEST

/* The NNDSVD starts (their randomized SVD runs on the GEMM) are the same
 * bits on 1, 2 and 3 threads; the fills are drawn on one thread. */
START_TEST(nndsvd_same_bits_for_any_thread_count)
{
    nmf_matrix *a = test_matrix_uniform(260, 300, 12);
    nmf_matrix *w[3], *h[3];
    for (int t = 0; t < 3; t++) {
        w[t] = nmf_matrix_new(260, 64);
        h[t] = nmf_matrix_new(64, 300);
        nmf_options opt;
        nmf_options_init(&opt);
        opt.threads = t + 1;
        /* Through nmf_fit's thread setting: one iteration of MU. */
        opt.d = 64;
        opt.max_iter = 1;
        opt.init = NMF_INIT_NNDSVDAR;
        nmf_result r;
        fit(a, &opt, &r);
        nmf_matrix_free(w[t]);
        nmf_matrix_free(h[t]);
        w[t] = r.w;
        h[t] = r.h;
        r.w = r.h = NULL;
        nmf_result_free(&r);
        if (t > 0)
            ck_assert_msg(test_same_bits(w[t], w[0]) && test_same_bits(h[t], h[0]),
                          "nndsvdar differs at %d threads", t + 1);
    }
    for (int t = 0; t < 3; t++) {
        nmf_matrix_free(w[t]);
        nmf_matrix_free(h[t]);
    }
    nmf_matrix_free(a);
}
END_TEST

/* With alpha = 0 the cap is one application: the paper's remark that the
 * accelerated methods reduce to the plain ones, bit for bit here. */
START_TEST(alpha_zero_is_the_plain_solver)
{
    nmf_matrix *a = test_matrix_uniform(60, 280, 12);
    static const nmf_solver pairs[][2] = {{NMF_SOLVER_AHALS, NMF_SOLVER_HALS},
                                          {NMF_SOLVER_AMU, NMF_SOLVER_MU}};
    for (int p = 0; p < 2; p++) {
        nmf_options opt;
        nmf_options_init(&opt);
        opt.d = 6;
        opt.max_iter = 20;
        opt.solver = pairs[p][0];
        opt.accel_alpha = 0;
        nmf_result acc, plain;
        fit(a, &opt, &acc);
        opt.solver = pairs[p][1];
        opt.accel_alpha = -1;
        fit(a, &opt, &plain);
        ck_assert(test_same_bits(acc.w, plain.w) && test_same_bits(acc.h, plain.h));
        nmf_result_free(&acc);
        nmf_result_free(&plain);
    }
    nmf_matrix_free(a);
}
END_TEST

/* The accelerated solvers repeat each update at least once and at most
 * floor(1 + alpha rho) times per tile, and do repeat on a fresh start. */
START_TEST(accelerated_repeats_within_the_cap)
{
    size_t m = 90, n = 400, d = 8;
    nmf_matrix *a = test_matrix_uniform(m, n, 13);
    for (int s = 0; s < 2; s++) {
        nmf_options opt;
        nmf_options_init(&opt);
        opt.d = d;
        opt.max_iter = 5;
        opt.solver = s ? NMF_SOLVER_AMU : NMF_SOLVER_AHALS;
        nmf_profile prof;
        opt.profile = &prof;
        nmf_result r;
        fit(a, &opt, &r);
        double alpha = s ? 2.0 : 0.5, dm = m, dn = n, dd = d;
        double cap_h = floor(1 + alpha * (1 + (dm * dn + dm * dd)
                                              / (dn * dd + dn)));
        double cap_w = floor(1 + alpha * (1 + (dm * dn + dn * dd)
                                              / (dm * dd + dm)));
        double rep_h = (double)prof.updated_h / (dn * 5);
        double rep_w = (double)prof.updated_w / (dm * 5);
        ck_assert_msg(rep_h > 1 && rep_h <= cap_h, "%s: H repeats %.2f, cap"
                      " %.0f", nmf_solver_name(opt.solver), rep_h, cap_h);
        ck_assert_msg(rep_w > 1 && rep_w <= cap_w, "%s: W repeats %.2f, cap"
                      " %.0f", nmf_solver_name(opt.solver), rep_w, cap_w);
        nmf_result_free(&r);
    }
    nmf_matrix_free(a);
}
END_TEST

/* HALS brings w_k and h_k to the same norm before each iteration: from a
 * start whose W is 1e3 too large and H 1e3 too small, they end within a
 * small factor of each other (without it the ratio stays near 1e6). */
START_TEST(hals_balances_the_factors)
{
    nmf_matrix *a = test_matrix_uniform(40, 50, 14);
    nmf_matrix *w0 = test_matrix_uniform(40, 4, 15), *h0 = test_matrix_uniform(4, 50, 16);
    for (size_t j = 0; j < 4; j++)
        for (size_t i = 0; i < 40; i++)
            NMFI_AT(w0, i, j) *= 1000;
    for (size_t j = 0; j < 50; j++)
        for (size_t i = 0; i < 4; i++)
            NMFI_AT(h0, i, j) /= 1000;
    nmf_options opt;
    nmf_options_init(&opt);
    opt.solver = NMF_SOLVER_HALS;
    opt.d = 4;
    opt.max_iter = 30;
    opt.init_w = w0;
    opt.init_h = h0;
    nmf_result r;
    fit(a, &opt, &r);
    for (size_t k = 0; k < 4; k++) {
        double ww = 0, hh = 0;
        for (size_t i = 0; i < 40; i++)
            ww += (double)NMFI_AT(r.w, i, k) * NMFI_AT(r.w, i, k);
        for (size_t j = 0; j < 50; j++)
            hh += (double)NMFI_AT(r.h, k, j) * NMFI_AT(r.h, k, j);
        double ratio = sqrt(ww / hh);
        ck_assert_msg(ratio > 0.25 && ratio < 4, "||w_%zu|| / ||h_%zu|| ="
                      " %g", k, k, ratio);
    }
    nmf_result_free(&r);
    nmf_matrix_free(w0); nmf_matrix_free(h0); nmf_matrix_free(a);
}
END_TEST

/* The tolerance rule stops at the first k > 10 with e_{k-10} - e_k <=
 * tol e_k, and not before; the history's seconds never decrease. */
START_TEST(tolerance_stops_at_the_first_iteration_that_meets_it)
{
    nmf_matrix *a = test_matrix_uniform(60, 70, 17);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.solver = (nmf_solver)_i;
    opt.d = 6;
    opt.max_iter = 100000;
    opt.tol = 1e-3;
    nmf_result r;
    fit(a, &opt, &r);
    ck_assert_int_eq(r.stop, NMF_STOP_TOLERANCE);
    ck_assert_int_lt(r.iterations, 100000);
    int k = r.iterations;
    ck_assert_int_gt(k, NMF_TOL_WINDOW);
    ck_assert(r.error[k - 1 - NMF_TOL_WINDOW] - r.error[k - 1]
              <= opt.tol * r.error[k - 1]);
    for (int j = NMF_TOL_WINDOW + 1; j < k; j++)
        ck_assert_msg(r.error[j - 1 - NMF_TOL_WINDOW] - r.error[j - 1]
                      > opt.tol * r.error[j - 1], "the rule held at %d", j);
    for (int j = 1; j < k; j++)
        ck_assert(r.seconds[j] >= r.seconds[j - 1]);
    ck_assert(r.start_seconds >= 0 && r.start_seconds <= r.seconds[0]);
    nmf_result_free(&r);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(time_and_iteration_limits)
{
    nmf_matrix *a = test_matrix_uniform(30, 40, 18);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = 3;
    opt.max_iter = 1000000;
    opt.max_time = 1e-9;  /* spent before the first iteration ends */
    nmf_result r;
    fit(a, &opt, &r);
    ck_assert_int_eq(r.stop, NMF_STOP_TIME);
    ck_assert_int_eq(r.iterations, 1);
    nmf_result_free(&r);
    opt.max_time = 0;
    opt.max_iter = 7;
    fit(a, &opt, &r);
    ck_assert_int_eq(r.stop, NMF_STOP_ITERATIONS);
    ck_assert_int_eq(r.iterations, 7);
    nmf_result_free(&r);
    /* nmf_mu through the same loop: the history past a stop is NaN. */
    opt.max_iter = 50;
    opt.max_time = 1e-9;
    double hist[50];
    nmf_matrix *w, *h;
    ck_assert_int_eq(nmf_mu(a, &opt, &w, &h, hist), NMF_OK);
    ck_assert(isfinite(hist[0]) && isnan(hist[1]) && isnan(hist[49]));
    nmf_matrix_free(w);
    nmf_matrix_free(h);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(bad_options_are_rejected)
{
    nmf_matrix *a = test_matrix_uniform(10, 8, 19);
    for (int t = 0; t < 10; t++) {
        nmf_options opt;
        nmf_options_init(&opt);
        opt.d = 2;
        switch (t) {
        case 0: opt.tol = -1; break;
        case 1: opt.tol = 2; break;
        case 2: opt.tol = NAN; break;
        case 3: opt.max_time = -1; break;
        case 4: opt.max_time = INFINITY; break;
        case 5: opt.epsilon = 0; break;
        case 6: opt.accel_delta = 1.5; break;
        case 7: opt.accel_alpha = 1e3; break;
        case 8: opt.solver = (nmf_solver)NMF_SOLVER_COUNT; break;
        case 9: opt.init = (nmf_init)-1; break;
        }
        nmf_result r;
        ck_assert_msg(nmf_fit(a, &opt, &r) == NMF_E_INVAL, "case %d", t);
        ck_assert(r.w == NULL && r.error == NULL);
        ck_assert_str_ne(nmf_last_error(), "");
        nmf_result_free(&r);
    }
    nmf_solver s;
    nmf_init i;
    ck_assert_int_eq(nmf_solver_parse("cd", &s), NMF_E_INVAL);
    ck_assert_int_eq(nmf_init_parse("svd", &i), NMF_E_INVAL);
    ck_assert_int_eq(nmf_solver_parse("ahals", &s), NMF_OK);
    ck_assert_int_eq(s, NMF_SOLVER_AHALS);
    ck_assert_int_eq(nmf_init_parse("nndsvdar", &i), NMF_OK);
    ck_assert_int_eq(i, NMF_INIT_NNDSVDAR);
    ck_assert_str_eq(nmf_stop_name(NMF_STOP_TOLERANCE), "tolerance");
    nmf_matrix_free(a);
}
END_TEST

/* A positive rank-one A = x y' is its own NNDSVD with d = 1; with d = 3
 * the two missing triplets (s = 0) leave zero columns for the fill. */
START_TEST(nndsvd_of_rank_one_is_exact)
{
    nmf_matrix *a = low_rank(25, 33, 1, 22);
    for (int v = NMF_INIT_NNDSVD; v <= NMF_INIT_NNDSVDAR; v++) {
        nmf_matrix *w = nmf_matrix_new(25, 1), *h = nmf_matrix_new(1, 33);
        ck_assert_int_eq(nmf_init_nndsvd(a, (nmf_init)v, 1, w, h), NMF_OK);
        double rel = nmf_residual_norm(a, w, h) / nmf_matrix_norm(a);
        ck_assert_msg(rel < 1e-5, "%s: relative error %.3g",
                      nmf_init_name((nmf_init)v), rel);
        nmf_matrix_free(w);
        nmf_matrix_free(h);
    }
    double mean = 0;
    for (size_t j = 0; j < 33; j++)
        for (size_t i = 0; i < 25; i++)
            mean += NMFI_AT(a, i, j);
    mean /= 25 * 33;
    for (int v = NMF_INIT_NNDSVD; v <= NMF_INIT_NNDSVDAR; v++) {
        nmf_matrix *w = nmf_matrix_new(25, 3), *h = nmf_matrix_new(3, 33);
        ck_assert_int_eq(nmf_init_nndsvd(a, (nmf_init)v, 1, w, h), NMF_OK);
        for (size_t j = 1; j < 3; j++)
            for (size_t i = 0; i < 25; i++) {
                double x = NMFI_AT(w, i, j);
                if (v == NMF_INIT_NNDSVD)
                    ck_assert(x == 0);
                else if (v == NMF_INIT_NNDSVDA)
                    /* mean(A) summed in another order than the library's */
                    ck_assert_double_eq_tol(x, mean, 4 * REAL_EPS * mean);
                else
                    ck_assert(x >= 0 && x <= mean / 100 * (1 + 1e-6));
            }
        nmf_matrix_free(w);
        nmf_matrix_free(h);
    }
    nmf_matrix_free(a);
}
END_TEST

/* NNDSVD of a general non-negative matrix: W, H >= 0, the filled variants
 * have no zero left, and plain NNDSVD already fits A better than the
 * uniform start (filling its zeros with mean(A) need not: the fill is a
 * start for the solver to move, not a fit; scikit-learn's nndsvda is 3.7x
 * further from this kind of A than its nndsvd). */
START_TEST(nndsvd_starts_fit_better_than_random)
{
    nmf_matrix *a = low_rank(50, 70, 6, 23);
    nmf_matrix *w = nmf_matrix_new(50, 6), *h = nmf_matrix_new(6, 70);
    ck_assert_int_eq(nmf_init_uniform(1.0, 1, w, h), NMF_OK);
    double random_err = nmf_residual_norm(a, w, h);
    for (int v = NMF_INIT_NNDSVD; v <= NMF_INIT_NNDSVDAR; v++) {
        ck_assert_int_eq(nmf_init_nndsvd(a, (nmf_init)v, 1, w, h), NMF_OK);
        size_t zeros = 0;
        for (int f = 0; f < 2; f++) {
            const nmf_matrix *x = f ? h : w;
            for (size_t j = 0; j < x->cols; j++)
                for (size_t i = 0; i < x->rows; i++) {
                    ck_assert(NMFI_AT(x, i, j) >= 0);
                    zeros += NMFI_AT(x, i, j) == 0;
                }
        }
        if (v == NMF_INIT_NNDSVD)
            ck_assert_uint_gt(zeros, 0);
        else
            ck_assert_uint_eq(zeros, 0);
        if (v == NMF_INIT_NNDSVD)
            ck_assert_double_lt(nmf_residual_norm(a, w, h), random_err);
    }
    nmf_matrix_free(w);
    nmf_matrix_free(h);
    nmf_matrix_free(a);
}
END_TEST

/* ---- transform: H for new columns, W fixed ------------------------------ */

/* MU with W fixed is the reference's H step alone: from the same H0 (the
 * uniform start's H part), H <- H .* (W'A) ./ (W'W H + delta), k times,
 * here in double; and the history is ||A - W H_k||_F. */
START_TEST(transform_mu_is_the_h_step_alone)
{
    const size_t m = 23, n = 17, d = 4;
    const int k = 30;
    nmf_matrix *a = test_matrix_uniform(m, n, 3), *w = test_matrix_uniform(m, d, 5);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.max_iter = k;
    opt.seed = 9;
    opt.d = 99;             /* ignored: d is W's */
    nmf_result r;
    ck_assert_int_eq(nmf_transform(a, w, &opt, &r), NMF_OK);
    ck_assert_int_eq(r.iterations, k);
    ck_assert_int_eq(r.h->rows, d);
    ck_assert(test_same_bits(r.w, w));

    nmf_matrix *w0, *h0;
    test_uniform_start(a, d, opt.seed, &w0, &h0);
    double h[4][17], wta[4][17], wtw[4][4];
    for (size_t p = 0; p < d; p++) {
        for (size_t j = 0; j < n; j++) {
            h[p][j] = NMFI_AT(h0, p, j);
            wta[p][j] = 0;
            for (size_t i = 0; i < m; i++)
                wta[p][j] += (double)NMFI_AT(w, i, p) * NMFI_AT(a, i, j);
        }
        for (size_t q = 0; q < d; q++) {
            wtw[p][q] = 0;
            for (size_t i = 0; i < m; i++)
                wtw[p][q] += (double)NMFI_AT(w, i, p) * NMFI_AT(w, i, q);
        }
    }
    for (int it = 0; it < k; it++) {
        double den[4][17];
        for (size_t p = 0; p < d; p++)
            for (size_t j = 0; j < n; j++) {
                den[p][j] = 0;
                for (size_t q = 0; q < d; q++)
                    den[p][j] += wtw[p][q] * h[q][j];
            }
        for (size_t p = 0; p < d; p++)
            for (size_t j = 0; j < n; j++)
                h[p][j] *= wta[p][j] / (den[p][j] + opt.delta);
    }
    for (size_t p = 0; p < d; p++)
        for (size_t j = 0; j < n; j++)
            ck_assert_msg(fabs(NMFI_AT(r.h, p, j) - h[p][j])
                              <= 1e3 * REAL_EPS * (1 + fabs(h[p][j])),
                          "H(%zu,%zu) = %g, want %g", p, j,
                          (double)NMFI_AT(r.h, p, j), h[p][j]);
    double exact = nmf_residual_norm(a, w, r.h);
    ck_assert_double_eq_tol(r.error[k - 1], exact,
                            history_tol(r.norm_a, exact));
    nmf_result_free(&r);
    nmf_matrix_free(w0);
    nmf_matrix_free(h0);
    nmf_matrix_free(a);
    nmf_matrix_free(w);
}
END_TEST

/* With W from a fit of the same A, every solver finds an H at least as
 * good as the fit's own (the problem in H alone is convex), its error
 * never rising; the same bits on 1 and 2 threads. */
START_TEST(transform_reaches_the_fit_error)
{
    nmf_matrix *a = low_rank(40, 30, 3, 21);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = 3;
    opt.solver = NMF_SOLVER_HALS;
    opt.max_iter = 300;
    nmf_result f;
    fit(a, &opt, &f);
    /* Exact residuals: near 0 the history's identity is only good to
     * about sqrt(eps) ||A|| (history_tol). */
    double fit_err = nmf_residual_norm(a, f.w, f.h);
    opt.solver = (nmf_solver)_i;
    opt.max_iter = _i == NMF_SOLVER_MU || _i == NMF_SOLVER_AMU ? 3000 : 300;
    opt.seed = 5;
    opt.threads = 1;
    nmf_result r, r2;
    ck_assert_int_eq(nmf_transform(a, f.w, &opt, &r), NMF_OK);
    for (int i = 1; i < r.iterations; i++)
        ck_assert(r.error[i] <= r.error[i - 1]
                               + history_tol(r.norm_a, r.error[i]));
    double err = nmf_residual_norm(a, f.w, r.h);
    ck_assert_msg(err <= fit_err * (1 + 1e-3) + 1e-5 * r.norm_a,
                  "%s: transform error %g, the fit's %g",
                  nmf_solver_name(opt.solver), err, fit_err);
    opt.threads = 2;
    ck_assert_int_eq(nmf_transform(a, f.w, &opt, &r2), NMF_OK);
    ck_assert(test_same_bits(r.h, r2.h));
    nmf_result_free(&r);
    nmf_result_free(&r2);
    nmf_result_free(&f);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(transform_rejects_a_w_that_does_not_fit)
{
    nmf_matrix *a = test_matrix_uniform(10, 8, 1), *w = test_matrix_uniform(9, 2, 2);
    nmf_options opt;
    nmf_options_init(&opt);
    nmf_result r;
    ck_assert_int_eq(nmf_transform(a, w, &opt, &r), NMF_E_INVAL);
    ck_assert(strstr(nmf_last_error(), "W is 9 x 2, expected 10 x 2"));
    ck_assert_ptr_null(r.h);
    nmf_matrix_free(w);
    w = test_matrix_uniform(10, 2, 2);
    nmf_matrix_set(w, 3, 1, -1);
    ck_assert_int_ne(nmf_transform(a, w, &opt, &r), NMF_OK);
    ck_assert_ptr_null(r.h);
    nmf_result_free(&r);
    nmf_matrix_free(w);
    nmf_matrix_free(a);
}
END_TEST

static Suite *make_solvers_suite(void)
{
    Suite *s = suite_create("solvers");
    int pairs = NMF_SOLVER_COUNT * NMF_INIT_COUNT;
    TCase *tc = tcase_create("theory");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, iterates_stay_nonnegative, 0, pairs);
    tcase_add_loop_test(tc, error_never_increases, 0, 2 * NMF_SOLVER_COUNT);
    tcase_add_loop_test(tc, exact_low_rank_is_recovered, 0, pairs);
    suite_add_tcase(s, tc);
    tc = tcase_create("threads");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, same_bits_for_any_thread_count, 0,
                        NMF_SOLVER_COUNT);
    tcase_add_test(tc, nndsvd_same_bits_for_any_thread_count);
    suite_add_tcase(s, tc);
    tc = tcase_create("rules");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, alpha_zero_is_the_plain_solver);
    tcase_add_test(tc, accelerated_repeats_within_the_cap);
    tcase_add_test(tc, hals_balances_the_factors);
    tcase_add_loop_test(tc, tolerance_stops_at_the_first_iteration_that_meets_it,
                        0, NMF_SOLVER_COUNT);
    tcase_add_test(tc, time_and_iteration_limits);
    tcase_add_test(tc, bad_options_are_rejected);
    suite_add_tcase(s, tc);
    tc = tcase_create("starts");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, nndsvd_of_rank_one_is_exact);
    tcase_add_test(tc, nndsvd_starts_fit_better_than_random);
    suite_add_tcase(s, tc);
    tc = tcase_create("transform");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, transform_mu_is_the_h_step_alone);
    tcase_add_loop_test(tc, transform_reaches_the_fit_error, 0,
                        NMF_SOLVER_COUNT);
    tcase_add_test(tc, transform_rejects_a_w_that_does_not_fit);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_solvers_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
