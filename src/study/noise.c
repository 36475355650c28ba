/* noise.c -- Gaussian noise on the visible, non-zero colour channels.
 *
 * Black outlines and the transparent background store RGB 0 and stay 0:
 * the reference text adds noise only where there is colour, so the noise
 * does not invent a background NMF would then have to model. */
#include <config.h>

#include <math.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/rng.h"
#include "study/noise.h"

nmf_status nmfi_add_noise(const nmfi_image_set *s, double sigma,
                          uint64_t seed, nmf_matrix *noisy)
{
    const nmf_matrix *a = s->rgb;
    if (noisy->rows != a->rows || noisy->cols != a->cols)
        return nmfi_error(NMF_E_INVAL, "noise: output is %zu x %zu, expected"
                          " %zu x %zu", noisy->rows, noisy->cols, a->rows,
                          a->cols);
    if (!(sigma >= 0) || isinf(sigma))
        return nmfi_error(NMF_E_INVAL, "sigma = %g must be a finite number"
                          " >= 0", sigma);
    nmfi_rng rng;
    nmfi_rng_seed(&rng, seed);
    for (size_t j = 0; j < a->cols; j++)
        for (size_t i = 0; i < a->rows; i++) {
            double v = NMFI_AT(a, i, j);
            double alpha = NMFI_AT(s->alpha, i / 3, j);
            if (v > 0 && alpha > 0 && sigma > 0) {
                v += sigma * nmfi_rng_normal(&rng);
                v = v < 0 ? 0 : v > 1 ? 1 : v;
            }
            NMFI_AT(noisy, i, j) = (nmf_real)v;
        }
    return NMF_OK;
}
