/* cluster.c -- `nmfkit cluster` (see cluster.h): lift the waveforms to
 * non-negative, factor them, call argmax_i H[i, j] the cluster of
 * waveform j, compare with a seeded k-means (kmeans.c) and with the labels
 * (adjusted Rand index, contingency table; partition.c), draw one panel
 * per cluster and publish everything at once (io/outputs.h). */
#include <config.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/timer.h"
#include "io/table.h"
#include "report/html.h"
#include "report/json.h"
#include "report/strbuf.h"
#include "report/svgplot.h"
#include "study/cluster.h"
#include "study/fits.h"
#include "study/kmeans.h"
#include "study/partition.h"
#include "study/study_files.h"

void nmfi_shift_min(nmf_matrix *a, double *shift)
{
    nmf_real lo = NMFI_AT(a, 0, 0);
    for (size_t j = 0; j < a->cols; j++)
        for (size_t i = 0; i < a->rows; i++)
            if (NMFI_AT(a, i, j) < lo)
                lo = NMFI_AT(a, i, j);
    /* x - lo is exact where x == lo, so the minimum becomes exactly 0. */
    for (size_t j = 0; j < a->cols; j++)
        for (size_t i = 0; i < a->rows; i++)
            NMFI_AT(a, i, j) -= lo;
    if (shift)
        *shift = lo;
}

void nmfi_cluster_params_init(nmfi_cluster_params *p)
{
    memset(p, 0, sizeof *p);
    p->shift = 1;
    p->methods = NMFI_METHOD_NMF;
    p->rank = 3;
    nmfi_fit_block_init(&p->fit);
}

typedef struct labelling {
    size_t *of;       /* label index of each waveform */
    const char **names;
    size_t count;
} labelling;

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Label strings to indices, labels in sorted order. */
static nmf_status index_labels(char **labels, size_t n, labelling *lb)
{
    lb->of = malloc(n * sizeof *lb->of);
    lb->names = malloc(n * sizeof *lb->names);
    if (!lb->of || !lb->names)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    memcpy(lb->names, labels, n * sizeof *labels);
    qsort(lb->names, n, sizeof *lb->names, cmp_str);
    lb->count = 0;
    for (size_t j = 0; j < n; j++)
        if (lb->count == 0 || strcmp(lb->names[lb->count - 1],
                                     lb->names[j]) != 0)
            lb->names[lb->count++] = lb->names[j];
    for (size_t j = 0; j < n; j++) {
        const char *key = labels[j];
        const char **hit = bsearch(&key, lb->names, lb->count,
                                   sizeof *lb->names, cmp_str);
        lb->of[j] = (size_t)(hit - lb->names);
    }
    return NMF_OK;
}

typedef struct study {
    const nmfi_cluster_params *p;
    nmfi_table t;
    nmf_matrix *orig;     /* the waveforms as read, for drawing */
    nmfi_outputs out;
    nmfi_html *html;
    nmfi_json *json;
    nmfi_strbuf text;
    labelling lb;
    double *x;            /* sample index, shared by all series */
} study;

/* One method's clustering: sizes, ARI and contingency into the text, the
 * page and summary.json (keys suffixed by sfx). */
