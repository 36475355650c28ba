/* check_compress.c -- Check suite for src/study/compress: stored values and
 * compression ratio, PSNR of known errors (and of an exact fit), channel and
 * luminance extraction with alpha over white, the --color stacking layout
 * and its round trip, clipping of W H, the error falling with rank on a
 * small exact low-rank image, and the whole study on a tiny PNG (outputs
 * present; a bad PNG leaves nothing). */
#include <config.h>

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/png.h"
#include "nmfkit.h"
#include "study/compress.h"
#include "testtmp.h"
#include "testutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void set_px(nmfi_image *img, size_t x, size_t y, float r, float g,
                   float b, float a)
{
    float *px = img->rgba + (y * img->width + x) * 4;
    px[0] = r;
    px[1] = g;
    px[2] = b;
    px[3] = a;
}

/* ---- Arithmetic ---------------------------------------------------------- */

START_TEST(test_stored_and_ratio)
{
    ck_assert_double_eq(nmfi_compress_stored(5, 67, 100), 835.0);
    ck_assert_double_eq_tol(nmfi_compress_ratio(5, 67, 100), 6700.0 / 835.0,
                            1e-15);
    ck_assert_double_eq(nmfi_compress_stored(1, 1, 1), 2.0);
    ck_assert_double_eq(nmfi_compress_ratio(1, 1, 1), 0.5);
    /* 960 x 1200 at rank 5: 10800 stored, ratio 1152000 / 10800. */
    ck_assert_double_eq(nmfi_compress_stored(5, 960, 1200), 10800.0);
    ck_assert_double_eq_tol(nmfi_compress_ratio(5, 960, 1200),
                            1152000.0 / 10800.0, 1e-12);
    /* The break-even rank rows cols / (rows + cols): ratio 1 exactly. */
    ck_assert_double_eq(nmfi_compress_ratio(50, 100, 100), 1.0);
    /* No overflow in size_t products of large sizes. */
    ck_assert_double_eq(nmfi_compress_stored(100000, 100000, 100000), 2e10);
}
END_TEST

START_TEST(test_psnr)
{
    ck_assert_double_eq_tol(nmfi_psnr(0.01), 20.0, 1e-12);
    ck_assert_double_eq_tol(nmfi_psnr(1e-4), 40.0, 1e-12);
    ck_assert_double_eq_tol(nmfi_psnr(1.0), 0.0, 1e-15);
    ck_assert_double_eq_tol(nmfi_psnr(0.5), 10.0 * log10(2.0), 1e-12);
    /* An exact reconstruction: +inf (null in summary.json). */
    ck_assert(isinf(nmfi_psnr(0.0)) && nmfi_psnr(0.0) > 0);
}
END_TEST

START_TEST(test_channel_names)
{
    ck_assert_int_eq(nmfi_channel_parse("r"), NMFI_CHANNEL_R);
    ck_assert_int_eq(nmfi_channel_parse("g"), NMFI_CHANNEL_G);
    ck_assert_int_eq(nmfi_channel_parse("b"), NMFI_CHANNEL_B);
    ck_assert_int_eq(nmfi_channel_parse("gray"), NMFI_CHANNEL_GRAY);
    ck_assert_int_eq(nmfi_channel_parse("G"), -1);
    ck_assert_int_eq(nmfi_channel_parse(""), -1);
    ck_assert_int_eq(nmfi_channel_parse("grey"), -1);
    ck_assert_str_eq(nmfi_channel_name(NMFI_CHANNEL_GRAY), "gray");
}
END_TEST

/* ---- Image <-> matrix ---------------------------------------------------- */

/* 3 x 2 pixels (width 3, height 2): opaque, half and fully transparent. */
static void tiny_image(nmfi_image *img)
{
    ck_assert_int_eq(nmfi_image_new(img, 3, 2), NMF_OK);
    set_px(img, 0, 0, 0.2f, 0.4f, 0.6f, 1.0f);
    set_px(img, 1, 0, 1.0f, 0.0f, 0.5f, 1.0f);
    set_px(img, 2, 0, 0.2f, 0.4f, 0.6f, 0.5f);  /* -> 0.6, 0.7, 0.8 */
    set_px(img, 0, 1, 0.0f, 0.0f, 0.0f, 0.0f);  /* -> white          */
    set_px(img, 1, 1, 0.0f, 0.0f, 0.0f, 1.0f);  /* black             */
    set_px(img, 2, 1, 0.25f, 0.5f, 0.75f, 1.0f);
}

/* The composited RGB of tiny_image, [y][x][c]. */
static const double tiny_rgb[2][3][3] = {
    {{0.2, 0.4, 0.6}, {1.0, 0.0, 0.5}, {0.6, 0.7, 0.8}},
    {{1.0, 1.0, 1.0}, {0.0, 0.0, 0.0}, {0.25, 0.5, 0.75}},
};

