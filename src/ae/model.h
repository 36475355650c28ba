/* model.h -- the reference homework's convolutional autoencoder, on our
 * convolutions (ae/conv.h):
 *   encoder  Conv 1 -> C1, 3x3, stride 2, pad 1, ReLU
 *            Conv C1 -> C2, 3x3, stride 2, pad 1, ReLU     (the code)
 *   decoder  ConvTranspose C2 -> C1, 3x3, stride 2, pad 1, output pad 1,
 *            ReLU
 *            ConvTranspose C1 -> 1, the same, sigmoid; cropped to the
 *            input's h x w (from the top left)
 * C1 = 16 and C2 = 32 (--bottleneck) as the reference; MSE loss; Adam.
 * Initialisation: He normal, std sqrt(2 / fan_in), for the three layers
 * a ReLU follows; Glorot uniform, limit sqrt(6 / (fan_in + fan_out)), for
 * the sigmoid layer; fan_in = input channels x 9, fan_out = output
 * channels x 9; biases 0. Weights are drawn from the seeded RNG in layer
 * order, so a seed gives the same model on any machine.
 *
 * Images are h x w in [0, 1], one channel, a batch as 1 x (B h w) in the
 * layout of conv.h (pixel (y, x) of image b at x + w (y + h b)). */
#ifndef NMFI_AE_MODEL_H
#define NMFI_AE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "ae/conv.h"
#include "nmfkit.h"

#define NMFI_AE_LAYERS 4

typedef struct nmfi_ae_param {
    nmf_real *v, *g;        /* value and gradient                    */
    nmf_real *m, *s;        /* Adam's first and second moments       */
    size_t n;
} nmfi_ae_param;

typedef struct nmfi_ae {
    size_t h, w, c1, c2, max_batch;
    /* e1: image -> C1, e2: C1 -> C2; d1, d2 are the geometries whose
     * adjoints the decoder runs (C1 grid -> C2, output grid -> C1). */
    nmfi_conv_geom g[NMFI_AE_LAYERS];
    nmfi_ae_param weight[NMFI_AE_LAYERS], bias[NMFI_AE_LAYERS];
    /* Activations of the last forward pass, each c x (B pixels): a[0] the
     * input, a[1] e1, a[2] the code, a[3] d1, a[4] the full output grid
     * after the sigmoid. */
    nmf_real *a[NMFI_AE_LAYERS + 1];
    nmf_real *da[NMFI_AE_LAYERS + 1];   /* their gradients            */
    nmf_real *cols;                     /* im2col scratch, the largest */
    long adam_t;                        /* Adam steps taken           */
} nmfi_ae;

/* A model for h x w images, C1 and C2 channels, batches of at most
 * max_batch; weights drawn from seed. */
nmf_status nmfi_ae_new(nmfi_ae *ae, size_t h, size_t w, size_t c1, size_t c2,
                       size_t max_batch, uint64_t seed);
void nmfi_ae_free(nmfi_ae *ae);

/* Parameters in all (weights and biases). */
size_t nmfi_ae_parameters(const nmfi_ae *ae);
/* Numbers in one image's code: C2 x (the code grid). */
size_t nmfi_ae_code_size(const nmfi_ae *ae);

/* The reconstructions of `batch` images x (1 x B h w) into y (the same
 * shape, cropped), and the MSE over them. */
double nmfi_ae_forward(nmfi_ae *ae, size_t batch, const nmf_real *x,
                       nmf_real *y);
/* The gradients of the last forward's MSE with respect to every
 * parameter, into each param's g. */
void nmfi_ae_backward(nmfi_ae *ae, size_t batch);

typedef struct nmfi_adam {
    double lr, beta1, beta2, eps;  /* 1e-3, 0.9, 0.999, 1e-8         */
} nmfi_adam;
/* One Adam step on every parameter from its gradient. */
void nmfi_ae_adam_step(nmfi_ae *ae, const nmfi_adam *opt);

#endif
