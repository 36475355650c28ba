/* check_sprites.c -- the generated sprite set: same (count, seed) same bytes,
 * transparent background and black outline on every sprite, only the alpha
 * values the set promises, every CSV line equal to its pixels (each sprite
 * is its listed library parts layered in order), the library's order and
 * names, all-or-none output, and the committed data/ files. */
#include <config.h>

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/png.h"
#include "study/sprites.h"
#include "testtmp.h"
#include "testutil.h"

enum { T = NMFI_SPRITE_SIZE, SHEET_COLUMNS = 50, PARTS_COLUMNS = 10,
       FIELDS = 8 };

/* Pixels are 8-bit values v / 255 read back as floats: half a step apart
 * is certainly a different byte. */
#define TOL_BYTE (0.5 / 255.0)

/* ---- Helpers ------------------------------------------------------------ */

/* A path in the test's folder, in one of four rotating buffers so that one
 * call can take several. */
static const char *in_dir(const char *name)
{
    static char paths[4][1200];
    static int next;
    char *p = paths[next++ % 4];
    return testtmp_path(p, sizeof paths[0], name);
}

static void write_set(size_t count, uint64_t seed, const char *tag)
{
    char sheet[32], csv[32], parts[32];
    snprintf(sheet, sizeof sheet, "%s-sheet.png", tag);
    snprintf(csv, sizeof csv, "%s.csv", tag);
    snprintf(parts, sizeof parts, "%s-parts.png", tag);
    char *p[3] = {strdup(in_dir(sheet)), strdup(in_dir(csv)),
                  strdup(in_dir(parts))};
    nmf_status s = nmfi_sprites_write(count, seed, 0, p[0], p[1], p[2]);
    ck_assert_msg(s == NMF_OK, "nmfi_sprites_write: %s", nmf_last_error());
    for (int i = 0; i < 3; i++)
        free(p[i]);
}

static int same_bytes(const char *a, const char *b)
{
    size_t na, nb;
    unsigned char *x = testtmp_slurp(a, &na), *y = testtmp_slurp(b, &nb);
    int same = na == nb && !memcmp(x, y, na);
    free(x);
    free(y);
    return same;
}

static void read_png(const char *path, nmfi_image *img)
{
    nmf_status s = nmfi_png_read(path, img);
    ck_assert_msg(s == NMF_OK, "nmfi_png_read: %s", nmf_last_error());
}

/* Pixel (x, y) of tile i of a sheet `cols` tiles wide. */
static const float *tile_px(const nmfi_image *img, size_t cols, size_t i,
                            size_t x, size_t y)
{
    size_t px = i % cols * T + x, py = i / cols * T + y;
    return &img->rgba[(py * img->width + px) * 4];
}

static int same_px(const float *a, const float *b)
{
    for (int c = 0; c < 4; c++)
        if (fabs((double)a[c] - (double)b[c]) > TOL_BYTE)
            return 0;
    return 1;
}

/* The CSV as rows of FIELDS strings (pointers into *text). */
static size_t read_csv(const char *path, char **text, char *(**rows)[FIELDS])
{
    size_t len;
    *text = (char *)testtmp_slurp(path, &len);
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += (*text)[i] == '\n';
    *rows = malloc((lines + 1) * sizeof **rows);
    ck_assert_ptr_nonnull(*rows);
    size_t n = 0;
    for (char *line = *text, *end; *line; line = end + 1, n++) {
        end = strchr(line, '\n');
        ck_assert_msg(end != NULL, "%s: last line has no newline", path);
        *end = '\0';
        int f = 0;
        for (char *field = line;; f++) {
            ck_assert_msg(f < FIELDS, "%s line %zu: too many fields", path,
                          n + 1);
            (*rows)[n][f] = field;
            char *comma = strchr(field, ',');
            if (!comma)
                break;
            *comma = '\0';
            field = comma + 1;
        }
        ck_assert_msg(f == FIELDS - 1, "%s line %zu: %d fields", path, n + 1,
                      f + 1);
    }
    return n;
}

static size_t find_part(const nmfi_sprite_parts *lib, const char *name)
{
    for (size_t i = 0; i < lib->count; i++)
        if (!strcmp(lib->parts[i].name, name))
            return i;
    ck_abort_msg("no library part named %s", name);
    return 0;
}

