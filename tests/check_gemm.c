/* check_gemm.c -- every GEMM step in the registry against v0 (and v0 against
 * a double-precision reference) on awkward shapes: 1, primes, MR/NR/KC +-1,
 * MC+1, NC+1, NMF-like products; all four transposes, beta 0 / 1 / 0.5,
 * ld > rows with NaN padding.  (The same bits for any thread count:
 * check_gemm_threads.c.) */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "gemm_problem.h"
#include "testutil.h"

/* Blocking dimensions are crossed in the dimension they block, the others
 * kept small so the suite stays fast. KC, MC and NC are this machine's
 * (blocking.c), so the table is made at run time. */
enum { SHAPES_MAX = 32 };
static gemm_shape shapes[SHAPES_MAX];
static size_t nshapes;

static void make_shapes(void)
{
    const nmfi_blocking *bk = nmfi_blocking_get();
    const size_t KC = bk->kc, MC = bk->mc, NC = bk->nc;
    const gemm_shape all[] = {
        {"one element", 1, 1, 1, ALL},
        {"primes", 7, 13, 31, ALL},
        {"primes", 31, 97, 7, ALL},
        {"primes", 97, 31, 13, ALL},
        {"m = MR-1", MR - 1, 5, 9, ALL},
        {"m = MR", MR, 5, 9, ALL},
        {"m = MR+1", MR + 1, 5, 9, ALL},
        {"m = 3MR+1", 3 * MR + 1, NR + 1, 9, ALL},
        {"n = NR-1", 9, NR - 1, 11, ALL},
        {"n = NR", 9, NR, 11, ALL},
        {"n = NR+1", 9, NR + 1, 11, ALL},
        {"k = KC-1", 5, 7, KC - 1, ALL},
        {"k = KC", 5, 7, KC, ALL},
        {"k = KC+1", 5, 7, KC + 1, ALL},
        {"k = 2KC+1", MR + 1, NR + 1, 2 * KC + 1, ALL},
        {"m = MC+1", MC + 1, 3, 5, ALL},
        {"n = NC+1", 3, NC + 1, 5, ALL},
        /* Past two of v6's 2048-deep slices and four of v7's 1024-deep ones,
         * m = MR_WIDE + MR + 1 rows (v7 packs the last MR + 1). */
        {"k = 4105", MR_WIDE + MR + 1, 2 * NR + 1, 4105, ALL},
        /* MU with d = 64 on a 300 x 517 A: W'A, W'W, AH', HH'. */
        {"W'A", 64, 517, 300, TN},
        {"W'W", 64, 64, 300, TN},
        {"AH'", 300, 64, 517, NT},
        {"HH'", 64, 64, 517, NT},
    };
    nshapes = sizeof all / sizeof all[0];
    if (nshapes > SHAPES_MAX) {
        fprintf(stderr, "check_gemm: SHAPES_MAX is too small\n");
        exit(EXIT_FAILURE);
    }
    memcpy(shapes, all, sizeof all);
}

/* Extra rows of padding below every matrix: 0 (tight) or 3 (NaN-filled). */
static const size_t pads[] = {0, 3};
enum { NPADS = sizeof pads / sizeof pads[0] };

/* Every entry of `got` within TOL_GEMM(k) of `want`, relative to the size
 * of the terms, and the padding rows of C exactly as they started. */
static void check_result(const char *step, const gemm_shape *sh,
                         const problem *p, double beta, const nmf_real *got,
                         const nmf_real *start, const double *want_d,
                         const nmf_real *want_r)
{
    for (size_t j = 0; j < p->n; j++) {
        for (size_t i = 0; i < p->ldc; i++) {
            size_t x = i + j * p->ldc;
            if (i >= p->m) {
                /* ck_abort rather than ck_assert per entry: a passing
                 * ck_assert costs a message to the parent process. */
                if (memcmp(&got[x], &start[x], sizeof *got) != 0)
                    ck_abort_msg("%s on %s %zux%zux%zu %s beta=%g ldc=%zu: "
                                 "padding C(%zu,%zu) was written",
                                 step, sh->name, p->m, p->n, p->k,
                                 trans_name(p), beta, p->ldc, i, j);
                continue;
            }
            double c0 = beta == 0 ? 0 : p->c0[x];
            double want = want_d ? p->s[i + j * p->m] + beta * c0
                                 : (double)want_r[x];
            double scale = p->mag[i + j * p->m] + fabs(beta * c0);
            double err = fabs((double)got[x] - want);
            if (!(err <= TOL_GEMM(p->k) * scale))
                ck_abort_msg("%s on %s %zux%zux%zu %s beta=%g "
                             "ld=(%zu,%zu,%zu): C(%zu,%zu) = %.9g, "
                             "want %.9g (%s), |diff| %.3g > tol %.3g",
                             step, sh->name, p->m, p->n, p->k, trans_name(p),
                             beta, p->lda, p->ldb, p->ldc, i, j,
                             (double)got[x], want,
                             want_d ? "double reference" : "v0", err,
                             TOL_GEMM(p->k) * scale);
        }
    }
}

