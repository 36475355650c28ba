/* noise.h -- the reference text's noise model for images. */
#ifndef NMFI_NOISE_H
#define NMFI_NOISE_H

#include <stdint.h>

#include "study/imageset.h"

/* noisy = clip(A + sigma N(0, 1), 0, 1) on the colour channels that are
 * non-zero in visible pixels (alpha > 0); every other entry (transparent
 * pixels, black channels) is copied unchanged. One normal is drawn per
 * touched entry, column by column, from one stream seeded by seed, so the
 * noise is the same for any thread count. sigma = 0 copies A exactly.
 * noisy must be a matrix of A's shape. */
nmf_status nmfi_add_noise(const nmfi_image_set *s, double sigma,
                          uint64_t seed, nmf_matrix *noisy);

#endif
