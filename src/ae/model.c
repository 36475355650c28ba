/* model.c -- the autoencoder of model.h: four layers of conv.h, ReLU,
 * sigmoid, the cropped MSE, and Adam. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ae/model.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/rng.h"

#define K 3
#define STRIDE 2
#define PAD 1

static nmf_real *zalloc(size_t n)
{
    nmf_real *p = nmfi_aligned_alloc(n ? n : 1, sizeof(nmf_real));
    if (p)
        memset(p, 0, (n ? n : 1) * sizeof *p);
    return p;
}

static int param_new(nmfi_ae_param *p, size_t n)
{
    p->n = n;
    p->v = zalloc(n);
    p->g = zalloc(n);
    p->m = zalloc(n);
    p->s = zalloc(n);
    return p->v && p->g && p->m && p->s;
}

static void param_free(nmfi_ae_param *p)
{
    nmfi_aligned_free(p->v);
    nmfi_aligned_free(p->g);
    nmfi_aligned_free(p->m);
    nmfi_aligned_free(p->s);
}

/* Channels and pixels of activation i (0: input ... 4: full output). */
static size_t act_channels(const nmfi_ae *ae, int i)
{
    return i == 1 || i == 3 ? ae->c1 : i == 2 ? ae->c2 : 1;
}

static size_t act_pixels(const nmfi_ae *ae, int i)
{
    switch (i) {
    case 0: return ae->h * ae->w;
    case 1: return nmfi_conv_out_pixels(&ae->g[0]);
    case 2: return nmfi_conv_out_pixels(&ae->g[1]);
    case 3: return nmfi_conv_in_pixels(&ae->g[2]);
    default: return nmfi_conv_in_pixels(&ae->g[3]);
    }
}

static void init_weights(nmfi_ae *ae, uint64_t seed)
{
    nmfi_rng rng;
    nmfi_rng_seed(&rng, seed);
    for (int l = 0; l < NMFI_AE_LAYERS; l++) {
        /* The layer's own input and output channels (the decoder runs
         * its geometry backwards). */
        size_t cin = l < 2 ? ae->g[l].c_in : ae->g[l].c_out;
        size_t cout = l < 2 ? ae->g[l].c_out : ae->g[l].c_in;
        double fan_in = (double)(cin * K * K), fan_out = (double)(cout * K * K);
        nmfi_ae_param *w = &ae->weight[l];
        for (size_t i = 0; i < w->n; i++) {
            if (l < NMFI_AE_LAYERS - 1) /* He normal: a ReLU follows */
                w->v[i] = (nmf_real)(sqrt(2.0 / fan_in)
                                     * nmfi_rng_normal(&rng));
            else                         /* Glorot uniform: the sigmoid */
                w->v[i] = (nmf_real)(sqrt(6.0 / (fan_in + fan_out))
                                     * (2.0 * nmfi_rng_uniform(&rng) - 1.0));
        }
    }
}

