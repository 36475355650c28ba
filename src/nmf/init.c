/* init.c -- the reference algorithm's start: W0, H0 ~ U(0, 1) * sqrt(mean(A)/d).
 *
 * The scale makes E[(W0 H0)_ij] = d * (1/2)^2 * mean(A)/d = mean(A)/4, the
 * same order as A, so the first updates neither explode nor underflow. One
 * stream, drawn serially (W column by column, then H), keeps the start the
 * same for any thread count. */
#include <config.h>

#include <math.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/rng.h"

nmf_status nmf_init_uniform(double mean_a, uint64_t seed, nmf_matrix *w,
                            nmf_matrix *h)
{
    if (w->cols != h->rows)
        return nmfi_error(NMF_E_INVAL, "init: W has %zu columns but H has"
                          " %zu rows", w->cols, h->rows);
    if (!(mean_a >= 0) || isinf(mean_a))
        return nmfi_error(NMF_E_INVAL, "init: mean(A) = %g is not a finite"
                          " non-negative number", mean_a);
    double scale = sqrt(mean_a / (double)w->cols);
    nmfi_rng rng;
    nmfi_rng_seed(&rng, seed);
    for (size_t j = 0; j < w->cols; j++)
        for (size_t i = 0; i < w->rows; i++)
            NMFI_AT(w, i, j) = (nmf_real)(nmfi_rng_uniform(&rng) * scale);
    for (size_t j = 0; j < h->cols; j++)
        for (size_t i = 0; i < h->rows; i++)
            NMFI_AT(h, i, j) = (nmf_real)(nmfi_rng_uniform(&rng) * scale);
    return NMF_OK;
}
