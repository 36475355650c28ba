/* imageset.c -- equal-sized images as the columns of an NMF input.
 *
 * Images come from a sprite sheet cut into tiles or from a folder of PNG
 * files; either way the RGB goes into one matrix (a column per image) and
 * the alpha into another, so the factorization never sees opacity and the
 * drawings get it back. Selection (offset, count) is checked against what
 * is there: a short set is an error, never silently fewer columns. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/error.h"
#include "core/matrix.h"
#include "study/imageset.h"

void nmfi_image_set_free(nmfi_image_set *s)
{
    nmf_matrix_free(s->rgb);
    nmf_matrix_free(s->alpha);
    memset(s, 0, sizeof *s);
}

static nmf_status set_alloc(nmfi_image_set *s, size_t w, size_t h,
                            size_t count, const char *path)
{
    s->width = w;
    s->height = h;
    s->count = count;
    s->rgb = nmf_matrix_new(w * h * 3, count);
    s->alpha = s->rgb ? nmf_matrix_new(w * h, count) : NULL;
    if (!s->alpha) {
        nmfi_image_set_free(s);
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory for %zu images of "
                          "%zu x %zu pixels", path, count, w, h);
    }
    return NMF_OK;
}

/* The w x h block at (x0, y0) of img into column j. */
static void put_block(nmfi_image_set *s, size_t j, const nmfi_image *img,
                      size_t x0, size_t y0)
{
    size_t w = s->width, h = s->height;
    nmf_real *rgb = &NMFI_AT(s->rgb, 0, j);
    nmf_real *alpha = &NMFI_AT(s->alpha, 0, j);
    for (size_t y = 0; y < h; y++) {
        const float *src = img->rgba + ((y0 + y) * img->width + x0) * 4;
        for (size_t x = 0; x < w; x++) {
            size_t p = y * w + x;
            for (size_t c = 0; c < 3; c++)
                rgb[p * 3 + c] = (nmf_real)src[x * 4 + c];
            alpha[p] = (nmf_real)src[x * 4 + 3];
        }
    }
}

/* Resolves count 0 to "all from offset on" and checks the range against
 * the total; `unit` names what is counted in the message. */
static nmf_status select_range(const char *path, size_t total,
                               const char *unit, size_t offset,
                               size_t *count)
{
    if (offset >= total)
        return nmfi_error(NMF_E_INVAL, "%s: offset %zu is past the end: "
                          "only %zu %s", path, offset, total, unit);
    if (*count == 0)
        *count = total - offset;
    if (*count > total - offset)
        return nmfi_error(NMF_E_INVAL, "%s: asked for %zu images from offset "
                          "%zu but there are only %zu %s", path, *count,
                          offset, total, unit);
    return NMF_OK;
}

/* ---- Sprite sheets ------------------------------------------------------ */

nmf_status nmfi_image_set_from_sheet(const char *path, size_t tile_w,
                                     size_t tile_h, size_t offset,
                                     size_t count, nmfi_image_set *out)
{
    memset(out, 0, sizeof *out);
    if (tile_w == 0 || tile_h == 0)
        return nmfi_error(NMF_E_INVAL, "%s: tile size %zu x %zu is empty",
                          path, tile_w, tile_h);
    nmfi_image sheet;
    nmf_status s = nmfi_png_read(path, &sheet);
    if (s != NMF_OK)
        return s;
    if (sheet.width % tile_w != 0 || sheet.height % tile_h != 0) {
        s = nmfi_error(NMF_E_INVAL, "%s: sheet of %zu x %zu pixels is not a "
                       "whole number of %zu x %zu tiles", path, sheet.width,
                       sheet.height, tile_w, tile_h);
        nmfi_image_free(&sheet);
        return s;
    }
    size_t cols = sheet.width / tile_w, rows = sheet.height / tile_h;
    s = select_range(path, cols * rows, "tiles in the sheet", offset, &count);
    if (s == NMF_OK)
        s = set_alloc(out, tile_w, tile_h, count, path);
    if (s == NMF_OK)
        for (size_t j = 0; j < count; j++) {
            size_t t = offset + j;
            put_block(out, j, &sheet, (t % cols) * tile_w,
                      (t / cols) * tile_h);
        }
    nmfi_image_free(&sheet);
    return s;
}

/* ---- Folders ------------------------------------------------------------ */

typedef struct name_list {
    char **names;
    size_t count, cap;
} name_list;

static void names_free(name_list *l)
{
    for (size_t k = 0; k < l->count; k++)
        free(l->names[k]);
    free(l->names);
    memset(l, 0, sizeof *l);
}

static int names_push(name_list *l, const char *name)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **p = realloc(l->names, cap * sizeof *p);
        if (!p)
            return -1;
        l->names = p;
        l->cap = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return -1;
    l->names[l->count++] = copy;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_png_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcasecmp(name + n - 4, ".png") == 0;
}

