/* imageset.h -- a set of equal-sized RGBA images as NMF sees them.
 *
 * Opacity is known, not learned: the matrix A holds only the RGB channels,
 * one image per column, feature (y * width + x) * 3 + c; alpha is kept
 * aside, pixel y * width + x per column, and put back when images are
 * drawn. Values are in [0, 1]. */
#ifndef NMFI_IMAGESET_H
#define NMFI_IMAGESET_H

#include <stddef.h>

#include "io/png.h"
#include "nmfkit.h"

typedef struct nmfi_image_set {
    size_t width, height;  /* of one image                       */
    size_t count;          /* number of images = columns          */
    nmf_matrix *rgb;       /* (width * height * 3) x count        */
    nmf_matrix *alpha;     /* (width * height) x count            */
} nmfi_image_set;

void nmfi_image_set_free(nmfi_image_set *s);

/* Cut a sheet into tile_w x tile_h tiles in row-major order and keep tiles
 * offset .. offset + count - 1 (count 0: all from offset on). The sheet's
 * size must be a multiple of the tile size; asking for more tiles than the
 * sheet holds is an error naming the file (never silently fewer). */
nmf_status nmfi_image_set_from_sheet(const char *path, size_t tile_w,
                                     size_t tile_h, size_t offset,
                                     size_t count, nmfi_image_set *out);

/* Every *.png in dir, sorted by name, all of one size (else an error naming
 * the first odd file); offset/count as above. */
nmf_status nmfi_image_set_from_dir(const char *dir, size_t offset,
                                   size_t count, nmfi_image_set *out);

/* A sheet (regular file) or a directory, by what path is. */
nmf_status nmfi_image_set_load(const char *path, size_t tile_w, size_t tile_h,
                               size_t offset, size_t count,
                               nmfi_image_set *out);

/* Image j as RGBA: RGB from column j of rgb (any matrix of the set's
 * layout, e.g. W H or a column of W), alpha from column j of the set's
 * alpha (alpha_col), or fully opaque when alpha_col is (size_t)-1. */
nmf_status nmfi_image_set_image(const nmfi_image_set *s, const nmf_matrix *rgb,
                                size_t j, size_t alpha_col, nmfi_image *out);

#endif
