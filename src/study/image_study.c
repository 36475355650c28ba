/* image_study.c -- `nmfkit images`, `denoise` and `sweep` (see the header).
 *
 * The three share one skeleton: load the set, stage the output folder,
 * factor with nmf_fit through fit(), draw, then write summary.json and
 * report/index.html and publish everything at once. Figures live beside the
 * page in DIR/report/; W.npy, H.npy, tables and summary.json in DIR. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/timer.h"
#include "report/html.h"
#include "report/json.h"
#include "report/svgplot.h"
#include "study/image_figures.h"
#include "study/image_study.h"
#include "study/noise.h"
#include "study/fits.h"
#include "study/sprites.h"
#include "study/study_files.h"

void nmfi_image_params_init(nmfi_image_params *p)
{
    memset(p, 0, sizeof *p);
    p->tile_w = p->tile_h = 24;
    p->count = 500;
    p->d = 64;
    nmfi_fit_block_init(&p->fit);
    p->sigma = 0.1;
}

typedef struct study {
    const nmfi_image_params *p;
    nmfi_image_set set;
    nmfi_outputs out;
    nmfi_html *html;
    nmfi_json *json;
    double t0;
    nmfi_fit_record *fits;  /* every fit, for the report */
    size_t nfits, fits_cap;
    int interrupted;        /* a fit was ended by opt.interrupt */
    char text[768];  /* scratch for captions and cells */
} study;

static nmf_status study_open(study *s, const nmfi_image_params *p,
                             const char *title, const char *command,
                             nmfi_image_results *r)
{
    memset(s, 0, sizeof *s);
    memset(r, 0, sizeof *r);
    s->p = p;
    s->t0 = nmfi_now();
    nmf_status st = nmfi_image_set_load(p->input, p->tile_w, p->tile_h,
                                        p->offset, p->count, &s->set);
    if (st != NMF_OK)
        return st;
    st = nmfi_outputs_open(&s->out, p->outdir, nmfi_study_subdirs);
    if (st != NMF_OK) {
        nmfi_image_set_free(&s->set);
        return st;
    }
    s->html = nmfi_html_new(title);
    s->json = nmfi_json_new();
    if (!s->html || !s->json) {
        nmfi_html_free(s->html);
        nmfi_json_free(s->json);
        nmfi_outputs_abort(&s->out);
        nmfi_image_set_free(&s->set);
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    }
    r->n_images = s->set.count;
    r->m = s->set.rgb->rows;
    r->norm_a = nmf_matrix_norm(s->set.rgb);
    nmfi_json_string(s->json, "command", command);
    nmfi_json_string(s->json, "input", p->input);
    nmfi_json_int(s->json, "tile_width", (long long)s->set.width);
    nmfi_json_int(s->json, "tile_height", (long long)s->set.height);
    nmfi_json_int(s->json, "offset", (long long)p->offset);
    nmfi_json_int(s->json, "n_images", (long long)s->set.count);
    nmfi_fit_json(s->json, &p->fit.opt);

    char solver[256];
    nmfi_fit_describe(&p->fit.opt, solver, sizeof solver);
    snprintf(s->text, sizeof s->text,
             "%s: %zu images of %zu x %zu pixels from %s (from image %zu);"
             " A is %zu x %zu (RGB of each image as a column; alpha kept"
             " aside and restored when drawing). Each fit: %s.",
             command, s->set.count, s->set.width, s->set.height, p->input,
             p->offset, s->set.rgb->rows, s->set.rgb->cols, solver);
    nmfi_html_paragraph(s->html, s->text);
    return NMF_OK;
}

/* Publish (on success) or discard everything, and free the study. */
static nmf_status study_close(study *s, nmf_status st, nmfi_image_results *r)
{
    if (st == NMF_OK && s->nfits > 0) {
        nmfi_fit_records_json(s->json, s->fits, s->nfits);
        nmfi_html_heading(s->html, "Fits");
        nmfi_fit_records_html(s->html, s->fits, s->nfits);
    }
    if (st == NMF_OK) {
        r->seconds = nmfi_now() - s->t0;
        nmfi_json_number(s->json, "seconds", r->seconds);
        snprintf(s->text, sizeof s->text, "Wall time of the whole run:"
                 " %.2f s.", r->seconds);
        nmfi_html_paragraph(s->html, s->text);
    }
    st = nmfi_study_finish(&s->out, st, s->json, s->html);
    nmfi_html_free(s->html);
    nmfi_json_free(s->json);
    nmfi_image_set_free(&s->set);
    free(s->fits);
    return st;
}