/* _i runs over the shape table; each shape is tried with every transpose
 * it lists, every beta and both paddings, and on each one v0 is checked
 * against the double sum, and every other registered step, every family
 * of the product and the product itself against v0. */
START_TEST(steps_match_v0)
{
    const gemm_shape *sh = &shapes[_i];
    int t0 = sh->trans == ALL ? 0 : sh->trans;
    int t1 = sh->trans == ALL ? 3 : sh->trans;
    const nmfi_gemm_step *v0 = nmfi_gemm_find("v0");
    ck_assert_ptr_nonnull(v0);

    for (int t = t0; t <= t1; t++) {
        for (size_t pi = 0; pi < NPADS; pi++) {
            problem p = problem_new(sh->m, sh->n, sh->k, t, pads[pi],
                                    (uint64_t)(_i * 16 + t * 2 + pi), 1);
            size_t count = p.ldc * p.n;
            nmf_real *ref = alloc_real(count);
            nmf_real *got = alloc_real(count);
            nmf_real *start = alloc_real(count);
            for (size_t bi = 0; bi < GEMM_NBETAS; bi++) {
                double beta = gemm_betas[bi];
                start_c(&p, beta, start);
                run_step(v0, &p, beta, ref);
                check_result("v0", sh, &p, beta, ref, start, p.s, NULL);
                for (size_t s = 0; s < nmfi_gemm_nsteps; s++) {
                    const nmfi_gemm_step *st = &nmfi_gemm_steps[s];
                    if (st == v0)
                        continue;
                    run_step(st, &p, beta, got);
                    check_result(st->name, sh, &p, beta, got, start, NULL,
                                 ref);
                }
                for (size_t f = 0; f < gemm_nproducts; f++) {
                    run_kernel(&gemm_products[f], &p, beta, got);
                    check_result(gemm_products[f].name, sh, &p, beta, got,
                                 start, NULL, ref);
                }
            }
            free(ref);
            free(got);
            free(start);
            problem_free(&p);
        }
    }
}
END_TEST

START_TEST(registry_lists_steps_in_order)
{
    ck_assert_uint_ge(nmfi_gemm_nsteps, 6);
    for (size_t s = 0; s < nmfi_gemm_nsteps; s++) {
        const nmfi_gemm_step *st = &nmfi_gemm_steps[s];
        char name[24];
        snprintf(name, sizeof name, "v%zu", s);
        ck_assert_str_eq(st->name, name);
        ck_assert_int_eq(st->step, (int)s);
        ck_assert_ptr_nonnull(st->fn);
        ck_assert(st->summary && st->summary[0]);
        ck_assert_ptr_eq(nmfi_gemm_find(name), st);
    }
    ck_assert_ptr_null(nmfi_gemm_find("v99"));
}
END_TEST

/* The public entry point runs the family the table picks, and an empty
 * inner dimension leaves beta C. */
START_TEST(public_gemm_runs_the_chosen_family)
{
    problem p = problem_new(37, 23, 29, TN, 1, 7, 0);
    size_t count = p.ldc * p.n;
    nmf_real *want = alloc_real(count);
    nmf_real *got = alloc_real(count);
    run_fn(nmfi_gemm_choose(p.ta, p.tb, p.m, p.n, p.k, 0)->family->run, &p, 1,
           want);
    start_c(&p, 1, got);
    nmf_gemm(p.ta, p.tb, p.m, p.n, p.k, p.a, p.lda, p.b, p.ldb, 1, got,
             p.ldc);
    ck_assert(memcmp(want, got, count * sizeof *got) == 0);

    start_c(&p, 1, got);
    nmf_gemm(p.ta, p.tb, p.m, p.n, 0, p.a, p.lda, p.b, p.ldb, 0.5f, got,
             p.ldc);
    for (size_t j = 0; j < p.n; j++)
        for (size_t i = 0; i < p.m; i++)
            if (got[i + j * p.ldc] != 0.5f * p.c0[i + j * p.ldc])
                ck_abort_msg("k = 0, beta = 0.5: C(%zu,%zu) is not beta C",
                             i, j);
    start_c(&p, 0, got);
    nmf_gemm(p.ta, p.tb, p.m, p.n, 0, p.a, p.lda, p.b, p.ldb, 0, got, p.ldc);
    for (size_t j = 0; j < p.n; j++)
        for (size_t i = 0; i < p.m; i++)
            if (got[i + j * p.ldc] != 0)
                ck_abort_msg("k = 0, beta = 0: C(%zu,%zu) is not 0", i, j);
    free(want);
    free(got);
    problem_free(&p);
}
END_TEST

/* The table, top to bottom, on the MU products at d = 64 (m = 1728,
 * n = 10000) and on a square one: a small C is gram's, except in a fused
 * update's tile; A H' is rows'; W'A and H A' are cols'; A B' is packed's. */
static const char *picked(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                          size_t k, int tile)
{
    return nmfi_gemm_choose(ta, tb, m, n, k, tile)->family->name;
}

