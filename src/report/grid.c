/* grid.c -- many small images (sprites, basis images) as one figure.
 *
 * Each source pixel becomes a scale x scale block of one colour (nearest
 * neighbour: pixel art must stay crisp), composited over a gray background
 * so a transparent pixel (stored with RGB 0) reads as "nothing" and not as
 * the black of an outline. NMF reconstructions stray outside [0, 1] and
 * may even hold NaN, so every value is clipped first. */
#include <config.h>

#include <math.h>
#include <stdint.h>

#include "core/error.h"
#include "report/grid.h"

void nmfi_grid_style_init(nmfi_grid_style *st)
{
    st->cols = 8;
    st->scale = 4;
    st->gap = 2;
    st->background = 0.5f;
    st->gap_gray = 1.0f;
}

/* NaN fails both comparisons and becomes 0. */
static float clip01(float v)
{
    return v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;
}

/* cells and the gaps between and around them; 0 when that would wrap. */
static size_t axis_size(size_t cells, size_t cell, size_t gap)
{
    if (cell > SIZE_MAX - gap || cells > (SIZE_MAX - gap) / (cell + gap))
        return 0;
    return cells * (cell + gap) + gap;
}

static void fill_gray(float *px, float g)
{
    px[0] = px[1] = px[2] = g;
    px[3] = 1.0f;
}

nmf_status nmfi_grid_compose(const nmfi_image *images, size_t count,
                             const nmfi_grid_style *st, nmfi_image *out)
{
    if (!images || count == 0 || !st || !out)
        return nmfi_error(NMF_E_INVAL, "image grid: no images");
    if (st->cols == 0 || st->scale == 0)
        return nmfi_error(NMF_E_INVAL,
                          "image grid: columns and scale must be positive");
    size_t w = images[0].width, h = images[0].height;
    if (w == 0 || h == 0)
        return nmfi_error(NMF_E_INVAL, "image grid: empty image");
    for (size_t i = 0; i < count; i++) {
        if (images[i].width != w || images[i].height != h)
            return nmfi_error(NMF_E_INVAL,
                              "image grid: image %zu is %zux%zu, "
                              "expected %zux%zu like the first",
                              i, images[i].width, images[i].height, w, h);
        if (!images[i].rgba)
            return nmfi_error(NMF_E_INVAL, "image grid: image %zu has no "
                              "pixels", i);
    }
    size_t cols = st->cols, rows = (count - 1) / cols + 1;
    size_t cw = w > SIZE_MAX / st->scale ? 0 : w * st->scale;
    size_t ch = h > SIZE_MAX / st->scale ? 0 : h * st->scale;
    size_t ow = cw ? axis_size(cols, cw, st->gap) : 0;
    size_t oh = ch ? axis_size(rows, ch, st->gap) : 0;
    if (ow == 0 || oh == 0 || ow > SIZE_MAX / 4 / oh)
        return nmfi_error(NMF_E_INVAL, "image grid: %zu images of %zux%zu "
                          "at scale %zu is too large", count, w, h,
                          st->scale);
    nmf_status s = nmfi_image_new(out, ow, oh);
    if (s != NMF_OK)
        return s;

    float gap = clip01(st->gap_gray), bg = clip01(st->background);
    for (size_t p = 0; p < ow * oh; p++)
        fill_gray(out->rgba + 4 * p, gap);

    for (size_t i = 0; i < count; i++) {
        size_t x0 = st->gap + (i % cols) * (cw + st->gap);
        size_t y0 = st->gap + (i / cols) * (ch + st->gap);
        const float *src = images[i].rgba;
        for (size_t sy = 0; sy < h; sy++) {
            for (size_t sx = 0; sx < w; sx++) {
                const float *q = src + 4 * (sy * w + sx);
                float a = clip01(q[3]), c[4];
                for (int k = 0; k < 3; k++)
                    c[k] = clip01(a * clip01(q[k]) + (1.0f - a) * bg);
                c[3] = 1.0f;
                for (size_t dy = 0; dy < st->scale; dy++) {
                    float *row = out->rgba
                        + 4 * ((y0 + sy * st->scale + dy) * ow
                               + x0 + sx * st->scale);
                    for (size_t dx = 0; dx < st->scale; dx++)
                        for (int k = 0; k < 4; k++)
                            row[4 * dx + k] = c[k];
                }
            }
        }
    }
    return NMF_OK;
}

nmf_status nmfi_grid_png(const char *path, const nmfi_image *images,
                         size_t count, const nmfi_grid_style *st)
{
    nmfi_image img = {0, 0, NULL};
    nmf_status s = nmfi_grid_compose(images, count, st, &img);
    if (s != NMF_OK)
        return s;
    s = nmfi_png_write(path, &img, 0);
    nmfi_image_free(&img);
    return s;
}
