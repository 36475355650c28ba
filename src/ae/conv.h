/* conv.h -- 2-D convolutions as GEMMs (im2col / col2im on our kernels),
 * forward and backward, for the autoencoder (ae/model.h).
 *
 * Layout. A batch of B images of C channels, H x W pixels, is a column-
 * major C x (B H W) matrix: channel c of pixel (y, x) of image b is at
 * c + C (x + W (y + H b)), channels fastest (HWC). Then one convolution of
 * the whole batch is one GEMM, Y = Wm cols, with cols = im2col(X) of
 * (C_in k k) x (B H_out W_out), row ci + C_in (kx + k ky): the C_in
 * channels at one tap are contiguous in X, so im2col copies runs.
 *
 * A geometry names a convolution from `in` to `out` (PyTorch's Conv2d):
 * H_out = (H_in + 2 pad - k) / stride + 1. The transposed convolution
 * (ConvTranspose2d) from a small grid to a large one is the adjoint of
 * the geometry from large to small, so both share one im2col and one
 * col2im; output_padding only widens the large grid by rows and columns
 * no tap reaches (they hold the bias alone).
 *
 * Every sum runs in a fixed order (the GEMM's, or col2im's taps in
 * order within one image, images split among threads): results are
 * bitwise the same for any thread count, as the GEMM is. */
#ifndef NMFI_AE_CONV_H
#define NMFI_AE_CONV_H

#include <stddef.h>

#include "nmfkit.h"

typedef struct nmfi_conv_geom {
    size_t c_in, h_in, w_in;     /* the large grid's side of the conv    */
    size_t c_out, h_out, w_out;  /* the small grid's                     */
    size_t k, stride, pad;
} nmfi_conv_geom;

/* Fills h_out, w_out from the rest; 0 if the geometry is impossible
 * (kernel larger than the padded input, zero sizes). */
int nmfi_conv_geom_init(nmfi_conv_geom *g, size_t c_in, size_t h_in,
                        size_t w_in, size_t c_out, size_t k, size_t stride,
                        size_t pad);

/* Rows of cols: c_in k k; columns per image: h_out w_out. */
size_t nmfi_conv_taps(const nmfi_conv_geom *g);
size_t nmfi_conv_out_pixels(const nmfi_conv_geom *g);
size_t nmfi_conv_in_pixels(const nmfi_conv_geom *g);

/* cols (taps x B P_out, ld taps) from x (c_in x B P_in); padding reads 0. */
void nmfi_im2col(const nmfi_conv_geom *g, size_t batch, const nmf_real *x,
                 nmf_real *cols);
/* x (c_in x B P_in) = sum of cols at their taps (x is overwritten). */
void nmfi_col2im(const nmfi_conv_geom *g, size_t batch, const nmf_real *cols,
                 nmf_real *x);

/* ---- Conv2d: `in` -> `out`, weight c_out x taps (ld c_out), bias c_out -- */

/* y = W im2col(x) + b. cols: scratch of taps x B P_out. */
void nmfi_conv_forward(const nmfi_conv_geom *g, size_t batch,
                       const nmf_real *x, const nmf_real *w,
                       const nmf_real *b, nmf_real *cols, nmf_real *y);
/* From dy (c_out x B P_out) and the forward's cols: dw = dy cols',
 * db = row sums of dy, and, if dx is not NULL, dx = col2im(W' dy) (cols
 * is overwritten then). */
void nmfi_conv_backward(const nmfi_conv_geom *g, size_t batch,
                        const nmf_real *dy, const nmf_real *w, nmf_real *cols,
                        nmf_real *dw, nmf_real *db, nmf_real *dx);

/* ---- ConvTranspose2d: `out` -> `in` of g, weight c_out x taps, bias c_in */

/* y (c_in x B P_in) = col2im(W' x) + b, x (c_out x B P_out). */
void nmfi_convt_forward(const nmfi_conv_geom *g, size_t batch,
                        const nmf_real *x, const nmf_real *w,
                        const nmf_real *b, nmf_real *cols, nmf_real *y);
/* From dy (c_in x B P_in): cols = im2col(dy), dw = x cols', db = row sums
 * of dy, and, if dx is not NULL, dx = W cols. */
void nmfi_convt_backward(const nmfi_conv_geom *g, size_t batch,
                         const nmf_real *x, const nmf_real *dy,
                         const nmf_real *w, nmf_real *cols, nmf_real *dw,
                         nmf_real *db, nmf_real *dx);

#endif