/* Room for one more fit record. */
static nmf_status grow_fits(study *s)
{
    if (s->nfits < s->fits_cap)
        return NMF_OK;
    size_t cap = s->fits_cap ? 2 * s->fits_cap : 8;
    nmfi_fit_record *grown = realloc(s->fits, cap * sizeof *grown);
    if (!grown)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    s->fits = grown;
    s->fits_cap = cap;
    return NMF_OK;
}

/* The one way the studies factor: nmf_fit with the study's solver block
 * and rank d; the fit is recorded for the report's table of fits. On
 * success *r holds W, H and the history (nmf_result_free). */
static nmf_status fit(study *s, const nmf_matrix *a, size_t d,
                      const char *what, nmf_result *r)
{
    const nmfi_image_params *p = s->p;
    char label[96];
    snprintf(label, sizeof label, "d = %zu%s%s", d, what ? ", " : "",
             what ? what : "");
    nmf_options opt = nmfi_fit_options(&p->fit, d, label);
    nmf_status st = nmf_fit(a, &opt, r);
    if (st == NMF_OK && grow_fits(s) != NMF_OK) {
        nmf_result_free(r);
        return NMF_E_NOMEM;
    }
    if (st == NMF_OK)
        nmfi_fit_record_of(r, d, label, &s->fits[s->nfits++]);
    return st;
}

/* Originals, reconstructions of the first images, and the basis images. */
static nmf_status draw_fit(study *s, const nmf_matrix *w, const nmf_matrix *h,
                           const char *basis_file, const char *recon_file,
                           const char *what)
{
    char caption[256];
    snprintf(caption, sizeof caption, "Basis images: the first %zu columns"
             " of W as RGB, each scaled to its own maximum (%s).",
             w->cols < NMFI_GRID_IMAGES ? w->cols : (size_t)NMFI_GRID_IMAGES,
             what);
    nmf_status st = nmfi_report_figure(s->html, nmfi_fig_basis(nmfi_report_path(&s->out, basis_file),
                                             &s->set, w),
                           basis_file, caption);
    if (st != NMF_OK)
        return st;
    nmf_matrix *rec = nmfi_reconstruct_first(w, h);
    if (!rec)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    snprintf(caption, sizeof caption, "Reconstructions W H of the first"
             " %zu images with their alpha restored (%s).", rec->cols, what);
    st = nmfi_report_figure(s->html, nmfi_fig_images(nmfi_report_path(&s->out, recon_file), &s->set, rec),
                recon_file, caption);
    nmf_matrix_free(rec);
    return st;
}

static nmf_status write_wh(study *s, const nmf_matrix *w, const nmf_matrix *h)
{
    nmf_status st = nmf_write_npy(nmfi_outputs_path(&s->out, "W.npy"), w);
    if (st == NMF_OK)
        st = nmf_write_npy(nmfi_outputs_path(&s->out, "H.npy"), h);
    return st;
}

/* ---- nmfkit images ------------------------------------------------------ */

