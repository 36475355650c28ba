/* check_cluster.c -- the pieces of `nmfkit cluster`: argmax clustering
 * (and its ties), the lift by the minimum, the adjusted Rand index, k-means,
 * and the labelled-CSV reader with its error messages. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "io/table.h"
#include "study/cluster.h"
#include "study/kmeans.h"
#include "study/partition.h"
#include "study/waveforms.h"
#include "testtmp.h"
#include "testutil.h"

/* Three non-negative shapes on 40 samples: disjoint-ish bumps. */
static double true_shape(size_t k, size_t i)
{
    double c = 8.0 + 12.0 * (double)k, z = ((double)i - c) / 3.0;
    return exp(-0.5 * z * z);
}

START_TEST(test_argmax_recovers_mixture)
{
    enum { M = 40, N = 90, K = 3 };
    nmf_matrix *a = nmf_matrix_new(M, N);
    size_t truth[N], cl[N];
    uint64_t seed = 7;
    for (size_t j = 0; j < N; j++) {
        truth[j] = (j * 7) % K;
        /* Mostly one shape, a little of the others. */
        for (size_t i = 0; i < M; i++) {
            double v = 0;
            for (size_t k = 0; k < K; k++)
                v += (k == truth[j] ? 1.0 + test_uniform(&seed)
                                    : 0.1 * test_uniform(&seed))
                     * true_shape(k, i);
            NMFI_AT(a, i, j) = (nmf_real)v;
        }
    }
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = K;
    opt.max_iter = 300;
    nmf_matrix *w, *h;
    ck_assert_int_eq(nmf_mu(a, &opt, &w, &h, NULL), NMF_OK);
    double wt[N];
    nmfi_argmax_clusters(h, cl, wt);
    ck_assert_double_eq_tol(nmfi_ari(cl, truth, N), 1.0, 1e-12);
    for (size_t j = 0; j < N; j++)
        ck_assert(wt[j] > 0);
    nmf_matrix_free(a);
    nmf_matrix_free(w);
    nmf_matrix_free(h);
}
END_TEST

START_TEST(test_argmax_ties_low)
{
    nmf_matrix *h = nmf_matrix_new(3, 4);
    static const double v[4][3] = {
        {1, 1, 1}, {0, 2, 2}, {0, 0, 0}, {3, 1, 3},
    };
    for (size_t j = 0; j < 4; j++)
        for (size_t i = 0; i < 3; i++)
            NMFI_AT(h, i, j) = (nmf_real)v[j][i];
    size_t cl[4];
    double wt[4];
    nmfi_argmax_clusters(h, cl, wt);
    ck_assert_uint_eq(cl[0], 0);
    ck_assert_uint_eq(cl[1], 1);
    ck_assert_uint_eq(cl[2], 0);
    ck_assert_uint_eq(cl[3], 0);
    ck_assert_double_eq(wt[1], 2.0);
    ck_assert_double_eq(wt[3], 3.0);
    nmf_matrix_free(h);
}
END_TEST