/* "over" of non-premultiplied RGBA, as the generator layers parts. */
static void over(float *d, const float *s)
{
    double sa = s[3], under = d[3] * (1.0 - sa), total = sa + under;
    if (sa == 0.0)
        return;
    for (int c = 0; c < 3; c++)
        d[c] = (float)((s[c] * sa + d[c] * under) / total);
    d[3] = (float)total;
}

static void make_lib(nmfi_sprite_parts *lib)
{
    nmf_status s = nmfi_sprite_parts_make(lib);
    ck_assert_msg(s == NMF_OK, "nmfi_sprite_parts_make: %s", nmf_last_error());
}

/* ---- Determinism -------------------------------------------------------- */

START_TEST(test_same_seed_same_bytes)
{
    write_set(120, 7, "a");
    write_set(120, 7, "b");
    write_set(120, 8, "c");
    ck_assert(same_bytes(in_dir("a-sheet.png"), in_dir("b-sheet.png")));
    ck_assert(same_bytes(in_dir("a.csv"), in_dir("b.csv")));
    ck_assert(same_bytes(in_dir("a-parts.png"), in_dir("b-parts.png")));
    ck_assert(!same_bytes(in_dir("a-sheet.png"), in_dir("c-sheet.png")));
    ck_assert(!same_bytes(in_dir("a.csv"), in_dir("c.csv")));
    /* The library does not depend on the seed. */
    ck_assert(same_bytes(in_dir("a-parts.png"), in_dir("c-parts.png")));
}
END_TEST

/* A longer set starts with the shorter one: sprite i depends on the seed
 * and i only. */
START_TEST(test_prefix_stable)
{
    write_set(30, 3, "short");
    write_set(75, 3, "long");
    size_t ns, nl;
    char *s = (char *)testtmp_slurp(in_dir("short.csv"), &ns);
    char *l = (char *)testtmp_slurp(in_dir("long.csv"), &nl);
    ck_assert_uint_lt(ns, nl);
    ck_assert(!memcmp(s, l, ns));
    free(s);
    free(l);
}
END_TEST

/* ---- The sheet ---------------------------------------------------------- */

START_TEST(test_sheet_layout)
{
    write_set(120, 5, "s");
    nmfi_image img;
    read_png(in_dir("s-sheet.png"), &img);
    ck_assert_uint_eq(img.width, SHEET_COLUMNS * T);
    ck_assert_uint_eq(img.height, 3 * T);   /* ceil(120 / 50) rows */
    /* Tiles past the last sprite are fully transparent. */
    for (size_t i = 120; i < 3 * SHEET_COLUMNS; i++)
        for (size_t y = 0; y < T; y++)
            for (size_t x = 0; x < T; x++)
                for (int c = 0; c < 4; c++)
                    ck_assert_float_eq(tile_px(&img, SHEET_COLUMNS, i, x, y)[c],
                                       0.0f);
    nmfi_image_free(&img);
}
END_TEST

/* --columns: the same sprites in the same order, rows as wide as asked. */
START_TEST(test_sheet_columns)
{
    write_set(7, 5, "wide");
    char *sheet = strdup(in_dir("narrow-sheet.png"));
    char *csv = strdup(in_dir("narrow.csv")), *parts = strdup(in_dir("np.png"));
    nmf_status s = nmfi_sprites_write(7, 5, 3, sheet, csv, parts);
    ck_assert_msg(s == NMF_OK, "nmfi_sprites_write: %s", nmf_last_error());
    nmfi_image wide, narrow;
    read_png(in_dir("wide-sheet.png"), &wide);
    read_png(sheet, &narrow);
    ck_assert_uint_eq(wide.width, 7 * T);   /* never wider than the count */
    ck_assert_uint_eq(wide.height, T);
    ck_assert_uint_eq(narrow.width, 3 * T);
    ck_assert_uint_eq(narrow.height, 3 * T);
    for (size_t i = 0; i < 7; i++)
        for (size_t y = 0; y < T; y++)
            for (size_t x = 0; x < T; x++)
                ck_assert(same_px(tile_px(&wide, 7, i, x, y),
                                  tile_px(&narrow, 3, i, x, y)));
    nmfi_image_free(&wide);
    nmfi_image_free(&narrow);
    free(sheet);
    free(csv);
    free(parts);
}
END_TEST