nmf_status nmfi_ae_new(nmfi_ae *ae, size_t h, size_t w, size_t c1, size_t c2,
                       size_t max_batch, uint64_t seed)
{
    memset(ae, 0, sizeof *ae);
    ae->h = h;
    ae->w = w;
    ae->c1 = c1;
    ae->c2 = c2;
    ae->max_batch = max_batch;
    nmfi_conv_geom *g = ae->g;
    if (!nmfi_conv_geom_init(&g[0], 1, h, w, c1, K, STRIDE, PAD)
        || !nmfi_conv_geom_init(&g[1], c1, g[0].h_out, g[0].w_out, c2, K,
                                STRIDE, PAD)
        /* The decoder doubles each side: (n - 1) 2 - 2 + 3 + 1 = 2n. */
        || !nmfi_conv_geom_init(&g[2], c1, 2 * g[1].h_out, 2 * g[1].w_out,
                                c2, K, STRIDE, PAD)
        || !nmfi_conv_geom_init(&g[3], 1, 2 * g[2].h_in, 2 * g[2].w_in, c1,
                                K, STRIDE, PAD)
        || max_batch == 0)
        return nmfi_error(NMF_E_INVAL, "autoencoder: %zu x %zu images, "
                          "channels %zu and %zu, batch %zu: no such model",
                          h, w, c1, c2, max_batch);
    size_t cols = 0;
    for (int l = 0; l < NMFI_AE_LAYERS; l++) {
        size_t c = nmfi_conv_taps(&g[l]) * max_batch
                   * nmfi_conv_out_pixels(&g[l]);
        cols = c > cols ? c : cols;
    }
    int ok = (ae->cols = zalloc(cols)) != NULL;
    for (int l = 0; l < NMFI_AE_LAYERS && ok; l++)
        ok = param_new(&ae->weight[l], g[l].c_out * nmfi_conv_taps(&g[l]))
             && param_new(&ae->bias[l], l < 2 ? g[l].c_out : g[l].c_in);
    for (int i = 0; i <= NMFI_AE_LAYERS && ok; i++) {
        size_t n = act_channels(ae, i) * act_pixels(ae, i) * max_batch;
        ok = (ae->a[i] = zalloc(n)) && (ae->da[i] = zalloc(n));
    }
    if (!ok) {
        nmfi_ae_free(ae);
        return nmfi_error(NMF_E_NOMEM, "out of memory for the autoencoder "
                          "(%zu x %zu images, batches of %zu)", h, w,
                          max_batch);
    }
    init_weights(ae, seed);
    return NMF_OK;
}

void nmfi_ae_free(nmfi_ae *ae)
{
    for (int l = 0; l < NMFI_AE_LAYERS; l++) {
        param_free(&ae->weight[l]);
        param_free(&ae->bias[l]);
    }
    for (int i = 0; i <= NMFI_AE_LAYERS; i++) {
        nmfi_aligned_free(ae->a[i]);
        nmfi_aligned_free(ae->da[i]);
    }
    nmfi_aligned_free(ae->cols);
    memset(ae, 0, sizeof *ae);
}

size_t nmfi_ae_parameters(const nmfi_ae *ae)
{
    size_t n = 0;
    for (int l = 0; l < NMFI_AE_LAYERS; l++)
        n += ae->weight[l].n + ae->bias[l].n;
    return n;
}

size_t nmfi_ae_code_size(const nmfi_ae *ae)
{
    return ae->c2 * act_pixels(ae, 2);
}

static void relu(nmf_real *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = x[i] > 0 ? x[i] : 0;
}

/* dx *= relu'(z), from the ReLU's output a = max(z, 0). */
static void relu_back(nmf_real *dx, const nmf_real *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(a[i] > 0))
            dx[i] = 0;
}

static void sigmoid(nmf_real *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (nmf_real)(1.0 / (1.0 + exp(-(double)x[i])));
}

double nmfi_ae_forward(nmfi_ae *ae, size_t batch, const nmf_real *x,
                       nmf_real *y)
{
    size_t hw = ae->h * ae->w, h4 = ae->g[3].h_in, w4 = ae->g[3].w_in;
    memcpy(ae->a[0], x, batch * hw * sizeof *x);
    nmfi_conv_forward(&ae->g[0], batch, ae->a[0], ae->weight[0].v, ae->bias[0].v,
                      ae->cols, ae->a[1]);
    relu(ae->a[1], act_channels(ae, 1) * act_pixels(ae, 1) * batch);
    nmfi_conv_forward(&ae->g[1], batch, ae->a[1], ae->weight[1].v, ae->bias[1].v,
                      ae->cols, ae->a[2]);
    relu(ae->a[2], act_channels(ae, 2) * act_pixels(ae, 2) * batch);
    nmfi_convt_forward(&ae->g[2], batch, ae->a[2], ae->weight[2].v, ae->bias[2].v,
                       ae->cols, ae->a[3]);
    relu(ae->a[3], act_channels(ae, 3) * act_pixels(ae, 3) * batch);
    nmfi_convt_forward(&ae->g[3], batch, ae->a[3], ae->weight[3].v, ae->bias[3].v,
                       ae->cols, ae->a[4]);
    sigmoid(ae->a[4], act_pixels(ae, 4) * batch);
    /* Crop the full grid to h x w from the top left; MSE in double. */
    double sum = 0.0;
    for (size_t b = 0; b < batch; b++)
        for (size_t r = 0; r < ae->h; r++)
            for (size_t c = 0; c < ae->w; c++) {
                nmf_real v = ae->a[4][c + w4 * (r + h4 * b)];
                size_t i = c + ae->w * (r + ae->h * b);
                if (y)
                    y[i] = v;
                double d = (double)v - (double)x[i];
                sum += d * d;
            }
    return sum / (double)(batch * hw);
}

