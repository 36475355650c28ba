/* check_dist.c -- Check suite for what the distributed solver stands on
 * and every build compiles (no MPI): the stream's jump-ahead and the start
 * drawn a piece at a time, the grid's layout and choice, and the .npy
 * block reader and header writer. The solver itself is tested under
 * mpirun (tests/mpi_factor.sh). */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "dist/grid.h"
#include "io/readers.h"
#include "io/writers.h"
#include "nmf/init.h"
#include "nmfkit.h"
#include "testtmp.h"
#include "testutil.h"

/* ---- The stream's jump ------------------------------------------------ */

static const uint64_t jumps[] = {0, 1, 255, 256, 257, 1000, 123457,
                                 (1u << 20) + 7};

START_TEST(test_jump_is_steps)
{
    uint64_t n = jumps[_i];
    nmfi_rng stepped, jumped;
    nmfi_rng_seed(&stepped, 42 + (uint64_t)_i);
    jumped = stepped;
    for (uint64_t k = 0; k < n; k++)
        (void)nmfi_rng_next(&stepped);
    nmfi_rng_jump(&jumped, n);
    for (int k = 0; k < 4; k++)
        ck_assert_msg(jumped.s[k] == stepped.s[k], "jump %llu: state word"
                      " %d differs", (unsigned long long)n, k);
    ck_assert_uint_eq(nmfi_rng_next(&jumped), nmfi_rng_next(&stepped));
}
END_TEST

/* Two jumps add up. */
START_TEST(test_jump_composes)
{
    nmfi_rng a, b;
    nmfi_rng_seed(&a, 7);
    b = a;
    nmfi_rng_jump(&a, 70000);
    nmfi_rng_jump(&a, 1234567);
    nmfi_rng_jump(&b, 70000 + 1234567);
    ck_assert_mem_eq(a.s, b.s, sizeof a.s);
}
END_TEST

/* ---- The start a piece at a time ----------------------------------- */

/* Every piece of W0 and H0 is the serial start's, bit for bit. */
START_TEST(test_start_pieces)
{
    const size_t m = 23, n = 31, d = 4;
    nmf_matrix *w = nmf_matrix_new(m, d), *h = nmf_matrix_new(d, n);
    ck_assert_int_eq(nmf_init_uniform(2.5, 9, w, h), NMF_OK);
    const size_t cuts[][4] = {{0, 23, 0, 31}, {0, 1, 30, 1}, {5, 9, 7, 12},
                              {22, 1, 0, 5}};
    for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
        size_t r0 = cuts[c][0], rows = cuts[c][1];
        size_t c0 = cuts[c][2], cols = cuts[c][3];
        nmf_matrix *pw = nmf_matrix_new(rows, d), *ph = nmf_matrix_new(d, cols);
        ck_assert_int_eq(nmfi_init_uniform_part(2.5, 9, m, r0, pw, c0, ph),
                         NMF_OK);
        for (size_t j = 0; j < d; j++)
            for (size_t i = 0; i < rows; i++)
                ck_assert_msg(nmf_matrix_get(pw, i, j)
                              == nmf_matrix_get(w, r0 + i, j),
                              "W(%zu, %zu) of piece %zu", r0 + i, j, c);
        for (size_t j = 0; j < cols; j++)
            for (size_t i = 0; i < d; i++)
                ck_assert_msg(nmf_matrix_get(ph, i, j)
                              == nmf_matrix_get(h, i, c0 + j),
                              "H(%zu, %zu) of piece %zu", i, c0 + j, c);
        nmf_matrix_free(pw);
        nmf_matrix_free(ph);
    }
    nmf_matrix *tall = nmf_matrix_new(5, d);
    ck_assert_int_eq(nmfi_init_uniform_part(1, 1, m, 20, tall, 0, NULL),
                     NMF_E_INVAL);
    nmf_matrix_free(tall);
    nmf_matrix_free(w);
    nmf_matrix_free(h);
}
END_TEST

