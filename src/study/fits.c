/* fits.c -- the studies' fits described, recorded and drawn (fits.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "report/svgplot.h"
#include "study/fits.h"

static const char *solver_about(nmf_solver s)
{
    switch (s) {
    case NMF_SOLVER_MU: return "Lee-Seung multiplicative updates";
    case NMF_SOLVER_HALS: return "hierarchical ALS";
    case NMF_SOLVER_AHALS: return "accelerated hierarchical ALS";
    case NMF_SOLVER_AMU: return "accelerated multiplicative updates";
    default: return "?";
    }
}

void nmfi_fit_describe(const nmf_options *opt, char *buf, size_t size)
{
    int mult = opt->solver == NMF_SOLVER_MU || opt->solver == NMF_SOLVER_AMU;
    int n = snprintf(buf, size, "%s (%s) from the %s start, at most %d"
                     " iterations", nmf_solver_name(opt->solver),
                     solver_about(opt->solver), nmf_init_name(opt->init),
                     opt->max_iter);
    if (n >= 0 && (size_t)n < size && opt->tol > 0)
        n += snprintf(buf + n, size - (size_t)n, ", tolerance %g", opt->tol);
    if (n >= 0 && (size_t)n < size && opt->max_time > 0)
        n += snprintf(buf + n, size - (size_t)n, ", at most %g s",
                      opt->max_time);
    if (n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, ", seed %llu",
                      (unsigned long long)opt->seed);
    if (n >= 0 && (size_t)n < size && mult)
        snprintf(buf + n, size - (size_t)n, ", delta %g", opt->delta);
}

void nmfi_fit_json(nmfi_json *j, const nmf_options *opt)
{
    nmfi_json_string(j, "solver", nmf_solver_name(opt->solver));
    nmfi_json_string(j, "init", nmf_init_name(opt->init));
    nmfi_json_int(j, "iterations", opt->max_iter);
    nmfi_json_number(j, "tol", opt->tol);
    nmfi_json_number(j, "max_time", opt->max_time);
    nmfi_json_int(j, "seed", (long long)opt->seed);
    nmfi_json_number(j, "delta", opt->delta);
    nmfi_json_int(j, "threads", opt->threads);
}

void nmfi_fit_record_of(const nmf_result *r, size_t d, const char *what,
                        nmfi_fit_record *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->what, sizeof out->what, "%s", what ? what : "");
    out->d = d;
    out->iterations = r->iterations;
    out->stop = r->stop;
    int k = r->iterations;
    out->seconds = k > 0 ? r->seconds[k - 1] : 0;
    out->rel_error = k > 0 && r->norm_a > 0 ? r->error[k - 1] / r->norm_a
                                            : 0;
}

void nmfi_fit_records_json(nmfi_json *j, const nmfi_fit_record *rec,
                           size_t n)
{
    nmfi_json_begin_array(j, "fits");
    for (size_t i = 0; i < n; i++) {
        nmfi_json_begin_object(j, NULL);
        nmfi_json_string(j, "what", rec[i].what);
        nmfi_json_int(j, "d", (long long)rec[i].d);
        nmfi_json_int(j, "iterations", rec[i].iterations);
        nmfi_json_string(j, "stop", nmf_stop_name(rec[i].stop));
        nmfi_json_number(j, "seconds", rec[i].seconds);
        nmfi_json_number(j, "rel_error", rec[i].rel_error);
        nmfi_json_end(j);
    }
    nmfi_json_end(j);
}

void nmfi_fit_records_html(nmfi_html *html, const nmfi_fit_record *rec,
                           size_t n)
{
    enum { COLS = 6, CELL = 64 };
    char (*cells)[CELL] = calloc((n + 1) * COLS, sizeof *cells);
    const char **ptr = calloc((n + 1) * COLS, sizeof *ptr);
    if (!cells || !ptr) {
        free(cells);
        free(ptr);
        nmfi_html_paragraph(html, "(out of memory for the table of fits)");
        return;
    }
    static const char *const head[COLS] = {"fit", "d", "iterations",
                                           "stopped by", "seconds",
                                           "||A - WH|| / ||A||"};
    for (int c = 0; c < COLS; c++)
        snprintf(cells[c], CELL, "%s", head[c]);
    for (size_t i = 0; i < n; i++) {
        char (*row)[CELL] = cells + (i + 1) * COLS;
        snprintf(row[0], CELL, "%s", rec[i].what);
        snprintf(row[1], CELL, "%zu", rec[i].d);
        snprintf(row[2], CELL, "%d", rec[i].iterations);
        snprintf(row[3], CELL, "%s", nmf_stop_name(rec[i].stop));
        snprintf(row[4], CELL, "%.3f", rec[i].seconds);
        snprintf(row[5], CELL, "%.4f", rec[i].rel_error);
    }
    for (size_t i = 0; i < (n + 1) * COLS; i++)
        ptr[i] = cells[i];
    nmfi_html_table(html, "Fits: how long each ran and why it stopped",
                    n + 1, COLS, ptr);
    free(cells);
    free(ptr);
}

nmf_status nmfi_fig_convergence(const char *path, const char *label,
                                const size_t *ranks, const nmf_result *fits,
                                size_t n, int by_seconds, const char *title)
{
    size_t longest = 0;
    for (size_t i = 0; i < n; i++)
        if ((size_t)fits[i].iterations > longest)
            longest = (size_t)fits[i].iterations;
    double *x = malloc((longest ? longest : 1) * sizeof *x);
    double *y = malloc((longest ? longest : 1) * n * sizeof *y);
    nmfi_series *series = calloc(n ? n : 1, sizeof *series);
    char (*labels)[48] = calloc(n ? n : 1, sizeof *labels);
    if (!x || !y || !series || !labels) {
        free(x);
        free(y);
        free(series);
        free(labels);
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < longest; k++)
        x[k] = (double)(k + 1);
    for (size_t i = 0; i < n; i++) {
        const nmf_result *r = &fits[i];
        double *yi = y + i * longest;
        for (int k = 0; k < r->iterations; k++)
            yi[k] = r->norm_a > 0 ? r->error[k] / r->norm_a : r->error[k];
        snprintf(labels[i], sizeof labels[i], "%s%zu", label, ranks[i]);
        series[i].label = labels[i];
        series[i].x = by_seconds ? r->seconds : x;
        series[i].y = yi;
        series[i].n = (size_t)r->iterations;
    }
    nmfi_plot plot = {
        .title = title,
        .xlabel = by_seconds ? "seconds (the fit, its start included)"
                             : "iteration k",
        .ylabel = "||A - W_k H_k||_F / ||A||_F", .log_x = by_seconds,
        .log_y = 1, .series = series, .nseries = n,
    };
    nmf_status st = nmfi_svg_plot(path, &plot);
    free(x);
    free(y);
    free(series);
    free(labels);
    return st;
}

void nmfi_fit_block_init(nmfi_fit_block *b)
{
    nmf_options_init(&b->opt);
    b->stage = NULL;
}

nmf_options nmfi_fit_options(const nmfi_fit_block *b, size_t d,
                             const char *label)
{
    nmf_options opt = b->opt;
    opt.d = d;
    opt.profile = NULL;
    if (b->stage)
        b->stage(opt.progress_ctx, label);
    return opt;
}

nmf_status nmfi_fit_history_fp(FILE *fp, const nmf_result *r)
{
    fprintf(fp, "iter,error,seconds\n");
    for (int k = 0; k < r->iterations; k++)
        fprintf(fp, "%d,%.17g,%.6f\n", k + 1, r->error[k], r->seconds[k]);
    return ferror(fp) ? NMF_E_IO : NMF_OK;
}
