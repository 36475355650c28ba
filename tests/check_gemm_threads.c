/* check_gemm_threads.c -- the parallel GEMM steps give the same bits for
 * 1, 2 and 3 threads (goal 4 of the performance issue), on shapes that
 * cross every blocking dimension and start every team. Apart from
 * check_gemm (every step against v0) so they run side by side under
 * `make -j check` and `make check-valgrind`; for the same reason it is
 * built twice, each program taking every other shape (SHAPES_PART of
 * SHAPES_PARTS): valgrind ran the whole table for 9.5 minutes, the
 * longest part of CI, while the other core sat idle. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/threads.h"
#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "gemm_problem.h"

#ifndef SHAPES_PARTS
#define SHAPES_PARTS 1
#define SHAPES_PART 0
#endif

/* KC, MC and NC are this machine's (blocking.c), so the table is made at
 * run time. */
enum { THREAD_SHAPES_MAX = 20 };
static gemm_shape thread_shapes[THREAD_SHAPES_MAX];
static size_t nthread_shapes;

static void make_shapes(void)
{
    const nmfi_blocking *bk = nmfi_blocking_get();
    const size_t KC = bk->kc, MC = bk->mc, NC = bk->nc;
    const gemm_shape threaded[] = {
        {"tall NT", MC + 2 * MR + 3, 9 * NR + 2, 2 * KC + 7, NT},
        {"wide TN", 4 * MR + 5, 40 * NR + 1, KC + 9, TN},
        {"NN", 5 * MR + 3, 7 * NR + 1, KC + 5, NN},
        {"n = NC+1 TT", 2 * MR + 1, NC + 1, 37, TT},
        {"deep TN", 2 * MR_WIDE + 5, 20 * NR + 3, 4105, TN},
        /* v7's A H': rows split, A read in place across three 1024 slices. */
        {"deep NT", 26 * MR_WIDE + 5, 2 * NR + 1, 2100, NT},
        /* ... and op(B) wide enough for 512 slices; split by columns, the
         * slabs keep the whole product's slice depth. */
        {"wide NT", 3 * MR_WIDE + 5, 10 * NR + 5, 1100, NT},
        {"wide NT by columns", MR_WIDE + 3, 20 * NR + 5, 1100, NT},
        /* v6's long k: 65 rows make a 2048-deep packed A block pass
         * 512 KB, so 512-deep slices (v6-v8 through slabs by columns);
         * v9 packs them in shares of p that cross the slices. Then v9 on
         * an op(A) of two MC blocks. */
        {"long, shared TN", 65, 22 * NR - 2, 2060, TN},
        {"shared NN, m > MC", MC + 5, MC + 11, 9, NN},
        /* v8's depth chunks: Gram-like C, 8 chunks (TN, NN), 4 (NT), 2 (TT);
         * fewer chunks than the 3 threads in the last. */
        {"Gram TN", 2 * MR_WIDE, 10 * NR + 4, 1728, TN},
        {"Gram NT", 2 * MR_WIDE + 3, 2 * MR_WIDE + 3, 1000, NT},
        {"small NN", 2 * MR_WIDE + 1, 5 * NR + 1, 4 * KC + 9, NN},
        {"two chunks TT", MR_WIDE + 8, 7 * NR - 2, 2 * KC - 12, TT},
    };
    size_t all = sizeof threaded / sizeof threaded[0];
    if (all > THREAD_SHAPES_MAX) {
        fprintf(stderr, "check_gemm_threads: THREAD_SHAPES_MAX is too"
                " small\n");
        exit(EXIT_FAILURE);
    }
    nthread_shapes = 0;
    for (size_t i = SHAPES_PART; i < all; i += SHAPES_PARTS)
        thread_shapes[nthread_shapes++] = threaded[i];
}

/* The parallel steps and the product's families split tiles between
 * threads but keep each element's arithmetic, so C has the same bits for
 * any thread count: each is compared with itself on one thread (v4 and v5
 * also give v3's bits; the others slice k their own way).  Shapes
 * (thread_shapes, made by make_shapes) with several MR and NR tiles,
 * several MC / KC / NC blocks, all big enough to start a team, both MU
 * layouts. */
/* make check-valgrind sets NMFKIT_TEST_LIGHT: valgrind runs the threads
 * one at a time, some 50 times slower, and these two programs took 820 of
 * its lane-seconds (CI's longest stage by far). There every kernel and
 * shape still runs on 1 and on 3 threads, for its memory errors, with
 * the first beta only; the full comparison runs in every other build. */
static int light(void)
{
    const char *e = getenv("NMFKIT_TEST_LIGHT");
    return e && *e && strcmp(e, "0") != 0;
}

static void same_bits_any_team(const gemm_kernel *kn, const gemm_shape *sh,
                               const problem *p, nmf_real *base,
                               nmf_real *got)
{
    static const int threads[] = {3, 2};
    size_t nthreads = light() ? 1 : sizeof threads / sizeof threads[0];
    size_t nbetas = light() ? 1 : GEMM_NBETAS;
    size_t count = p->ldc * p->n;
    for (size_t bi = 0; bi < nbetas; bi++) {
        nmfi_threads_set(1);
        run_kernel(kn, p, gemm_betas[bi], base);
        for (size_t t = 0; t < nthreads; t++) {
            nmfi_threads_set(threads[t]);
            run_kernel(kn, p, gemm_betas[bi], got);
            ck_assert_msg(memcmp(base, got, count * sizeof *got) == 0,
                          "%s on %s %zux%zux%zu beta=%g: %d threads "
                          "differ from 1", kn->name, sh->name, p->m, p->n,
                          p->k, gemm_betas[bi], threads[t]);
        }
    }
}

START_TEST(parallel_kernels_same_bits_for_any_thread_count)
{
    const gemm_shape *sh = &thread_shapes[_i];
    const nmfi_gemm_step *v3 = nmfi_gemm_find("v3");
    ck_assert(v3);
    problem p = problem_new(sh->m, sh->n, sh->k, sh->trans, 2, 99 + _i, 0);
    size_t count = p.ldc * p.n;
    nmf_real *base = alloc_real(count);
    nmf_real *got = alloc_real(count);

    int old = nmfi_threads_max();
    for (size_t s = 4; s < nmfi_gemm_nsteps; s++) {
        const nmfi_gemm_step *st = &nmfi_gemm_steps[s];
        gemm_kernel step = {st->name, st->fn, NULL};
        same_bits_any_team(&step, sh, &p, base, got);
        if (s <= 5) {
            nmfi_threads_set(1);
            run_step(st, &p, 1, base);
            run_step(v3, &p, 1, got);
            ck_assert_msg(memcmp(base, got, count * sizeof *got) == 0,
                          "%s on %s %zux%zux%zu differs from v3", st->name,
                          sh->name, p.m, p.n, p.k);
        }
    }
    /* The product's families; the product and its tile entry run them. */
    for (size_t f = 0; f < gemm_nproducts; f++)
        if (gemm_products[f].family)
            same_bits_any_team(&gemm_products[f], sh, &p, base, got);
    nmfi_threads_set(old);
    free(base);
    free(got);
    problem_free(&p);
}
END_TEST

static Suite *make_threads_suite(void)
{
    Suite *s = suite_create("gemm threads");
    TCase *tc = tcase_create("same bits");
    /* Generous for valgrind; a normal build runs each in well under 1 s. */
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, parallel_kernels_same_bits_for_any_thread_count, 0,
                        (int)nthread_shapes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    make_shapes();
    SRunner *sr = srunner_create(make_threads_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
