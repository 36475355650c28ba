/* compress.c -- `nmfkit compress` (see the header): the image as a matrix,
 * one nmf_fit per rank, and what each rank costs and buys.
 *
 * Figures live in DIR/report/ beside the page; compress.csv and
 * summary.json in DIR. Everything is staged and published at once. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/timer.h"
#include "report/grid.h"
#include "report/html.h"
#include "report/json.h"
#include "report/svgplot.h"
#include "study/compress.h"
#include "study/fits.h"
#include "study/study_files.h"

static const char *const channel_names[] = {"r", "g", "b", "gray"};

int nmfi_channel_parse(const char *text)
{
    for (int c = 0; c < 4; c++)
        if (!strcmp(text, channel_names[c]))
            return c;
    return -1;
}

const char *nmfi_channel_name(nmfi_channel ch)
{
    return (unsigned)ch < 4 ? channel_names[ch] : "?";
}

double nmfi_compress_stored(size_t d, size_t rows, size_t cols)
{
    return (double)d * ((double)rows + (double)cols);
}

double nmfi_compress_ratio(size_t d, size_t rows, size_t cols)
{
    return (double)rows * (double)cols / nmfi_compress_stored(d, rows, cols);
}

double nmfi_psnr(double mse)
{
    return mse > 0 ? 10.0 * log10(1.0 / mse) : INFINITY;
}

void nmfi_compress_params_init(nmfi_compress_params *p)
{
    memset(p, 0, sizeof *p);
    p->channel = NMFI_CHANNEL_G;
    nmfi_fit_block_init(&p->fit);
    p->fit.opt.max_iter = 300;
}

/* Alpha over white: transparent pixels read as white, as a viewer shows
 * them on a page, rather than as the black their RGB stores. */
static double over_white(const float *px, int c)
{
    double a = px[3];
    return a * px[c] + (1.0 - a);
}

nmf_status nmfi_image_to_matrix(const nmfi_image *img, nmfi_channel ch,
                                int color, nmf_matrix **out)
{
    size_t w = img->width, h = img->height;
    if (w == 0 || h == 0 || (!color && (unsigned)ch > NMFI_CHANNEL_GRAY))
        return nmfi_error(NMF_E_INVAL, "image to matrix: bad arguments");
    nmf_matrix *m = nmf_matrix_new(color ? 3 * h : h, w);
    if (!m)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    for (size_t y = 0; y < h; y++)
        for (size_t x = 0; x < w; x++) {
            const float *px = img->rgba + (y * w + x) * 4;
            if (color) {
                for (int c = 0; c < 3; c++)
                    NMFI_AT(m, c * h + y, x) = (nmf_real)over_white(px, c);
            } else if (ch == NMFI_CHANNEL_GRAY) {
                double v = 0.299 * over_white(px, 0)
                           + 0.587 * over_white(px, 1)
                           + 0.114 * over_white(px, 2);
                NMFI_AT(m, y, x) = (nmf_real)v;
            } else {
                NMFI_AT(m, y, x) = (nmf_real)over_white(px, (int)ch);
            }
        }
    *out = m;
    return NMF_OK;
}

static float clip01(double v)
{
    return v < 0 ? 0.0f : v > 1 ? 1.0f : (float)v;
}

nmf_status nmfi_matrix_to_image(const nmf_matrix *m, int color,
                                nmfi_image *out)
{
    size_t h = color ? m->rows / 3 : m->rows, w = m->cols;
    if (h == 0 || w == 0 || (color && m->rows % 3 != 0))
        return nmfi_error(NMF_E_INVAL, "matrix to image: %zu rows is not"
                          " an image%s", m->rows,
                          color ? " of three planes" : "");
    nmf_status st = nmfi_image_new(out, w, h);
    if (st != NMF_OK)
        return st;
    for (size_t y = 0; y < h; y++)
        for (size_t x = 0; x < w; x++) {
            float *px = out->rgba + (y * w + x) * 4;
            for (int c = 0; c < 3; c++)
                px[c] = clip01(NMFI_AT(m, color ? c * h + y : y, x));
            px[3] = 1.0f;
        }
    return NMF_OK;
}

