/* conv.c -- see conv.h: the index arithmetic of im2col and col2im, and
 * each pass as one GEMM over the whole batch. */
#include <config.h>

#include <string.h>

#include "ae/conv.h"

int nmfi_conv_geom_init(nmfi_conv_geom *g, size_t c_in, size_t h_in,
                        size_t w_in, size_t c_out, size_t k, size_t stride,
                        size_t pad)
{
    memset(g, 0, sizeof *g);
    if (!c_in || !h_in || !w_in || !c_out || !k || !stride
        || h_in + 2 * pad < k || w_in + 2 * pad < k)
        return 0;
    g->c_in = c_in;
    g->h_in = h_in;
    g->w_in = w_in;
    g->c_out = c_out;
    g->k = k;
    g->stride = stride;
    g->pad = pad;
    g->h_out = (h_in + 2 * pad - k) / stride + 1;
    g->w_out = (w_in + 2 * pad - k) / stride + 1;
    return 1;
}

size_t nmfi_conv_taps(const nmfi_conv_geom *g)
{
    return g->c_in * g->k * g->k;
}

size_t nmfi_conv_out_pixels(const nmfi_conv_geom *g)
{
    return g->h_out * g->w_out;
}

size_t nmfi_conv_in_pixels(const nmfi_conv_geom *g)
{
    return g->h_in * g->w_in;
}

/* The input pixel that tap (ky, kx) of output pixel (oy, ox) reads, or -1
 * in the padding. */
static long tap_pixel(const nmfi_conv_geom *g, size_t oy, size_t ox,
                      size_t ky, size_t kx)
{
    long iy = (long)(oy * g->stride + ky) - (long)g->pad;
    long ix = (long)(ox * g->stride + kx) - (long)g->pad;
    if (iy < 0 || ix < 0 || iy >= (long)g->h_in || ix >= (long)g->w_in)
        return -1;
    return iy * (long)g->w_in + ix;
}

void nmfi_im2col(const nmfi_conv_geom *g, size_t batch, const nmf_real *x,
                 nmf_real *cols)
{
    size_t taps = nmfi_conv_taps(g), pin = nmfi_conv_in_pixels(g);
    size_t pout = nmfi_conv_out_pixels(g), ci = g->c_in;
    long nb = (long)batch;
#pragma omp parallel for schedule(static)
    for (long b = 0; b < nb; b++) {
        const nmf_real *xb = x + (size_t)b * pin * ci;
        for (size_t oy = 0; oy < g->h_out; oy++)
            for (size_t ox = 0; ox < g->w_out; ox++) {
                size_t p = (size_t)b * pout + oy * g->w_out + ox;
                nmf_real *col = cols + p * taps;
                for (size_t ky = 0; ky < g->k; ky++)
                    for (size_t kx = 0; kx < g->k; kx++) {
                        nmf_real *dst = col + ci * (kx + g->k * ky);
                        long ip = tap_pixel(g, oy, ox, ky, kx);
                        if (ip < 0)
                            memset(dst, 0, ci * sizeof *dst);
                        else
                            memcpy(dst, xb + (size_t)ip * ci,
                                   ci * sizeof *dst);
                    }
            }
    }
}

void nmfi_col2im(const nmfi_conv_geom *g, size_t batch, const nmf_real *cols,
                 nmf_real *x)
{
    size_t taps = nmfi_conv_taps(g), pin = nmfi_conv_in_pixels(g);
    size_t pout = nmfi_conv_out_pixels(g), ci = g->c_in;
    long nb = (long)batch;
    /* One image per thread at a time, its taps in order: the sums at a
     * pixel run in the same order for any thread count. */
#pragma omp parallel for schedule(static)
    for (long b = 0; b < nb; b++) {
        nmf_real *xb = x + (size_t)b * pin * ci;
        memset(xb, 0, pin * ci * sizeof *xb);
        for (size_t oy = 0; oy < g->h_out; oy++)
            for (size_t ox = 0; ox < g->w_out; ox++) {
                size_t p = (size_t)b * pout + oy * g->w_out + ox;
                const nmf_real *col = cols + p * taps;
                for (size_t ky = 0; ky < g->k; ky++)
                    for (size_t kx = 0; kx < g->k; kx++) {
                        long ip = tap_pixel(g, oy, ox, ky, kx);
                        if (ip < 0)
                            continue;
                        const nmf_real *src = col + ci * (kx + g->k * ky);
                        nmf_real *dst = xb + (size_t)ip * ci;
                        for (size_t c = 0; c < ci; c++)
                            dst[c] += src[c];
                    }
            }
    }
}

