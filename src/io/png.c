/* png.c -- PNG files <-> RGBA float images, through libpng's classic API.
 *
 * Reading asks libpng to expand every colour type to 8- or 16-bit RGBA
 * (palette and tRNS included, no gamma), then scales samples by 255 or
 * 65535. libpng reports errors by longjmp: each direction keeps its state
 * in a struct owned by the caller of the function that calls setjmp, so
 * nothing that must be freed lives in a clobberable local. Writing emits
 * only IHDR, IDAT and IEND with fixed zlib and filter settings, so the same
 * pixels always give the same bytes. */
#include <config.h>

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "io/atomic_file.h"
#include "io/png.h"

/* Refuse images beyond this many pixels: 2^31 RGBA floats are 32 GiB, and
 * every index in the callers stays well inside size_t. */
#define PNG_PIXELS_MAX ((size_t)1 << 31)

nmf_status nmfi_image_new(nmfi_image *img, size_t width, size_t height)
{
    img->width = img->height = 0;
    img->rgba = NULL;
    if (width == 0 || height == 0)
        return nmfi_error(NMF_E_INVAL, "image of %zu x %zu pixels is empty",
                          width, height);
    if (width > PNG_PIXELS_MAX / height)
        return nmfi_error(NMF_E_INVAL, "image of %zu x %zu pixels is too "
                          "large", width, height);
    img->rgba = calloc(width * height * 4, sizeof *img->rgba);
    if (!img->rgba)
        return nmfi_error(NMF_E_NOMEM, "out of memory for an image of %zu x "
                          "%zu pixels (%.1f MiB)", width, height,
                          NMFI_MIB((double)width * height * 4
                                   * sizeof *img->rgba));
    img->width = width;
    img->height = height;
    return NMF_OK;
}

void nmfi_image_free(nmfi_image *img)
{
    free(img->rgba);
    img->rgba = NULL;
    img->width = img->height = 0;
}

/* ---- Shared by both directions ------------------------------------------
 * The first failure wins: the I/O callbacks record an exact status and
 * message before they call png_error, and the error callback only fills in
 * libpng's own complaints. */

typedef struct png_state {
    const char *path;
    FILE *fp;
    png_structp png;
    png_infop info;
    unsigned char *rows;   /* 8/16-bit samples: one row, or all (interlace) */
    png_bytep *row_ptrs;
    nmfi_image *img;       /* the image being read                      */
    const char *what;      /* "corrupt PNG" or "cannot write PNG"       */
    char warning[128];     /* libpng's first warning, see on_error      */
    nmf_status status;     /* NMF_OK until something fails              */
} png_state;

/* libpng's text, with control bytes shown as '?' so the line stays one. */
static void record(png_state *st, const char *msg)
{
    if (st->status != NMF_OK)
        return;
    char clean[200];
    size_t n = 0;
    for (; msg[n] != '\0' && n + 1 < sizeof clean; n++)
        clean[n] = (unsigned char)msg[n] < 0x20 ? '?' : msg[n];
    clean[n] = '\0';
    st->status = nmfi_error(NMF_E_FORMAT, "%s: %s: %s", st->path, st->what,
                            clean);
}

/* A bad IHDR is reported as warnings saying what is wrong ("Image width
 * is zero in IHDR") and then one error that does not; say the first. */
static void on_error(png_structp png, png_const_charp msg)
{
    png_state *st = png_get_error_ptr(png);
    if (strcmp(msg, "Invalid IHDR data") == 0 && st->warning[0] != '\0')
        msg = st->warning;
    record(st, msg);
    png_longjmp(png, 1);
}

/* Otherwise warnings (a bad ancillary chunk, an odd sRGB profile) are not
 * the user's concern: the pixels are still right. */
static void on_warning(png_structp png, png_const_charp msg)
{
    png_state *st = png_get_error_ptr(png);
    if (st->warning[0] == '\0')
        snprintf(st->warning, sizeof st->warning, "%s", msg);
}

/* ---- Reading ------------------------------------------------------------ */

/* Not libpng's default reader: it says only "Read Error" for both a short
 * file and a failing disk. */
static void read_data(png_structp png, png_bytep data, size_t length)
{
    png_state *st = png_get_io_ptr(png);
    if (fread(data, 1, length, st->fp) == length)
        return;
    if (st->status == NMF_OK && ferror(st->fp))
        st->status = nmfi_error(NMF_E_IO, "%s: read failed: %s", st->path,
                                strerror(errno ? errno : EIO));
    else if (st->status == NMF_OK)
        st->status = nmfi_error(NMF_E_FORMAT, "%s: truncated PNG: unexpected "
                                "end of file", st->path);
    png_error(png, "read failed");
}

/* One row of 8- or 16-bit RGBA samples into floats. Division, not
 * multiplication by a reciprocal, so s / (2^depth - 1) is correctly rounded
 * whatever the depth was before libpng expanded it to 8 bits. */