nmf_status nmfi_clipped_reconstruction(const nmf_matrix *a,
                                       const nmf_matrix *w,
                                       const nmf_matrix *h, nmf_matrix **rec,
                                       double *mse)
{
    if (w->rows != a->rows || h->cols != a->cols || w->cols != h->rows)
        return nmfi_error(NMF_E_INVAL, "reconstruction: W %zu x %zu and"
                          " H %zu x %zu do not match A %zu x %zu", w->rows,
                          w->cols, h->rows, h->cols, a->rows, a->cols);
    nmf_matrix *r = nmf_matrix_new(a->rows, a->cols);
    if (!r)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    nmf_gemm(NMF_NOTRANS, NMF_NOTRANS, a->rows, a->cols, w->cols, w->data,
             w->ld, h->data, h->ld, 0, r->data, r->ld);
    double sum = 0;
    for (size_t j = 0; j < a->cols; j++)
        for (size_t i = 0; i < a->rows; i++) {
            float v = clip01(NMFI_AT(r, i, j));
            NMFI_AT(r, i, j) = (nmf_real)v;
            double e = (double)v - (double)NMFI_AT(a, i, j);
            sum += e * e;
        }
    *mse = sum / ((double)a->rows * (double)a->cols);
    *rec = r;
    return NMF_OK;
}

/* ---- the study ----------------------------------------------------------- */

typedef struct study {
    const nmfi_compress_params *p;
    nmf_matrix *a;
    double norm_a;
    nmfi_outputs out;
    nmfi_html *html;
    nmfi_json *json;
    nmfi_image *panels;        /* original, then one per rank            */
    nmfi_compress_rank *rows;  /* per rank                                */
    nmf_result *fits;          /* per rank: the histories (W, H freed)    */
    nmfi_fit_record *records;  /* per rank                                */
    char text[1024];
} study;

static nmf_status fit_rank(study *s, size_t k)
{
    const nmfi_compress_params *p = s->p;
    size_t d = p->ranks[k];
    char label[64];
    snprintf(label, sizeof label, "rank %zu", d);
    nmf_options opt = nmfi_fit_options(&p->fit, d, label);
    nmf_result *fr = &s->fits[k];
    nmf_matrix *w = NULL, *h = NULL, *rec = NULL;
    nmf_status st = nmf_fit(s->a, &opt, fr);
    if (st != NMF_OK)
        return st;
    nmfi_fit_record_of(fr, d, label, &s->records[k]);
    w = fr->w;
    h = fr->h;
    fr->w = fr->h = NULL;
    nmfi_compress_rank *r = &s->rows[k];
    r->rank = d;
    r->rel_error = nmf_residual_norm(s->a, w, h) / s->norm_a;
    double mse = 0;
    st = nmfi_clipped_reconstruction(s->a, w, h, &rec, &mse);
    nmf_matrix_free(w);
    nmf_matrix_free(h);
    if (st != NMF_OK)
        return st;
    r->psnr = nmfi_psnr(mse);
    r->stored = nmfi_compress_stored(d, s->a->rows, s->a->cols);
    r->original = (double)s->a->rows * (double)s->a->cols;
    r->ratio = nmfi_compress_ratio(d, s->a->rows, s->a->cols);
    st = nmfi_matrix_to_image(rec, p->color, &s->panels[k + 1]);
    nmf_matrix_free(rec);
    if (st != NMF_OK)
        return st;
    char file[64];
    snprintf(file, sizeof file, "rank-%zu.png", d);
    st = nmfi_png_write(nmfi_report_path(&s->out, file), &s->panels[k + 1], 0);
    if (st == NMF_OK && p->done)
        p->done(p->ctx, r);
    return st;
}

/* Upscale small images so a strip of a 100-pixel photo is still legible;
 * large ones stay 1:1 (the grid only scales up). */
static size_t strip_scale(const nmfi_image *img)
{
    size_t big = img->width > img->height ? img->width : img->height;
    size_t scale = 240 / big;
    return scale < 1 ? 1 : scale > 8 ? 8 : scale;
}

