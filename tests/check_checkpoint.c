/* check_checkpoint.c -- a long run survives: a fit interrupted between
 * iterations and resumed from its saved state ends with exactly the W, H
 * and history of the fit that was not interrupted, on every loop (the
 * Gram loop of mu, hals, amu, ahals, masked MU corrected; the entrywise
 * loop of KL, sparse KL and masked HALS), across thread counts; the
 * checkpoint file round-trips and refuses damage and another fit; NaN
 * arising mid-run stops the fit naming the iteration, after no
 * checkpoint of it; the flush-to-zero guard is put back after a fit. */
#include <config.h>

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/matrix.h"
#include "io/checkpoint.h"
#include "testmatrix.h"
#include "testtmp.h"

#if defined(__linux__)
#include <unistd.h>
#define HAVE_STATM 1
#endif
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define HAVE_MXCSR 1
#endif

/* A deep copy of a state: what a checkpoint keeps. */
typedef struct saved {
    nmf_state st;
    double *error, *seconds;
    nmf_matrix *w, *h, *wtw, *hht;
    int at;                        /* interrupt after this iteration  */
    volatile sig_atomic_t flag;
    int calls;
} saved;

static nmf_matrix *copy_or_null(const nmf_matrix *x)
{
    return x ? nmf_matrix_copy(x) : NULL;
}

static void saved_free(saved *sv)
{
    free(sv->error);
    free(sv->seconds);
    nmf_matrix_free(sv->w);
    nmf_matrix_free(sv->h);
    nmf_matrix_free(sv->wtw);
    nmf_matrix_free(sv->hht);
}

/* The checkpoint callback: keeps the latest state, and at iteration `at`
 * raises the interrupt flag as a signal handler would. */
static nmf_status keep(void *ctx, const nmf_state *st)
{
    saved *sv = ctx;
    sv->calls++;
    saved_free(sv);
    size_t k = (size_t)st->iterations;
    sv->error = malloc(k * sizeof *sv->error);
    sv->seconds = malloc(k * sizeof *sv->seconds);
    ck_assert(sv->error && sv->seconds);
    memcpy(sv->error, st->error, k * sizeof *sv->error);
    memcpy(sv->seconds, st->seconds, k * sizeof *sv->seconds);
    sv->w = nmf_matrix_copy(st->w);
    sv->h = nmf_matrix_copy(st->h);
    sv->wtw = copy_or_null(st->wtw);
    sv->hht = copy_or_null(st->hht);
    sv->st = (nmf_state){st->iterations, sv->error, sv->seconds, sv->w,
                         sv->h, sv->wtw, sv->hht};
    if (st->iterations == sv->at - 1)   /* read after the next one */
        sv->flag = 1;
    return NMF_OK;
}

/* Each loop the solvers have, and the options that choose it. */
typedef struct loop_case {
    const char *name;
    nmf_solver solver;
    nmf_loss loss;
    double missing;      /* share of A hidden by a mask */
    double zeros;        /* share of A set to 0 (sparse KL) */
    double l1_h, l2_w;
    int heals;           /* a NaN in W is replaced, not spread */
} loop_case;

static const loop_case all_paths[] = {
    {"mu", NMF_SOLVER_MU, NMF_LOSS_FROBENIUS, 0, 0, 0, 0, 0},
    {"hals", NMF_SOLVER_HALS, NMF_LOSS_FROBENIUS, 0, 0, 0, 0, 1},
    {"amu", NMF_SOLVER_AMU, NMF_LOSS_FROBENIUS, 0, 0, 0, 0, 0},
    {"ahals", NMF_SOLVER_AHALS, NMF_LOSS_FROBENIUS, 0, 0, 0, 0, 1},
    {"hals penalized", NMF_SOLVER_HALS, NMF_LOSS_FROBENIUS, 0, 0, 0.3, 0.1,
     1},
    {"mu masked 10%", NMF_SOLVER_MU, NMF_LOSS_FROBENIUS, 0.1, 0, 0, 0, 0},
    {"mu masked 50%", NMF_SOLVER_MU, NMF_LOSS_FROBENIUS, 0.5, 0, 0, 0, 0},
    {"hals masked", NMF_SOLVER_HALS, NMF_LOSS_FROBENIUS, 0.2, 0, 0, 0, 1},
    {"kl", NMF_SOLVER_MU, NMF_LOSS_KL, 0, 0, 0, 0, 0},
    {"kl sparse", NMF_SOLVER_MU, NMF_LOSS_KL, 0, 0.8, 0, 0, 1},
};
enum { NPATHS = sizeof all_paths / sizeof all_paths[0], ITER = 24,
       M = 90, N = 300 };