static void report_method(study *s, const char *name, const char *sfx,
                          const size_t *cl, size_t k)
{
    size_t n = s->t.n;
    size_t *sizes = calloc(k, sizeof *sizes);
    long long *ls = calloc(k, sizeof *ls);
    char key[64], line[256];
    if (!sizes || !ls) {
        s->text.failed = 1;
        free(sizes);
        free(ls);
        return;
    }
    for (size_t j = 0; j < n; j++)
        sizes[cl[j]]++;
    nmfi_strbuf_printf(&s->text, "%s cluster sizes:", name);
    for (size_t q = 0; q < k; q++) {
        ls[q] = (long long)sizes[q];
        nmfi_strbuf_printf(&s->text, " %zu", sizes[q]);
    }
    nmfi_strbuf_add(&s->text, "\n");
    snprintf(key, sizeof key, "sizes%s", sfx);
    nmfi_json_ints(s->json, key, ls, k);
    nmfi_html_heading(s->html, name);
    if (!s->t.labels) {
        snprintf(line, sizeof line, "Cluster sizes: see summary.json (%s);"
                 " no labels to compare with.", key);
        nmfi_html_paragraph(s->html, line);
    }
    size_t nl = s->t.labels ? s->lb.count : 0;
    size_t rows = k + 1, cols = nl + 2;
    char **cells = calloc(rows * cols, sizeof *cells);
    size_t *ct = calloc(k * (nl ? nl : 1), sizeof *ct);
    if (!cells || !ct) {
        s->text.failed = 1;
    } else {
        double ari = NAN;
        if (nl) {
            ari = nmfi_ari(cl, s->lb.of, n);
            snprintf(key, sizeof key, "ari%s", sfx);
            nmfi_json_number(s->json, key, ari);
            nmfi_strbuf_printf(&s->text, "%s adjusted Rand index against"
                               " the labels: %.4f\n", name, ari);
            snprintf(line, sizeof line, "Adjusted Rand index against the"
                     " labels: %.4f (1: the same partition; about 0: no"
                     " better than chance).", ari);
            nmfi_html_paragraph(s->html, line);
            for (size_t j = 0; j < n; j++)
                ct[cl[j] * nl + s->lb.of[j]]++;
            nmfi_strbuf_printf(&s->text, "%-10s", "cluster");
            for (size_t l = 0; l < nl; l++)
                nmfi_strbuf_printf(&s->text, " %12.12s", s->lb.names[l]);
            nmfi_strbuf_add(&s->text, "        total\n");
        }
        cells[0] = strdup("cluster");
        for (size_t l = 0; l < nl; l++)
            cells[1 + l] = strdup(s->lb.names[l]);
        cells[cols - 1] = strdup("size");
        for (size_t q = 0; q < k; q++) {
            char num[32];
            snprintf(num, sizeof num, "%zu", q);
            cells[(q + 1) * cols] = strdup(num);
            if (nl)
                nmfi_strbuf_printf(&s->text, "%-10zu", q);
            for (size_t l = 0; l < nl; l++) {
                snprintf(num, sizeof num, "%zu", ct[q * nl + l]);
                cells[(q + 1) * cols + 1 + l] = strdup(num);
                nmfi_strbuf_printf(&s->text, " %12zu", ct[q * nl + l]);
            }
            snprintf(num, sizeof num, "%zu", sizes[q]);
            cells[(q + 1) * cols + cols - 1] = strdup(num);
            if (nl)
                nmfi_strbuf_printf(&s->text, " %12zu\n", sizes[q]);
        }
        for (size_t c = 0; c < rows * cols; c++)
            if (!cells[c])
                s->text.failed = 1;
        if (!s->text.failed)
            nmfi_html_table(s->html, nl ? "Contingency table: clusters"
                            " (rows) against labels (columns)"
                            : "Cluster sizes", rows, cols,
                            (const char *const *)cells);
    }
    for (size_t c = 0; cells && c < rows * cols; c++)
        free(cells[c]);
    free(cells);
    free(ct);
    free(sizes);
    free(ls);
}

/* One panel per cluster (its waveforms thin and translucent, their mean
 * thick and dashed), and all waveforms coloured by cluster. */
