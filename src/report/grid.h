/* grid.h -- image grids as PNG figures: pixel-exact nearest-neighbour
 * upscaling (no blur), values clipped to [0, 1], and alpha composited over
 * a gray background, so transparent pixels (which store RGB 0) and black
 * outlines stay distinct. */
#ifndef NMFI_GRID_H
#define NMFI_GRID_H

#include <stddef.h>

#include "io/png.h"

typedef struct nmfi_grid_style {
    size_t cols;       /* images per row (rows follow from the count)       */
    size_t scale;      /* each source pixel becomes scale x scale pixels    */
    size_t gap;        /* output pixels between cells                       */
    float background;  /* gray level behind transparent pixels, e.g. 0.5    */
    float gap_gray;    /* gray level of the gaps, e.g. 1.0                   */
} nmfi_grid_style;

/* Defaults: cols 8, scale 4, gap 2, background 0.5, gaps white. */
void nmfi_grid_style_init(nmfi_grid_style *st);

/* Compose count images (all of one size; RGBA in [0, 1], values outside
 * are clipped) into one opaque RGB image: out = a rgb + (1 - a) bg. */
nmf_status nmfi_grid_compose(const nmfi_image *images, size_t count,
                             const nmfi_grid_style *st, nmfi_image *out);

/* compose + write an RGB PNG at path (through a temporary). */
nmf_status nmfi_grid_png(const char *path, const nmfi_image *images,
                         size_t count, const nmfi_grid_style *st);

#endif