START_TEST(dispatcher_picks_by_the_table)
{
    const nmf_trans N = NMF_NOTRANS, T = NMF_TRANS;
    ck_assert_str_eq(picked(T, N, 64, 64, 1728, 0), "gram");      /* W'W */
    ck_assert_str_eq(picked(N, T, 64, 64, 10000, 0), "gram");     /* HH' */
    ck_assert_str_eq(picked(N, T, 128, 128, 10000, 0), "gram");
    ck_assert_str_eq(picked(N, T, 129, 128, 10000, 0), "rows");
    ck_assert_str_eq(picked(N, T, 1728, 64, 10000, 0), "rows");   /* AH' */
    ck_assert_str_eq(picked(T, N, 64, 10000, 1728, 0), "cols");   /* W'A */
    ck_assert_str_eq(picked(N, N, 64, 1728, 10000, 0), "cols");   /* HA' */
    ck_assert_str_eq(picked(N, T, 1024, 1024, 1024, 0), "packed");
    ck_assert_str_eq(picked(T, T, 1024, 100, 1024, 0), "packed");
    /* A fused update's tile skips gram. */
    ck_assert_str_eq(picked(N, N, 64, 64, 64, 1), "rows");
    ck_assert_str_eq(picked(T, N, 32, 64, 128, 1), "cols");
    ck_assert_str_eq(picked(T, T, 32, 64, 128, 1), "packed");
    /* The last rule always holds, and every rule names a family. */
    ck_assert(nmfi_gemm_rules[nmfi_gemm_nrules - 1].holds(T, T, 1, 1, 1));
    for (size_t r = 0; r < nmfi_gemm_nrules; r++)
        ck_assert(nmfi_gemm_rules[r].family && nmfi_gemm_rules[r].when);
}
END_TEST

/* nmfi_blocking_for keeps each block in its cache level for any sizes it
 * is given, and falls back to the tuned machine's for unknown or absurd
 * ones. */
static void assert_blocking_fits(const nmfi_blocking *b)
{
    const size_t real = sizeof(nmf_real);
    ck_assert(b->kc >= 64 && b->kc <= 512 && (b->kc & (b->kc - 1)) == 0);
    ck_assert_uint_eq(b->mc % MR_WIDE, 0);
    ck_assert_uint_eq(b->nc % NR, 0);
    ck_assert_uint_le(5 * (MR + NR) * b->kc * real, 3 * b->l1d);
    ck_assert_uint_le(b->mc * b->kc * real, b->l2 / 2);
    ck_assert_uint_le(b->nc * b->kc * real, b->l3_share);
    ck_assert(b->l3_share >= b->l2 && b->l3_share <= 4 * b->l2);
}

START_TEST(blocking_follows_the_caches)
{
    const size_t K = 1024, M = 1024 * 1024;
    const int dbl = sizeof(nmf_real) == 8;
    /* This machine: 48 KB, 1 MB, and a whole socket's 508 MB L3 reported
     * for 2 vCPUs; the share is held to 4 L2s. */
    nmfi_blocking b = nmfi_blocking_for(48 * K, M, 532676608, 2);
    assert_blocking_fits(&b);
    ck_assert_uint_eq(b.kc, 256);
    ck_assert_uint_eq(b.mc, dbl ? 256 : 512);
    ck_assert_uint_eq(b.nc, dbl ? 2046 : 4092);
    ck_assert_uint_eq(b.l3_share, 4 * M);
    /* Nothing known, or nonsense: the same, from the fallbacks. */
    nmfi_blocking f = nmfi_blocking_for(0, 0, 0, 0);
    assert_blocking_fits(&f);
    ck_assert(f.kc == b.kc && f.mc == b.mc && f.nc == b.nc);
    f = nmfi_blocking_for(1, 3, 5, 1);
    ck_assert(f.kc == b.kc && f.mc == b.mc && f.nc == b.nc);
    /* A smaller core: 32 KB, 256 KB, 8 MB for 4 CPUs. */
    nmfi_blocking s = nmfi_blocking_for(32 * K, 256 * K, 8 * M, 4);
    assert_blocking_fits(&s);
    ck_assert_uint_eq(s.kc, 128);
    ck_assert_uint_eq(s.mc, dbl ? 128 : 256);
    ck_assert_uint_eq(s.l3_share, M);
    ck_assert_uint_eq(s.nc, dbl ? 1020 : 2046);
    /* And whatever this machine reports. */
    assert_blocking_fits(nmfi_blocking_get());
}
END_TEST

static Suite *make_gemm_suite(void)
{
    Suite *s = suite_create("gemm");
    TCase *tc = tcase_create("steps");
    /* Generous for valgrind; a normal build runs each in well under 1 s. */
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, registry_lists_steps_in_order);
    tcase_add_test(tc, blocking_follows_the_caches);
    tcase_add_loop_test(tc, steps_match_v0, 0, (int)nshapes);
    tcase_add_test(tc, public_gemm_runs_the_chosen_family);
    tcase_add_test(tc, dispatcher_picks_by_the_table);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    make_shapes();
    SRunner *sr = srunner_create(make_gemm_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