static nmf_status draw(study *s, const size_t *cl, size_t k,
                       const char *method)
{
    size_t m = s->orig->rows, n = s->orig->cols;
    nmfi_series *ser = calloc(n + 1, sizeof *ser);
    double *ys = malloc(n * m * sizeof *ys);
    double *mean = malloc(m * sizeof *mean);
    char (*names)[64] = calloc(k + 1, sizeof *names);
    nmf_status st = NMF_OK;
    if (!ser || !ys || !mean || !names)
        st = nmfi_error(NMF_E_NOMEM, "out of memory");
    for (size_t j = 0; st == NMF_OK && j < n; j++)
        for (size_t i = 0; i < m; i++)
            ys[j * m + i] = NMFI_AT(s->orig, i, j);
    char file[64], title[128], caption[256];
    for (size_t q = 0; st == NMF_OK && q < k; q++) {
        size_t ns = 0;
        memset(mean, 0, m * sizeof *mean);
        for (size_t j = 0; j < n; j++) {
            if (cl[j] != q)
                continue;
            nmfi_series *e = &ser[ns++];
            memset(e, 0, sizeof *e);
            e->x = s->x;
            e->y = ys + j * m;
            e->n = m;
            e->color = nmfi_palette(q);
            e->width = 0.8;
            e->opacity = 0.15;
            for (size_t i = 0; i < m; i++)
                mean[i] += ys[j * m + i];
        }
        if (ns) {
            snprintf(names[0], sizeof names[0], "waveforms (%zu)", ns);
            ser[0].label = names[0];
            for (size_t i = 0; i < m; i++)
                mean[i] /= (double)ns;
        }
        nmfi_series *e = &ser[ns];
        memset(e, 0, sizeof *e);
        e->label = ns ? "mean" : NULL;
        e->x = s->x;
        e->y = mean;
        e->n = ns ? m : 0;
        e->color = "#000000";
        e->width = 3;
        e->dashed = 1;
        snprintf(title, sizeof title, "%s cluster %zu: %zu waveforms",
                 method, q, ns);
        nmfi_plot pl = { .title = title, .xlabel = "sample",
                         .ylabel = "value (as read)", .series = ser,
                         .nseries = ns + 1 };
        snprintf(file, sizeof file, "panel-%zu.svg", q);
        st = nmfi_svg_plot(nmfi_report_path(&s->out, file), &pl);
        snprintf(caption, sizeof caption, "Cluster %zu (%s): its %zu"
                 " waveforms and their mean (dashed).", q, method, ns);
        if (st == NMF_OK)
            nmfi_html_figure(s->html, file, caption);
    }
    if (st == NMF_OK) {
        int *seen = calloc(k, sizeof *seen);
        if (!seen)
            st = nmfi_error(NMF_E_NOMEM, "out of memory");
        /* Cluster by cluster, so the legend reads 0, 1, 2, ... */
        size_t ns = 0;
        for (size_t q = 0; st == NMF_OK && q < k; q++) {
            for (size_t j = 0; j < n; j++) {
                if (cl[j] != q)
                    continue;
                nmfi_series *e = &ser[ns++];
                memset(e, 0, sizeof *e);
                e->x = s->x;
                e->y = ys + j * m;
                e->n = m;
                e->color = nmfi_palette(cl[j]);
                e->width = 0.8;
                e->opacity = 0.3;
                if (!seen[cl[j]]) {
                    seen[cl[j]] = 1;
                    snprintf(names[cl[j]], sizeof names[0], "cluster %zu",
                             cl[j]);
                    e->label = names[cl[j]];
                }
            }
        }
        free(seen);
        snprintf(title, sizeof title, "All %zu waveforms by %s cluster", n,
                 method);
        nmfi_plot pl = { .title = title, .xlabel = "sample",
                         .ylabel = "value (as read)", .series = ser,
                         .nseries = n };
        if (st == NMF_OK)
            st = nmfi_svg_plot(nmfi_report_path(&s->out, "all.svg"), &pl);
        if (st == NMF_OK)
            nmfi_html_figure(s->html, "all.svg", "All waveforms, coloured"
                             " by cluster.");
    }
    free(ser);
    free(ys);
    free(mean);
    free(names);
    return st;
}