static nmf_status draw(study *s)
{
    const nmfi_compress_params *p = s->p;
    size_t n = p->nranks;
    nmfi_grid_style gs;
    nmfi_grid_style_init(&gs);
    gs.cols = n + 1;
    gs.scale = strip_scale(&s->panels[0]);
    gs.gap = 4;
    int len = snprintf(s->text, sizeof s->text, "Left to right: the original"
                       " (%s), then the clipped reconstruction W H at rank",
                       p->color ? "RGB" : nmfi_channel_name(p->channel));
    for (size_t k = 0; k < n && len > 0 && (size_t)len < sizeof s->text; k++)
        len += snprintf(s->text + len, sizeof s->text - (size_t)len, "%s %zu",
                        k ? "," : "", p->ranks[k]);
    nmf_status st = nmfi_report_figure(s->html, nmfi_grid_png(nmfi_report_path(&s->out, "strip.png"),
                                            s->panels, n + 1, &gs),
                           "strip.png", s->text);
    if (st != NMF_OK)
        return st;

    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    double *y2 = malloc(n * sizeof *y2);
    nmfi_series ser[2];
    if (!x || !y || !y2) {
        st = nmfi_error(NMF_E_NOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < n; k++) {
        x[k] = (double)p->ranks[k];
        y[k] = s->rows[k].stored;
        y2[k] = s->rows[k].psnr;
    }
    double orig = s->rows[0].original;
    double lx[2] = {0, x[n - 1]}, ly[2] = {orig, orig};
    ser[0] = (nmfi_series){.label = "stored d (rows + cols)", .x = x, .y = y,
                           .n = n, .markers = 1};
    ser[1] = (nmfi_series){.label = "original rows x cols", .x = lx,
                           .y = ly, .n = 2, .dashed = 1, .color = "#555"};
    nmfi_plot plot = {.title = "Values stored against rank",
                      .xlabel = "rank d", .ylabel = "stored values",
                      .series = ser, .nseries = 2};
    snprintf(s->text, sizeof s->text, "Values stored by W and H, d (rows +"
             " cols), against rank; the dashed line is the original's"
             " rows x cols = %.0f. Below it the factors are smaller than the"
             " image.", orig);
    st = nmfi_report_figure(s->html, nmfi_svg_plot(nmfi_report_path(&s->out, "stored.svg"), &plot),
                "stored.svg", s->text);
    if (st != NMF_OK)
        goto out;

    ser[0] = (nmfi_series){.x = x, .y = y2, .n = n,
                           .markers = 1};
    plot = (nmfi_plot){.title = "PSNR against rank", .xlabel = "rank d",
                       .ylabel = "PSNR (dB, peak 1)", .series = ser,
                       .nseries = 1};
    st = nmfi_report_figure(s->html, nmfi_svg_plot(nmfi_report_path(&s->out, "psnr.svg"), &plot),
                "psnr.svg", "PSNR = 10 log10(1 / MSE) of the clipped"
                " reconstruction against rank (peak value 1).");
    if (st != NMF_OK)
        goto out;

    char title[96];
    snprintf(title, sizeof title, "Loss curves (%s)",
             nmf_solver_name(p->fit.opt.solver));
    st = nmfi_report_figure(s->html, nmfi_fig_convergence(nmfi_report_path(&s->out, "loss.svg"),
                                        "rank ", p->ranks, s->fits, n, 0,
                                        title),
                "loss.svg", "Relative error after each iteration, one"
                " curve per rank (log scale).");
    if (st == NMF_OK)
        st = nmfi_report_figure(s->html, nmfi_fig_convergence(nmfi_report_path(&s->out, "loss-time.svg"),
                                            "rank ", p->ranks, s->fits, n, 1,
                                            title),
                    "loss-time.svg", "The same against each fit's wall"
                    " time, its start included (log scales).");
out:
    free(x);
    free(y);
    free(y2);
    return st;
}

static void fmt_psnr(char *buf, size_t size, double psnr)
{
    if (isfinite(psnr))
        snprintf(buf, size, "%.4f", psnr);
    else
        snprintf(buf, size, "inf");
}

static nmf_status write_csv(study *s)
{
    FILE *fp;
    nmf_status st = nmfi_outputs_file(&s->out, "compress.csv", &fp);
    if (st != NMF_OK)
        return st;
    fprintf(fp, "rank,rel_error,psnr,stored_values,original_values,ratio\n");
    for (size_t k = 0; k < s->p->nranks; k++) {
        const nmfi_compress_rank *r = &s->rows[k];
        char ps[32];
        fmt_psnr(ps, sizeof ps, r->psnr);
        fprintf(fp, "%zu,%.6g,%s,%.0f,%.0f,%.6g\n", r->rank, r->rel_error,
                ps, r->stored, r->original, r->ratio);
    }
    return NMF_OK;  /* write errors surface at commit */
}

static void write_table(study *s)
{
    size_t n = s->p->nranks;
    enum { COLS = 5 };
    char (*cells)[32] = calloc((n + 1) * COLS, sizeof *cells);
    const char **ptr = calloc((n + 1) * COLS, sizeof *ptr);
    if (!cells || !ptr) {
        free(cells);
        free(ptr);
        return;  /* the page loses its table, the CSV still has it */
    }
    static const char *const head[COLS] = {
        "rank", "relative error", "PSNR (dB)", "stored values",
        "compression ratio"};
    for (size_t c = 0; c < COLS; c++)
        snprintf(cells[c], sizeof cells[c], "%s", head[c]);
    for (size_t k = 0; k < n; k++) {
        const nmfi_compress_rank *r = &s->rows[k];
        char (*row)[32] = cells + (k + 1) * COLS;
        snprintf(row[0], 32, "%zu", r->rank);
        snprintf(row[1], 32, "%.4f", r->rel_error);
        fmt_psnr(row[2], 32, r->psnr);
        snprintf(row[3], 32, "%.0f", r->stored);
        snprintf(row[4], 32, "%.3f", r->ratio);
    }
    for (size_t i = 0; i < (n + 1) * COLS; i++)
        ptr[i] = cells[i];
    nmfi_html_table(s->html, "Error, PSNR and size per rank", n + 1, COLS,
                    ptr);
    free(cells);
    free(ptr);
}

static void write_json(study *s, const nmfi_compress_results *res)
{
    const nmfi_compress_params *p = s->p;
    size_t n = p->nranks;
    nmfi_json *j = s->json;
    nmfi_json_string(j, "command", "compress");
    nmfi_json_string(j, "input", p->input);
    nmfi_json_string(j, "input_about", p->input_about ? p->input_about : "");
    nmfi_json_int(j, "input_is_default", p->input_is_default);
    nmfi_json_string(j, "channel", p->color ? "color"
                                            : nmfi_channel_name(p->channel));
    nmfi_json_int(j, "color", p->color);
    nmfi_json_int(j, "rows", (long long)res->rows);
    nmfi_json_int(j, "cols", (long long)res->cols);
    nmfi_fit_json(j, &p->fit.opt);
    nmfi_json_begin_array(j, "ranks");
    for (size_t k = 0; k < n; k++)
        nmfi_json_int(j, NULL, (long long)p->ranks[k]);
    nmfi_json_end(j);
    static const char *const keys[] = {"rel_error", "psnr", "stored_values",
                                       "ratio"};
    for (int q = 0; q < 4; q++) {
        nmfi_json_begin_array(j, keys[q]);
        for (size_t k = 0; k < n; k++) {
            const nmfi_compress_rank *r = &s->rows[k];
            double v = q == 0 ? r->rel_error : q == 1 ? r->psnr
                     : q == 2 ? r->stored : r->ratio;
            nmfi_json_number(j, NULL, v);
        }
        nmfi_json_end(j);
    }
    nmfi_json_number(j, "original_values", s->rows[0].original);
    nmfi_json_number(j, "seconds", res->seconds);
    nmfi_fit_records_json(j, s->records, n);
}

static void intro(study *s)
{
    const nmfi_compress_params *p = s->p;
    const char *what = p->color
        ? "the R, G and B planes stacked as one matrix"
        : p->channel == NMFI_CHANNEL_GRAY
        ? "the luminance 0.299 R + 0.587 G + 0.114 B"
        : p->channel == NMFI_CHANNEL_R ? "the red channel"
        : p->channel == NMFI_CHANNEL_G ? "the green channel"
                                       : "the blue channel";
    snprintf(s->text, sizeof s->text, "The image used is %s.",
             p->input_about ? p->input_about : p->input);
    nmfi_html_paragraph(s->html, s->text);
    char solver[256];
    nmfi_fit_describe(&p->fit.opt, solver, sizeof solver);
    snprintf(s->text, sizeof s->text, "The matrix A is %s (alpha composited"
             " over white), %zu x %zu, values in [0, 1]. Each rank is fitted"
             " by %s. A rank-d fit stores d (rows + cols) values against the"
             " original's rows x cols = %.0f.", what, s->a->rows,
             s->a->cols, solver, (double)s->a->rows * (double)s->a->cols);
    nmfi_html_paragraph(s->html, s->text);
}

nmf_status nmfi_study_compress(const nmfi_compress_params *p,
                               nmfi_compress_results *r)
{
    memset(r, 0, sizeof *r);
    if (!p->input || !p->outdir || !p->ranks || p->nranks == 0
        || p->fit.opt.max_iter < 1)
        return nmfi_error(NMF_E_INVAL, "compress: missing parameters");
    for (size_t k = 0; k < p->nranks; k++)
        if (p->ranks[k] < 1 || (k && p->ranks[k] <= p->ranks[k - 1]))
            return nmfi_error(NMF_E_INVAL, "compress: ranks must be >= 1"
                              " and increasing");
    double t0 = nmfi_now();
    study s;
    memset(&s, 0, sizeof s);
    s.p = p;
    nmfi_image img = {0};
    nmf_status st = nmfi_png_read(p->input, &img);
    if (st != NMF_OK)
        return st;
    st = nmfi_image_to_matrix(&img, p->channel, p->color, &s.a);
    nmfi_image_free(&img);
    if (st != NMF_OK)
        return st;
    s.norm_a = nmf_matrix_norm(s.a);
    if (!(s.norm_a > 0)) {
        nmf_matrix_free(s.a);
        return nmfi_error(NMF_E_INVAL, "%s: the image is black everywhere"
                          " (nothing to compress)", p->input);
    }
    r->rows = s.a->rows;
    r->cols = s.a->cols;
    st = nmfi_outputs_open(&s.out, p->outdir, nmfi_study_subdirs);
    if (st != NMF_OK) {
        nmf_matrix_free(s.a);
        return st;
    }
    s.html = nmfi_html_new("nmfkit compress");
    s.json = nmfi_json_new();
    s.panels = calloc(p->nranks + 1, sizeof *s.panels);
    s.rows = calloc(p->nranks, sizeof *s.rows);
    s.fits = calloc(p->nranks, sizeof *s.fits);
    s.records = calloc(p->nranks, sizeof *s.records);
    if (!s.html || !s.json || !s.panels || !s.rows || !s.fits || !s.records)
        st = nmfi_error(NMF_E_NOMEM, "out of memory");
    if (st == NMF_OK) {
        intro(&s);
        st = nmfi_matrix_to_image(s.a, p->color, &s.panels[0]);
    }
    for (size_t k = 0; st == NMF_OK && k < p->nranks; k++)
        st = fit_rank(&s, k);
    if (st == NMF_OK) {
        nmfi_html_heading(s.html, "Numbers");
        write_table(&s);
        nmfi_fit_records_html(s.html, s.records, p->nranks);
        nmfi_html_heading(s.html, "Figures");
        st = draw(&s);
    }
    if (st == NMF_OK)
        st = write_csv(&s);
    if (st == NMF_OK) {
        r->seconds = nmfi_now() - t0;
        write_json(&s, r);
        snprintf(s.text, sizeof s.text, "Numbers in ../compress.csv and"
                 " ../summary.json. Wall time of the whole run: %.2f s.",
                 r->seconds);
        nmfi_html_paragraph(s.html, s.text);
    }
    st = nmfi_study_finish(&s.out, st, s.json, s.html);
    if (s.panels)
        for (size_t k = 0; k <= p->nranks; k++)
            nmfi_image_free(&s.panels[k]);
    free(s.panels);
    free(s.rows);
    for (size_t k = 0; s.fits && k < p->nranks; k++)
        nmf_result_free(&s.fits[k]);
    free(s.fits);
    free(s.records);
    nmfi_html_free(s.html);
    nmfi_json_free(s.json);
    nmf_matrix_free(s.a);
    return st;
}