/* dir + "/" + name in a new string (no doubled slash), or NULL. */
static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    const char *sep = n > 0 && dir[n - 1] == '/' ? "" : "/";
    size_t len = n + strlen(sep) + strlen(name) + 1;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s%s%s", dir, sep, name);
    return p;
}

/* Every regular *.png (any case) in dir, as full paths sorted by name.
 * stat, not d_type: some file systems leave d_type unknown, and a link
 * to a PNG should count as one. */
static nmf_status list_pngs(const char *dir, name_list *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return nmfi_error(NMF_E_IO, "%s: cannot open folder: %s", dir,
                          strerror(errno));
    nmf_status s = NMF_OK;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (!has_png_suffix(e->d_name))
            continue;
        char *path = join(dir, e->d_name);
        struct stat st;
        int keep = path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
        if (!path || (keep && names_push(out, path) != 0)) {
            free(path);
            s = nmfi_error(NMF_E_NOMEM, "%s: out of memory", dir);
            break;
        }
        free(path);
        errno = 0;
    }
    if (s == NMF_OK && errno != 0)
        s = nmfi_error(NMF_E_IO, "%s: cannot read folder: %s", dir,
                       strerror(errno));
    closedir(d);
    if (s == NMF_OK && out->count == 0)
        s = nmfi_error(NMF_E_INVAL, "%s: no .png files in the folder", dir);
    if (s != NMF_OK)
        names_free(out);
    else
        qsort(out->names, out->count, sizeof *out->names, by_name);
    return s;
}

nmf_status nmfi_image_set_from_dir(const char *dir, size_t offset,
                                   size_t count, nmfi_image_set *out)
{
    memset(out, 0, sizeof *out);
    name_list files = { 0 };
    nmf_status s = list_pngs(dir, &files);
    if (s != NMF_OK)
        return s;
    s = select_range(dir, files.count, "PNG files in the folder", offset,
                     &count);
    /* Only the selected files are read: the others need not even be of
     * the same size. */
    for (size_t j = 0; s == NMF_OK && j < count; j++) {
        const char *path = files.names[offset + j];
        nmfi_image img;
        s = nmfi_png_read(path, &img);
        if (s != NMF_OK)
            break;
        if (j == 0)
            s = set_alloc(out, img.width, img.height, count, path);
        else if (img.width != out->width || img.height != out->height)
            s = nmfi_error(NMF_E_INVAL, "%s: image of %zu x %zu pixels, but "
                           "%s is %zu x %zu", path, img.width, img.height,
                           files.names[offset], out->width, out->height);
        if (s == NMF_OK)
            put_block(out, j, &img, 0, 0);
        nmfi_image_free(&img);
    }
    names_free(&files);
    if (s != NMF_OK)
        nmfi_image_set_free(out);
    return s;
}

nmf_status nmfi_image_set_load(const char *path, size_t tile_w, size_t tile_h,
                               size_t offset, size_t count,
                               nmfi_image_set *out)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(path, &st) != 0)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    if (S_ISDIR(st.st_mode))
        return nmfi_image_set_from_dir(path, offset, count, out);
    return nmfi_image_set_from_sheet(path, tile_w, tile_h, offset, count,
                                     out);
}

/* ---- Back to pictures --------------------------------------------------- */

nmf_status nmfi_image_set_image(const nmfi_image_set *s, const nmf_matrix *rgb,
                                size_t j, size_t alpha_col, nmfi_image *out)
{
    out->width = out->height = 0;
    out->rgba = NULL;
    size_t npix = s->width * s->height;
    if (rgb->rows != npix * 3)
        return nmfi_error(NMF_E_INVAL, "image matrix has %zu rows, expected "
                          "%zu (%zu x %zu pixels x 3 channels)", rgb->rows,
                          npix * 3, s->width, s->height);
    if (j >= rgb->cols)
        return nmfi_error(NMF_E_INVAL, "image column %zu of a matrix with "
                          "%zu columns", j, rgb->cols);
    if (alpha_col != (size_t)-1 && (!s->alpha || alpha_col >= s->alpha->cols))
        return nmfi_error(NMF_E_INVAL, "alpha column %zu of a set of %zu "
                          "images", alpha_col, s->count);
    nmf_status st = nmfi_image_new(out, s->width, s->height);
    if (st != NMF_OK)
        return st;
    const nmf_real *src = &NMFI_AT(rgb, 0, j);
    const nmf_real *alpha = alpha_col == (size_t)-1
                          ? NULL : &NMFI_AT(s->alpha, 0, alpha_col);
    for (size_t p = 0; p < npix; p++) {
        for (size_t c = 0; c < 3; c++)
            out->rgba[p * 4 + c] = (float)src[p * 3 + c];
        out->rgba[p * 4 + 3] = alpha ? (float)alpha[p] : 1.0f;
    }
    return NMF_OK;
}
