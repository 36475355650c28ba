/* check_study.c -- the study layer's own pieces: the reference noise model
 * (touches only visible non-zero channels, stays in [0, 1], sigma = 0 is
 * the identity, seeded) and the all-or-nothing output staging. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/matrix.h"
#include "report/grid.h"
#include "study/image_figures.h"
#include "study/noise.h"
#include "study/study_files.h"
#include "testtmp.h"
#include "testutil.h"

/* A set of `count` 4 x 3 images: pixel p of image j is transparent when
 * (p + j) % 4 == 0, else opaque (or half-transparent when % 4 == 1); channel
 * c is 0 when (p + c) % 3 == 0 (black channels), else a value in (0, 1]
 * including some 1s next to the clip. */
static nmfi_image_set make_set(size_t count)
{
    nmfi_image_set s = {4, 3, count, NULL, NULL};
    s.rgb = nmf_matrix_new(36, count);
    s.alpha = nmf_matrix_new(12, count);
    uint64_t seed = 7;
    for (size_t j = 0; j < count; j++)
        for (size_t p = 0; p < 12; p++) {
            int clear = (p + j) % 4 == 0;
            NMFI_AT(s.alpha, p, j) = clear ? 0 : (p + j) % 4 == 1 ? 0.5f : 1;
            for (size_t c = 0; c < 3; c++) {
                double v = clear || (p + c) % 3 == 0 ? 0
                         : p % 5 == 0 ? 1 : 0.05 + 0.9 * test_uniform(&seed);
                NMFI_AT(s.rgb, p * 3 + c, j) = (nmf_real)v;
            }
        }
    return s;
}

START_TEST(noise_touches_only_visible_colour)
{
    nmfi_image_set s = make_set(50);
    nmf_matrix *noisy = nmf_matrix_new(36, 50);
    ck_assert_int_eq(nmfi_add_noise(&s, 0.2, 3, noisy), NMF_OK);
    size_t changed = 0, candidates = 0;
    for (size_t j = 0; j < 50; j++)
        for (size_t i = 0; i < 36; i++) {
            nmf_real a = NMFI_AT(s.rgb, i, j), b = NMFI_AT(noisy, i, j);
            int visible = NMFI_AT(s.alpha, i / 3, j) > 0;
            ck_assert_msg(b >= 0 && b <= 1, "(%zu,%zu) = %g outside [0,1]",
                          i, j, (double)b);
            if (a == 0 || !visible) {
                ck_assert_msg(b == a, "(%zu,%zu) touched: %g -> %g", i, j,
                              (double)a, (double)b);
            } else {
                candidates++;
                changed += b != a;
            }
        }
    /* A normal draw leaves a value exactly unchanged only when clipped
     * back to 1 (values at 1 pushed up): most entries must move. */
    ck_assert_uint_gt(changed, candidates * 3 / 4);
    nmf_matrix_free(noisy);
    nmfi_image_set_free(&s);
}
END_TEST

START_TEST(noise_has_the_asked_spread)
{
    /* Mid-range values are rarely clipped at sigma = 0.05, so the change
     * has mean ~0 and standard deviation ~sigma. */
    nmfi_image_set s = {4, 3, 400, nmf_matrix_new(36, 400),
                        nmf_matrix_new(12, 400)};
    for (size_t j = 0; j < 400; j++) {
        for (size_t p = 0; p < 12; p++)
            NMFI_AT(s.alpha, p, j) = 1;
        for (size_t i = 0; i < 36; i++)
            NMFI_AT(s.rgb, i, j) = 0.5f;
    }
    nmf_matrix *noisy = nmf_matrix_new(36, 400);
    ck_assert_int_eq(nmfi_add_noise(&s, 0.05, 11, noisy), NMF_OK);
    double sum = 0, sum2 = 0, n = 36 * 400;
    for (size_t j = 0; j < 400; j++)
        for (size_t i = 0; i < 36; i++) {
            double d = NMFI_AT(noisy, i, j) - 0.5;
            sum += d;
            sum2 += d * d;
        }
    double mean = sum / n, sd = sqrt(sum2 / n - mean * mean);
    /* 14400 draws: the mean's error is 0.05/120, the sd's ~0.05/170. */
    ck_assert_double_eq_tol(mean, 0, 5 * 0.05 / 120);
    ck_assert_double_eq_tol(sd, 0.05, 5 * 0.05 / 170);
    nmf_matrix_free(noisy);
    nmfi_image_set_free(&s);
}
END_TEST

