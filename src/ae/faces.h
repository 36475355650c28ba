/* faces.h -- a set of equal-sized gray images for the autoencoder study:
 * one image per column of an (h w) x count matrix in [0, 1], pixel
 * (y, x) at row x + w y (the layout of model.h, one image after another).
 *
 * From a folder: every *.pgm in it and in its subfolders (the ORL layout,
 * s1/1.pgm ... s40/10.pgm), or, when there is none, every *.png in it,
 * in natural order (s2 before s10). From a PNG sheet: its tiles in
 * row-major order. Colour becomes the luminance 0.299 R + 0.587 G +
 * 0.114 B, composited over white where a pixel is transparent. */
#ifndef NMFI_AE_FACES_H
#define NMFI_AE_FACES_H

#include <stddef.h>

#include "nmfkit.h"

typedef struct nmfi_faces {
    size_t width, height, count;
    nmf_matrix *pix;
} nmfi_faces;

/* The first `count` images of path (0: all); tile_w x tile_h cut a sheet.
 * Fewer images than asked, or images of different sizes, are an error
 * naming the file. */
nmf_status nmfi_faces_load(const char *path, size_t tile_w, size_t tile_h,
                           size_t count, nmfi_faces *out);
void nmfi_faces_free(nmfi_faces *f);

/* "a" < "b" in natural order: runs of digits compare as numbers. */
int nmfi_natural_cmp(const char *a, const char *b);

#endif