/* y(c, :) += b(c) for a c x cols matrix. */
static void add_bias(nmf_real *y, size_t c, size_t n, const nmf_real *b)
{
    long nn = (long)n;
#pragma omp parallel for schedule(static)
    for (long j = 0; j < nn; j++)
        for (size_t i = 0; i < c; i++)
            y[i + (size_t)j * c] += b[i];
}

/* db(c) = sum over the columns of dy(c, :), in column order (double). */
static void bias_grad(const nmf_real *dy, size_t c, size_t n, nmf_real *db)
{
    for (size_t i = 0; i < c; i++) {
        double s = 0.0;
        for (size_t j = 0; j < n; j++)
            s += dy[i + j * c];
        db[i] = (nmf_real)s;
    }
}

void nmfi_conv_forward(const nmfi_conv_geom *g, size_t batch,
                       const nmf_real *x, const nmf_real *w,
                       const nmf_real *b, nmf_real *cols, nmf_real *y)
{
    size_t taps = nmfi_conv_taps(g), n = batch * nmfi_conv_out_pixels(g);
    nmfi_im2col(g, batch, x, cols);
    nmf_gemm(NMF_NOTRANS, NMF_NOTRANS, g->c_out, n, taps, w, g->c_out, cols,
             taps, 0, y, g->c_out);
    add_bias(y, g->c_out, n, b);
}

void nmfi_conv_backward(const nmfi_conv_geom *g, size_t batch,
                        const nmf_real *dy, const nmf_real *w, nmf_real *cols,
                        nmf_real *dw, nmf_real *db, nmf_real *dx)
{
    size_t taps = nmfi_conv_taps(g), n = batch * nmfi_conv_out_pixels(g);
    nmf_gemm(NMF_NOTRANS, NMF_TRANS, g->c_out, taps, n, dy, g->c_out, cols,
             taps, 0, dw, g->c_out);
    bias_grad(dy, g->c_out, n, db);
    if (!dx)
        return;
    nmf_gemm(NMF_TRANS, NMF_NOTRANS, taps, n, g->c_out, w, g->c_out, dy,
             g->c_out, 0, cols, taps);
    nmfi_col2im(g, batch, cols, dx);
}

void nmfi_convt_forward(const nmfi_conv_geom *g, size_t batch,
                        const nmf_real *x, const nmf_real *w,
                        const nmf_real *b, nmf_real *cols, nmf_real *y)
{
    size_t taps = nmfi_conv_taps(g), n = batch * nmfi_conv_out_pixels(g);
    nmf_gemm(NMF_TRANS, NMF_NOTRANS, taps, n, g->c_out, w, g->c_out, x,
             g->c_out, 0, cols, taps);
    nmfi_col2im(g, batch, cols, y);
    add_bias(y, g->c_in, batch * nmfi_conv_in_pixels(g), b);
}

void nmfi_convt_backward(const nmfi_conv_geom *g, size_t batch,
                         const nmf_real *x, const nmf_real *dy,
                         const nmf_real *w, nmf_real *cols, nmf_real *dw,
                         nmf_real *db, nmf_real *dx)
{
    size_t taps = nmfi_conv_taps(g), n = batch * nmfi_conv_out_pixels(g);
    nmfi_im2col(g, batch, dy, cols);
    nmf_gemm(NMF_NOTRANS, NMF_TRANS, g->c_out, taps, n, x, g->c_out, cols,
             taps, 0, dw, g->c_out);
    bias_grad(dy, g->c_in, batch * nmfi_conv_in_pixels(g), db);
    if (dx)
        nmf_gemm(NMF_NOTRANS, NMF_NOTRANS, g->c_out, n, taps, w, g->c_out,
                 cols, taps, 0, dx, g->c_out);
}
