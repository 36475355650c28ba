/* figures.c -- the autoencoder study's figures (figures.h). */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include "ae/figures.h"
#include "core/error.h"
#include "report/grid.h"
#include "report/svgplot.h"

/* Column j of m as an opaque gray image, clipped to [0, 1]; with
 * `own_max`, scaled to the column's own maximum first. */
static nmf_status gray_image(const nmf_matrix *m, size_t j, size_t width,
                             size_t height, int own_max, nmfi_image *im)
{
    size_t hw = width * height;
    double big = 1.0;
    if (own_max) {
        big = 0;
        for (size_t i = 0; i < hw; i++)
            big = fmax(big, nmf_matrix_get(m, i, j));
    }
    nmf_status st = nmfi_image_new(im, width, height);
    for (size_t i = 0; st == NMF_OK && i < hw; i++) {
        double v = big > 0 ? nmf_matrix_get(m, i, j) / big : 0;
        float f = v < 0 ? 0.0f : v > 1 ? 1.0f : (float)v;
        im->rgba[4 * i] = im->rgba[4 * i + 1] = im->rgba[4 * i + 2] = f;
        im->rgba[4 * i + 3] = 1;
    }
    return st;
}

/* `count` images in a grid of `cols` columns, 1:1, 3-pixel gaps. */
static nmf_status grid(const char *path, const nmf_matrix *const *mats,
                       size_t nmats, size_t per, size_t width, size_t height,
                       int own_max, size_t cols)
{
    size_t count = nmats * per;
    nmfi_image *img = calloc(count ? count : 1, sizeof *img);
    if (!img)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
    nmf_status st = NMF_OK;
    for (size_t r = 0; r < nmats && st == NMF_OK; r++)
        for (size_t j = 0; j < per && st == NMF_OK; j++)
            st = gray_image(mats[r], j, width, height, own_max,
                            &img[r * per + j]);
    nmfi_grid_style gs;
    nmfi_grid_style_init(&gs);
    gs.cols = cols;
    gs.scale = 1;
    gs.gap = 3;
    if (st == NMF_OK)
        st = nmfi_grid_png(path, img, count, &gs);
    for (size_t k = 0; k < count; k++)
        nmfi_image_free(&img[k]);
    free(img);
    return st;
}

nmf_status nmfi_ae_faces_png(const char *path, const nmf_matrix *const rows[3],
                             size_t width, size_t height)
{
    size_t shown = nmf_matrix_cols(rows[1]);
    return grid(path, rows, 3, shown, width, height, 0, shown);
}

nmf_status nmfi_ae_basis_png(const char *path, const nmf_matrix *w,
                             size_t width, size_t height)
{
    size_t d = nmf_matrix_cols(w);
    return grid(path, &w, 1, d, width, height, 1, d < 10 ? d : 10);
}

nmf_status nmfi_ae_loss_svg(const char *path, const double *loss,
                            const double *test_mse, size_t n)
{
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!x)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
    for (size_t k = 0; k < n; k++)
        x[k] = (double)(k + 1);
    nmfi_series series[2] = {
        {.label = "training loss (MSE, mean over the epoch's batches)",
         .x = x, .y = loss, .n = n, .markers = 1},
        {.label = "test MSE after the epoch", .x = x, .y = test_mse,
         .n = n, .markers = 1, .dashed = 1},
    };
    nmfi_plot plot = {.title = "Autoencoder: loss per epoch",
                      .xlabel = "epoch", .ylabel = "MSE", .log_y = 1,
                      .series = series, .nseries = 2};
    nmf_status st = nmfi_svg_plot(path, &plot);
    free(x);
    return st;
}

nmf_status nmfi_ae_time_svg(const char *path, const nmfi_ae_curve *curves,
                            size_t n)
{
    nmfi_series series[NMFI_AE_MAX_CURVES];
    if (n > NMFI_AE_MAX_CURVES)
        n = NMFI_AE_MAX_CURVES;
    for (size_t k = 0; k < n; k++)
        series[k] = (nmfi_series){.label = curves[k].label,
            .x = curves[k].seconds, .y = curves[k].test_mse,
            .n = curves[k].n, .markers = 1};
    nmfi_plot plot = {.title = "Test MSE against training time",
                      .xlabel = "seconds of training", .ylabel = "test MSE",
                      .log_y = 1, .series = series, .nseries = n};
    return nmfi_svg_plot(path, &plot);
}