/* The parts table over the convergence ranks: one row per part. */
static nmf_status parts_table(study *s, const nmfi_sprite_parts *parts,
                              const nmf_result *fits, const size_t *ds,
                              size_t nds)
{
    nmfi_parts_match *m = calloc(nds, sizeof *m);
    if (!m)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    nmf_status st = NMF_OK;
    for (size_t i = 0; i < nds && st == NMF_OK; i++)
        st = nmfi_parts_match_w(parts, fits[i].w, &m[i]);
    size_t cols = 1 + 2 * nds, rows = 1 + parts->count;
    char **cells = st == NMF_OK ? calloc(rows * cols, sizeof *cells) : NULL;
    if (st == NMF_OK && !cells)
        st = nmfi_error(NMF_E_NOMEM, "out of memory");
    if (st == NMF_OK) {
        cells[0] = strdup("true part");
        for (size_t i = 0; i < nds; i++) {
            char t[64];
            snprintf(t, sizeof t, "best cosine, d = %zu", ds[i]);
            cells[1 + 2 * i] = strdup(t);
            snprintf(t, sizeof t, "basis (d = %zu)", ds[i]);
            cells[2 + 2 * i] = strdup(t);
        }
        nmfi_json_begin_array(s->json, "parts");
        for (size_t q = 0; q < parts->count; q++) {
            char **row = cells + (q + 1) * cols;
            row[0] = strdup(parts->parts[q].name);
            nmfi_json_begin_object(s->json, NULL);
            nmfi_json_string(s->json, "part", parts->parts[q].name);
            nmfi_json_begin_array(s->json, "best_cosine");
            for (size_t i = 0; i < nds; i++) {
                char t[32];
                snprintf(t, sizeof t, isnan(m[i].best[q]) ? "n/a" : "%.3f",
                         m[i].best[q]);
                row[1 + 2 * i] = strdup(t);
                snprintf(t, sizeof t, "%zu", m[i].which[q]);
                row[2 + 2 * i] = strdup(isnan(m[i].best[q]) ? "" : t);
                nmfi_json_number(s->json, NULL, m[i].best[q]);
            }
            nmfi_json_end(s->json);
            nmfi_json_end(s->json);
        }
        nmfi_json_end(s->json);
        long long dl[16];
        size_t nd = nds < 16 ? nds : 16;
        for (size_t i = 0; i < nd; i++)
            dl[i] = (long long)ds[i];
        nmfi_json_ints(s->json, "parts_d", dl, nd);
        nmfi_html_heading(s->html, "Does NMF find the parts?");
        nmfi_html_paragraph(s->html, "For each true part of the generated"
                            " sprites (drawn alone, its visible RGB as a"
                            " vector), the best cosine similarity with any"
                            " basis image (column of W), and which one.");
        nmfi_html_table(s->html, "True parts against basis images", rows,
                        cols, (const char *const *)cells);
    }
    if (cells)
        for (size_t i = 0; i < rows * cols; i++)
            free(cells[i]);
    free(cells);
    for (size_t i = 0; i < nds; i++)
        nmfi_parts_match_free(&m[i]);
    free(m);
    return st;
}

