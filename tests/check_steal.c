/* check_steal.c -- the work-stealing pool (core/steal.h): every unit is
 * claimed exactly once, whatever the team and whoever is missing from it;
 * a member that does not start has its share taken by the others; and
 * counts past 32 bits are covered without a gap. */
#include <config.h>

#include <check.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/steal.h"
#include "core/threads.h"

/* (units, team the pool is dealt for, threads that actually claim) */
static const size_t cases[][3] = {
    {0, 1, 1}, {0, 3, 2}, {1, 1, 1}, {1, 4, 2}, {2, 3, 3}, {5, 2, 2},
    {84, 2, 2}, {84, 2, 1}, {1667, 3, 3}, {100, 7, 4}, {1000, 16, 3},
    {500, 70, 3}, {7, 2, 3},
};
enum { NCASES = sizeof cases / sizeof cases[0] };

START_TEST(every_unit_once)
{
    size_t units = cases[_i][0], team = cases[_i][1];
    int threads = (int)cases[_i][2];
    _Atomic int *seen = calloc(units + 1, sizeof *seen);
    ck_assert_ptr_nonnull(seen);
    nmfi_steal pool;
    nmfi_steal_init(&pool, units, team);
    int bad = 0;
    #pragma omp parallel num_threads(threads)
    {
        size_t lo, hi;
        while (nmfi_steal_next(&pool, &lo, &hi)) {
            if (!(lo < hi && hi <= units)) {
                #pragma omp atomic write
                bad = 1;
                break;
            }
            for (size_t u = lo; u < hi; u++)
                atomic_fetch_add(&seen[u], 1);
        }
    }
    ck_assert_msg(!bad, "a piece outside [0, %zu)", units);
    for (size_t u = 0; u < units; u++)
        ck_assert_msg(seen[u] == 1, "unit %zu of %zu claimed %d times"
                      " (team %zu, %d threads)", u, units, (int)seen[u],
                      team, threads);
    /* Claimed out: a late caller gets nothing. */
    size_t lo, hi;
    ck_assert_int_eq(nmfi_steal_next(&pool, &lo, &hi), 0);
    free(seen);
}
END_TEST

/* Member 0 waits until member 1 has found the pool empty, so member 1
 * must have taken member 0's whole share as well as its own. */
START_TEST(idle_member_takes_a_stalled_share)
{
    enum { UNITS = 96 };
    nmfi_steal pool;
    nmfi_steal_init(&pool, UNITS, 2);
    _Atomic int one_done = 0, members = 0;
    size_t by_rank[2] = {0, 0};
    #pragma omp parallel num_threads(2)
    {
        atomic_fetch_add(&members, 1);
        #pragma omp barrier
        int me = nmfi_team_rank();
        if (atomic_load(&members) == 2 && me == 0)
            while (!atomic_load(&one_done))
                ;
        size_t lo, hi, got = 0;
        while (nmfi_steal_next(&pool, &lo, &hi))
            got += hi - lo;
        by_rank[me] = got;
        if (me == 1)
            atomic_store(&one_done, 1);
    }
    if (members == 2) {
        ck_assert_uint_eq(by_rank[1], UNITS);
        ck_assert_uint_eq(by_rank[0], 0);
    } else {
        /* No second thread (a serial build): the one thread takes all. */
        ck_assert_uint_eq(by_rank[0], UNITS);
    }
}
END_TEST

/* More units than 32-bit indices hold: pieces of several units each, in
 * order on one thread, meeting end to end and ending at `units`. */
START_TEST(counts_past_32_bits)
{
    if (SIZE_MAX <= UINT32_MAX)
        return;
    size_t units = (size_t)3 * UINT32_MAX + 5;
    nmfi_steal pool;
    nmfi_steal_init(&pool, units, 1);
    size_t lo, hi, end = 0, pieces = 0;
    while (nmfi_steal_next(&pool, &lo, &hi)) {
        ck_assert_uint_eq(lo, end);
        ck_assert_uint_gt(hi, lo);
        end = hi;
        pieces++;
    }
    ck_assert_uint_eq(end, units);
    /* A quarter of what is left at a time: about log(2^32) / log(4/3). */
    ck_assert_uint_lt(pieces, 100);
}
END_TEST

static Suite *make_steal_suite(void)
{
    Suite *s = suite_create("steal");
    TCase *tc = tcase_create("pool");
    tcase_add_loop_test(tc, every_unit_once, 0, NCASES);
    tcase_add_test(tc, idle_member_takes_a_stalled_share);
    tcase_add_test(tc, counts_past_32_bits);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_steal_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