/* ---- The grid ------------------------------------------------------ */

START_TEST(test_split)
{
    for (size_t len = 1; len < 40; len++)
        for (size_t parts = 1; parts <= len; parts++) {
            size_t at = 0;
            for (size_t k = 0; k < parts; k++) {
                nmfi_span s = nmfi_split(len, parts, k);
                ck_assert_uint_eq(s.lo, at);
                size_t sz = s.hi - s.lo;
                ck_assert(sz == len / parts || sz == len / parts + 1);
                at = s.hi;
            }
            ck_assert_uint_eq(at, len);
        }
}
END_TEST

/* Every row of W and column of H is owned by one rank, inside that
 * rank's block of A, and the blocks tile A. */
START_TEST(test_layout_owns_once)
{
    const int grids[][2] = {{1, 1}, {1, 4}, {4, 1}, {2, 2}, {3, 2}, {2, 3},
                            {1, 3}, {3, 1}};
    const size_t m = 37, n = 53;
    for (size_t g = 0; g < sizeof grids / sizeof grids[0]; g++) {
        int pr = grids[g][0], pc = grids[g][1], P = pr * pc;
        int wown[37] = {0}, hown[53] = {0}, cover[37][53];
        memset(cover, 0, sizeof cover);
        for (int r = 0; r < P; r++) {
            nmfi_layout l;
            nmfi_layout_of(m, n, pr, pc, r, &l);
            ck_assert_int_eq(l.i * pc + l.j, r);
            ck_assert(l.w_rows.lo >= l.rows.lo && l.w_rows.hi <= l.rows.hi);
            ck_assert(l.h_cols.lo >= l.cols.lo && l.h_cols.hi <= l.cols.hi);
            ck_assert(l.w_rows.hi > l.w_rows.lo && l.h_cols.hi > l.h_cols.lo);
            for (size_t i = l.w_rows.lo; i < l.w_rows.hi; i++)
                wown[i]++;
            for (size_t j = l.h_cols.lo; j < l.h_cols.hi; j++)
                hown[j]++;
            for (size_t i = l.rows.lo; i < l.rows.hi; i++)
                for (size_t j = l.cols.lo; j < l.cols.hi; j++)
                    cover[i][j]++;
        }
        for (size_t i = 0; i < m; i++)
            ck_assert_msg(wown[i] == 1, "%dx%d: W row %zu owned %d times",
                          pr, pc, i, wown[i]);
        for (size_t j = 0; j < n; j++)
            ck_assert_msg(hown[j] == 1, "%dx%d: H column %zu owned %d"
                          " times", pr, pc, j, hown[j]);
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++)
                ck_assert_int_eq(cover[i][j], 1);
    }
}
END_TEST

START_TEST(test_grid_choice)
{
    int pr, pc;
    /* The punks (m << n): the column split sends the least. */
    ck_assert_int_eq(nmfi_grid_best(1728, 10000, 64, 2, &pr, &pc), NMF_OK);
    ck_assert(pr == 1 && pc == 2);
    ck_assert_int_eq(nmfi_grid_best(1728, 1000000, 64, 64, &pr, &pc),
                     NMF_OK);
    ck_assert(pr == 1 && pc == 64);
    /* Tall: the row split; square: the square grid. */
    ck_assert_int_eq(nmfi_grid_best(10000, 500, 16, 4, &pr, &pc), NMF_OK);
    ck_assert(pr == 4 && pc == 1);
    ck_assert_int_eq(nmfi_grid_best(1000, 1000, 16, 4, &pr, &pc), NMF_OK);
    ck_assert(pr == 2 && pc == 2);
    /* MPI-FAUN's problem on 96 ranks: 12 x 8 (doc/distributed.md). */
    ck_assert_int_eq(nmfi_grid_best(207360, 138240, 50, 96, &pr, &pc),
                     NMF_OK);
    ck_assert(pr == 12 && pc == 8);
    /* The words of the formula: 1-D column split 2 m d (P-1)/P + 4 d^2
     * (P-1)/P. */
    ck_assert_double_eq_tol(nmfi_grid_words(1728, 10000, 64, 1, 2),
                            118784, 1e-6);
    ck_assert_double_eq_tol(nmfi_grid_words(1728, 10000, 64, 2, 1),
                            648192, 1e-6);
    /* A grid that leaves a rank without a row of W is not chosen, and
     * when none fits the answer is an error. */
    ck_assert(!nmfi_grid_fits(3, 50, 2, 2));
    ck_assert(nmfi_grid_fits(3, 50, 1, 3));
    ck_assert_int_eq(nmfi_grid_best(3, 50, 2, 4, &pr, &pc), NMF_E_INVAL);
    ck_assert_pstr_ne(strstr(nmf_last_error(), "too many"), NULL);
}
END_TEST