nmf_status nmfi_study_images(const nmfi_image_params *p,
                             nmfi_image_results *r)
{
    study s;
    nmf_status st = study_open(&s, p, "nmfkit images: NMF of an image set",
                               "images", r);
    if (st != NMF_OK)
        return st;
    const nmf_matrix *a = s.set.rgb;
    nmfi_json_int(s.json, "d", (long long)p->d);

    /* The convergence ranks plus the main d, fitted once each. */
    size_t nfit = p->nds + 1, main_fit = p->nds;
    for (size_t i = 0; i < p->nds; i++)
        if (p->ds[i] == p->d)
            main_fit = i, nfit = p->nds;
    size_t *ds = calloc(nfit, sizeof *ds);
    nmf_result *fits = calloc(nfit, sizeof *fits);
    if (!ds || !fits)
        st = nmfi_error(NMF_E_NOMEM, "out of memory");
    for (size_t i = 0; i < nfit && st == NMF_OK; i++) {
        ds[i] = i < p->nds ? p->ds[i] : p->d;
        st = fit(&s, a, ds[i], NULL, &fits[i]);
    }

    const nmf_result *main_r = st == NMF_OK ? &fits[main_fit] : NULL;
    if (st == NMF_OK) {
        double err = nmf_residual_norm(a, main_r->w, main_r->h);
        r->rel_error = err / r->norm_a;
        r->iterations = main_r->iterations;
        r->stop = main_r->stop;
        nmfi_json_number(s.json, "error", err);
        nmfi_json_number(s.json, "rel_error", r->rel_error);
        nmfi_json_string(s.json, "stop", nmf_stop_name(r->stop));
        nmfi_json_int(s.json, "iterations_made", r->iterations);
        st = write_wh(&s, main_r->w, main_r->h);
    }
    if (st == NMF_OK) {
        nmfi_html_heading(s.html, "Data");
        st = nmfi_report_figure(s.html, nmfi_fig_images(nmfi_report_path(&s.out, "originals.png"),
                                        &s.set, a),
                    "originals.png", "The first images, as loaded"
                    " (transparent pixels on gray).");
    }
    if (st == NMF_OK) {
        st = nmfi_fig_mean(nmfi_report_path(&s.out, "mean.png"), &s.set,
                           &r->transparent_everywhere);
        nmfi_json_int(s.json, "transparent_everywhere",
                      (long long)r->transparent_everywhere);
        snprintf(s.text, sizeof s.text, "The mean image (RGB and alpha"
                 " averaged over the %zu images); %zu of its %zu pixels are"
                 " transparent in every image.", a->cols,
                 r->transparent_everywhere, s.set.width * s.set.height);
        st = nmfi_report_figure(s.html, st, "mean.png", s.text);
    }
    if (st == NMF_OK) {
        char what[64];
        snprintf(what, sizeof what, "d = %zu", p->d);
        nmfi_html_heading(s.html, what);
        snprintf(s.text, sizeof s.text, "||A - WH||_F / ||A||_F = %.4f at"
                 " d = %zu: %s stopped by %s after %d iterations (%.2f s).",
                 r->rel_error, p->d, nmf_solver_name(p->fit.opt.solver),
                 nmf_stop_name(r->stop), r->iterations,
                 main_r->seconds[main_r->iterations - 1]);
        nmfi_html_paragraph(s.html, s.text);
        st = draw_fit(&s, main_r->w, main_r->h, "basis.png",
                      "reconstructions.png", what);
    }
    if (st == NMF_OK && p->nds > 0) {
        char title[96];
        snprintf(title, sizeof title, "Convergence of %s",
                 nmf_solver_name(p->fit.opt.solver));
        nmfi_html_heading(s.html, "Convergence");
        st = nmfi_report_figure(s.html, nmfi_fig_convergence(nmfi_report_path(&s.out, "convergence.svg"),
                                             "d = ", ds, fits, p->nds, 0,
                                             title),
                    "convergence.svg", "||A - W_k H_k||_F / ||A||_F after"
                    " every iteration, for each d (log scale).");
        if (st == NMF_OK)
            st = nmfi_report_figure(s.html, nmfi_fig_convergence(
                            nmfi_report_path(&s.out, "convergence-time.svg"),
                            "d = ", ds, fits, p->nds, 1, title),
                        "convergence-time.svg", "The same against the"
                        " wall time of each fit, its start included (log"
                        " scales): what a faster solver or start buys.");
        nmfi_json_begin_array(s.json, "convergence");
        for (size_t i = 0; st == NMF_OK && i < p->nds; i++) {
            nmfi_json_begin_object(s.json, NULL);
            nmfi_json_int(s.json, "d", (long long)ds[i]);
            nmfi_json_number(s.json, "final_error",
                             fits[i].error[fits[i].iterations - 1]);
            nmfi_json_int(s.json, "iterations", fits[i].iterations);
            nmfi_json_number(s.json, "seconds",
                             fits[i].seconds[fits[i].iterations - 1]);
            nmfi_json_end(s.json);
        }
        nmfi_json_end(s.json);
    }
    if (st == NMF_OK && p->with_parts && p->nds > 0) {
        nmfi_sprite_parts parts;
        st = nmfi_sprite_parts_make(&parts);
        if (st == NMF_OK) {
            st = parts_table(&s, &parts, fits, ds, p->nds);
            nmfi_sprite_parts_free(&parts);
        }
    }
    for (size_t i = 0; fits && i < nfit; i++)
        nmf_result_free(&fits[i]);
    free(ds);
    free(fits);
    return study_close(&s, st, r);
}

/* ---- nmfkit denoise ----------------------------------------------------- */

static nmf_status noisy_copy(study *s, nmf_matrix **noisy)
{
    const nmfi_image_params *p = s->p;
    *noisy = nmf_matrix_new(s->set.rgb->rows, s->set.rgb->cols);
    if (!*noisy)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    nmfi_json_number(s->json, "sigma", p->sigma);
    /* A stream of its own: the noise does not move with the start. */
    return nmfi_add_noise(&s->set, p->sigma, p->fit.opt.seed + 1, *noisy);
}

/* ||X - A||_F for two matrices of one shape, in double. */
static double distance(const nmf_matrix *x, const nmf_matrix *a)
{
    double s = 0;
    for (size_t j = 0; j < a->cols; j++)
        for (size_t i = 0; i < a->rows; i++) {
            double d = (double)NMFI_AT(x, i, j) - NMFI_AT(a, i, j);
            s += d * d;
        }
    return sqrt(s);
}