START_TEST(test_channels)
{
    nmfi_image img;
    tiny_image(&img);
    for (int ch = 0; ch < 4; ch++) {
        nmf_matrix *m = NULL;
        ck_assert_int_eq(nmfi_image_to_matrix(&img, (nmfi_channel)ch, 0, &m),
                         NMF_OK);
        ck_assert_uint_eq(nmf_matrix_rows(m), 2);
        ck_assert_uint_eq(nmf_matrix_cols(m), 3);
        for (size_t y = 0; y < 2; y++)
            for (size_t x = 0; x < 3; x++) {
                const double *c = tiny_rgb[y][x];
                double want = ch < 3 ? c[ch]
                            : 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
                ck_assert_double_eq_tol(nmf_matrix_get(m, y, x), want,
                                        TOL_PIXEL);
            }
        nmf_matrix_free(m);
    }
    /* Luminance of white is 1 and of pure red 0.299, as BT.601 says. */
    nmf_matrix *m = NULL;
    ck_assert_int_eq(nmfi_image_to_matrix(&img, NMFI_CHANNEL_GRAY, 0, &m),
                     NMF_OK);
    ck_assert_double_eq_tol(nmf_matrix_get(m, 1, 0), 1.0, TOL_PIXEL);
    ck_assert_double_eq_tol(nmf_matrix_get(m, 0, 1), 0.299 + 0.057,
                            TOL_PIXEL);
    nmf_matrix_free(m);
    nmfi_image_free(&img);
}
END_TEST

START_TEST(test_color_layout)
{
    nmfi_image img;
    tiny_image(&img);
    nmf_matrix *m = NULL;
    ck_assert_int_eq(nmfi_image_to_matrix(&img, NMFI_CHANNEL_G, 1, &m),
                     NMF_OK);
    /* Rows of R (0, 1), then G (2, 3), then B (4, 5). */
    ck_assert_uint_eq(nmf_matrix_rows(m), 6);
    ck_assert_uint_eq(nmf_matrix_cols(m), 3);
    for (size_t c = 0; c < 3; c++)
        for (size_t y = 0; y < 2; y++)
            for (size_t x = 0; x < 3; x++)
                ck_assert_double_eq_tol(nmf_matrix_get(m, c * 2 + y, x),
                                        tiny_rgb[y][x][c], TOL_PIXEL);
    /* Back to an opaque image with the composited colours. */
    nmfi_image back;
    ck_assert_int_eq(nmfi_matrix_to_image(m, 1, &back), NMF_OK);
    ck_assert_uint_eq(back.width, 3);
    ck_assert_uint_eq(back.height, 2);
    for (size_t y = 0; y < 2; y++)
        for (size_t x = 0; x < 3; x++) {
            const float *px = back.rgba + (y * 3 + x) * 4;
            for (int c = 0; c < 3; c++)
                ck_assert_double_eq_tol(px[c], tiny_rgb[y][x][c], TOL_PIXEL);
            ck_assert_double_eq(px[3], 1.0);
        }
    nmfi_image_free(&back);
    /* And round trip again: the same matrix. */
    nmfi_image again;
    ck_assert_int_eq(nmfi_matrix_to_image(m, 1, &again), NMF_OK);
    nmf_matrix *m2 = NULL;
    ck_assert_int_eq(nmfi_image_to_matrix(&again, NMFI_CHANNEL_R, 1, &m2),
                     NMF_OK);
    for (size_t i = 0; i < 6; i++)
        for (size_t j = 0; j < 3; j++)
            ck_assert_double_eq_tol(nmf_matrix_get(m2, i, j),
                                    nmf_matrix_get(m, i, j), TOL_PIXEL);
    /* A gray matrix becomes R = G = B. */
    nmfi_image gray;
    ck_assert_int_eq(nmfi_matrix_to_image(m, 0, &gray), NMF_OK);
    ck_assert_uint_eq(gray.height, 6);
    for (size_t p = 0; p < 18; p++)
        ck_assert(gray.rgba[p * 4] == gray.rgba[p * 4 + 1]
                  && gray.rgba[p * 4] == gray.rgba[p * 4 + 2]);
    nmfi_image_free(&gray);
    nmfi_image_free(&again);
    nmf_matrix_free(m2);
    nmf_matrix_free(m);
    nmfi_image_free(&img);
    /* A matrix whose rows are not three planes is refused. */
    nmf_matrix *odd = nmf_matrix_new(4, 2);
    ck_assert_int_eq(nmfi_matrix_to_image(odd, 1, &gray), NMF_E_INVAL);
    nmf_matrix_free(odd);
}
END_TEST