START_TEST(test_grid_parse)
{
    int pr, pc;
    ck_assert_int_eq(nmfi_grid_parse("2x3", 6, &pr, &pc), NMF_OK);
    ck_assert(pr == 2 && pc == 3);
    ck_assert_int_eq(nmfi_grid_parse("1X4", 4, &pr, &pc), NMF_OK);
    ck_assert(pr == 1 && pc == 4);
    const char *bad[] = {"", "2", "2x", "x2", "0x4", "2x2x", "-1x4", "2x2 ",
                         "axb"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        ck_assert_msg(nmfi_grid_parse(bad[k], 4, &pr, &pc) == NMF_E_INVAL,
                      "'%s' accepted", bad[k]);
    ck_assert_int_eq(nmfi_grid_parse("2x3", 4, &pr, &pc), NMF_E_INVAL);
    ck_assert_pstr_ne(strstr(nmf_last_error(), "6 places for 4"), NULL);
}
END_TEST

/* ---- .npy blocks ------------------------------------------------------ */

static const char *golden(char *buf, size_t size, const char *name)
{
    const char *top = getenv("top_srcdir");
    snprintf(buf, size, "%s/tests/data/%s", top && *top ? top : ".", name);
    return buf;
}

/* Every block of the golden 3 x 4 files, in every order and dtype, and
 * of their transposes, is that block of the whole matrix. */
static const char *const golden_files[] = {"f64_c.npy", "f64_f.npy",
    "f32_c.npy", "f32_f.npy", "f64_be.npy", "i4_c.npy", "f64_1d.npy"};

START_TEST(test_block_is_part_of_whole)
{
    char path[4096];
    golden(path, sizeof path, golden_files[_i]);
    nmf_matrix *whole;
    ck_assert_int_eq(nmf_read_npy(path, &whole), NMF_OK);
    for (int t = 0; t < 2; t++) {
        size_t m, n;
        ck_assert_int_eq(nmfi_npy_shape(path, t, &m, &n), NMF_OK);
        ck_assert_uint_eq(m, t ? nmf_matrix_cols(whole)
                               : nmf_matrix_rows(whole));
        ck_assert_uint_eq(n, t ? nmf_matrix_rows(whole)
                               : nmf_matrix_cols(whole));
        for (size_t r0 = 0; r0 < m; r0++)
            for (size_t c0 = 0; c0 < n; c0++)
                for (size_t rows = 1; r0 + rows <= m; rows++)
                    for (size_t cols = 1; c0 + cols <= n; cols++) {
                        nmf_matrix *b;
                        ck_assert_int_eq(nmfi_npy_read_block(path, t, r0, c0,
                                                             rows, cols, &b),
                                         NMF_OK);
                        for (size_t i = 0; i < rows; i++)
                            for (size_t j = 0; j < cols; j++) {
                                nmf_real want = t
                                    ? nmf_matrix_get(whole, c0 + j, r0 + i)
                                    : nmf_matrix_get(whole, r0 + i, c0 + j);
                                ck_assert_msg(nmf_matrix_get(b, i, j) == want,
                                              "%s%s (%zu, %zu)",
                                              golden_files[_i],
                                              t ? " transposed" : "",
                                              r0 + i, c0 + j);
                            }
                        nmf_matrix_free(b);
                    }
    }
    nmf_matrix_free(whole);
}
END_TEST

START_TEST(test_block_errors)
{
    char path[4096];
    golden(path, sizeof path, "f64_c.npy");
    nmf_matrix *b = NULL;
    ck_assert_int_eq(nmfi_npy_read_block(path, 0, 2, 0, 2, 1, &b),
                     NMF_E_INVAL);
    ck_assert_ptr_null(b);
    ck_assert_pstr_ne(strstr(nmf_last_error(), "not inside its 3 x 4"), NULL);
    ck_assert_int_eq(nmfi_npy_read_block(path, 0, 0, 0, 0, 1, &b),
                     NMF_E_INVAL);
    size_t m, n;
    ck_assert_int_eq(nmfi_npy_shape("/nonexistent/a.npy", 0, &m, &n),
                     NMF_E_IO);
    /* A cut file is refused from its header, before any block read. */
    unsigned char *bytes;
    size_t len;
    bytes = testtmp_slurp(path, &len);
    char cut[4096];
    testtmp_path(cut, sizeof cut, "cut.npy");
    FILE *fp = fopen(cut, "wb");
    ck_assert_ptr_nonnull(fp);
    fwrite(bytes, 1, len - 8, fp);
    fclose(fp);
    free(bytes);
    ck_assert_int_eq(nmfi_npy_read_block(cut, 0, 0, 0, 1, 1, &b),
                     NMF_E_FORMAT);
    ck_assert_pstr_ne(strstr(nmf_last_error(), "truncated"), NULL);
}
END_TEST

/* The header a rank's writer puts first is the serial writer's. */
START_TEST(test_header_is_writers)
{
    const size_t shapes[][2] = {{1, 1}, {37, 5}, {5, 53}, {1728, 64},
                                {64, 1000000}};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        size_t r = shapes[k][0], c = shapes[k][1];
        unsigned char head[NMFI_NPY_HEADER_MAX];
        size_t hlen = nmfi_npy_header(r, c, head);
        ck_assert_uint_eq(hlen % 64, 0);
        if (r * c > 100000)
            continue;
        nmf_matrix *a = nmf_matrix_new(r, c);
        char path[4096];
        testtmp_path(path, sizeof path, "h.npy");
        ck_assert_int_eq(nmf_write_npy(path, a), NMF_OK);
        size_t len;
        unsigned char *bytes = testtmp_slurp(path, &len);
        ck_assert_uint_eq(len, hlen + r * c * sizeof(nmf_real));
        ck_assert_mem_eq(bytes, head, hlen);
        free(bytes);
        nmf_matrix_free(a);
    }
}
END_TEST

static Suite *make_dist_suite(void)
{
    testtmp_init("check_dist");
    Suite *s = suite_create("dist");
    TCase *tc = tcase_create("start");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_jump_is_steps, 0,
                        (int)(sizeof jumps / sizeof jumps[0]));
    tcase_add_test(tc, test_jump_composes);
    tcase_add_test(tc, test_start_pieces);
    suite_add_tcase(s, tc);

    tc = tcase_create("grid");
    tcase_add_test(tc, test_split);
    tcase_add_test(tc, test_layout_owns_once);
    tcase_add_test(tc, test_grid_choice);
    tcase_add_test(tc, test_grid_parse);
    suite_add_tcase(s, tc);

    tc = tcase_create("npy");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_block_is_part_of_whole, 0,
                        (int)(sizeof golden_files / sizeof golden_files[0]));
    tcase_add_test(tc, test_block_errors);
    tcase_add_test(tc, test_header_is_writers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_dist_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