START_TEST(sigma_zero_is_the_identity_and_seed_reproduces)
{
    nmfi_image_set s = make_set(20);
    nmf_matrix *x = nmf_matrix_new(36, 20), *y = nmf_matrix_new(36, 20);
    ck_assert_int_eq(nmfi_add_noise(&s, 0, 5, x), NMF_OK);
    ck_assert(!memcmp(x->data, s.rgb->data, x->ld * 20 * sizeof(nmf_real)));
    nmfi_add_noise(&s, 0.1, 5, x);
    nmfi_add_noise(&s, 0.1, 5, y);
    ck_assert(!memcmp(x->data, y->data, x->ld * 20 * sizeof(nmf_real)));
    nmfi_add_noise(&s, 0.1, 6, y);
    ck_assert(memcmp(x->data, y->data, x->ld * 20 * sizeof(nmf_real)));
    ck_assert_int_eq(nmfi_add_noise(&s, -1, 5, x), NMF_E_INVAL);
    nmf_matrix *wrong = nmf_matrix_new(35, 20);
    ck_assert_int_eq(nmfi_add_noise(&s, 0.1, 5, wrong), NMF_E_INVAL);
    nmf_matrix_free(wrong);
    nmf_matrix_free(x);
    nmf_matrix_free(y);
    nmfi_image_set_free(&s);
}
END_TEST