START_TEST(test_background_outline_alpha)
{
    enum { N = 200 };
    write_set(N, 11, "s");
    nmfi_image img;
    read_png(in_dir("s-sheet.png"), &img);
    for (size_t i = 0; i < N; i++) {
        static const size_t corner[4][2] = {{0, 0}, {T - 1, 0}, {0, T - 1},
                                            {T - 1, T - 1}};
        for (int k = 0; k < 4; k++) {
            const float *p = tile_px(&img, SHEET_COLUMNS, i, corner[k][0],
                                     corner[k][1]);
            ck_assert_msg(p[0] == 0.0f && p[1] == 0.0f && p[2] == 0.0f
                          && p[3] == 0.0f, "sprite %zu: corner %d not clear",
                          i, k);
        }
        int outline = 0;
        for (size_t y = 0; y < T; y++)
            for (size_t x = 0; x < T; x++) {
                const float *p = tile_px(&img, SHEET_COLUMNS, i, x, y);
                double a255 = p[3] * 255.0;
                ck_assert_msg(fabs(a255) < 1e-3 || fabs(a255 - 128) < 1e-3
                              || fabs(a255 - 255) < 1e-3,
                              "sprite %zu (%zu, %zu): alpha %g * 255", i, x,
                              y, a255);
                if (p[3] == 0.0f)
                    ck_assert_msg(p[0] == 0.0f && p[1] == 0.0f
                                  && p[2] == 0.0f, "sprite %zu (%zu, %zu):"
                                  " transparent but not black", i, x, y);
                outline |= p[3] == 1.0f && p[0] == 0.0f && p[1] == 0.0f
                           && p[2] == 0.0f;
            }
        ck_assert_msg(outline, "sprite %zu: no black outline pixel", i);
    }
    nmfi_image_free(&img);
}
END_TEST

/* Every sprite is exactly its CSV parts, layered base, beard, mouth item,
 * eyes, hair or hat, earring; and two fixed pixels say the same directly. */
START_TEST(test_csv_matches_pixels)
{
    enum { N = 300 };
    static const char *const header[FIELDS] = {
        "index", "head", "skin", "hair", "eyes", "mouth", "beard", "earring"};
    static const int layers[] = {6, 5, 4, 3, 7};  /* CSV column, in order */
    write_set(N, 2, "s");
    nmfi_image img;
    read_png(in_dir("s-sheet.png"), &img);
    nmfi_sprite_parts lib;
    make_lib(&lib);
    char *text;
    char *(*rows)[FIELDS];
    size_t lines = read_csv(in_dir("s.csv"), &text, &rows);
    ck_assert_uint_eq(lines, N + 1);
    for (int f = 0; f < FIELDS; f++)
        ck_assert_str_eq(rows[0][f], header[f]);

    const nmfi_image *mohawk = &lib.parts[find_part(&lib, "hair/mohawk")].image;
    const nmfi_image *gold = &lib.parts[find_part(&lib, "earring/gold")].image;
    const float *mohawk_px = &mohawk->rgba[(1 * T + 11) * 4];
    const float *gold_px = &gold->rgba[(13 * T + 5) * 4];
    ck_assert_float_eq(mohawk_px[3], 1.0f);
    ck_assert_float_eq(gold_px[3], 1.0f);
    int seen_mohawk = 0, seen_gold = 0;

    for (size_t i = 0; i < N; i++) {
        char *const *r = rows[i + 1];
        char name[128];
        snprintf(name, sizeof name, "%zu", i);
        ck_assert_str_eq(r[0], name);
        float want[T * T * 4];
        snprintf(name, sizeof name, "head/%s/%s", r[1], r[2]);
        memcpy(want, lib.parts[find_part(&lib, name)].image.rgba, sizeof want);
        for (size_t l = 0; l < sizeof layers / sizeof layers[0]; l++) {
            const char *v = r[layers[l]];
            if (!strcmp(v, "none"))
                continue;
            snprintf(name, sizeof name, "%s/%s", header[layers[l]], v);
            const float *p = lib.parts[find_part(&lib, name)].image.rgba;
            for (size_t k = 0; k < T * T; k++)
                over(&want[k * 4], &p[k * 4]);
        }
        for (size_t y = 0; y < T; y++)
            for (size_t x = 0; x < T; x++)
                ck_assert_msg(same_px(tile_px(&img, SHEET_COLUMNS, i, x, y),
                                      &want[(y * T + x) * 4]),
                              "sprite %zu (%zu, %zu) is not its CSV parts",
                              i, x, y);

        int has = !strcmp(r[3], "mohawk");
        ck_assert_int_eq(same_px(tile_px(&img, SHEET_COLUMNS, i, 11, 1),
                                 mohawk_px), has);
        seen_mohawk += has;
        has = !strcmp(r[7], "gold");
        ck_assert(has || !strcmp(r[7], "none"));
        ck_assert_int_eq(same_px(tile_px(&img, SHEET_COLUMNS, i, 5, 13),
                                 gold_px), has);
        seen_gold += has;
    }
    /* Both cases of both probes were exercised. */
    ck_assert_int_gt(seen_mohawk, 0);
    ck_assert_int_lt(seen_mohawk, N);
    ck_assert_int_gt(seen_gold, 0);
    ck_assert_int_lt(seen_gold, N);
    free(rows);
    free(text);
    nmfi_sprite_parts_free(&lib);
    nmfi_image_free(&img);
}
END_TEST