nmf_status nmfi_study_denoise(const nmfi_image_params *p,
                              nmfi_image_results *r)
{
    study s;
    nmf_status st = study_open(&s, p, "nmfkit denoise: NMF of noisy images",
                               "denoise", r);
    if (st != NMF_OK)
        return st;
    const nmf_matrix *a = s.set.rgb;
    nmf_matrix *noisy = NULL, *w = NULL, *h = NULL;
    nmfi_json_int(s.json, "d", (long long)p->d);
    st = noisy_copy(&s, &noisy);
    if (st == NMF_OK) {
        r->noisy_error = distance(noisy, a);
        r->noisy_rel = r->noisy_error / r->norm_a;
        nmf_result fr;
        st = fit(&s, noisy, p->d, "noisy", &fr);
        if (st == NMF_OK) {
            w = fr.w;
            h = fr.h;
            fr.w = fr.h = NULL;
            nmf_result_free(&fr);
        }
    }
    if (st == NMF_OK) {
        r->denoised_error = nmf_residual_norm(a, w, h);
        r->denoised_rel = r->denoised_error / r->norm_a;
        nmfi_json_number(s.json, "noisy_error", r->noisy_error);
        nmfi_json_number(s.json, "noisy_rel", r->noisy_rel);
        nmfi_json_number(s.json, "denoised_error", r->denoised_error);
        nmfi_json_number(s.json, "denoised_rel", r->denoised_rel);
        snprintf(s.text, sizeof s.text, "Noise sigma = %g on the visible,"
                 " non-zero colour channels, clipped to [0, 1]."
                 " ||A_noisy - A||_F = %.4f (relative %.4f);"
                 " NMF with d = %zu fitted to the noisy images gives"
                 " ||A - WH||_F = %.4f (relative %.4f) against the clean"
                 " images.", p->sigma, r->noisy_error, r->noisy_rel, p->d,
                 r->denoised_error, r->denoised_rel);
        nmfi_html_paragraph(s.html, s.text);
        st = write_wh(&s, w, h);
    }
    if (st == NMF_OK)
        st = nmfi_report_figure(s.html, nmfi_fig_images(nmfi_report_path(&s.out, "originals.png"),
                                        &s.set, a),
                    "originals.png", "Clean images.");
    if (st == NMF_OK)
        st = nmfi_report_figure(s.html, nmfi_fig_images(nmfi_report_path(&s.out, "noisy.png"),
                                        &s.set, noisy),
                    "noisy.png", "Noisy images: the input of the fit.");
    if (st == NMF_OK)
        st = draw_fit(&s, w, h, "basis.png", "denoised.png",
                      "fitted to the noisy images");
    nmf_matrix_free(noisy);
    nmf_matrix_free(w);
    nmf_matrix_free(h);
    return study_close(&s, st, r);
}

/* ---- nmfkit sweep -------------------------------------------------------- */

static nmf_status sweep_csv(study *s, const size_t *ds, size_t nds,
                            const double *clean, const double *noisy,
                            double noisy_rel)
{
    FILE *fp;
    nmf_status st = nmfi_outputs_file(&s->out, "sweep.csv", &fp);
    if (st != NMF_OK)
        return st;
    fprintf(fp, "d,clean_fit_rel,noisy_fit_rel,noisy_rel\n");
    for (size_t i = 0; i < nds; i++)
        fprintf(fp, "%zu,%.9g,%.9g,%.9g\n", ds[i], clean[i], noisy[i],
                noisy_rel);
    return NMF_OK;  /* write errors surface at commit */
}

static nmf_status sweep_plot(study *s, const size_t *ds, size_t nds,
                             const double *clean, const double *noisy,
                             double noisy_rel)
{
    double *x = malloc(nds * sizeof *x);
    if (!x)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    for (size_t i = 0; i < nds; i++)
        x[i] = (double)ds[i];
    double lx[2] = {x[0], x[nds - 1]}, ly[2] = {noisy_rel, noisy_rel};
    nmfi_series series[3] = {
        {.label = "clean fit vs clean A", .x = x, .y = clean, .n = nds,
         .markers = 1},
        {.label = "noisy fit vs clean A", .x = x, .y = noisy, .n = nds,
         .markers = 1},
        {.label = "noisy images vs clean A", .x = lx, .y = ly, .n = 2,
         .dashed = 1, .color = "#777777"},
    };
    nmfi_plot plot = {
        .title = "Relative error against the clean images",
        .xlabel = "d (rank)", .ylabel = "||A - WH||_F / ||A||_F",
        .log_x = 1, .log_y = 1, .series = series, .nseries = 3,
    };
    nmf_status st = nmfi_svg_plot(nmfi_report_path(&s->out, "sweep.svg"), &plot);
    free(x);
    return st;
}