static int exists(const char *dir, const char *name)
{
    char path[1300];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

/* How many entries of DIR (hidden ones too) contain `part`. */
static int count_named(const char *dir, const char *part)
{
    char cmd[1300];
    snprintf(cmd, sizeof cmd, "ls -A %s | grep -c -- '%s'", dir, part);
    FILE *p = popen(cmd, "r");
    int n = -1;
    ck_assert_int_eq(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

START_TEST(outputs_commit_everything)
{
    char out[1200];
    testtmp_path(out, sizeof out, "a/b/out");
    nmfi_outputs o;
    ck_assert_int_eq(nmfi_outputs_open(&o, out, nmfi_study_subdirs), NMF_OK);
    const char *json = nmfi_outputs_path(&o, "summary.json");
    const char *html = nmfi_report_path(&o, "index.html");
    FILE *fp;
    ck_assert_int_eq(nmfi_outputs_file(&o, "W.csv", &fp), NMF_OK);
    fputs("1\n", fp);
    /* Paths handed out stay as they were: no later call overwrote one. */
    ck_assert(json && html && strcmp(json, html) != 0);
    ck_assert(strstr(json, "summary.json") && strstr(html, "index.html"));
    testtmp_write(json, "x\n", 2);
    testtmp_write(html, "x\n", 2);
    ck_assert(!exists(out, "summary.json"));
    ck_assert(!exists(out, "W.csv"));
    ck_assert_int_eq(nmfi_outputs_commit(&o), NMF_OK);
    ck_assert(exists(out, "summary.json"));
    ck_assert(exists(out, "report/index.html"));
    ck_assert(exists(out, "W.csv"));
    /* A second run into the same folder merges into report/. */
    ck_assert_int_eq(nmfi_outputs_open(&o, out, nmfi_study_subdirs), NMF_OK);
    testtmp_write(nmfi_report_path(&o, "other.png"), "x\n", 2);
    ck_assert_int_eq(nmfi_outputs_commit(&o), NMF_OK);
    ck_assert(exists(out, "report/index.html"));
    ck_assert(exists(out, "report/other.png"));
    ck_assert_int_eq(count_named(out, "tmp"), 0);
}
END_TEST

START_TEST(outputs_abort_leaves_nothing)
{
    char out[1200];
    testtmp_path(out, sizeof out, "new");
    nmfi_outputs o;
    ck_assert_int_eq(nmfi_outputs_open(&o, out, nmfi_study_subdirs), NMF_OK);
    testtmp_write(nmfi_outputs_path(&o, "W.npy"), "x\n", 2);
    testtmp_write(nmfi_report_path(&o, "a.png"), "x\n", 2);
    nmfi_outputs_abort(&o);
    ck_assert(!exists(testtmp_dir(), "new"));
    nmfi_outputs_abort(&o);  /* twice is harmless */
    /* An existing folder keeps what it had, and only that. */
    testtmp_path(out, sizeof out, "keep");
    mkdir(out, 0777);
    char keep[1300];
    snprintf(keep, sizeof keep, "%s/notes.txt", out);
    testtmp_write(keep, "x\n", 2);
    ck_assert_int_eq(nmfi_outputs_open(&o, out, nmfi_study_subdirs), NMF_OK);
    testtmp_write(nmfi_outputs_path(&o, "W.npy"), "x\n", 2);
    nmfi_outputs_abort(&o);
    ck_assert(exists(out, "notes.txt"));
    ck_assert(!exists(out, "W.npy"));
    ck_assert(!exists(out, "report"));
    ck_assert_int_eq(count_named(out, "."), 1);
    /* A folder under a file cannot be made: an error, nothing made. */
    testtmp_path(out, sizeof out, "keep/notes.txt/sub");
    ck_assert_int_eq(nmfi_outputs_open(&o, out, NULL), NMF_E_IO);
    /* A path that cannot be made fails its writer with the error standing. */
    testtmp_path(out, sizeof out, "keep");
    ck_assert_int_eq(nmfi_outputs_open(&o, out, NULL), NMF_OK);
    ck_assert_ptr_null(nmfi_outputs_path(&o, "no/such/folder/x.npy"));
    ck_assert(strstr(nmf_last_error(), "no/such/folder/x.npy"));
    nmf_matrix *m = nmf_matrix_new(2, 2);
    ck_assert_int_ne(nmf_write_npy(NULL, m), NMF_OK);
    ck_assert(strstr(nmf_last_error(), "no/such/folder/x.npy"));
    nmf_matrix_free(m);
    nmfi_outputs_abort(&o);
}
END_TEST

START_TEST(transparent_stays_transparent_in_grids)
{
    /* Whatever a reconstruction puts at a pixel that is transparent in the
     * input, every grid draws it as background: alpha comes from the data,
     * not from the fit. */
    nmfi_image_set s = make_set(3);
    nmf_matrix *rec = nmf_matrix_new(36, 3);
    for (size_t j = 0; j < 3; j++)
        for (size_t i = 0; i < 36; i++)
            NMFI_AT(rec, i, j) = 0.9f;
    char path[1200];
    testtmp_path(path, sizeof path, "grid.png");
    ck_assert_int_eq(nmfi_fig_images(path, &s, rec), NMF_OK);
    nmfi_image g;
    ck_assert_int_eq(nmfi_png_read(path, &g), NMF_OK);
    nmfi_grid_style st;
    nmfi_grid_style_init(&st);
    for (size_t j = 0; j < 3; j++)
        for (size_t p = 0; p < 12; p++) {
            size_t x = p % 4, y = p / 4;
            /* centre of the pixel's scale x scale block in cell j */
            size_t gx = st.gap + j * (4 * st.scale + st.gap) + x * st.scale + 1;
            size_t gy = st.gap + y * st.scale + 1;
            float v = g.rgba[(gy * g.width + gx) * 4];
            float a = NMFI_AT(s.alpha, p, j);
            float want = a * 0.9f + (1 - a) * st.background;
            ck_assert_msg(fabsf(v - want) <= 1.0f / 255,
                          "image %zu pixel (%zu,%zu): %g, want %g", j, x, y,
                          (double)v, (double)want);
        }
    nmfi_image_free(&g);
    nmf_matrix_free(rec);
    nmfi_image_set_free(&s);
}
END_TEST

static Suite *make_study_suite(void)
{
    testtmp_init("check_study");
    Suite *s = suite_create("study");
    TCase *noise = tcase_create("noise");
    tcase_add_test(noise, noise_touches_only_visible_colour);
    tcase_add_test(noise, noise_has_the_asked_spread);
    tcase_add_test(noise, sigma_zero_is_the_identity_and_seed_reproduces);
    suite_add_tcase(s, noise);
    TCase *outputs = tcase_create("outputs");
    testtmp_add_fixtures(outputs);
    tcase_add_test(outputs, outputs_commit_everything);
    tcase_add_test(outputs, outputs_abort_leaves_nothing);
    suite_add_tcase(s, outputs);
    TCase *figures = tcase_create("figures");
    testtmp_add_fixtures(figures);
    tcase_add_test(figures, transparent_stays_transparent_in_grids);
    suite_add_tcase(s, figures);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_study_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