static void setup_path(const loop_case *p, nmf_matrix **a, nmf_matrix **mask,
                       nmf_options *opt)
{
    *a = test_matrix_uniform(M, N, 11);
    *mask = NULL;
    if (p->zeros > 0) {
        nmf_matrix *z = test_mask(M, N, p->zeros, 5);
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < M; i++)
                if (NMFI_AT(z, i, j) == 0)
                    NMFI_AT(*a, i, j) = 0;
        nmf_matrix_free(z);
    }
    if (p->missing > 0)
        *mask = test_mask(M, N, p->missing, 7);
    nmf_options_init(opt);
    opt->d = 5;
    opt->solver = p->solver;
    opt->loss = p->loss;
    opt->mask = *mask;
    opt->l1_h = p->l1_h;
    opt->l2_w = p->l2_w;
    opt->max_iter = ITER;
}

/* Interrupted after iteration `at` on t1 threads, resumed on t2: the
 * same bits as one fit of ITER iterations on t2 threads. */
START_TEST(resume_gives_the_same_fit)
{
    /* One thread order per loop, alternating (tests/cli_resume.sh runs
     * both on every solver): valgrind runs this suite too. */
    const loop_case *p = &all_paths[_i];
    int t1 = _i % 2 ? 2 : 1, t2 = 3 - t1;
    nmf_matrix *a, *mask;
    nmf_options opt;
    setup_path(p, &a, &mask, &opt);

    nmf_result full;
    opt.threads = t2;
    ck_assert_msg(nmf_fit(a, &opt, &full) == NMF_OK, "%s: %s", p->name,
                  nmf_last_error());
    ck_assert_int_eq(full.iterations, ITER);

    saved sv;
    memset(&sv, 0, sizeof sv);
    sv.at = 5 + _i % 9;
    nmf_options o1 = opt;
    o1.threads = t1;
    o1.interrupt = &sv.flag;
    o1.checkpoint = keep;
    o1.checkpoint_ctx = &sv;
    o1.checkpoint_every = 1;
    nmf_result part;
    ck_assert_int_eq(nmf_fit(a, &o1, &part), NMF_OK);
    ck_assert_int_eq(part.stop, NMF_STOP_INTERRUPTED);
    ck_assert_int_eq(part.iterations, sv.at);
    ck_assert_int_eq(sv.st.iterations, sv.at);
    ck_assert(test_same_bits(part.w, sv.w) && test_same_bits(part.h, sv.h));

    nmf_options o2 = opt;
    o2.resume = &sv.st;
    nmf_result res;
    ck_assert_msg(nmf_fit(a, &o2, &res) == NMF_OK, "%s: %s", p->name,
                  nmf_last_error());
    ck_assert_int_eq(res.iterations, ITER);
    ck_assert_msg(test_same_bits(res.w, full.w), "%s, threads %d -> %d:"
                  " W differs", p->name, t1, t2);
    ck_assert_msg(test_same_bits(res.h, full.h), "%s: H differs", p->name);
    ck_assert_msg(!memcmp(res.error, full.error, ITER * sizeof(double)),
                  "%s: the history differs", p->name);
    /* The clock goes on from the saved run's. */
    ck_assert(res.seconds[sv.at] >= res.seconds[sv.at - 1]);
    nmf_result_free(&full);
    nmf_result_free(&part);
    nmf_result_free(&res);
    saved_free(&sv);
    nmf_matrix_free(a);
    nmf_matrix_free(mask);
}
END_TEST