static nmf_status write_clusters(study *s, const size_t *cl, const double *w,
                                 const size_t *km)
{
    FILE *fp;
    nmf_status st = nmfi_outputs_file(&s->out, "clusters.csv", &fp);
    if (st != NMF_OK)
        return st;
    fputs("index", fp);
    if (cl)
        fputs(",cluster,max_weight", fp);
    if (km)
        fputs(",kmeans_cluster", fp);
    fputs("\n", fp);
    for (size_t j = 0; j < s->t.n; j++) {
        fprintf(fp, "%zu", j);
        if (cl)
            fprintf(fp, ",%zu,%.6g", cl[j], w[j]);
        if (km)
            fprintf(fp, ",%zu", km[j]);
        fputs("\n", fp);
    }
    return NMF_OK;  /* write errors surface at commit */
}

static nmf_status run(study *s, nmfi_cluster_results *r)
{
    const nmfi_cluster_params *p = s->p;
    size_t n = s->t.n, m = s->t.a->rows, k = p->rank;
    nmf_status st = NMF_OK;
    r->n = n;
    r->m = m;
    if (k > n || k > m)
        return nmfi_error(NMF_E_INVAL, "%s: rank %zu is more than the %zu"
                          " waveforms or %zu samples", p->input, k, n, m);
    s->orig = nmf_matrix_copy(s->t.a);
    s->x = malloc(m * sizeof *s->x);
    if (!s->orig || !s->x)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    for (size_t i = 0; i < m; i++)
        s->x[i] = (double)i;
    double shift = 0;
    if (p->shift) {
        nmfi_shift_min(s->t.a, &shift);
    } else {
        st = nmf_matrix_check_nonneg(s->t.a, p->input);
        if (st != NMF_OK)
            return st;
    }
    if (s->t.labels && (st = index_labels(s->t.labels, n, &s->lb)) != NMF_OK)
        return st;

    st = nmfi_outputs_open(&s->out, p->outdir, nmfi_study_subdirs);
    if (st != NMF_OK)
        return st;
    s->html = nmfi_html_new("nmfkit cluster");
    s->json = nmfi_json_new();
    if (!s->html || !s->json)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    nmfi_json_string(s->json, "command", "cluster");
    nmfi_json_string(s->json, "input", p->input);
    nmfi_json_int(s->json, "rank", (long long)k);
    nmfi_json_int(s->json, "n_waveforms", (long long)n);
    nmfi_json_int(s->json, "n_samples", (long long)m);
    nmfi_json_string(s->json, "shift", p->shift ? "min" : "none");
    nmfi_json_number(s->json, "shift_value", shift);
    nmfi_json_string(s->json, "method",
                     p->methods == 3 ? "both"
                     : p->methods == NMFI_METHOD_NMF ? "nmf" : "kmeans");
    nmfi_fit_json(s->json, &p->fit.opt);
    if (p->label)
        nmfi_json_string(s->json, "label_column", p->label);
    char text[1024], lift[64] = "";
    if (p->shift)
        snprintf(lift, sizeof lift, ", lifted by subtracting its minimum"
                 " (%g)", shift);
    snprintf(text, sizeof text, "%zu waveforms of %zu samples from %s; A is"
             " %zu x %zu (waveforms as columns)%s. Rank %zu, seed %llu.",
             n, m, p->input, m, n, lift, k, (unsigned long long)p->fit.opt.seed);
    nmfi_html_paragraph(s->html, text);

    size_t *cl = NULL, *km = NULL;
    double *wt = NULL;
    nmf_matrix *w = NULL, *h = NULL;
    nmfi_fit_record record;
    memset(&record, 0, sizeof record);
    if (p->methods & NMFI_METHOD_NMF) {
        nmf_options opt = nmfi_fit_options(&p->fit, k, "nmf");
        nmf_result fr;
        st = nmf_fit(s->t.a, &opt, &fr);
        if (st == NMF_OK) {
            nmfi_fit_record_of(&fr, k, "NMF", &record);
            w = fr.w;
            h = fr.h;
            fr.w = fr.h = NULL;
            nmf_result_free(&fr);
        }
        cl = malloc(n * sizeof *cl);
        wt = malloc(n * sizeof *wt);
        if (st == NMF_OK && (!cl || !wt))
            st = nmfi_error(NMF_E_NOMEM, "out of memory");
        if (st == NMF_OK) {
            nmfi_argmax_clusters(h, cl, wt);
            r->rel_error = nmf_residual_norm(s->t.a, w, h)
                         / nmf_matrix_norm(s->t.a);
            nmfi_json_number(s->json, "rel_error", r->rel_error);
            nmfi_json_string(s->json, "stop", nmf_stop_name(record.stop));
            nmfi_json_int(s->json, "iterations_made", record.iterations);
            nmfi_json_number(s->json, "fit_seconds", record.seconds);
            report_method(s, "NMF (argmax of H)", "", cl, k);
            char solver[256];
            nmfi_fit_describe(&p->fit.opt, solver, sizeof solver);
            snprintf(text, sizeof text, "NMF by %s: stopped by %s after %d"
                     " iterations (%.2f s); ||A - WH||_F / ||A||_F = %.4f."
                     " Waveform j goes to cluster argmax_i H[i, j] (ties to"
                     " the lower i).", solver, nmf_stop_name(record.stop),
                     record.iterations, record.seconds, r->rel_error);
            nmfi_html_paragraph(s->html, text);
            st = draw(s, cl, k, "NMF");
        }
        if (st == NMF_OK)
            st = nmf_write_npy(nmfi_outputs_path(&s->out, "W.npy"), w);
        if (st == NMF_OK)
            st = nmf_write_npy(nmfi_outputs_path(&s->out, "H.npy"), h);
    }
    if (st == NMF_OK && (p->methods & NMFI_METHOD_KMEANS)) {
        km = malloc(n * sizeof *km);
        int iters = 0;
        st = km ? nmfi_kmeans(s->t.a, k, p->fit.opt.seed, 300, km, &iters)
                : nmfi_error(NMF_E_NOMEM, "out of memory");
        if (st == NMF_OK) {
            nmfi_json_int(s->json, "kmeans_iterations", iters);
            report_method(s, "k-means", "_kmeans", km, k);
            snprintf(text, sizeof text, "k-means (k = %zu) on the same"
                     " lifted columns: k-means++ start from seed %llu, %d"
                     " Lloyd iterations to convergence.", k,
                     (unsigned long long)p->fit.opt.seed, iters);
            nmfi_html_paragraph(s->html, text);
            if (!(p->methods & NMFI_METHOD_NMF))
                st = draw(s, km, k, "k-means");
        }
    }
    if (st == NMF_OK)
        st = write_clusters(s, cl, wt, km);
    nmf_matrix_free(w);
    nmf_matrix_free(h);
    free(cl);
    free(wt);
    free(km);
    if (st == NMF_OK && s->text.failed)
        st = nmfi_error(NMF_E_NOMEM, "out of memory");
    return st;
}

nmf_status nmfi_study_cluster(const nmfi_cluster_params *p,
                              nmfi_cluster_results *r)
{
    memset(r, 0, sizeof *r);
    study s;
    memset(&s, 0, sizeof s);
    s.p = p;
    nmfi_strbuf_init(&s.text);
    double t0 = nmfi_now();
    if (p->rank < 1)
        return nmfi_error(NMF_E_INVAL, "rank must be at least 1");
    nmf_status st = nmfi_table_read(p->input, p->skip, p->label, &s.t);
    if (st == NMF_OK)
        st = run(&s, r);
    if (st == NMF_OK) {
        r->seconds = nmfi_now() - t0;
        nmfi_json_number(s.json, "seconds", r->seconds);
    }
    st = nmfi_study_finish(&s.out, st, s.json, s.html);
    if (st == NMF_OK) {
        r->text = s.text.data;
        s.text.data = NULL;
    }
    nmfi_strbuf_free(&s.text);
    nmfi_html_free(s.html);
    nmfi_json_free(s.json);
    nmf_matrix_free(s.orig);
    free(s.x);
    free(s.lb.of);
    free(s.lb.names);
    nmfi_table_free(&s.t);
    return st;
}