START_TEST(test_clipped_reconstruction)
{
    /* A = [0.5 1; 0 0.25] and a rank-1 W H with entries above 1 and
     * below 0 (H may be anything here; only the clipping is tested). */
    nmf_matrix *a = nmf_matrix_new(2, 2);
    nmf_matrix *w = nmf_matrix_new(2, 1);
    nmf_matrix *h = nmf_matrix_new(1, 2);
    nmf_matrix_set(a, 0, 0, 0.5);
    nmf_matrix_set(a, 0, 1, 1.0);
    nmf_matrix_set(a, 1, 0, 0.0);
    nmf_matrix_set(a, 1, 1, 0.25);
    nmf_matrix_set(w, 0, 0, 2.0);
    nmf_matrix_set(w, 1, 0, 0.5);
    nmf_matrix_set(h, 0, 0, 1.0);
    nmf_matrix_set(h, 0, 1, -0.5);
    nmf_matrix *rec = NULL;
    double mse = -1;
    ck_assert_int_eq(nmfi_clipped_reconstruction(a, w, h, &rec, &mse),
                     NMF_OK);
    /* W H = [2 -1; 0.5 -0.25] clipped to [1 0; 0.5 0]. */
    ck_assert_double_eq(nmf_matrix_get(rec, 0, 0), 1.0);
    ck_assert_double_eq(nmf_matrix_get(rec, 0, 1), 0.0);
    ck_assert_double_eq(nmf_matrix_get(rec, 1, 0), 0.5);
    ck_assert_double_eq(nmf_matrix_get(rec, 1, 1), 0.0);
    /* Differences 0.5, -1, 0.5, -0.25: MSE (0.25 + 1 + 0.25 + 0.0625)/4. */
    ck_assert_double_eq_tol(mse, 1.5625 / 4, 1e-12);
    nmf_matrix_free(rec);
    /* Mismatched shapes are refused. */
    nmf_matrix *h3 = nmf_matrix_new(1, 3);
    ck_assert_int_eq(nmfi_clipped_reconstruction(a, w, h3, &rec, &mse),
                     NMF_E_INVAL);
    nmf_matrix_free(h3);
    nmf_matrix_free(a);
    nmf_matrix_free(w);
    nmf_matrix_free(h);
}
END_TEST

/* ---- The error falls with rank --------------------------------------------- */

START_TEST(test_error_falls_with_rank)
{
    /* A 20 x 16 image of exact rank 4: blocks of four non-negative parts. */
    const size_t m = 20, n = 16, r = 4;
    nmf_matrix *w0 = nmf_matrix_new(m, r), *h0 = nmf_matrix_new(r, n);
    for (size_t i = 0; i < m; i++)
        for (size_t k = 0; k < r; k++)
            nmf_matrix_set(w0, i, k, (nmf_real)((i / 5 == k) ? 0.5 + 0.02 * i
                                                             : 0.05 * k));
    for (size_t k = 0; k < r; k++)
        for (size_t j = 0; j < n; j++)
            nmf_matrix_set(h0, k, j, (nmf_real)(0.2 + 0.4 * ((j + k) % 4 == 0)
                                                + 0.01 * j));
    nmf_matrix *a = nmf_matrix_new(m, n);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t k = 0; k < r; k++)
                s += nmf_matrix_get(w0, i, k) * nmf_matrix_get(h0, k, j);
            nmf_matrix_set(a, i, j, (nmf_real)s);
        }
    static const size_t ranks[] = {1, 2, 4, 8};
    double rel[COUNT(ranks)];
    double norm = nmf_matrix_norm(a);
    for (size_t q = 0; q < COUNT(ranks); q++) {
        nmf_options opt;
        nmf_options_init(&opt);
        opt.d = ranks[q];
        opt.max_iter = 3000;
        opt.threads = 1;
        nmf_matrix *w = NULL, *h = NULL;
        ck_assert_int_eq(nmf_mu(a, &opt, &w, &h, NULL), NMF_OK);
        rel[q] = nmf_residual_norm(a, w, h) / norm;
        nmf_matrix_free(w);
        nmf_matrix_free(h);
    }
    ck_assert(rel[0] > rel[1]);
    ck_assert(rel[1] > rel[2]);
    ck_assert(rel[0] > 0.01);   /* rank 1 cannot hold four parts */
    ck_assert(rel[2] < 1e-2);   /* the exact rank is (nearly) exact  */
    ck_assert(rel[3] < 1e-2);
    nmf_matrix_free(a);
    nmf_matrix_free(w0);
    nmf_matrix_free(h0);
}
END_TEST

/* ---- The whole study ---------------------------------------------------- */

static int exists(const char *dir, const char *name)
{
    char path[2048];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0 && st.st_size > 0;
}