/* The sweep's journal, once the images are read: its identity is the
 * images' hash, the solver's options and the sweep's own. */
static nmf_status sweep_journal_open(study *s, const nmf_matrix *a)
{
    const nmfi_image_params *p = s->p;
    char lines[512];
    int n = snprintf(lines, sizeof lines, "study sweep\nsigma %.17g\n"
                     "ranks", p->sigma);
    for (size_t i = 0; i < p->nds && n > 0 && (size_t)n < sizeof lines;
         i++)
        n += snprintf(lines + n, sizeof lines - (size_t)n, "%s%zu",
                      i ? "," : " ", p->ds[i]);
    if (n > 0 && (size_t)n < sizeof lines - 1)
        snprintf(lines + n, sizeof lines - (size_t)n, "\n");
    char id[NMFI_CHECKPOINT_IDENTITY_MAX];
    nmfi_journal_identity(&p->fit.opt, a->rows, a->cols,
                          nmfi_checkpoint_data_hash(a, NULL), lines, id);
    return nmfi_journal_open(p->journal, p->journal_save, p->journal_resume,
                             id);
}

/* A fit's record as the journal keeps it: 4 numbers. */
static void record_put(const nmfi_fit_record *f, double *v)
{
    v[0] = f->iterations;
    v[1] = f->stop;
    v[2] = f->seconds;
    v[3] = f->rel_error;
}

static nmf_status record_take(study *s, size_t d, const char *what,
                              const double *v)
{
    nmf_status st = grow_fits(s);
    if (st != NMF_OK)
        return st;
    nmfi_fit_record *f = &s->fits[s->nfits++];
    memset(f, 0, sizeof *f);
    snprintf(f->what, sizeof f->what, "d = %zu, %s", d, what);
    f->d = d;
    f->iterations = (int)v[0];
    f->stop = (nmf_stop)v[1];
    f->seconds = v[2];
    f->rel_error = v[3];
    return NMF_OK;
}

/* Rank i of the sweep: the clean and the noisy fit, both measured
 * against the clean images; from the journal when it holds them. */
static nmf_status sweep_rank(study *s, const nmf_matrix *a,
                             const nmf_matrix *noisy, double norm_a,
                             size_t i, double *clean, double *noisyfit)
{
    const nmfi_image_params *p = s->p;
    size_t d = p->ds[i];
    char name[NMFI_JOURNAL_NAME];
    snprintf(name, sizeof name, "d=%zu", d);
    const nmfi_journal_fit *old =
        p->journal ? nmfi_journal_find(p->journal, name) : NULL;
    if (old && old->count == 10) {
        *clean = old->v[0];
        *noisyfit = old->v[1];
        nmf_status st = record_take(s, d, "clean", old->v + 2);
        return st != NMF_OK ? st : record_take(s, d, "noisy", old->v + 6);
    }
    const nmf_matrix *inputs[2] = {a, noisy};
    static const char *const whats[2] = {"clean", "noisy"};
    double v[10];
    for (int k = 0; k < 2; k++) {
        nmf_result fr;
        nmf_status st = fit(s, inputs[k], d, whats[k], &fr);
        if (st != NMF_OK)
            return st;
        int stopped = fr.stop == NMF_STOP_INTERRUPTED;
        /* Measured against the clean A: how much of the truth the fit
         * to noisy data recovers. */
        v[k] = stopped ? 0 : nmf_residual_norm(a, fr.w, fr.h) / norm_a;
        nmf_result_free(&fr);
        if (stopped) {
            s->interrupted = 1;
            return NMF_OK;
        }
        record_put(&s->fits[s->nfits - 1], v + 2 + 4 * k);
    }
    *clean = v[0];
    *noisyfit = v[1];
    return p->journal ? nmfi_journal_add(p->journal, name, v, 10) : NMF_OK;
}

