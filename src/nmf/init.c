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
#include "nmf/init.h"

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

nmf_status nmfi_init_uniform_part(double mean_a, uint64_t seed, size_t m,
                                  size_t r0, nmf_matrix *w, size_t c0,
                                  nmf_matrix *h)
{
    size_t d = w ? w->cols : h ? h->rows : 0;
    if (w && h && w->cols != h->rows)
        return nmfi_error(NMF_E_INVAL, "init: W has %zu columns but H has"
                          " %zu rows", w->cols, h->rows);
    if (w && r0 + w->rows > m)
        return nmfi_error(NMF_E_INVAL, "init: rows %zu..%zu of W are past"
                          " its %zu rows", r0, r0 + w->rows, m);
    if (!(mean_a >= 0) || isinf(mean_a))
        return nmfi_error(NMF_E_INVAL, "init: mean(A) = %g is not a finite"
                          " non-negative number", mean_a);
    double scale = sqrt(mean_a / (double)d);
    nmfi_rng base, rng;
    nmfi_rng_seed(&base, seed);
    for (size_t j = 0; w && j < d; j++) {
        rng = base;
        nmfi_rng_jump(&rng, (uint64_t)j * m + r0);
        for (size_t i = 0; i < w->rows; i++)
            NMFI_AT(w, i, j) = (nmf_real)(nmfi_rng_uniform(&rng) * scale);
    }
    if (h) {
        rng = base;
        nmfi_rng_jump(&rng, (uint64_t)m * d + (uint64_t)c0 * d);
        for (size_t j = 0; j < h->cols; j++)
            for (size_t i = 0; i < d; i++)
                NMFI_AT(h, i, j) = (nmf_real)(nmfi_rng_uniform(&rng) * scale);
    }
    return NMF_OK;
}