static void convert_row(const unsigned char *src, float *dst, size_t width,
                        int depth)
{
    size_t n = width * 4;
    if (depth == 16)
        for (size_t k = 0; k < n; k++)
            dst[k] = (float)((unsigned)src[2 * k] << 8 | src[2 * k + 1])
                   / 65535.0f;
    else
        for (size_t k = 0; k < n; k++)
            dst[k] = (float)src[k] / 255.0f;
}

static nmf_status read_pixels(png_state *st)
{
    if (setjmp(png_jmpbuf(st->png)))
        return st->status;  /* set by whichever callback jumped */

    png_set_read_fn(st->png, st, read_data);
    png_set_sig_bytes(st->png, 8);
    /* libpng's default limit is 10^6 per side; ours is the pixel count. */
    png_set_user_limits(st->png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    png_read_info(st->png, st->info);

    png_uint_32 w = png_get_image_width(st->png, st->info);
    png_uint_32 h = png_get_image_height(st->png, st->info);
    int depth = png_get_bit_depth(st->png, st->info);
    int type = png_get_color_type(st->png, st->info);
    if ((size_t)w > PNG_PIXELS_MAX / h) {
        st->status = nmfi_error(NMF_E_FORMAT, "%s: image of %lu x %lu pixels "
                                "is too large (limit 2^31 pixels)", st->path,
                                (unsigned long)w, (unsigned long)h);
        return st->status;
    }

    /* Palette -> RGB, gray below 8 bits -> 8, tRNS -> alpha; then gray ->
     * RGB and an opaque alpha where there is none. */
    int has_alpha = (type & PNG_COLOR_MASK_ALPHA)
                 || png_get_valid(st->png, st->info, PNG_INFO_tRNS);
    png_set_expand(st->png);
    if (!(type & PNG_COLOR_MASK_COLOR))
        png_set_gray_to_rgb(st->png);
    if (!has_alpha)
        png_set_add_alpha(st->png, 0xffff, PNG_FILLER_AFTER);
    int passes = png_set_interlace_handling(st->png);
    png_read_update_info(st->png, st->info);

    int out_depth = depth == 16 ? 16 : 8;
    size_t rowbytes = png_get_rowbytes(st->png, st->info);
    if (png_get_channels(st->png, st->info) != 4
        || png_get_bit_depth(st->png, st->info) != out_depth
        || rowbytes != (size_t)w * 4 * (size_t)(out_depth / 8)) {
        st->status = nmfi_error(NMF_E_INTERNAL, "%s: libpng did not expand "
                                "to RGBA (colour type %d, depth %d)",
                                st->path, type, depth);
        return st->status;
    }

    nmf_status s = nmfi_image_new(st->img, w, h);
    if (s != NMF_OK) {
        st->status = nmfi_error(s, "%s: out of memory for an image of %lu x "
                                "%lu pixels", st->path, (unsigned long)w,
                                (unsigned long)h);
        return st->status;
    }

    /* Interlaced passes fill each row in several visits, so they need the
     * whole image; otherwise one row at a time keeps memory to the floats. */
    size_t nrows = passes > 1 ? (size_t)h : 1;
    st->rows = malloc(rowbytes * nrows);
    st->row_ptrs = malloc(nrows * sizeof *st->row_ptrs);
    if (!st->rows || !st->row_ptrs) {
        st->status = nmfi_error(NMF_E_NOMEM, "%s: out of memory for an image "
                                "of %lu x %lu pixels", st->path,
                                (unsigned long)w, (unsigned long)h);
        return st->status;
    }
    for (size_t y = 0; y < nrows; y++)
        st->row_ptrs[y] = st->rows + y * rowbytes;

    float *px = st->img->rgba;
    if (passes > 1) {
        png_read_image(st->png, st->row_ptrs);
        for (size_t y = 0; y < h; y++)
            convert_row(st->row_ptrs[y], px + y * (size_t)w * 4, w,
                        out_depth);
    } else {
        for (size_t y = 0; y < h; y++) {
            png_read_row(st->png, st->rows, NULL);
            convert_row(st->rows, px + y * (size_t)w * 4, w, out_depth);
        }
    }
    /* The chunks after the image and IEND: a file cut short there is
     * still a truncated file. */
    png_read_end(st->png, NULL);
    return NMF_OK;
}

nmf_status nmfi_png_read(const char *path, nmfi_image *out)
{
    out->width = out->height = 0;
    out->rgba = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path,
                          strerror(errno));

    unsigned char sig[8];
    size_t got = fread(sig, 1, sizeof sig, fp);
    nmf_status s = NMF_OK;
    if (got < sizeof sig && ferror(fp))
        s = nmfi_error(NMF_E_IO, "%s: read failed: %s", path,
                       strerror(errno ? errno : EIO));
    else if (got == 0)
        s = nmfi_error(NMF_E_FORMAT, "%s: empty file, not a PNG", path);
    else if (png_sig_cmp(sig, 0, got) != 0)
        s = nmfi_error(NMF_E_FORMAT, "%s: not a PNG file (bad signature)",
                       path);
    else if (got < sizeof sig)
        s = nmfi_error(NMF_E_FORMAT, "%s: truncated PNG: unexpected end of "
                       "file", path);
    if (s != NMF_OK) {
        fclose(fp);
        return s;
    }

    png_state st = { .path = path, .fp = fp, .img = out,
                     .what = "corrupt PNG" };
    st.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &st, on_error,
                                    on_warning);
    if (st.png)
        st.info = png_create_info_struct(st.png);
    if (!st.png || !st.info)
        s = nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
    else
        s = read_pixels(&st);
    png_destroy_read_struct(st.png ? &st.png : NULL,
                            st.info ? &st.info : NULL, NULL);
    free(st.rows);
    free(st.row_ptrs);
    fclose(fp);
    if (s != NMF_OK)
        nmfi_image_free(out);
    return s;
}