nmf_status nmfi_study_sweep(const nmfi_image_params *p,
                            nmfi_image_results *r)
{
    study s;
    if (p->nds == 0)
        return nmfi_error(NMF_E_INVAL, "sweep: no ranks given");
    nmf_status st = study_open(&s, p, "nmfkit sweep: error against d",
                               "sweep", r);
    if (st != NMF_OK)
        return st;
    const nmf_matrix *a = s.set.rgb;
    nmf_matrix *noisy = NULL;
    double *clean = calloc(p->nds, sizeof *clean);
    double *noisyfit = calloc(p->nds, sizeof *noisyfit);
    st = clean && noisyfit ? noisy_copy(&s, &noisy)
                           : nmfi_error(NMF_E_NOMEM, "out of memory");
    if (st == NMF_OK) {
        r->noisy_error = distance(noisy, a);
        r->noisy_rel = r->noisy_error / r->norm_a;
    }
    if (st == NMF_OK && p->journal)
        st = sweep_journal_open(&s, a);
    size_t best = 0;
    for (size_t i = 0; i < p->nds && st == NMF_OK; i++) {
        st = sweep_rank(&s, a, noisy, r->norm_a, i, &clean[i],
                        &noisyfit[i]);
        if (st != NMF_OK || s.interrupted)
            break;
        if (noisyfit[i] < noisyfit[best])
            best = i;
    }
    if (st == NMF_OK && s.interrupted) {
        nmf_matrix_free(noisy);
        free(clean);
        free(noisyfit);
        study_close(&s, NMF_E_INTERNAL, r);   /* nothing written */
        r->interrupted = 1;
        return NMF_OK;
    }
    if (st == NMF_OK) {
        r->best_d = p->ds[best];
        r->best_noisy_fit_rel = noisyfit[best];
        long long *dl = malloc(p->nds * sizeof *dl);
        if (!dl)
            st = nmfi_error(NMF_E_NOMEM, "out of memory");
        for (size_t i = 0; dl && i < p->nds; i++)
            dl[i] = (long long)p->ds[i];
        if (dl)
            nmfi_json_ints(s.json, "d", dl, p->nds);
        free(dl);
        nmfi_json_numbers(s.json, "clean_fit_rel", clean, p->nds);
        nmfi_json_numbers(s.json, "noisy_fit_rel", noisyfit, p->nds);
        nmfi_json_number(s.json, "noisy_rel", r->noisy_rel);
        nmfi_json_int(s.json, "best_d", (long long)r->best_d);
    }
    if (st == NMF_OK)
        st = sweep_csv(&s, p->ds, p->nds, clean, noisyfit, r->noisy_rel);
    if (st == NMF_OK) {
        snprintf(s.text, sizeof s.text, "Noise sigma = %g; the noisy images"
                 " are at relative error %.4f from the clean ones. Each d is"
                 " fitted twice, to the clean and to the noisy images, and"
                 " both fits are measured against the clean images. The"
                 " noisy fit is best at d = %zu (relative error %.4f):"
                 " fewer parts underfit, more parts fit the noise.",
                 p->sigma, r->noisy_rel, r->best_d, r->best_noisy_fit_rel);
        nmfi_html_paragraph(s.html, s.text);
        size_t rows = p->nds + 1;
        char (*cells)[32] = calloc(rows * 3, sizeof *cells);
        const char **ptr = calloc(rows * 3, sizeof *ptr);
        if (!cells || !ptr) {
            st = nmfi_error(NMF_E_NOMEM, "out of memory");
        } else {
            snprintf(cells[0], 32, "d");
            snprintf(cells[1], 32, "clean fit");
            snprintf(cells[2], 32, "noisy fit");
            for (size_t i = 0; i < p->nds; i++) {
                snprintf(cells[3 * (i + 1)], 32, "%zu", p->ds[i]);
                snprintf(cells[3 * (i + 1) + 1], 32, "%.4f", clean[i]);
                snprintf(cells[3 * (i + 1) + 2], 32, "%.4f", noisyfit[i]);
            }
            for (size_t i = 0; i < rows * 3; i++)
                ptr[i] = cells[i];
            nmfi_html_table(s.html, "Relative error against the clean"
                            " images", rows, 3, ptr);
        }
        free(cells);
        free(ptr);
    }
    if (st == NMF_OK)
        st = nmfi_report_figure(s.html, sweep_plot(&s, p->ds, p->nds, clean, noisyfit,
                                   r->noisy_rel),
                    "sweep.svg", "Error against d: the clean fit keeps"
                    " falling, the noisy fit has a U-shape.");
    nmf_matrix_free(noisy);
    free(clean);
    free(noisyfit);
    return study_close(&s, st, r);
}