/* checkpoint_every N: called on every N-th iteration and on the last. */
START_TEST(checkpoints_every_n_and_at_the_end)
{
    nmf_matrix *a = test_matrix_uniform(30, 40, 3);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = 3;
    opt.max_iter = 23;
    saved sv;
    memset(&sv, 0, sizeof sv);
    opt.checkpoint = keep;
    opt.checkpoint_ctx = &sv;
    opt.checkpoint_every = 5;
    nmf_result r;
    ck_assert_int_eq(nmf_fit(a, &opt, &r), NMF_OK);
    ck_assert_int_eq(sv.calls, 5);     /* 5, 10, 15, 20 and 23 */
    ck_assert_int_eq(sv.st.iterations, 23);
    ck_assert(test_same_bits(sv.w, r.w));
    /* Nothing to go on from a state the iteration count reaches. */
    opt.resume = &sv.st;
    opt.checkpoint = NULL;
    nmf_result again;
    ck_assert_int_eq(nmf_fit(a, &opt, &again), NMF_E_INVAL);
    ck_assert_ptr_nonnull(strstr(nmf_last_error(), "nothing to resume"));
    /* A state of another shape is refused. */
    opt.max_iter = 30;
    opt.d = 4;
    ck_assert_int_eq(nmf_fit(a, &opt, &again), NMF_E_INVAL);
    ck_assert_ptr_nonnull(strstr(nmf_last_error(), "the saved W"));
    nmf_result_free(&r);
    saved_free(&sv);
    nmf_matrix_free(a);
}
END_TEST

/* A NaN planted in W after iteration 6 (as an overflow would leave it):
 * iteration 7 stops the fit with NMF_E_NUMERIC naming it, and no
 * checkpoint is taken of it; or, where the update replaces it (HALS's
 * floor, max(floor, NaN); sparse KL's guard on a zero denominator), the
 * fit ends with every entry finite. */
static nmf_status poison(void *ctx, const nmf_state *st)
{
    saved *sv = ctx;
    sv->calls++;
    sv->at = st->iterations;
    if (st->iterations == 6)
        NMFI_AT((nmf_matrix *)st->w, 2, 1) = NAN;
    return NMF_OK;
}

START_TEST(nan_mid_run_names_the_iteration)
{
    const loop_case *p = &all_paths[_i];
    nmf_matrix *a, *mask;
    nmf_options opt;
    setup_path(p, &a, &mask, &opt);
    saved sv;
    memset(&sv, 0, sizeof sv);
    opt.checkpoint = poison;
    opt.checkpoint_ctx = &sv;
    opt.checkpoint_every = 1;
    nmf_result r;
    nmf_status s = nmf_fit(a, &opt, &r);
    if (p->heals) {
        ck_assert_int_eq(s, NMF_OK);
        ck_assert(isfinite(nmf_objective(a, r.w, r.h, &opt)));
        ck_assert_int_eq(sv.at, ITER);
        nmf_result_free(&r);
    } else {
        ck_assert_msg(s == NMF_E_NUMERIC, "%s: status %d", p->name, s);
        ck_assert_msg(strstr(nmf_last_error(), "iteration 7:") != NULL,
                      "%s: %s", p->name, nmf_last_error());
        ck_assert_int_eq(sv.at, 6);
        ck_assert_ptr_null(r.w);
    }
    nmf_matrix_free(a);
    nmf_matrix_free(mask);
}
END_TEST

static void save_state(const char *file, const char *identity, size_t d,
                       nmf_result *r)
{
    nmf_matrix *a = test_matrix_uniform(20, 30, 9);
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = d;
    opt.max_iter = 7;
    ck_assert_int_eq(nmf_fit(a, &opt, r), NMF_OK);
    nmf_matrix *g = nmf_matrix_new(d, d);
    nmf_state st = {r->iterations, r->error, r->seconds, r->w, r->h, g, g};
    ck_assert_int_eq(nmfi_checkpoint_save(file, identity, &st), NMF_OK);
    nmf_matrix_free(g);
    nmf_matrix_free(a);
}

