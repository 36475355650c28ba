/* image_figures.c -- figures shared by the image studies (see the header).
 * Every grid goes through report/grid.c, so transparent pixels are drawn on
 * the gray background and black outlines stay black. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "report/grid.h"
#include "report/svgplot.h"
#include "study/image_figures.h"
#include "study/sprites.h"

static size_t shown(size_t count)
{
    return count < NMFI_GRID_IMAGES ? count : NMFI_GRID_IMAGES;
}

static void free_images(nmfi_image *im, size_t k)
{
    for (size_t j = 0; j < k; j++)
        nmfi_image_free(&im[j]);
    free(im);
}

/* Images for columns 0..k-1 of rgb; alpha from the set (same column) or
 * opaque. */
static nmf_status grid_of(const char *path, const nmfi_image_set *s,
                          const nmf_matrix *rgb, size_t k, int own_alpha,
                          size_t scale)
{
    nmfi_image *im = calloc(k, sizeof *im);
    if (!im)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    nmf_status st = NMF_OK;
    for (size_t j = 0; j < k && st == NMF_OK; j++)
        st = nmfi_image_set_image(s, rgb, j, own_alpha ? j : (size_t)-1,
                                  &im[j]);
    if (st == NMF_OK) {
        nmfi_grid_style style;
        nmfi_grid_style_init(&style);
        style.scale = scale;
        if (k < style.cols)
            style.cols = k;
        st = nmfi_grid_png(path, im, k, &style);
    }
    free_images(im, k);
    return st;
}

nmf_status nmfi_fig_images(const char *path, const nmfi_image_set *s,
                           const nmf_matrix *rgb)
{
    return grid_of(path, s, rgb, shown(rgb->cols), 1, 4);
}

nmf_status nmfi_fig_basis(const char *path, const nmfi_image_set *s,
                          const nmf_matrix *w)
{
    size_t k = shown(w->cols);
    nmf_matrix *scaled = nmf_matrix_new(w->rows, k);
    if (!scaled)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    for (size_t j = 0; j < k; j++) {
        nmf_real top = 0;
        for (size_t i = 0; i < w->rows; i++)
            if (NMFI_AT(w, i, j) > top)
                top = NMFI_AT(w, i, j);
        for (size_t i = 0; i < w->rows; i++)
            NMFI_AT(scaled, i, j) = top > 0 ? NMFI_AT(w, i, j) / top : 0;
    }
    nmf_status st = grid_of(path, s, scaled, k, 0, 4);
    nmf_matrix_free(scaled);
    return st;
}

nmf_status nmfi_fig_mean(const char *path, const nmfi_image_set *s,
                         size_t *transparent_everywhere)
{
    size_t px = s->width * s->height;
    nmfi_image mean;
    nmf_status st = nmfi_image_new(&mean, s->width, s->height);
    if (st != NMF_OK)
        return st;
    size_t clear = 0;
    for (size_t p = 0; p < px; p++) {
        double sum[4] = {0, 0, 0, 0};
        for (size_t j = 0; j < s->count; j++) {
            for (size_t c = 0; c < 3; c++)
                sum[c] += NMFI_AT(s->rgb, p * 3 + c, j);
            sum[3] += NMFI_AT(s->alpha, p, j);
        }
        if (sum[3] == 0)
            clear++;
        for (size_t c = 0; c < 4; c++)
            mean.rgba[p * 4 + c] = (float)(sum[c] / (double)s->count);
    }
    *transparent_everywhere = clear;
    nmfi_grid_style style;
    nmfi_grid_style_init(&style);
    style.cols = 1;
    style.scale = 12;
    st = nmfi_grid_png(path, &mean, 1, &style);
    nmfi_image_free(&mean);
    return st;
}

nmf_matrix *nmfi_reconstruct_first(const nmf_matrix *w, const nmf_matrix *h)
{
    size_t k = shown(h->cols);
    nmf_matrix *r = nmf_matrix_new(w->rows, k);
    if (r)
        nmf_gemm(NMF_NOTRANS, NMF_NOTRANS, w->rows, k, w->cols, w->data,
                 w->ld, h->data, h->ld, 0, r->data, r->ld);
    return r;
}

nmf_status nmfi_parts_match_w(const struct nmfi_sprite_parts *parts,
                              const nmf_matrix *w, nmfi_parts_match *out)
{
    memset(out, 0, sizeof *out);
    size_t n = parts->count;
    out->names = calloc(n, sizeof *out->names);
    out->best = calloc(n, sizeof *out->best);
    out->which = calloc(n, sizeof *out->which);
    double *wnorm = calloc(w->cols, sizeof *wnorm);
    if (!out->names || !out->best || !out->which || !wnorm) {
        free(wnorm);
        nmfi_parts_match_free(out);
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    }
    out->count = n;
    for (size_t k = 0; k < w->cols; k++) {
        double s = 0;
        for (size_t i = 0; i < w->rows; i++)
            s += (double)NMFI_AT(w, i, k) * NMFI_AT(w, i, k);
        wnorm[k] = sqrt(s);
    }
    for (size_t q = 0; q < n; q++) {
        const nmfi_image *im = &parts->parts[q].image;
        out->names[q] = parts->parts[q].name;
        out->best[q] = NAN;
        out->which[q] = 0;
        if (im->width * im->height * 3 != w->rows)
            continue;
        /* The part's colour as A holds it: RGB of visible pixels. */
        double pn = 0;
        for (size_t p = 0; p < im->width * im->height; p++)
            for (size_t c = 0; c < 3; c++) {
                double v = im->rgba[p * 4 + 3] > 0 ? im->rgba[p * 4 + c] : 0;
                pn += v * v;
            }
        if (pn == 0)
            continue;
        for (size_t k = 0; k < w->cols; k++) {
            if (wnorm[k] == 0)
                continue;
            double dot = 0;
            for (size_t p = 0; p < im->width * im->height; p++)
                if (im->rgba[p * 4 + 3] > 0)
                    for (size_t c = 0; c < 3; c++)
                        dot += im->rgba[p * 4 + c]
                               * (double)NMFI_AT(w, p * 3 + c, k);
            double cosine = dot / (sqrt(pn) * wnorm[k]);
            if (isnan(out->best[q]) || cosine > out->best[q]) {
                out->best[q] = cosine;
                out->which[q] = k;
            }
        }
    }
    free(wnorm);
    return NMF_OK;
}

void nmfi_parts_match_free(nmfi_parts_match *m)
{
    free(m->names);
    free(m->best);
    free(m->which);
    memset(m, 0, sizeof *m);
}