/* ---- The library -------------------------------------------------------- */

START_TEST(test_library_order)
{
    static const struct { size_t index; const char *name; } fixed[] = {
        {0, "head/round/light"},
        {1, "head/round/tan"},
        {3, "head/round/zombie"},
        {5, "head/square/light"},
        {14, "head/long/alien"},
        {15, "hair/cap"},
        {16, "hair/mohawk"},
        {21, "eyes/shades"},
        {25, "eyes/visor"},
        {26, "mouth/pipe"},
        {29, "beard/full"},
        {32, "earring/gold"},
    };
    nmfi_sprite_parts lib;
    make_lib(&lib);
    ck_assert_uint_eq(lib.count, 33);
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
        ck_assert_str_eq(lib.parts[fixed[k].index].name, fixed[k].name);
    nmfi_sprite_parts_free(&lib);
    ck_assert_uint_eq(lib.count, 0);
    ck_assert_ptr_null(lib.parts);
}
END_TEST

START_TEST(test_library_parts)
{
    nmfi_sprite_parts lib;
    make_lib(&lib);
    for (size_t i = 0; i < lib.count; i++) {
        const nmfi_image *a = &lib.parts[i].image;
        ck_assert_uint_eq(a->width, T);
        ck_assert_uint_eq(a->height, T);
        int visible = 0, outline = 0;
        for (size_t k = 0; k < T * T; k++) {
            const float *p = &a->rgba[k * 4];
            visible |= p[3] > 0.0f;
            outline |= p[3] == 1.0f && p[0] + p[1] + p[2] == 0.0f;
            if (p[3] == 0.0f)
                ck_assert(p[0] == 0.0f && p[1] == 0.0f && p[2] == 0.0f);
        }
        ck_assert_msg(visible, "%s is empty", lib.parts[i].name);
        /* Heads carry the outline; parts bring their own colours. */
        int head = !strncmp(lib.parts[i].name, "head/", 5);
        ck_assert_msg(outline == head, "%s: outline %d", lib.parts[i].name,
                      outline);
        for (size_t j = 0; j < i; j++) {
            const nmfi_image *b = &lib.parts[j].image;
            ck_assert_str_ne(lib.parts[i].name, lib.parts[j].name);
            ck_assert_msg(memcmp(a->rgba, b->rgba, T * T * 4 * sizeof(float)),
                          "%s and %s are the same image", lib.parts[i].name,
                          lib.parts[j].name);
        }
    }
    nmfi_sprite_parts_free(&lib);
}
END_TEST

