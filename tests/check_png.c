/* check_png.c -- Check suite for src/io/png.c and src/study/imageset.c.
 *
 * Every colour type and bit depth is written here with libpng itself from
 * known integer samples and must read back as sample / (2^depth - 1);
 * nmfkit's writer must round-trip multiples of 1/255 exactly and give the
 * same bytes every time; damaged files must fail with one line naming the
 * file. Image sets are cut from a sheet whose every pixel is known, and
 * loaded from folders with decoys beside the PNGs. All files live in a
 * mkdtemp folder that the fixtures remove. */
#include <config.h>

#include <check.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/png.h"
#include "nmfkit.h"
#include "study/imageset.h"
#include "testtmp.h"
#include "testutil.h"

/* ---- Helpers ------------------------------------------------------------ */


static void assert_read_fails(const char *path, nmf_status want,
                              const char *word)
{
    nmfi_image img = { 0 };
    nmf_status s = nmfi_png_read(path, &img);
    testtmp_assert_error(s, want, path, word, NULL);
    ck_assert_ptr_null(img.rgba);
    ck_assert_uint_eq(img.width, 0);
    ck_assert_uint_eq(img.height, 0);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8
         | p[3];
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* The CRC-32 of PNG chunks, bit by bit: enough to forge a chunk whose
 * damage is past the CRC check. */
static uint32_t crc32_png(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t k = 0; k < n; k++) {
        c ^= p[k];
        for (int b = 0; b < 8; b++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xffffffffu;
}

/* Offset of the first chunk of the given type (its length field), or 0. */
static size_t find_chunk(const unsigned char *b, size_t len, const char *type)
{
    size_t at = 8;
    while (at + 8 <= len) {
        if (memcmp(b + at + 4, type, 4) == 0)
            return at;
        at += 12 + be32(b + at);
    }
    return 0;
}

/* ---- Writing test files with libpng itself ------------------------------ */

typedef struct raw_png {
    size_t w, h;
    int type, depth, interlace;
    const unsigned *samples;      /* w * h * channels, row-major        */
    const png_color *palette;
    int npal;
    const png_byte *trans;        /* palette alpha, ntrans entries      */
    int ntrans;
    int has_trans_color;          /* gray/RGB tRNS colour               */
    png_color_16 trans_color;
} raw_png;

static int channels_of(int type)
{
    switch (type) {
    case PNG_COLOR_TYPE_GRAY:       return 1;
    case PNG_COLOR_TYPE_GRAY_ALPHA: return 2;
    case PNG_COLOR_TYPE_RGB:        return 3;
    case PNG_COLOR_TYPE_RGB_ALPHA:  return 4;
    default:                        return 1;  /* palette index */
    }
}

/* Samples packed as the PNG format stores them: below 8 bits several per
 * byte, leftmost pixel in the high bits; 16 bits big-endian. */
static void pack_rows(const raw_png *r, unsigned char *rows, size_t rowbytes)
{
    size_t nc = (size_t)channels_of(r->type);
    memset(rows, 0, rowbytes * r->h);
    for (size_t y = 0; y < r->h; y++) {
        unsigned char *row = rows + y * rowbytes;
        for (size_t k = 0; k < r->w * nc; k++) {
            unsigned s = r->samples[y * r->w * nc + k];
            if (r->depth == 16) {
                row[2 * k] = (unsigned char)(s >> 8);
                row[2 * k + 1] = (unsigned char)s;
            } else if (r->depth == 8) {
                row[k] = (unsigned char)s;
            } else {
                size_t bit = k * (size_t)r->depth;
                row[bit / 8] |= (unsigned char)(s << (8 - r->depth - bit % 8));
            }
        }
    }
}

static void write_raw_png(const char *path, const raw_png *r)
{
    size_t nc = (size_t)channels_of(r->type);
    size_t rowbytes = (r->w * nc * (size_t)r->depth + 7) / 8;
    unsigned char *rows = malloc(rowbytes * r->h);
    png_bytep *ptrs = malloc(r->h * sizeof *ptrs);
    ck_assert(rows && ptrs);
    pack_rows(r, rows, rowbytes);
    for (size_t y = 0; y < r->h; y++)
        ptrs[y] = rows + y * rowbytes;

    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
                                              NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    ck_assert(png && info);
    if (setjmp(png_jmpbuf(png)))
        ck_abort_msg("libpng failed to write %s", path);
    png_init_io(png, fp);
    png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    png_set_IHDR(png, info, (png_uint_32)r->w, (png_uint_32)r->h, r->depth,
                 r->type, r->interlace, PNG_COMPRESSION_TYPE_BASE,
                 PNG_FILTER_TYPE_BASE);
    if (r->palette)
        png_set_PLTE(png, info, r->palette, r->npal);
    if (r->trans || r->has_trans_color)
        png_set_tRNS(png, info, r->trans, r->ntrans,
                     r->has_trans_color ? &r->trans_color : NULL);
    png_write_info(png, info);
    png_write_image(png, ptrs);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    ck_assert_int_eq(fclose(fp), 0);
    free(rows);
    free(ptrs);
}

/* ---- Reading every colour type and depth -------------------------------- */

#define G PNG_COLOR_TYPE_GRAY
#define GA PNG_COLOR_TYPE_GRAY_ALPHA
#define RGB PNG_COLOR_TYPE_RGB
#define RGBA PNG_COLOR_TYPE_RGB_ALPHA
#define PAL PNG_COLOR_TYPE_PALETTE
#define ADAM7 PNG_INTERLACE_ADAM7

static const struct png_case {
    int type, depth, interlace, trns;
    size_t w, h;
} png_cases[] = {
    { G, 1, 0, 0, 7, 5 }, { G, 2, 0, 0, 7, 5 }, { G, 4, 0, 0, 7, 5 },
    { G, 8, 0, 0, 7, 5 }, { G, 16, 0, 0, 7, 5 },
    { G, 2, 0, 1, 7, 5 }, { G, 8, 0, 1, 7, 5 }, { G, 16, 0, 1, 7, 5 },
    { GA, 8, 0, 0, 7, 5 }, { GA, 16, 0, 0, 7, 5 },
    { RGB, 8, 0, 0, 7, 5 }, { RGB, 16, 0, 0, 7, 5 },
    { RGB, 8, 0, 1, 7, 5 }, { RGB, 16, 0, 1, 7, 5 },
    { RGBA, 8, 0, 0, 7, 5 }, { RGBA, 16, 0, 0, 7, 5 },
    { PAL, 1, 0, 0, 7, 5 }, { PAL, 2, 0, 0, 7, 5 }, { PAL, 4, 0, 0, 7, 5 },
    { PAL, 8, 0, 0, 7, 5 },
    { PAL, 1, 0, 1, 7, 5 }, { PAL, 2, 0, 1, 7, 5 }, { PAL, 4, 0, 1, 7, 5 },
    { PAL, 8, 0, 1, 7, 5 },
    /* Adam7 leaves passes empty on tiny images; 13 x 11 fills them all. */
    { RGBA, 16, ADAM7, 0, 13, 11 }, { PAL, 4, ADAM7, 1, 13, 11 },
    { G, 1, ADAM7, 0, 13, 11 }, { RGB, 8, ADAM7, 1, 1, 1 },
};

static const char *type_name(int type)
{
    switch (type) {
    case G:    return "gray";
    case GA:   return "gray+alpha";
    case RGB:  return "RGB";
    case RGBA: return "RGBA";
    default:   return "palette";
    }
}

START_TEST(test_read_color_types)
{
    const struct png_case *pc = &png_cases[_i];
    size_t nc = (size_t)channels_of(pc->type), npix = pc->w * pc->h;
    unsigned max = pc->type == PAL ? 255u : (1u << pc->depth) - 1;
    /* Palettes of full size below 8 bits; 200 of 256 entries at 8 bits,
     * and tRNS for only the first half (the rest must read opaque). */
    int npal = pc->type != PAL ? 0 : pc->depth == 8 ? 200 : 1 << pc->depth;
    unsigned top = pc->type == PAL ? (unsigned)npal - 1 : max;
    int ntrans = npal / 2 + 1;
    png_color palette[256];
    png_byte trans[256];
    for (int k = 0; k < npal; k++) {
        palette[k].red = (png_byte)(k * 37 + 11);
        palette[k].green = (png_byte)(k * 101 + 7);
        palette[k].blue = (png_byte)(255 - k);
        trans[k] = (png_byte)(k * 53);
    }

    unsigned *samples = malloc(npix * nc * sizeof *samples);
    ck_assert_ptr_nonnull(samples);
    uint64_t seed = 1000 + (uint64_t)_i;
    for (size_t k = 0; k < npix * nc; k++)
        samples[k] = (unsigned)(test_uniform(&seed) * (top + 1));
    /* The extremes, wherever the random draw left them out. */
    for (size_t c = 0; c < nc; c++) {
        samples[c] = 0;
        if (npix > 1)
            samples[nc + c] = top;
    }
    raw_png r = { .w = pc->w, .h = pc->h, .type = pc->type,
                  .depth = pc->depth, .interlace = pc->interlace,
                  .samples = samples };
    if (pc->type == PAL) {
        r.palette = palette;
        r.npal = npal;
        if (pc->trns) {
            r.trans = trans;
            r.ntrans = ntrans;
        }
    } else if (pc->trns) {
        /* The colour of the last pixel, so at least one pixel matches. */
        const unsigned *t = samples + (npix - 1) * nc;
        r.has_trans_color = 1;
        r.trans_color.gray = (png_uint_16)t[0];
        if (pc->type == RGB) {
            r.trans_color.red = (png_uint_16)t[0];
            r.trans_color.green = (png_uint_16)t[1];
            r.trans_color.blue = (png_uint_16)t[2];
        }
    }
    char path[1024];
    testtmp_path(path, sizeof path, "case.png");
    write_raw_png(path, &r);

    nmfi_image img;
    nmf_status s = nmfi_png_read(path, &img);
    ck_assert_msg(s == NMF_OK, "%s", nmf_last_error());
    ck_assert_uint_eq(img.width, pc->w);
    ck_assert_uint_eq(img.height, pc->h);
    size_t transparent = 0;
    for (size_t p = 0; p < npix; p++) {
        const unsigned *sm = samples + p * nc;
        float want[4];
        if (pc->type == PAL) {
            const png_color *e = &palette[sm[0]];
            want[0] = (float)e->red / 255.0f;
            want[1] = (float)e->green / 255.0f;
            want[2] = (float)e->blue / 255.0f;
            want[3] = pc->trns && (int)sm[0] < ntrans
                    ? (float)trans[sm[0]] / 255.0f : 1.0f;
        } else {
            for (size_t c = 0; c < 3; c++)
                want[c] = (float)sm[nc >= 3 ? c : 0] / (float)max;
            want[3] = nc == 2 || nc == 4 ? (float)sm[nc - 1] / (float)max
                                         : 1.0f;
            if (pc->trns) {
                const unsigned *t = samples + (npix - 1) * nc;
                if (memcmp(sm, t, nc * sizeof *sm) == 0)
                    want[3] = 0.0f;
            }
        }
        transparent += want[3] == 0.0f;
        for (size_t c = 0; c < 4; c++)
            ck_assert_msg(img.rgba[p * 4 + c] == want[c],
                          "%s %d-bit%s: pixel (%zu, %zu) channel %zu: got "
                          "%.9g, want %.9g", type_name(pc->type), pc->depth,
                          pc->interlace ? " interlaced" : "", p % pc->w,
                          p / pc->w, c, (double)img.rgba[p * 4 + c],
                          (double)want[c]);
    }
    if (pc->trns && pc->type != PAL)
        ck_assert_uint_gt(transparent, 0);
    nmfi_image_free(&img);
    free(samples);
}
END_TEST

/* libpng refuses more than 10^6 pixels per side unless told otherwise. */
START_TEST(test_read_wide)
{
    const size_t w = 1000003;
    unsigned *samples = malloc(w * sizeof *samples);
    ck_assert_ptr_nonnull(samples);
    for (size_t x = 0; x < w; x++)
        samples[x] = (x % 3) == 1;
    raw_png r = { .w = w, .h = 1, .type = G, .depth = 1,
                  .samples = samples };
    char path[1024];
    write_raw_png(testtmp_path(path, sizeof path, "wide.png"), &r);
    nmfi_image img;
    nmf_status s = nmfi_png_read(path, &img);
    ck_assert_msg(s == NMF_OK, "%s", nmf_last_error());
    ck_assert_uint_eq(img.width, w);
    ck_assert_uint_eq(img.height, 1);
    for (size_t x = w - 4; x < w; x++) {
        ck_assert(img.rgba[x * 4] == (float)samples[x]);
        ck_assert(img.rgba[x * 4 + 3] == 1.0f);
    }
    nmfi_image_free(&img);
    free(samples);
}
END_TEST

/* ---- nmfkit's writer ---------------------------------------------------- */

static void fill_levels(nmfi_image *img, uint64_t seed)
{
    for (size_t k = 0; k < img->width * img->height * 4; k++)
        img->rgba[k] = (float)(unsigned)(test_uniform(&seed) * 256) / 255.0f;
    img->rgba[0] = 0.0f;
    img->rgba[1] = 1.0f;
}

START_TEST(test_write_roundtrip)
{
    nmfi_image img;
    ck_assert_int_eq(nmfi_image_new(&img, 7, 5), NMF_OK);
    fill_levels(&img, 77);
    char path[1024];
    for (int with_alpha = 0; with_alpha <= 1; with_alpha++) {
        testtmp_path(path, sizeof path, with_alpha ? "rgba.png" : "rgb.png");
        ck_assert_int_eq(nmfi_png_write(path, &img, with_alpha), NMF_OK);
        nmfi_image back;
        ck_assert_int_eq(nmfi_png_read(path, &back), NMF_OK);
        ck_assert_uint_eq(back.width, 7);
        ck_assert_uint_eq(back.height, 5);
        for (size_t k = 0; k < 7 * 5 * 4; k++) {
            float want = with_alpha || k % 4 != 3 ? img.rgba[k] : 1.0f;
            ck_assert_msg(back.rgba[k] == want, "%s: value %zu: got %.9g, "
                          "want %.9g", path, k, (double)back.rgba[k],
                          (double)want);
        }
        nmfi_image_free(&back);

        /* The colour type in IHDR (byte 25) says which was written. */
        size_t len;
        unsigned char *b = testtmp_slurp(path, &len);
        ck_assert_int_eq(b[24], 8);
        ck_assert_int_eq(b[25], with_alpha ? 6 : 2);
        free(b);
    }
    ck_assert_int_eq(testtmp_count_entries(testtmp_dir()), 2);
    nmfi_image_free(&img);
}
END_TEST

static const struct clip_case {
    float v;
    unsigned want;
} clip_cases[] = {
    { 0.0f, 0 }, { -0.0f, 0 }, { -1.0f, 0 }, { -INFINITY, 0 }, { NAN, 0 },
    { 1.0f, 255 }, { 1.5f, 255 }, { INFINITY, 255 }, { 1e30f, 255 },
    { 0.3f / 255, 0 }, { 0.7f / 255, 1 }, { 100.4f / 255, 100 },
    { 100.6f / 255, 101 }, { 254.4f / 255, 254 }, { 254.6f / 255, 255 },
    { 0.5f, 128 }, { 1e-30f, 0 },
};

START_TEST(test_write_clips_and_rounds)
{
    size_t n = sizeof clip_cases / sizeof clip_cases[0];
    nmfi_image img;
    ck_assert_int_eq(nmfi_image_new(&img, n, 1), NMF_OK);
    for (size_t x = 0; x < n; x++)
        for (size_t c = 0; c < 4; c++)
            img.rgba[x * 4 + c] = clip_cases[x].v;
    char path[1024];
    testtmp_path(path, sizeof path, "clip.png");
    ck_assert_int_eq(nmfi_png_write(path, &img, 1), NMF_OK);
    nmfi_image back;
    ck_assert_int_eq(nmfi_png_read(path, &back), NMF_OK);
    for (size_t x = 0; x < n; x++)
        for (size_t c = 0; c < 4; c++)
            ck_assert_msg(back.rgba[x * 4 + c]
                          == (float)clip_cases[x].want / 255.0f,
                          "%.9g (case %zu) came back as %.9g, want %u/255",
                          (double)clip_cases[x].v, x,
                          (double)back.rgba[x * 4 + c], clip_cases[x].want);
    nmfi_image_free(&back);
    nmfi_image_free(&img);
}
END_TEST

/* Same pixels, same bytes; and nothing in the file but the image itself. */
START_TEST(test_write_deterministic)
{
    nmfi_image img;
    ck_assert_int_eq(nmfi_image_new(&img, 13, 9), NMF_OK);
    fill_levels(&img, 5);
    char p1[1024], p2[1024];
    testtmp_path(p1, sizeof p1, "1.png");
    testtmp_path(p2, sizeof p2, "2.png");
    ck_assert_int_eq(nmfi_png_write(p1, &img, 1), NMF_OK);
    ck_assert_int_eq(nmfi_png_write(p2, &img, 1), NMF_OK);
    size_t n1, n2;
    unsigned char *b1 = testtmp_slurp(p1, &n1), *b2 = testtmp_slurp(p2, &n2);
    ck_assert_uint_eq(n1, n2);
    ck_assert(memcmp(b1, b2, n1) == 0);
    for (size_t at = 8; at < n1; at += 12 + be32(b1 + at)) {
        const char *t = (const char *)b1 + at + 4;
        ck_assert_msg(memcmp(t, "IHDR", 4) == 0 || memcmp(t, "IDAT", 4) == 0
                      || memcmp(t, "IEND", 4) == 0, "chunk %.4s written", t);
    }
    free(b1);
    free(b2);
    nmfi_image_free(&img);
}
END_TEST

START_TEST(test_write_errors)
{
    nmfi_image img;
    ck_assert_int_eq(nmfi_image_new(&img, 64, 64), NMF_OK);
    fill_levels(&img, 9);
    char path[1024];
    testtmp_path(path, sizeof path, "missing/out.png");
    testtmp_assert_error(nmfi_png_write(path, &img, 1), NMF_E_IO, path,
                 "No such file or directory", NULL);
    ck_assert_int_eq(testtmp_count_entries(testtmp_dir()), 0);

    /* A stream that takes no byte. */
    FILE *fp = fopen("/dev/full", "wb");
    if (fp) {
        testtmp_assert_error(nmfi_png_write_fp(fp, &img, 1, "full.png"), NMF_E_IO,
                     "full.png", "write failed", NULL);
        fclose(fp);
    }

    nmfi_image empty = { 0 };
    testtmp_path(path, sizeof path, "empty.png");
    testtmp_assert_error(nmfi_png_write(path, &empty, 1), NMF_E_INVAL, path, "empty",
                 NULL);
    ck_assert_int_eq(testtmp_count_entries(testtmp_dir()), 0);
    nmfi_image_free(&img);
}
END_TEST

START_TEST(test_image_new)
{
    nmfi_image img;
    ck_assert_int_eq(nmfi_image_new(&img, 3, 2), NMF_OK);
    for (size_t k = 0; k < 3 * 2 * 4; k++)
        ck_assert(img.rgba[k] == 0.0f);
    nmfi_image_free(&img);
    ck_assert_ptr_null(img.rgba);
    nmfi_image_free(&img);  /* safe twice, and on a zeroed struct */

    ck_assert_int_eq(nmfi_image_new(&img, 0, 5), NMF_E_INVAL);
    ck_assert_ptr_null(img.rgba);
    ck_assert_int_eq(nmfi_image_new(&img, (size_t)1 << 20, (size_t)1 << 12),
                     NMF_E_INVAL);
    ck_assert_ptr_null(img.rgba);
    ck_assert_int_eq(nmfi_image_new(&img, SIZE_MAX, SIZE_MAX), NMF_E_INVAL);
}
END_TEST

/* ---- Damaged and foreign files ------------------------------------------ */

/* A valid 8-bit RGBA file, larger than one stdio buffer read would hide. */
static unsigned char *good_png(size_t *len)
{
    nmfi_image img;
    ck_assert_int_eq(nmfi_image_new(&img, 31, 17), NMF_OK);
    fill_levels(&img, 123);
    char path[1024];
    ck_assert_int_eq(nmfi_png_write(testtmp_path(path, sizeof path, "good.png"),
                                    &img, 1), NMF_OK);
    nmfi_image_free(&img);
    unsigned char *b = testtmp_slurp(path, len);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_uint_gt(*len, 200);
    return b;
}

START_TEST(test_bad_missing_empty_text)
{
    char path[1024];
    assert_read_fails(testtmp_path(path, sizeof path, "nope.png"), NMF_E_IO,
                      "No such file or directory");
    testtmp_write(testtmp_path(path, sizeof path, "empty.png"), "", 0);
    assert_read_fails(path, NMF_E_FORMAT, "empty");
    const char *text = "P3\n2 2\n255\n0 0 0 255 255 255\n";
    testtmp_path(path, sizeof path, "text.png");
    testtmp_write(path, text, strlen(text));
    assert_read_fails(path, NMF_E_FORMAT, "not a PNG");
    /* Three bytes of a real signature, then nothing. */
    testtmp_write(testtmp_path(path, sizeof path, "sig3.png"), "\x89PN", 3);
    assert_read_fails(path, NMF_E_FORMAT, "truncated");
    /* A folder is not a file. */
    assert_read_fails(testtmp_dir(), NMF_E_IO, "read failed");
}
END_TEST

START_TEST(test_bad_truncated)
{
    size_t len;
    unsigned char *b = good_png(&len);
    size_t idat = find_chunk(b, len, "IDAT");
    ck_assert_uint_eq(idat, 33);
    size_t idat_len = be32(b + idat);
    /* Signature only; inside IHDR; header only (IHDR complete); inside
     * the IDAT length/type; mid-IDAT data; IDAT without CRC; no IEND;
     * IEND without its CRC. */
    const size_t cuts[] = {
        8, 20, 33, 37, 41 + idat_len / 2, 41 + idat_len, len - 12, len - 1
    };
    char path[1024];
    testtmp_path(path, sizeof path, "cut.png");
    for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
        testtmp_write(path, b, cuts[k]);
        assert_read_fails(path, NMF_E_FORMAT, "truncated");
    }
    free(b);
}
END_TEST

START_TEST(test_bad_corrupt)
{
    size_t len;
    unsigned char *b = good_png(&len);
    size_t idat = find_chunk(b, len, "IDAT");
    char path[1024];
    testtmp_path(path, sizeof path, "bad.png");

    /* A damaged IHDR (its CRC no longer matches). */
    b[20] ^= 0x40;
    testtmp_write(path, b, len);
    assert_read_fails(path, NMF_E_FORMAT, "CRC");
    b[20] ^= 0x40;

    /* A damaged IDAT byte: zlib may see it before the chunk's CRC is. */
    b[idat + 8 + 10] ^= 0xff;
    testtmp_write(path, b, len);
    assert_read_fails(path, NMF_E_FORMAT, "corrupt PNG: IDAT");
    b[idat + 8 + 10] ^= 0xff;

    /* A damaged CRC of an intact IDAT. */
    size_t idat_crc = idat + 8 + be32(b + idat);
    b[idat_crc] ^= 0x01;
    testtmp_write(path, b, len);
    assert_read_fails(path, NMF_E_FORMAT, "IDAT: CRC error");
    b[idat_crc] ^= 0x01;

    /* A damaged zlib header behind a forged, valid CRC: zlib's own error. */
    size_t n = be32(b + idat);
    b[idat + 8] = 0x00;
    put_be32(b + idat + 8 + n, crc32_png(b + idat + 4, n + 4));
    testtmp_write(path, b, len);
    assert_read_fails(path, NMF_E_FORMAT, "corrupt PNG");

    /* A bad bit depth in a forged IHDR. */
    free(b);
    b = good_png(&len);
    b[24] = 3;
    put_be32(b + 29, crc32_png(b + 12, 17));
    testtmp_write(path, b, len);
    assert_read_fails(path, NMF_E_FORMAT, "corrupt PNG: Invalid bit depth");
    free(b);
}
END_TEST

/* 100000 x 100000 in a valid IHDR, then the start of an IDAT: refused
 * before any pixel memory is asked for. */
START_TEST(test_bad_too_large)
{
    unsigned char b[8 + 25 + 8];
    memcpy(b, "\x89PNG\r\n\x1a\n", 8);
    put_be32(b + 8, 13);
    memcpy(b + 12, "IHDR", 4);
    put_be32(b + 16, 100000);
    put_be32(b + 20, 100000);
    memcpy(b + 24, "\x08\x06\x00\x00\x00", 5);
    put_be32(b + 29, crc32_png(b + 12, 17));
    put_be32(b + 33, 100);
    memcpy(b + 37, "IDAT", 4);
    char path[1024];
    testtmp_write(testtmp_path(path, sizeof path, "huge.png"), b, sizeof b);
    assert_read_fails(path, NMF_E_FORMAT, "too large");
}
END_TEST

/* ---- Sprite sheets ------------------------------------------------------ */

/* 3 x 2 tiles of 4 x 3 pixels. Tile t has its own colour, a gradient
 * inside, and one transparent pixel (1, 1) stored as RGB 0. All values are
 * multiples of 1/255, so they survive the 8-bit file exactly. */
enum { TW = 4, TH = 3, TCOLS = 3, TROWS = 2, NTILES = TCOLS * TROWS };

static unsigned tile_value(size_t t, size_t x, size_t y, size_t c)
{
    if (x == 1 && y == 1)
        return 0;
    switch (c) {
    case 0:  return (unsigned)(40 * t + x);
    case 1:  return (unsigned)(250 - 30 * t - 10 * y);
    case 2:  return (unsigned)(7 * t + x * y);
    default: return (unsigned)(255 - t - x);
    }
}

static float tile_float(size_t t, size_t x, size_t y, size_t c)
{
    return (float)tile_value(t, x, y, c) / 255.0f;
}

static void write_sheet(const char *path)
{
    nmfi_image img;
    ck_assert_int_eq(nmfi_image_new(&img, TW * TCOLS, TH * TROWS), NMF_OK);
    for (size_t t = 0; t < NTILES; t++)
        for (size_t y = 0; y < TH; y++)
            for (size_t x = 0; x < TW; x++) {
                size_t sx = (t % TCOLS) * TW + x, sy = (t / TCOLS) * TH + y;
                for (size_t c = 0; c < 4; c++)
                    img.rgba[(sy * img.width + sx) * 4 + c] =
                        tile_float(t, x, y, c);
            }
    ck_assert_int_eq(nmfi_png_write(path, &img, 1), NMF_OK);
    nmfi_image_free(&img);
}

/* Column j of the set must be tile `tile`, pixel by pixel. */
static void assert_tile(const nmfi_image_set *s, size_t j, size_t tile)
{
    for (size_t y = 0; y < TH; y++)
        for (size_t x = 0; x < TW; x++) {
            for (size_t c = 0; c < 3; c++)
                ck_assert_msg(nmf_matrix_get(s->rgb, (y * TW + x) * 3 + c, j)
                              == (nmf_real)tile_float(tile, x, y, c),
                              "column %zu (tile %zu), pixel (%zu, %zu) "
                              "channel %zu", j, tile, x, y, c);
            ck_assert(nmf_matrix_get(s->alpha, y * TW + x, j)
                      == (nmf_real)tile_float(tile, x, y, 3));
        }
}

START_TEST(test_sheet_all_tiles)
{
    char path[1024];
    write_sheet(testtmp_path(path, sizeof path, "sheet.png"));
    nmfi_image_set s;
    nmf_status st = nmfi_image_set_from_sheet(path, TW, TH, 0, 0, &s);
    ck_assert_msg(st == NMF_OK, "%s", nmf_last_error());
    ck_assert_uint_eq(s.width, TW);
    ck_assert_uint_eq(s.height, TH);
    ck_assert_uint_eq(s.count, NTILES);
    ck_assert_uint_eq(nmf_matrix_rows(s.rgb), TW * TH * 3);
    ck_assert_uint_eq(nmf_matrix_cols(s.rgb), NTILES);
    ck_assert_uint_eq(nmf_matrix_rows(s.alpha), TW * TH);
    ck_assert_uint_eq(nmf_matrix_cols(s.alpha), NTILES);
    for (size_t j = 0; j < NTILES; j++)
        assert_tile(&s, j, j);
    /* By hand: tile 4 is row 1, column 1 of the sheet; its pixel (2, 1)
     * is feature (1 * 4 + 2) * 3 + c: R = 40*4+2, G = 250-120-10,
     * B = 28+2, alpha 255-4-2. Tile 5 pixel (3, 2): R = 203. */
    ck_assert(nmf_matrix_get(s.rgb, 18, 4) == (nmf_real)(162.0f / 255.0f));
    ck_assert(nmf_matrix_get(s.rgb, 19, 4) == (nmf_real)(120.0f / 255.0f));
    ck_assert(nmf_matrix_get(s.rgb, 20, 4) == (nmf_real)(30.0f / 255.0f));
    ck_assert(nmf_matrix_get(s.alpha, 6, 4) == (nmf_real)(249.0f / 255.0f));
    ck_assert(nmf_matrix_get(s.rgb, 33, 5) == (nmf_real)(203.0f / 255.0f));
    nmfi_image_set_free(&s);
    ck_assert_ptr_null(s.rgb);
    ck_assert_ptr_null(s.alpha);
    ck_assert_uint_eq(s.count, 0);
    nmfi_image_set_free(&s);  /* safe twice */
}
END_TEST

static const struct select_case {
    size_t offset, count, want_count;
} select_cases[] = {
    { 0, 1, 1 }, { 2, 3, 3 }, { 4, 0, 2 }, { 5, 1, 1 }, { 0, 6, 6 },
    { 5, 0, 1 },
};

START_TEST(test_sheet_select)
{
    const struct select_case *sc = &select_cases[_i];
    char path[1024];
    write_sheet(testtmp_path(path, sizeof path, "sheet.png"));
    nmfi_image_set s;
    nmf_status st = nmfi_image_set_from_sheet(path, TW, TH, sc->offset,
                                              sc->count, &s);
    ck_assert_msg(st == NMF_OK, "%s", nmf_last_error());
    ck_assert_uint_eq(s.count, sc->want_count);
    ck_assert_uint_eq(nmf_matrix_cols(s.rgb), sc->want_count);
    for (size_t j = 0; j < sc->want_count; j++)
        assert_tile(&s, j, sc->offset + j);
    nmfi_image_set_free(&s);
}
END_TEST

START_TEST(test_sheet_errors)
{
    char path[1024];
    write_sheet(testtmp_path(path, sizeof path, "sheet.png"));
    nmfi_image_set s;
    testtmp_assert_error(nmfi_image_set_from_sheet(path, TW, TH, 4, 3, &s),
                 NMF_E_INVAL, path, "3", "6 tiles", NULL);
    ck_assert_ptr_null(s.rgb);
    testtmp_assert_error(nmfi_image_set_from_sheet(path, TW, TH, 0, 7, &s),
                 NMF_E_INVAL, path, "7", "6 tiles", NULL);
    testtmp_assert_error(nmfi_image_set_from_sheet(path, TW, TH, 6, 0, &s),
                 NMF_E_INVAL, path, "offset 6", NULL);
    testtmp_assert_error(nmfi_image_set_from_sheet(path, 5, TH, 0, 0, &s),
                 NMF_E_INVAL, path, "12 x 6", "5 x 3", NULL);
    testtmp_assert_error(nmfi_image_set_from_sheet(path, TW, 4, 0, 0, &s),
                 NMF_E_INVAL, path, "12 x 6", "4 x 4", NULL);
    testtmp_assert_error(nmfi_image_set_from_sheet(path, 0, TH, 0, 0, &s),
                 NMF_E_INVAL, path, "0 x 3", NULL);
    ck_assert_ptr_null(s.rgb);
    ck_assert_ptr_null(s.alpha);
    /* The whole sheet as one tile is fine. */
    ck_assert_int_eq(nmfi_image_set_from_sheet(path, 12, 6, 0, 0, &s),
                     NMF_OK);
    ck_assert_uint_eq(s.count, 1);
    nmfi_image_set_free(&s);

    char missing[1024];
    testtmp_path(missing, sizeof missing, "none.png");
    testtmp_assert_error(nmfi_image_set_from_sheet(missing, TW, TH, 0, 0, &s),
                 NMF_E_IO, missing, NULL);
}
END_TEST

/* ---- Folders ------------------------------------------------------------ */

static void write_solid(const char *path, size_t w, size_t h, unsigned level)
{
    nmfi_image img;
    ck_assert_int_eq(nmfi_image_new(&img, w, h), NMF_OK);
    for (size_t p = 0; p < w * h; p++) {
        img.rgba[p * 4] = (float)level / 255.0f;
        img.rgba[p * 4 + 1] = (float)p / 255.0f;
        img.rgba[p * 4 + 2] = 0.5f;
        img.rgba[p * 4 + 3] = 1.0f;
    }
    ck_assert_int_eq(nmfi_png_write(path, &img, 0), NMF_OK);
    nmfi_image_free(&img);
}

/* Z.png sorts first (strcmp: upper case before lower), c.PNG counts
 * (suffix in any case); the text file, the .png.bak, the folder named
 * e.png and the bare ".png" do not. */
static void make_folder(char *dir, size_t size)
{
    testtmp_path(dir, size, "set");
    ck_assert_int_eq(mkdir(dir, 0777), 0);
    const char *names[] = { "b.png", "Z.png", "c.PNG", "a.png" };
    const unsigned levels[] = { 20, 10, 40, 30 };
    char path[1200];
    for (int k = 0; k < 4; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        write_solid(path, TW, TH, levels[k]);
    }
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    testtmp_write(path, "not an image\n", 13);
    snprintf(path, sizeof path, "%s/d.png.bak", dir);
    testtmp_write(path, "junk", 4);
    snprintf(path, sizeof path, "%s/.png", dir);
    testtmp_write(path, "junk", 4);
    snprintf(path, sizeof path, "%s/e.png", dir);
    ck_assert_int_eq(mkdir(path, 0777), 0);
}

/* Sorted: Z (10), a (30), b (20), c (40). */
static const unsigned folder_levels[] = { 10, 30, 20, 40 };

static void assert_folder_column(const nmfi_image_set *s, size_t j,
                                 size_t file)
{
    for (size_t p = 0; p < TW * TH; p++) {
        ck_assert(nmf_matrix_get(s->rgb, p * 3, j)
                  == (nmf_real)((float)folder_levels[file] / 255.0f));
        ck_assert(nmf_matrix_get(s->rgb, p * 3 + 1, j)
                  == (nmf_real)((float)p / 255.0f));
        ck_assert(nmf_matrix_get(s->rgb, p * 3 + 2, j)
                  == (nmf_real)(128.0f / 255.0f));
        ck_assert(nmf_matrix_get(s->alpha, p, j) == 1);
    }
}

START_TEST(test_dir_sorted)
{
    char dir[1024];
    make_folder(dir, sizeof dir);
    nmfi_image_set s;
    nmf_status st = nmfi_image_set_from_dir(dir, 0, 0, &s);
    ck_assert_msg(st == NMF_OK, "%s", nmf_last_error());
    ck_assert_uint_eq(s.count, 4);
    ck_assert_uint_eq(s.width, TW);
    ck_assert_uint_eq(s.height, TH);
    for (size_t j = 0; j < 4; j++)
        assert_folder_column(&s, j, j);
    nmfi_image_set_free(&s);

    /* offset/count over the sorted names; a trailing slash is fine. */
    char slash[1100];
    snprintf(slash, sizeof slash, "%s/", dir);
    ck_assert_int_eq(nmfi_image_set_from_dir(slash, 1, 2, &s), NMF_OK);
    ck_assert_uint_eq(s.count, 2);
    assert_folder_column(&s, 0, 1);
    assert_folder_column(&s, 1, 2);
    nmfi_image_set_free(&s);

    testtmp_assert_error(nmfi_image_set_from_dir(dir, 2, 3, &s), NMF_E_INVAL, dir,
                 "4 PNG files", NULL);
    ck_assert_ptr_null(s.rgb);

    /* load: a folder goes by folder, the tile size unused. */
    ck_assert_int_eq(nmfi_image_set_load(dir, 99, 99, 3, 0, &s), NMF_OK);
    ck_assert_uint_eq(s.count, 1);
    assert_folder_column(&s, 0, 3);
    nmfi_image_set_free(&s);
}
END_TEST

START_TEST(test_dir_errors)
{
    char dir[1024], path[1200];
    make_folder(dir, sizeof dir);
    /* A file of another size: named, with both sizes. */
    snprintf(path, sizeof path, "%s/bb.png", dir);
    write_solid(path, TW + 1, TH, 50);
    nmfi_image_set s;
    testtmp_assert_error(nmfi_image_set_from_dir(dir, 0, 0, &s), NMF_E_INVAL, path,
                 "5 x 3", "4 x 3", "Z.png", NULL);
    ck_assert_ptr_null(s.rgb);
    ck_assert_ptr_null(s.alpha);
    /* Outside the selection it is not read. */
    ck_assert_int_eq(nmfi_image_set_from_dir(dir, 0, 3, &s), NMF_OK);
    nmfi_image_set_free(&s);
    ck_assert_int_eq(unlink(path), 0);

    /* A damaged PNG: its own reader's message. */
    snprintf(path, sizeof path, "%s/aa.png", dir);
    testtmp_write(path, "\x89PNG\r\n\x1a\n\0\0", 10);
    testtmp_assert_error(nmfi_image_set_from_dir(dir, 0, 0, &s), NMF_E_FORMAT, path,
                 "truncated", NULL);
    ck_assert_int_eq(unlink(path), 0);

    /* No PNG at all. */
    char empty[1024];
    testtmp_path(empty, sizeof empty, "empty");
    ck_assert_int_eq(mkdir(empty, 0777), 0);
    testtmp_assert_error(nmfi_image_set_from_dir(empty, 0, 0, &s), NMF_E_INVAL, empty,
                 "no .png", NULL);
    snprintf(path, sizeof path, "%s/readme.txt", empty);
    testtmp_write(path, "x", 1);
    testtmp_assert_error(nmfi_image_set_load(empty, TW, TH, 0, 0, &s), NMF_E_INVAL,
                 empty, "no .png", NULL);

    testtmp_path(path, sizeof path, "nowhere");
    testtmp_assert_error(nmfi_image_set_from_dir(path, 0, 0, &s), NMF_E_IO, path,
                 "No such file or directory", NULL);
    testtmp_assert_error(nmfi_image_set_load(path, TW, TH, 0, 0, &s), NMF_E_IO, path,
                 "No such file or directory", NULL);
}
END_TEST

START_TEST(test_load_sheet)
{
    char path[1024];
    write_sheet(testtmp_path(path, sizeof path, "sheet.png"));
    nmfi_image_set s;
    ck_assert_int_eq(nmfi_image_set_load(path, TW, TH, 1, 2, &s), NMF_OK);
    ck_assert_uint_eq(s.count, 2);
    assert_tile(&s, 0, 1);
    assert_tile(&s, 1, 2);
    nmfi_image_set_free(&s);
}
END_TEST

/* ---- Alpha and images back out ------------------------------------------ */

START_TEST(test_alpha_kept_aside)
{
    char path[1024];
    write_sheet(testtmp_path(path, sizeof path, "sheet.png"));
    nmfi_image_set s;
    ck_assert_int_eq(nmfi_image_set_from_sheet(path, TW, TH, 0, 0, &s),
                     NMF_OK);
    const size_t hole = 1 * TW + 1;  /* pixel (1, 1) */

    /* Something in the set's layout that is not the set: a copy scaled
     * by 2, so values above 1 pass through unclipped. */
    nmf_matrix *wh = nmf_matrix_copy(s.rgb);
    ck_assert_ptr_nonnull(wh);
    for (size_t j = 0; j < NTILES; j++)
        for (size_t i = 0; i < TW * TH * 3; i++)
            nmf_matrix_set(wh, i, j, 2 * nmf_matrix_get(s.rgb, i, j));

    for (size_t j = 0; j < NTILES; j++) {
        ck_assert(nmf_matrix_get(s.alpha, hole, j) == 0);
        for (size_t c = 0; c < 3; c++)
            ck_assert(nmf_matrix_get(s.rgb, hole * 3 + c, j) == 0);

        nmfi_image img;
        ck_assert_int_eq(nmfi_image_set_image(&s, s.rgb, j, j, &img), NMF_OK);
        ck_assert_uint_eq(img.width, TW);
        ck_assert_uint_eq(img.height, TH);
        for (size_t y = 0; y < TH; y++)
            for (size_t x = 0; x < TW; x++)
                for (size_t c = 0; c < 4; c++)
                    ck_assert(img.rgba[(y * TW + x) * 4 + c]
                              == tile_float(j, x, y, c));
        ck_assert(img.rgba[hole * 4 + 3] == 0.0f);
        nmfi_image_free(&img);

        /* Any column of the product with this image's alpha. */
        size_t other = (j + 1) % NTILES;
        ck_assert_int_eq(nmfi_image_set_image(&s, wh, other, j, &img),
                         NMF_OK);
        ck_assert(img.rgba[hole * 4 + 3] == 0.0f);
        ck_assert(img.rgba[0] == 2 * tile_float(other, 0, 0, 0));
        ck_assert(img.rgba[3] == tile_float(j, 0, 0, 3));
        nmfi_image_free(&img);

        /* No alpha column: opaque everywhere. */
        ck_assert_int_eq(nmfi_image_set_image(&s, s.rgb, j, (size_t)-1,
                                              &img), NMF_OK);
        for (size_t p = 0; p < TW * TH; p++)
            ck_assert(img.rgba[p * 4 + 3] == 1.0f);
        ck_assert(img.rgba[hole * 4] == 0.0f);
        nmfi_image_free(&img);
    }

    /* A basis column (one column matrix) works the same way. */
    nmf_matrix *w = nmf_matrix_new(TW * TH * 3, 1);
    ck_assert_ptr_nonnull(w);
    nmf_matrix_set(w, 5, 0, (nmf_real)0.25);
    nmfi_image img;
    ck_assert_int_eq(nmfi_image_set_image(&s, w, 0, 2, &img), NMF_OK);
    ck_assert(img.rgba[1 * 4 + 2] == 0.25f);  /* feature 5: pixel 1, B */
    ck_assert(img.rgba[hole * 4 + 3] == 0.0f);
    nmfi_image_free(&img);
    nmf_matrix_free(w);

    /* The wrong layout, column or alpha column. */
    nmf_matrix *bad = nmf_matrix_new(TW * TH * 4, 1);
    ck_assert_ptr_nonnull(bad);
    ck_assert_int_eq(nmfi_image_set_image(&s, bad, 0, 0, &img), NMF_E_INVAL);
    ck_assert_ptr_null(img.rgba);
    ck_assert_ptr_nonnull(strstr(nmf_last_error(), "36"));
    nmf_matrix_free(bad);
    ck_assert_int_eq(nmfi_image_set_image(&s, wh, NTILES, 0, &img),
                     NMF_E_INVAL);
    ck_assert_int_eq(nmfi_image_set_image(&s, wh, 0, NTILES, &img),
                     NMF_E_INVAL);
    ck_assert_ptr_null(img.rgba);

    /* The drawn image written and read back keeps the hole. */
    ck_assert_int_eq(nmfi_image_set_image(&s, s.rgb, 3, 3, &img), NMF_OK);
    testtmp_path(path, sizeof path, "tile3.png");
    ck_assert_int_eq(nmfi_png_write(path, &img, 1), NMF_OK);
    nmfi_image_free(&img);
    ck_assert_int_eq(nmfi_png_read(path, &img), NMF_OK);
    for (size_t k = 0; k < TW * TH * 4; k++)
        ck_assert(img.rgba[k] == tile_float(3, (k / 4) % TW, k / 4 / TW,
                                            k % 4));
    nmfi_image_free(&img);

    nmf_matrix_free(wh);
    nmfi_image_set_free(&s);
}
END_TEST

/* ---- Suite -------------------------------------------------------------- */

#define COUNT(x) ((int)(sizeof(x) / sizeof((x)[0])))

static TCase *make_tcase(const char *name)
{
    TCase *tc = tcase_create(name);
    testtmp_add_fixtures(tc);
    /* Generous, so the suite also passes under valgrind. */
    tcase_set_timeout(tc, 60);
    return tc;
}

static Suite *make_png_suite(void)
{
    testtmp_init("check_png");
    Suite *s = suite_create("png");

    TCase *tc = make_tcase("read");
    tcase_add_loop_test(tc, test_read_color_types, 0, COUNT(png_cases));
    tcase_add_test(tc, test_read_wide);
    suite_add_tcase(s, tc);

    tc = make_tcase("write");
    tcase_add_test(tc, test_write_roundtrip);
    tcase_add_test(tc, test_write_clips_and_rounds);
    tcase_add_test(tc, test_write_deterministic);
    tcase_add_test(tc, test_write_errors);
    tcase_add_test(tc, test_image_new);
    suite_add_tcase(s, tc);

    tc = make_tcase("bad");
    tcase_add_test(tc, test_bad_missing_empty_text);
    tcase_add_test(tc, test_bad_truncated);
    tcase_add_test(tc, test_bad_corrupt);
    tcase_add_test(tc, test_bad_too_large);
    suite_add_tcase(s, tc);

    tc = make_tcase("sheet");
    tcase_add_test(tc, test_sheet_all_tiles);
    tcase_add_loop_test(tc, test_sheet_select, 0, COUNT(select_cases));
    tcase_add_test(tc, test_sheet_errors);
    tcase_add_test(tc, test_load_sheet);
    suite_add_tcase(s, tc);

    tc = make_tcase("dir");
    tcase_add_test(tc, test_dir_sorted);
    tcase_add_test(tc, test_dir_errors);
    suite_add_tcase(s, tc);

    tc = make_tcase("alpha");
    tcase_add_test(tc, test_alpha_kept_aside);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_png_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