/* ---- Writing ------------------------------------------------------------ */

static void write_data(png_structp png, png_bytep data, size_t length)
{
    png_state *st = png_get_io_ptr(png);
    if (fwrite(data, 1, length, st->fp) == length)
        return;
    if (st->status == NMF_OK)
        st->status = nmfi_error(NMF_E_IO, "%s: write failed: %s", st->path,
                                strerror(errno ? errno : EIO));
    png_error(png, "write failed");
}

static void flush_data(png_structp png)
{
    png_state *st = png_get_io_ptr(png);
    fflush(st->fp);
}

/* Clipped to [0, 1] (NaN as 0), rounded to the nearest of 256 levels. */
static unsigned char to_byte(float v)
{
    if (!(v > 0.0f))
        return 0;
    if (v >= 1.0f)
        return 255;
    return (unsigned char)((double)v * 255.0 + 0.5);
}

static nmf_status write_pixels(png_state *st, const nmfi_image *img,
                               int with_alpha)
{
    if (setjmp(png_jmpbuf(st->png)))
        return st->status;

    size_t channels = with_alpha ? 4 : 3;
    png_set_write_fn(st->png, st, write_data, flush_data);
    png_set_user_limits(st->png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    /* Fixed, not libpng's defaults, so the bytes do not drift with them. */
    png_set_compression_level(st->png, 9);
    png_set_filter(st->png, PNG_FILTER_TYPE_BASE, PNG_ALL_FILTERS);
    png_set_IHDR(st->png, st->info, (png_uint_32)img->width,
                 (png_uint_32)img->height, 8,
                 with_alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE,
                 PNG_FILTER_TYPE_BASE);
    png_write_info(st->png, st->info);

    st->rows = malloc(img->width * channels);
    if (!st->rows) {
        st->status = nmfi_error(NMF_E_NOMEM, "%s: out of memory", st->path);
        return st->status;
    }
    for (size_t y = 0; y < img->height; y++) {
        const float *src = img->rgba + y * img->width * 4;
        for (size_t x = 0; x < img->width; x++)
            for (size_t c = 0; c < channels; c++)
                st->rows[x * channels + c] = to_byte(src[x * 4 + c]);
        png_write_row(st->png, st->rows);
    }
    png_write_end(st->png, NULL);
    return NMF_OK;
}

nmf_status nmfi_png_write_fp(FILE *fp, const nmfi_image *img, int with_alpha,
                             const char *name)
{
    if (!img->rgba || img->width == 0 || img->height == 0)
        return nmfi_error(NMF_E_INVAL, "%s: cannot write an empty image "
                          "(%zu x %zu pixels)", name, img->width,
                          img->height);
    if (img->width > PNG_UINT_31_MAX || img->height > PNG_UINT_31_MAX)
        return nmfi_error(NMF_E_INVAL, "%s: image of %zu x %zu pixels is too "
                          "large for PNG", name, img->width, img->height);

    png_state st = { .path = name, .fp = fp, .what = "cannot write PNG" };
    nmf_status s;
    st.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &st, on_error,
                                     on_warning);
    if (st.png)
        st.info = png_create_info_struct(st.png);
    if (!st.png || !st.info)
        s = nmfi_error(NMF_E_NOMEM, "%s: out of memory", name);
    else
        s = write_pixels(&st, img, with_alpha);
    png_destroy_write_struct(st.png ? &st.png : NULL,
                             st.info ? &st.info : NULL);
    free(st.rows);
    if (s == NMF_OK && (fflush(fp) != 0 || ferror(fp)))
        s = nmfi_error(NMF_E_IO, "%s: write failed: %s", name,
                       strerror(errno ? errno : EIO));
    return s;
}

nmf_status nmfi_png_write(const char *path, const nmfi_image *img,
                          int with_alpha)
{
    nmfi_atomic_file f;
    nmf_status s = nmfi_atomic_open(&f, path);
    if (s != NMF_OK)
        return s;
    s = nmfi_png_write_fp(f.fp, img, with_alpha, path);
    if (s == NMF_OK)
        s = nmfi_atomic_commit(&f);
    nmfi_atomic_discard(&f);
    return s;
}