START_TEST(test_parts_sheet)
{
    write_set(1, 1, "s");
    nmfi_image img;
    read_png(in_dir("s-parts.png"), &img);
    nmfi_sprite_parts lib;
    make_lib(&lib);
    size_t rows = (lib.count + PARTS_COLUMNS - 1) / PARTS_COLUMNS;
    ck_assert_uint_eq(img.width, PARTS_COLUMNS * T);
    ck_assert_uint_eq(img.height, rows * T);
    for (size_t i = 0; i < rows * PARTS_COLUMNS; i++)
        for (size_t y = 0; y < T; y++)
            for (size_t x = 0; x < T; x++) {
                static const float clear[4] = {0};
                const float *want = i < lib.count
                    ? &lib.parts[i].image.rgba[(y * T + x) * 4] : clear;
                ck_assert_msg(same_px(tile_px(&img, PARTS_COLUMNS, i, x, y),
                                      want), "parts tile %zu (%zu, %zu)", i,
                              x, y);
            }
    nmfi_sprite_parts_free(&lib);
    nmfi_image_free(&img);
}
END_TEST

/* ---- Errors: all or none ------------------------------------------------ */

START_TEST(test_all_or_none)
{
    char *sheet = strdup(in_dir("sheet.png")), *csv = strdup(in_dir("s.csv"));
    char *parts = strdup(in_dir("no-such-folder/parts.png"));
    nmf_status s = nmfi_sprites_write(10, 1, 0, sheet, csv, parts);
    ck_assert_int_eq(s, NMF_E_IO);
    ck_assert_ptr_nonnull(strstr(nmf_last_error(), "no-such-folder"));
    ck_assert_uint_eq(testtmp_count_entries(testtmp_dir()), 0);

    s = nmfi_sprites_write(0, 1, 0, sheet, csv, parts);
    ck_assert_int_eq(s, NMF_E_INVAL);
    s = nmfi_sprites_write(10, 1, 0, sheet, csv, sheet);
    ck_assert_int_eq(s, NMF_E_INVAL);
    ck_assert_uint_eq(testtmp_count_entries(testtmp_dir()), 0);
    free(sheet);
    free(csv);
    free(parts);
}
END_TEST

/* ---- The committed data ------------------------------------------------- */

/* data/ holds exactly `nmfkit sprites -o data/sprites.png` (2000, seed 1).
 * The CLI test compares bytes; this compares pixels, which holds even where
 * another zlib would compress the same pixels differently. */
START_TEST(test_committed_data)
{
    const char *top = getenv("top_srcdir");
    if (!top)
        return;
    char path[4096];
    write_set(2000, 1, "s");
    snprintf(path, sizeof path, "%s/data/sprites.csv", top);
    ck_assert(same_bytes(path, in_dir("s.csv")));
    static const char *const pngs[2][2] = {{"sprites.png", "s-sheet.png"},
                                           {"sprite-parts.png", "s-parts.png"}};
    for (int k = 0; k < 2; k++) {
        nmfi_image a, b;
        snprintf(path, sizeof path, "%s/data/%s", top, pngs[k][0]);
        read_png(path, &a);
        read_png(in_dir(pngs[k][1]), &b);
        ck_assert_uint_eq(a.width, b.width);
        ck_assert_uint_eq(a.height, b.height);
        ck_assert_msg(!memcmp(a.rgba, b.rgba,
                              a.width * a.height * 4 * sizeof(float)),
                      "data/%s: pixels differ from a fresh run", pngs[k][0]);
        nmfi_image_free(&a);
        nmfi_image_free(&b);
    }
}
END_TEST

static Suite *make_sprites_suite(void)
{
    testtmp_init("check_sprites");
    Suite *s = suite_create("sprites");

    TCase *tc = tcase_create("determinism");
    testtmp_add_fixtures(tc);
    tcase_add_test(tc, test_same_seed_same_bytes);
    tcase_add_test(tc, test_prefix_stable);
    suite_add_tcase(s, tc);

    tc = tcase_create("sheet");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, 60);   /* valgrind */
    tcase_add_test(tc, test_sheet_layout);
    tcase_add_test(tc, test_sheet_columns);
    tcase_add_test(tc, test_background_outline_alpha);
    tcase_add_test(tc, test_csv_matches_pixels);
    suite_add_tcase(s, tc);

    tc = tcase_create("library");
    testtmp_add_fixtures(tc);
    tcase_add_test(tc, test_library_order);
    tcase_add_test(tc, test_library_parts);
    tcase_add_test(tc, test_parts_sheet);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    testtmp_add_fixtures(tc);
    tcase_add_test(tc, test_all_or_none);
    suite_add_tcase(s, tc);

    /* 2000 sprites through deflate level 9: slow under valgrind. */
    tc = tcase_create("data");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_committed_data);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_sprites_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
