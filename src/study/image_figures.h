/* image_figures.h -- the figures the image studies share: grids of images
 * (with their own alpha restored), the mean image, basis images, the
 * convergence plot, and the parts table of the generated sprites. */
#ifndef NMFI_IMAGE_FIGURES_H
#define NMFI_IMAGE_FIGURES_H

#include <stddef.h>

#include "study/imageset.h"

/* How many images a grid shows at most (8 x 8). */
#define NMFI_GRID_IMAGES 64

/* Grid of the first min(count, 64) columns of rgb (the set's layout), each
 * with the set's alpha of the same column. */
nmf_status nmfi_fig_images(const char *path, const nmfi_image_set *s,
                           const nmf_matrix *rgb);

/* The first min(d, 64) columns of W as RGB images, each scaled so its
 * largest value is 1 (W's scale is arbitrary: W D, D^-1 H fits as well),
 * fully opaque. */
nmf_status nmfi_fig_basis(const char *path, const nmfi_image_set *s,
                          const nmf_matrix *w);

/* The mean image: mean over the images of every pixel's RGB and alpha,
 * drawn larger. *transparent_everywhere gets the count of pixels whose
 * alpha is 0 in every image. */
nmf_status nmfi_fig_mean(const char *path, const nmfi_image_set *s,
                         size_t *transparent_everywhere);

/* W H for the first min(count, 64) images (m x k, caller frees). */
nmf_matrix *nmfi_reconstruct_first(const nmf_matrix *w, const nmf_matrix *h);

/* Best cosine similarity between each true part of the generated sprites
 * and any column of W: best[i] and which[i] for part i (NaN for a part
 * with no colour, e.g. all black). names[i] borrow from `parts`. */
typedef struct nmfi_parts_match {
    size_t count;
    const char **names;
    double *best;
    size_t *which;
} nmfi_parts_match;

struct nmfi_sprite_parts;
nmf_status nmfi_parts_match_w(const struct nmfi_sprite_parts *parts,
                              const nmf_matrix *w, nmfi_parts_match *out);
void nmfi_parts_match_free(nmfi_parts_match *m);

#endif