START_TEST(the_file_round_trips_and_refuses_damage)
{
    char path[512], id[NMFI_CHECKPOINT_IDENTITY_MAX],
        other[NMFI_CHECKPOINT_IDENTITY_MAX];
    testtmp_path(path, sizeof path, "c.ck");
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = 3;
    nmfi_checkpoint_identity(&opt, 20, 30, 42, id);
    nmf_result r;
    save_state(path, id, 3, &r);
    ck_assert_int_eq(testtmp_count_leftovers(testtmp_dir()), 0);
    nmfi_checkpoint c;
    ck_assert_int_eq(nmfi_checkpoint_load(path, &c), NMF_OK);
    ck_assert_str_eq(c.identity, id);
    ck_assert_int_eq(c.st.iterations, 7);
    ck_assert(test_same_bits(c.w, r.w) && test_same_bits(c.h, r.h));
    ck_assert(!memcmp(c.error, r.error, 7 * sizeof(double)));
    ck_assert_ptr_nonnull(c.wtw);
    ck_assert_int_eq(nmfi_checkpoint_match(path, c.identity, id), NMF_OK);
    opt.solver = NMF_SOLVER_HALS;
    nmfi_checkpoint_identity(&opt, 20, 30, 42, other);
    testtmp_assert_error(nmfi_checkpoint_match(path, c.identity, other),
                         NMF_E_INVAL, path, "saved with solver mu",
                         "has solver hals", NULL);
    opt.solver = NMF_SOLVER_MU;
    nmfi_checkpoint_identity(&opt, 20, 30, 43, other);
    testtmp_assert_error(nmfi_checkpoint_match(path, c.identity, other),
                         NMF_E_INVAL, path, "another input", NULL);
    nmfi_checkpoint_free(&c);

    /* One bit flipped in the numbers, then the file cut short. */
    size_t len;
    unsigned char *bytes = testtmp_slurp(path, &len);
    bytes[len - 100] ^= 4;
    testtmp_write(path, bytes, len);
    testtmp_assert_error(nmfi_checkpoint_load(path, &c), NMF_E_FORMAT, path,
                         "checksum mismatch", NULL);
    bytes[len - 100] ^= 4;
    testtmp_write(path, bytes, len - 9);
    testtmp_assert_error(nmfi_checkpoint_load(path, &c), NMF_E_FORMAT, path,
                         "truncated", NULL);
    free(bytes);
    nmf_result_free(&r);
}
END_TEST

/* Identical bytes hash alike, one changed bit does not; the length
 * counts. */
START_TEST(the_hash_tells_inputs_apart)
{
    unsigned char x[37];
    for (int i = 0; i < 37; i++)
        x[i] = (unsigned char)(i * 7);
    uint64_t h = nmfi_hash(NMFI_HASH_SEED, x, 37);
    ck_assert(h == nmfi_hash(NMFI_HASH_SEED, x, 37));
    x[30] ^= 1;
    ck_assert(h != nmfi_hash(NMFI_HASH_SEED, x, 37));
    ck_assert(nmfi_hash(NMFI_HASH_SEED, x, 0)
              != nmfi_hash(NMFI_HASH_SEED, x, 1));
}
END_TEST

/* The fit's flush-to-zero is the fit's: the caller's control word is put
 * back, and without it a long MU run leaves no subnormal entry. */
START_TEST(flush_to_zero_is_set_and_restored)
{
#ifdef HAVE_MXCSR
    /* The control bits; the low six are sticky exception flags. */
    unsigned before = _mm_getcsr() & ~0x3fu;
    nmf_matrix *a = test_matrix_uniform(40, 50, 2);
    /* Two blocks: W's entries off its block decay towards 0. */
    for (size_t j = 0; j < 50; j++)
        for (size_t i = 0; i < 40; i++)
            if ((i < 20) != (j < 25))
                NMFI_AT(a, i, j) = 0;
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = 2;
    opt.max_iter = 400;
    opt.threads = _i + 1;
    nmf_result r;
    ck_assert_int_eq(nmf_fit(a, &opt, &r), NMF_OK);
    ck_assert_uint_eq(_mm_getcsr() & ~0x3fu, before);
    size_t sub = 0;
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < 40; i++)
            sub += fpclassify(NMFI_AT(r.w, i, k)) == FP_SUBNORMAL;
    ck_assert_uint_eq(sub, 0);
    nmf_result_free(&r);
    nmf_matrix_free(a);
#endif
}
END_TEST

#ifdef HAVE_STATM
/* The resident bytes of this process: what the fit's pages cost, not the
 * virtual slack of its 2 MB-aligned blocks (core/alloc.c). */
static double in_use(void)
{
    FILE *fp = fopen("/proc/self/statm", "r");
    unsigned long size, resident;
    int ok = fp && fscanf(fp, "%lu %lu", &size, &resident) == 2;
    if (fp)
        fclose(fp);
    return ok ? (double)resident * (double)sysconf(_SC_PAGESIZE) : 0;
}