void nmfi_ae_backward(nmfi_ae *ae, size_t batch)
{
    size_t hw = ae->h * ae->w, h4 = ae->g[3].h_in, w4 = ae->g[3].w_in;
    nmf_real *out = ae->a[4], *dout = ae->da[4];
    /* d MSE / d output on the kept pixels, through the sigmoid. */
    memset(dout, 0, batch * h4 * w4 * sizeof *dout);
    double scale = 2.0 / (double)(batch * hw);
    for (size_t b = 0; b < batch; b++)
        for (size_t r = 0; r < ae->h; r++)
            for (size_t c = 0; c < ae->w; c++) {
                size_t o = c + w4 * (r + h4 * b);
                double v = out[o];
                double d = v - (double)ae->a[0][c + ae->w * (r + ae->h * b)];
                dout[o] = (nmf_real)(scale * d * v * (1.0 - v));
            }
    nmfi_convt_backward(&ae->g[3], batch, ae->a[3], ae->da[4], ae->weight[3].v,
                        ae->cols, ae->weight[3].g, ae->bias[3].g, ae->da[3]);
    relu_back(ae->da[3], ae->a[3],
              act_channels(ae, 3) * act_pixels(ae, 3) * batch);
    nmfi_convt_backward(&ae->g[2], batch, ae->a[2], ae->da[3], ae->weight[2].v,
                        ae->cols, ae->weight[2].g, ae->bias[2].g, ae->da[2]);
    relu_back(ae->da[2], ae->a[2],
              act_channels(ae, 2) * act_pixels(ae, 2) * batch);
    nmfi_im2col(&ae->g[1], batch, ae->a[1], ae->cols);
    nmfi_conv_backward(&ae->g[1], batch, ae->da[2], ae->weight[1].v, ae->cols,
                       ae->weight[1].g, ae->bias[1].g, ae->da[1]);
    relu_back(ae->da[1], ae->a[1],
              act_channels(ae, 1) * act_pixels(ae, 1) * batch);
    nmfi_im2col(&ae->g[0], batch, ae->a[0], ae->cols);
    nmfi_conv_backward(&ae->g[0], batch, ae->da[1], ae->weight[0].v, ae->cols,
                       ae->weight[0].g, ae->bias[0].g, NULL);
}

static void adam(nmfi_ae_param *p, const nmfi_adam *o, double c1, double c2)
{
    for (size_t i = 0; i < p->n; i++) {
        double g = p->g[i];
        double m = o->beta1 * p->m[i] + (1.0 - o->beta1) * g;
        double s = o->beta2 * p->s[i] + (1.0 - o->beta2) * g * g;
        p->m[i] = (nmf_real)m;
        p->s[i] = (nmf_real)s;
        p->v[i] -= (nmf_real)(o->lr * (m / c1) / (sqrt(s / c2) + o->eps));
    }
}

void nmfi_ae_adam_step(nmfi_ae *ae, const nmfi_adam *opt)
{
    ae->adam_t++;
    double c1 = 1.0 - pow(opt->beta1, (double)ae->adam_t);
    double c2 = 1.0 - pow(opt->beta2, (double)ae->adam_t);
    for (int l = 0; l < NMFI_AE_LAYERS; l++) {
        adam(&ae->weight[l], opt, c1, c2);
        adam(&ae->bias[l], opt, c1, c2);
    }
}