START_TEST(test_study_outputs)
{
    char png[512], out[512];
    testtmp_path(png, sizeof png, "tiny.png");
    testtmp_path(out, sizeof out, "out");
    nmfi_image img;
    ck_assert_int_eq(nmfi_image_new(&img, 12, 10), NMF_OK);
    for (size_t y = 0; y < 10; y++)
        for (size_t x = 0; x < 12; x++)
            set_px(&img, x, y, (float)x / 11, (float)y / 9, 0.5f,
                   x < 2 ? 0.0f : 1.0f);
    ck_assert_int_eq(nmfi_png_write(png, &img, 1), NMF_OK);
    nmfi_image_free(&img);

    static const size_t ranks[] = {1, 2, 8};
    nmfi_compress_params p;
    nmfi_compress_params_init(&p);
    p.input = png;
    p.outdir = out;
    p.ranks = ranks;
    p.nranks = COUNT(ranks);
    p.fit.opt.max_iter = 50;
    p.fit.opt.threads = 1;
    p.color = 1;
    nmfi_compress_results r;
    ck_assert_int_eq(nmfi_study_compress(&p, &r), NMF_OK);
    ck_assert_uint_eq(r.rows, 30);
    ck_assert_uint_eq(r.cols, 12);
    static const char *const files[] = {
        "compress.csv", "summary.json", "report/index.html",
        "report/strip.png", "report/stored.svg", "report/psnr.svg",
        "report/loss.svg", "report/rank-1.png", "report/rank-2.png",
        "report/rank-8.png"};
    for (size_t i = 0; i < COUNT(files); i++)
        ck_assert_msg(exists(out, files[i]), "missing %s", files[i]);
    char csv[1024];
    snprintf(csv, sizeof csv, "%s/compress.csv", out);
    unsigned char *text = testtmp_slurp(csv, NULL);
    ck_assert(strstr((char *)text, "rank,rel_error,psnr,stored_values,"
                                   "original_values,ratio\n") == (char *)text);
    /* Rank 2: 2 (30 + 12) = 84 stored of 360. */
    ck_assert_ptr_nonnull(strstr((char *)text, "\n2,"));
    ck_assert_ptr_nonnull(strstr((char *)text, ",84,360,"));
    free(text);
    /* The reconstruction is an opaque RGB image of the original's size. */
    char rec[1024];
    snprintf(rec, sizeof rec, "%s/report/rank-2.png", out);
    nmfi_image back;
    ck_assert_int_eq(nmfi_png_read(rec, &back), NMF_OK);
    ck_assert_uint_eq(back.width, 12);
    ck_assert_uint_eq(back.height, 10);
    nmfi_image_free(&back);
}
END_TEST

START_TEST(test_study_bad_png)
{
    char png[512], out[512];
    testtmp_path(png, sizeof png, "junk.png");
    testtmp_path(out, sizeof out, "out");
    testtmp_write(png, "not a png", 9);
    static const size_t ranks[] = {2};
    nmfi_compress_params p;
    nmfi_compress_params_init(&p);
    p.input = png;
    p.outdir = out;
    p.ranks = ranks;
    p.nranks = 1;
    nmfi_compress_results r;
    ck_assert_int_eq(nmfi_study_compress(&p, &r), NMF_E_FORMAT);
    ck_assert_ptr_nonnull(strstr(nmf_last_error(), "junk.png"));
    struct stat st;
    ck_assert_int_ne(stat(out, &st), 0);
    /* Ranks that are not increasing are refused before anything is read. */
    static const size_t bad[] = {4, 4};
    p.ranks = bad;
    p.nranks = 2;
    ck_assert_int_eq(nmfi_study_compress(&p, &r), NMF_E_INVAL);
    ck_assert_int_ne(stat(out, &st), 0);
}
END_TEST

static Suite *make_compress_suite(void)
{
    Suite *s = suite_create("compress");
    TCase *tc = tcase_create("arithmetic");
    tcase_add_test(tc, test_stored_and_ratio);
    tcase_add_test(tc, test_psnr);
    tcase_add_test(tc, test_channel_names);
    suite_add_tcase(s, tc);

    tc = tcase_create("image");
    tcase_add_test(tc, test_channels);
    tcase_add_test(tc, test_color_layout);
    tcase_add_test(tc, test_clipped_reconstruction);
    suite_add_tcase(s, tc);

    tc = tcase_create("rank");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_error_falls_with_rank);
    suite_add_tcase(s, tc);

    tc = tcase_create("study");
    tcase_set_timeout(tc, 60);
    testtmp_add_fixtures(tc);
    tcase_add_test(tc, test_study_outputs);
    tcase_add_test(tc, test_study_bad_png);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    testtmp_init("check_compress");
    SRunner *sr = srunner_create(make_compress_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