typedef struct peak {
    double before, during;
} peak;

static nmf_status measure(void *ctx, const nmf_state *st)
{
    (void)st;
    ((peak *)ctx)->during = in_use();
    return NMF_OK;
}
#endif

/* nmf_fit_memory against what the fit holds at its first checkpoint (the
 * growth of the resident set): copies, factors and work from 3 % under
 * to 2 MiB over (the GEMM's packing buffers, not counted, were 0.3 to
 * 1.0 MiB of it in float and in double) on each loop. Skipped under ASan and valgrind, whose shadow memory grows too. */
START_TEST(memory_estimate_matches_the_allocations)
{
#if defined(HAVE_STATM) && !defined(UNDER_ASAN)
    const char *preload = getenv("LD_PRELOAD");
    if (preload && strstr(preload, "vgpreload"))
        return;
    const loop_case *p = &all_paths[_i];
    nmf_matrix *a, *mask;
    nmf_options opt;
    setup_path(p, &a, &mask, &opt);
    nmf_matrix *big = test_matrix_uniform(1200, 1500, 3);
    if (p->zeros > 0 || mask) {   /* the same pattern, scaled up */
        nmf_matrix_free(a);
        nmf_matrix_free(mask);
        a = big;
        big = NULL;
        mask = p->missing > 0 ? test_mask(1200, 1500, p->missing, 7) : NULL;
        if (p->zeros > 0) {
            nmf_matrix *z = test_mask(1200, 1500, p->zeros, 5);
            for (size_t j = 0; j < 1500; j++)
                for (size_t i = 0; i < 1200; i++)
                    if (NMFI_AT(z, i, j) == 0)
                        NMFI_AT(a, i, j) = 0;
            nmf_matrix_free(z);
        }
        opt.mask = mask;
    } else {
        nmf_matrix_free(a);
        a = big;
        big = NULL;
    }
    opt.d = 64;
    opt.max_iter = 1;
    opt.threads = 1;
    nmf_memory mem;
    ck_assert_int_eq(nmf_fit_memory(a, &opt, &mem), NMF_OK);
    /* A small fit first: the OpenMP runtime's own start (LLVM's libomp
     * takes 2.5 MB at its first parallel region) is not the fit's. */
    nmf_matrix *small = test_matrix_uniform(16, 16, 1);
    nmf_options warm = opt;
    warm.d = 2;
    warm.mask = NULL;
    nmf_result wr;
    ck_assert_int_eq(nmf_fit(small, &warm, &wr), NMF_OK);
    nmf_result_free(&wr);
    nmf_matrix_free(small);
    peak pk = {in_use(), 0};
    if (pk.before <= 0)
        return;
    opt.checkpoint = measure;
    opt.checkpoint_ctx = &pk;
    nmf_result r;
    ck_assert_int_eq(nmf_fit(a, &opt, &r), NMF_OK);
    double held = pk.during - pk.before;
    double est = mem.copies + mem.factors + mem.work;
    ck_assert_msg(held >= 0.97 * est - (1 << 18) && held <= est + (2 << 20),
                  "%s: estimate %.0f bytes, held %.0f", p->name, est, held);
    nmf_result_free(&r);
    nmf_matrix_free(a);
    nmf_matrix_free(mask);
#endif
}
END_TEST

static Suite *make_checkpoint_suite(void)
{
    Suite *s = suite_create("checkpoint");
    TCase *tc = tcase_create("resume");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, resume_gives_the_same_fit, 0, NPATHS);
    tcase_add_test(tc, checkpoints_every_n_and_at_the_end);
    tcase_add_loop_test(tc, nan_mid_run_names_the_iteration, 0, NPATHS);
    suite_add_tcase(s, tc);
    tc = tcase_create("file");
    testtmp_add_fixtures(tc);
    tcase_add_test(tc, the_file_round_trips_and_refuses_damage);
    tcase_add_test(tc, the_hash_tells_inputs_apart);
    tcase_add_loop_test(tc, flush_to_zero_is_set_and_restored, 0, 2);
    tcase_add_loop_test(tc, memory_estimate_matches_the_allocations, 0,
                        NPATHS);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    testtmp_init("check_checkpoint");
    SRunner *sr = srunner_create(make_checkpoint_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
