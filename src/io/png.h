/* png.h -- PNG files <-> RGBA images in [0, 1] (libpng).
 *
 * Every colour type (gray, gray+alpha, RGB, RGBA, palette with or without
 * tRNS) at every bit depth (1-16) is read as RGBA with values scaled to
 * [0, 1]; images are written as 8-bit RGBA or RGB. Corrupt, truncated and
 * non-PNG files give NMF_E_FORMAT with one line naming the file, never a
 * crash (libpng's longjmp is caught here). */
#ifndef NMFI_PNG_H
#define NMFI_PNG_H

#include <stddef.h>
#include <stdio.h>

#include "nmfkit.h"

/* Row-major RGBA: pixel (x, y) channel c is rgba[(y * width + x) * 4 + c]. */
typedef struct nmfi_image {
    size_t width, height;
    float *rgba;
} nmfi_image;

nmf_status nmfi_image_new(nmfi_image *img, size_t width, size_t height);
void nmfi_image_free(nmfi_image *img);

nmf_status nmfi_png_read(const char *path, nmfi_image *out);

/* 8-bit output of [0, 1] values (clipped, rounded to nearest): RGBA when
 * with_alpha, else RGB (alpha ignored). `name` is for messages. */
nmf_status nmfi_png_write_fp(FILE *fp, const nmfi_image *img, int with_alpha,
                             const char *name);
/* The same to a path, through a temporary (io/atomic_file.h). */
nmf_status nmfi_png_write(const char *path, const nmfi_image *img,
                          int with_alpha);

#endif