START_TEST(test_shift_min)
{
    nmf_matrix *a = nmf_matrix_new(5, 7);
    uint64_t seed = 3;
    for (size_t j = 0; j < 7; j++)
        for (size_t i = 0; i < 5; i++)
            NMFI_AT(a, i, j) = (nmf_real)(-1.3 + 2 * test_uniform(&seed));
    nmf_real want = NMFI_AT(a, 2, 4) = (nmf_real)-1.7;
    double shift;
    nmfi_shift_min(a, &shift);
    ck_assert_double_eq(shift, (double)want);
    nmf_real lo = NMFI_AT(a, 0, 0);
    for (size_t j = 0; j < 7; j++)
        for (size_t i = 0; i < 5; i++) {
            ck_assert(NMFI_AT(a, i, j) >= 0);
            lo = NMFI_AT(a, i, j) < lo ? NMFI_AT(a, i, j) : lo;
        }
    ck_assert(lo == 0);
    ck_assert(NMFI_AT(a, 2, 4) == 0);
    ck_assert_int_eq(nmf_matrix_check_nonneg(a, "lifted"), NMF_OK);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(test_ari)
{
    static const size_t a[] = {0, 0, 0, 1, 1, 1};
    static const size_t same[] = {2, 2, 2, 0, 0, 0};   /* relabelled */
    static const size_t b[] = {0, 0, 1, 1, 2, 2};
    static const size_t bp[] = {1, 1, 2, 2, 0, 0};    /* b relabelled */
    ck_assert_double_eq_tol(nmfi_ari(a, a, 6), 1.0, 1e-12);
    ck_assert_double_eq_tol(nmfi_ari(a, same, 6), 1.0, 1e-12);
    /* By hand: contingency {{2,1,0},{0,1,2}}: index = 1 + 1 = 2; rows
     * 3,3 -> 3 + 3 = 6; cols 2,2,2 -> 3; expected = 6 * 3 / 15 = 1.2;
     * max = 4.5; ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3 = 8/33. */
    ck_assert_double_eq_tol(nmfi_ari(a, b, 6), 8.0 / 33.0, 1e-12);
    ck_assert_double_eq_tol(nmfi_ari(b, a, 6), 8.0 / 33.0, 1e-12);
    ck_assert_double_eq_tol(nmfi_ari(same, bp, 6), 8.0 / 33.0, 1e-12);
    /* Disagreeing as much as possible is below chance. */
    static const size_t c[] = {0, 1, 2, 0, 1, 2};
    ck_assert(nmfi_ari(a, c, 6) < 0);
}
END_TEST

START_TEST(test_kmeans_blobs)
{
    enum { M = 4, N = 60, K = 3 };
    nmf_matrix *a = nmf_matrix_new(M, N);
    size_t truth[N], cl[N], cl2[N];
    uint64_t seed = 11;
    for (size_t j = 0; j < N; j++) {
        truth[j] = (j * 5 + j / 7) % K;
        for (size_t i = 0; i < M; i++)
            NMFI_AT(a, i, j) = (nmf_real)(10.0 * (double)truth[j]
                                          * (double)(i + 1)
                                          + test_uniform(&seed));
    }
    int iters = 0;
    ck_assert_int_eq(nmfi_kmeans(a, K, 5, 300, cl, &iters), NMF_OK);
    ck_assert_double_eq_tol(nmfi_ari(cl, truth, N), 1.0, 1e-12);
    ck_assert(iters >= 1 && iters < 300);
    ck_assert_int_eq(nmfi_kmeans(a, K, 5, 300, cl2, NULL), NMF_OK);
    ck_assert_mem_eq(cl, cl2, sizeof cl);   /* deterministic */
    ck_assert_int_eq(nmfi_kmeans(a, N + 1, 5, 300, cl2, NULL), NMF_E_INVAL);
    nmf_matrix_free(a);
}
END_TEST

static const char *write_file(const char *name, const char *text)
{
    static char path[4096];
    testtmp_path(path, sizeof path, name);
    testtmp_write(path, text, strlen(text));
    return path;
}

START_TEST(test_table_header_id_label)
{
    const char *path = write_file("w.csv",
        "uid,0,1,2,organoid\r\n"
        "a7,1.5,-2,3e-1,ctrl\n"
        "\n"
        "b8, 4 ,5,6,drug\n");
    nmfi_table t;
    ck_assert_int_eq(nmfi_table_read(path, "uid", "organoid", &t), NMF_OK);
    ck_assert(t.has_header);
    ck_assert_uint_eq(t.n, 2);
    ck_assert_uint_eq(t.a->rows, 3);
    ck_assert_uint_eq(t.a->cols, 2);
    ck_assert_double_eq(NMFI_AT(t.a, 0, 0), (nmf_real)1.5);
    ck_assert_double_eq(NMFI_AT(t.a, 1, 0), (nmf_real)-2);
    ck_assert_double_eq(NMFI_AT(t.a, 2, 0), (nmf_real)0.3);
    ck_assert_double_eq(NMFI_AT(t.a, 0, 1), (nmf_real)4);
    ck_assert_double_eq(NMFI_AT(t.a, 2, 1), (nmf_real)6);
    ck_assert_str_eq(t.labels[0], "ctrl");
    ck_assert_str_eq(t.labels[1], "drug");
    nmfi_table_free(&t);

    /* No header: every field a sample, no labels. */
    path = write_file("plain.csv", "# savetxt header\n1,2\n3,4\n5,6\n");
    ck_assert_int_eq(nmfi_table_read(path, NULL, NULL, &t), NMF_OK);
    ck_assert(!t.has_header);
    ck_assert_uint_eq(t.n, 3);
    ck_assert_uint_eq(t.a->rows, 2);
    ck_assert_double_eq(NMFI_AT(t.a, 1, 2), (nmf_real)6);
    ck_assert_ptr_null(t.labels);
    nmfi_table_free(&t);
}
END_TEST

static const struct bad_csv {
    const char *text, *skip, *label, *needle;
    nmf_status status;
} bad_csvs[] = {
    {"id,0,1\na,1,2\nb,3\n", "id", NULL, "line 3: ragged", NMF_E_FORMAT},
    {"id,0,1\na,1,x2\n", "id", NULL, "line 2, column 3: not a number",
     NMF_E_FORMAT},
    {"id,0,1\na,1,2\n", "uid", NULL, "no column named 'uid'", NMF_E_INVAL},
    {"id,0,1\na,1,2\n", "id", "organoid", "no label column named 'organoid'",
     NMF_E_INVAL},
    {"1,2\n3,4\n", "id", NULL, "no header line", NMF_E_INVAL},
    {"id,lab\na,b\n", "id", "lab", "no sample columns", NMF_E_FORMAT},
    {"id,0,1\n", "id", NULL, "no waveforms", NMF_E_FORMAT},
    {"", NULL, NULL, "no waveforms", NMF_E_FORMAT},
};

START_TEST(test_table_bad)
{
    const struct bad_csv *b = &bad_csvs[_i];
    const char *path = write_file("bad.csv", b->text);
    nmfi_table t;
    ck_assert_int_eq(nmfi_table_read(path, b->skip, b->label, &t),
                     b->status);
    ck_assert_ptr_null(t.a);
    ck_assert_msg(strstr(nmf_last_error(), b->needle) != NULL,
                  "message '%s' lacks '%s'", nmf_last_error(), b->needle);
    ck_assert_msg(strstr(nmf_last_error(), "bad.csv") != NULL,
                  "message '%s' does not name the file", nmf_last_error());
    ck_assert_int_eq(nmfi_table_read("/nonexistent/w.csv", NULL, NULL, &t),
                     NMF_E_IO);
}
END_TEST

START_TEST(test_synthetic_deterministic)
{
    char p1[4096], p2[4096];
    testtmp_path(p1, sizeof p1, "s1.csv");
    testtmp_path(p2, sizeof p2, "s2.csv");
    ck_assert_int_eq(nmfi_make_waveforms(p1, 1), NMF_OK);
    ck_assert_int_eq(nmfi_make_waveforms(p2, 1), NMF_OK);
    size_t l1, l2;
    unsigned char *a = testtmp_slurp(p1, &l1), *b = testtmp_slurp(p2, &l2);
    ck_assert_uint_eq(l1, l2);
    ck_assert_mem_eq(a, b, l1);
    free(a);
    free(b);
    nmfi_table t;
    ck_assert_int_eq(nmfi_table_read(p1, "uid", "label", &t), NMF_OK);
    ck_assert_uint_eq(t.n, 300);
    ck_assert_uint_eq(t.a->rows, 150);
    nmfi_table_free(&t);
}
END_TEST

static Suite *make_cluster_suite(void)
{
    Suite *s = suite_create("cluster");
    TCase *tc = tcase_create("clusters");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_argmax_recovers_mixture);
    tcase_add_test(tc, test_argmax_ties_low);
    tcase_add_test(tc, test_shift_min);
    tcase_add_test(tc, test_ari);
    tcase_add_test(tc, test_kmeans_blobs);
    suite_add_tcase(s, tc);

    testtmp_init("check_cluster");
    TCase *io = tcase_create("table");
    tcase_set_timeout(io, 60);
    testtmp_add_fixtures(io);
    tcase_add_test(io, test_table_header_id_label);
    tcase_add_loop_test(io, test_table_bad, 0,
                        (int)(sizeof bad_csvs / sizeof *bad_csvs));
    tcase_add_test(io, test_synthetic_deterministic);
    suite_add_tcase(s, io);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_cluster_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
