/* toy.c -- the toy-matrix study (toy.h): every fit is the reference MU
 * from the seeded uniform start, fixed iterations, so a student can
 * rerun any line of the table with `nmfkit factor`. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/outputs.h"
#include "report/html.h"
#include "report/json.h"
#include "report/svgplot.h"
#include "study/study_files.h"
#include "study/toy.h"

/* W H agree when no entry differs by more than this share of max A; the
 * factors when, scaled and matched, none differs by more than 1e-2 of
 * its column's largest entry. MU in float gets there in a few hundred
 * iterations on these 3 x 3 matrices when the fit is unique. */
#define SAME_WH 1e-3
#define SAME_FACTORS 1e-2

static nmf_status product(const nmf_matrix *w, const nmf_matrix *h,
                          nmf_matrix **wh)
{
    size_t m = nmf_matrix_rows(w), n = nmf_matrix_cols(h);
    size_t d = nmf_matrix_cols(w);
    *wh = nmf_matrix_new(m, n);
    if (!*wh)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t k = 0; k < d; k++)
                s += (double)nmf_matrix_get(w, i, k)
                     * (double)nmf_matrix_get(h, k, j);
            nmf_matrix_set(*wh, i, j, (nmf_real)s);
        }
    return NMF_OK;
}

static double max_abs(const nmf_matrix *a)
{
    double big = 0;
    for (size_t i = 0; i < nmf_matrix_rows(a); i++)
        for (size_t j = 0; j < nmf_matrix_cols(a); j++)
            big = fmax(big, fabs((double)nmf_matrix_get(a, i, j)));
    return big;
}

static double max_diff(const nmf_matrix *x, const nmf_matrix *y)
{
    double big = 0;
    for (size_t i = 0; i < nmf_matrix_rows(x); i++)
        for (size_t j = 0; j < nmf_matrix_cols(x); j++)
            big = fmax(big, fabs((double)nmf_matrix_get(x, i, j)
                                 - (double)nmf_matrix_get(y, i, j)));
    return big;
}

/* Column k of W scaled to sum 1, compared with column perm[k] of the
 * other fit's W scaled alike; rows of H take the inverse scale. */
static int factors_match(const nmfi_toy_fit *f, const nmfi_toy_fit *g,
                         const size_t *perm)
{
    size_t m = nmf_matrix_rows(f->w), n = nmf_matrix_cols(f->h);
    for (size_t k = 0; k < f->d; k++) {
        size_t q = perm[k];
        double sf = 0, sg = 0, big_w = 0, big_h = 0;
        for (size_t i = 0; i < m; i++) {
            sf += nmf_matrix_get(f->w, i, k);
            sg += nmf_matrix_get(g->w, i, q);
        }
        if (!(sf > 0) || !(sg > 0))
            return 0;
        for (size_t i = 0; i < m; i++)
            big_w = fmax(big_w, nmf_matrix_get(f->w, i, k) / sf);
        for (size_t j = 0; j < n; j++)
            big_h = fmax(big_h, nmf_matrix_get(f->h, k, j) * sf);
        for (size_t i = 0; i < m; i++)
            if (fabs(nmf_matrix_get(f->w, i, k) / sf
                     - nmf_matrix_get(g->w, i, q) / sg)
                > SAME_FACTORS * big_w)
                return 0;
        for (size_t j = 0; j < n; j++)
            if (fabs(nmf_matrix_get(f->h, k, j) * sf
                     - nmf_matrix_get(g->h, q, j) * sg)
                > SAME_FACTORS * fmax(big_h, 1e-30))
                return 0;
    }
    return 1;
}

static int same_factors(const nmfi_toy_fit *f, const nmfi_toy_fit *g)
{
    static const size_t id[2] = {0, 1}, swap[2] = {1, 0};
    return factors_match(f, g, id) || (f->d == 2 && factors_match(f, g, swap));
}

/* The fit's own history comes from ||A||^2 - 2<W, AH'> + <W'W, HH'>,
 * whose rounding hides errors below about 1e-3 of ||A|| in float: these
 * fits go far below that. So every iteration's W and H are taken from the
 * checkpoint callback and ||A - W H||_F is formed entry by entry. */
typedef struct exact_history {
    const nmf_matrix *a;
    double *error;
} exact_history;

static nmf_status record_exact(void *ctx, const nmf_state *st)
{
    exact_history *x = ctx;
    x->error[st->iterations - 1] = nmf_residual_norm(x->a, st->w, st->h);
    return NMF_OK;
}

static nmf_status fit(const nmf_matrix *a, size_t d, uint64_t seed,
                      int iterations, nmf_result *r)
{
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = d;
    opt.seed = seed;
    opt.max_iter = iterations;
    opt.threads = 1; /* a 3 x 3 matrix: a team costs more than it does */
    exact_history x = {a, calloc((size_t)iterations, sizeof(double))};
    if (!x.error)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    opt.checkpoint = record_exact;
    opt.checkpoint_ctx = &x;
    opt.checkpoint_every = 1;
    memset(r, 0, sizeof *r);
    nmf_status s = nmf_fit(a, &opt, r);
    if (s == NMF_OK)
        memcpy(r->error, x.error, (size_t)r->iterations * sizeof(double));
    free(x.error);
    return s;
}

static nmf_status run_matrix(const nmfi_toy_params *p, size_t i,
                             nmfi_toy_matrix *t)
{
    snprintf(t->name, sizeof t->name, "A%zu", i + 1);
    nmf_status s = nmf_read_matrix(p->paths[i], &t->a);
    if (s != NMF_OK)
        return s;
    size_t m = nmf_matrix_rows(t->a), n = nmf_matrix_cols(t->a);
    t->nsv = m < n ? m : n;
    if (t->nsv > 8)
        return nmfi_error(NMF_E_INVAL, "%s: %zu x %zu is no toy matrix "
                          "(at most 8 rows or columns)", p->paths[i], m, n);
    s = nmf_singular_values(t->a, t->sv);
    if (s != NMF_OK)
        return s;
    t->rank = nmf_numerical_rank(t->sv, t->nsv, m, n);
    double big = max_abs(t->a);
    for (size_t di = 0; di < NMFI_TOY_TABLE_D && s == NMF_OK; di++) {
        for (size_t k = 0; k < NMFI_TOY_STARTS && s == NMF_OK; k++) {
            nmfi_toy_fit *f = &t->fit[di][k];
            nmf_result r;
            f->d = di + 1;
            f->seed = p->seed + k;
            s = fit(t->a, f->d, f->seed, p->iterations, &r);
            if (s == NMF_OK) {
                f->error = r.error[r.iterations - 1];
                f->w = r.w;
                f->h = r.h;
                r.w = r.h = NULL;
                s = product(f->w, f->h, &f->wh);
            }
            nmf_result_free(&r);
        }
        if (s == NMF_OK) {
            t->same_wh[di] = max_diff(t->fit[di][0].wh, t->fit[di][1].wh)
                             <= SAME_WH * big;
            t->same_factors[di] = same_factors(&t->fit[di][0],
                                               &t->fit[di][1]);
        }
    }
    for (size_t d = 1; d <= NMFI_TOY_CURVE_D && i >= NMFI_TOY_FIRST_CURVE
                       && s == NMF_OK; d++) {
        s = fit(t->a, d, p->seed, p->iterations, &t->curve[d - 1]);
        t->ncurves += s == NMF_OK;
    }
    return s;
}

/* ---- Writing ------------------------------------------------------------- */

/* "1.000 0; 0 1.000": rows by "; ", to 3 significant digits. */
static void matrix_text(const nmf_matrix *a, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < nmf_matrix_rows(a); i++)
        for (size_t j = 0; j < nmf_matrix_cols(a) && len < size; j++)
            len += (size_t)snprintf(out + len, size - len, "%s%.3g",
                                    j ? " " : i ? "; " : "",
                                    (double)nmf_matrix_get(a, i, j));
}

static void json_matrix(nmfi_json *j, const char *key, const nmf_matrix *a)
{
    nmfi_json_begin_array(j, key);
    for (size_t i = 0; i < nmf_matrix_rows(a); i++) {
        double row[8];
        size_t n = nmf_matrix_cols(a) < 8 ? nmf_matrix_cols(a) : 8;
        for (size_t c = 0; c < n; c++)
            row[c] = nmf_matrix_get(a, i, c);
        nmfi_json_numbers(j, NULL, row, n);
    }
    nmfi_json_end(j);
}

static void write_json(nmfi_json *j, const nmfi_toy_params *p,
                       const nmfi_toy_results *r)
{
    nmfi_json_string(j, "command", "toy");
    nmfi_json_string(j, "solver", "mu");
    nmfi_json_int(j, "iterations", p->iterations);
    long long seeds[NMFI_TOY_STARTS];
    for (int k = 0; k < NMFI_TOY_STARTS; k++)
        seeds[k] = (long long)(p->seed + (uint64_t)k);
    nmfi_json_ints(j, "seeds", seeds, NMFI_TOY_STARTS);
    nmfi_json_begin_array(j, "matrices");
    for (size_t i = 0; i < NMFI_TOY_MATRICES; i++) {
        const nmfi_toy_matrix *t = &r->m[i];
        nmfi_json_begin_object(j, NULL);
        nmfi_json_string(j, "name", t->name);
        nmfi_json_string(j, "file", p->paths[i]);
        json_matrix(j, "A", t->a);
        nmfi_json_numbers(j, "singular_values", t->sv, t->nsv);
        nmfi_json_int(j, "rank", (long long)t->rank);
        nmfi_json_begin_array(j, "fits");
        for (size_t di = 0; di < NMFI_TOY_TABLE_D; di++)
            for (size_t k = 0; k < NMFI_TOY_STARTS; k++) {
                const nmfi_toy_fit *f = &t->fit[di][k];
                nmfi_json_begin_object(j, NULL);
                nmfi_json_int(j, "d", (long long)f->d);
                nmfi_json_int(j, "seed", (long long)f->seed);
                nmfi_json_number(j, "error", f->error);
                json_matrix(j, "W", f->w);
                json_matrix(j, "H", f->h);
                json_matrix(j, "WH", f->wh);
                nmfi_json_end(j);
            }
        nmfi_json_end(j);
        nmfi_json_begin_array(j, "same_wh");
        for (size_t di = 0; di < NMFI_TOY_TABLE_D; di++)
            nmfi_json_int(j, NULL, t->same_wh[di]);
        nmfi_json_end(j);
        nmfi_json_begin_array(j, "same_factors");
        for (size_t di = 0; di < NMFI_TOY_TABLE_D; di++)
            nmfi_json_int(j, NULL, t->same_factors[di]);
        nmfi_json_end(j);
        nmfi_json_begin_array(j, "final_error_d123");
        for (size_t d = 0; d < t->ncurves; d++)
            nmfi_json_number(j, NULL, t->curve[d].error[
                t->curve[d].iterations - 1]);
        nmfi_json_end(j);
        nmfi_json_end(j);
    }
    nmfi_json_end(j);
}

static nmf_status write_csv(nmfi_outputs *out, const nmfi_toy_results *r)
{
    FILE *f;
    nmf_status s = nmfi_outputs_file(out, "toy.csv", &f);
    if (s != NMF_OK)
        return s;
    fprintf(f, "matrix,d,seed,error,same_wh,same_factors\n");
    for (size_t i = 0; i < NMFI_TOY_MATRICES; i++)
        for (size_t di = 0; di < NMFI_TOY_TABLE_D; di++)
            for (size_t k = 0; k < NMFI_TOY_STARTS; k++) {
                const nmfi_toy_fit *t = &r->m[i].fit[di][k];
                fprintf(f, "%s,%zu,%llu,%.9g,%d,%d\n", r->m[i].name, t->d,
                        (unsigned long long)t->seed, t->error,
                        r->m[i].same_wh[di], r->m[i].same_factors[di]);
            }
    return NMF_OK;
}

enum { FIT_COLS = 7, SV_COLS = 3, CELL = 160 };

static nmf_status html_fits(nmfi_html *h, const nmfi_toy_results *r)
{
    size_t rows = 1 + NMFI_TOY_MATRICES * NMFI_TOY_TABLE_D * NMFI_TOY_STARTS;
    char (*text)[CELL] = calloc(rows * FIT_COLS, sizeof *text);
    const char **cells = calloc(rows * FIT_COLS, sizeof *cells);
    if (!text || !cells) {
        free(text), free(cells);
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    }
    static const char *head[FIT_COLS] = {
        "A", "d", "seed", "||A - WH||_F", "W", "H", "W H"};
    size_t c = 0;
    for (; c < FIT_COLS; c++)
        snprintf(text[c], CELL, "%s", head[c]);
    for (size_t i = 0; i < NMFI_TOY_MATRICES; i++)
        for (size_t di = 0; di < NMFI_TOY_TABLE_D; di++)
            for (size_t k = 0; k < NMFI_TOY_STARTS; k++) {
                const nmfi_toy_fit *f = &r->m[i].fit[di][k];
                snprintf(text[c++], CELL, "%s", r->m[i].name);
                snprintf(text[c++], CELL, "%zu", f->d);
                snprintf(text[c++], CELL, "%llu",
                         (unsigned long long)f->seed);
                snprintf(text[c++], CELL, "%.4g", f->error);
                matrix_text(f->w, text[c++], CELL);
                matrix_text(f->h, text[c++], CELL);
                matrix_text(f->wh, text[c++], CELL);
            }
    for (size_t k = 0; k < rows * FIT_COLS; k++)
        cells[k] = text[k];
    nmfi_html_table(h, "Every fit: rows of a matrix separated by ';'", rows,
                    FIT_COLS, cells);
    free(text), free(cells);
    return NMF_OK;
}

static void html_unique(nmfi_html *h, const nmfi_toy_results *r)
{
    enum { ROWS = 1 + NMFI_TOY_MATRICES * NMFI_TOY_TABLE_D, COLS = 5 };
    char text[ROWS * COLS][48];
    const char *cells[ROWS * COLS];
    static const char *head[COLS] = {
        "A", "d", "W H from both starts", "W, H up to scale and order",
        "errors of the two starts"};
    size_t c = 0;
    for (; c < COLS; c++)
        snprintf(text[c], sizeof text[c], "%s", head[c]);
    for (size_t i = 0; i < NMFI_TOY_MATRICES; i++)
        for (size_t di = 0; di < NMFI_TOY_TABLE_D; di++) {
            const nmfi_toy_matrix *t = &r->m[i];
            snprintf(text[c++], 48, "%s", t->name);
            snprintf(text[c++], 48, "%zu", di + 1);
            snprintf(text[c++], 48, "%s", t->same_wh[di] ? "the same"
                                                         : "different");
            snprintf(text[c++], 48, "%s", t->same_factors[di] ? "the same"
                                                              : "different");
            snprintf(text[c++], 48, "%.4g and %.4g", t->fit[di][0].error,
                     t->fit[di][1].error);
        }
    for (size_t k = 0; k < ROWS * COLS; k++)
        cells[k] = text[k];
    nmfi_html_table(h, "What comes out unique", ROWS, COLS, cells);
}

static void html_singular(nmfi_html *h, const nmfi_toy_results *r)
{
    enum { ROWS = 1 + NMFI_TOY_MATRICES };
    char text[ROWS * SV_COLS][128];
    const char *cells[ROWS * SV_COLS];
    snprintf(text[0], 128, "A");
    snprintf(text[1], 128, "singular values");
    snprintf(text[2], 128, "numerical rank");
    size_t c = SV_COLS;
    for (size_t i = 0; i < NMFI_TOY_MATRICES; i++) {
        const nmfi_toy_matrix *t = &r->m[i];
        size_t len = 0;
        snprintf(text[c++], 128, "%s", t->name);
        text[c][0] = '\0';
        for (size_t k = 0; k < t->nsv && len < 128; k++)
            len += (size_t)snprintf(text[c] + len, 128 - len, "%s%.4g",
                                    k ? ", " : "", t->sv[k]);
        c++;
        snprintf(text[c++], 128, "%zu", t->rank);
    }
    for (size_t k = 0; k < ROWS * SV_COLS; k++)
        cells[k] = text[k];
    nmfi_html_table(h, "Singular values (one-sided Jacobi, in double) and "
                    "rank", ROWS, SV_COLS, cells);
}

static nmf_status plot_curves(nmfi_outputs *out, nmfi_html *h,
                              const nmfi_toy_matrix *t)
{
    double *x = malloc((size_t)t->curve[0].iterations * sizeof *x);
    if (!x)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    for (int k = 0; k < t->curve[0].iterations; k++)
        x[k] = k + 1;
    nmfi_series series[NMFI_TOY_CURVE_D];
    char labels[NMFI_TOY_CURVE_D][16];
    for (size_t d = 0; d < t->ncurves; d++) {
        snprintf(labels[d], sizeof labels[d], "d = %zu", d + 1);
        series[d] = (nmfi_series){.label = labels[d], .x = x,
            .y = t->curve[d].error, .n = (size_t)t->curve[d].iterations};
    }
    char title[64], file[32], caption[256];
    snprintf(title, sizeof title, "%s: error against the iteration (MU)",
             t->name);
    snprintf(file, sizeof file, "error-%s.svg", t->name);
    nmfi_plot plot = {.title = title, .xlabel = "iteration",
        .ylabel = "||A - W H||_F", .log_y = 1, .series = series,
        .nseries = t->ncurves};
    snprintf(caption, sizeof caption, "%s (rank %zu): the error of MU at "
             "d = 1, 2, 3 from the same seed, log scale. Where d reaches "
             "the rank the error falls towards rounding; below it, it "
             "levels off.", t->name, t->rank);
    nmf_status s = nmfi_report_figure(h, nmfi_svg_plot(
        nmfi_report_path(out, file), &plot), file, caption);
    free(x);
    return s;
}

static nmf_status write_report(nmfi_outputs *out, nmfi_html *h,
                               const nmfi_toy_params *p,
                               const nmfi_toy_results *r)
{
    char text[512];
    nmfi_html_heading(h, "The toy matrices");
    snprintf(text, sizeof text, "A1 is the 2 x 2 identity, A2 is 3 x 2, A3 "
             "is 3 x 3 of rank 2 and A4 3 x 3 of rank 3 (data/A1.csv ... "
             "A4.csv). Each is fitted by the reference MU, %d iterations "
             "from the uniform start of seed %llu and of seed %llu, at "
             "d = 1 and d = 2.", p->iterations,
             (unsigned long long)p->seed, (unsigned long long)p->seed + 1);
    nmfi_html_paragraph(h, text);
    nmfi_html_paragraph(h, "W H is the same from both starts where the "
                        "best fit of that d is unique; W and H never are "
                        "in full: W D and D^-1 H, for any positive diagonal "
                        "D, and the parts in another order, give the same "
                        "product. The second table compares W and H after "
                        "scaling each column of W to sum 1 and matching "
                        "the parts. For A1 at d = 1 the error is 1, and "
                        "not at one W H: every x x' with ||x|| = 1 leaves "
                        "||I - x x'||_F = 1, so where MU stops on that "
                        "family depends on the start. Errors are ||A - W "
                        "H||_F formed entry by entry in double.");
    html_unique(h, r);
    nmf_status s = html_fits(h, r);
    if (s != NMF_OK)
        return s;
    nmfi_html_heading(h, "Singular values and rank");
    html_singular(h, r);
    nmfi_html_heading(h, "Convergence");
    for (size_t i = NMFI_TOY_FIRST_CURVE; i < NMFI_TOY_MATRICES && s == NMF_OK;
         i++)
        s = plot_curves(out, h, &r->m[i]);
    return s;
}

nmf_status nmfi_study_toy(const nmfi_toy_params *p, nmfi_toy_results *r)
{
    memset(r, 0, sizeof *r);
    if (!p->outdir || p->iterations < 1)
        return nmfi_error(NMF_E_INVAL, "toy: missing parameters");
    nmf_status s = NMF_OK;
    for (size_t i = 0; i < NMFI_TOY_MATRICES && s == NMF_OK; i++)
        s = run_matrix(p, i, &r->m[i]);
    if (s != NMF_OK)
        return s;
    nmfi_outputs out;
    memset(&out, 0, sizeof out);
    s = nmfi_outputs_open(&out, p->outdir, nmfi_study_subdirs);
    if (s != NMF_OK)
        return s;
    nmfi_html *h = nmfi_html_new("nmfkit toy");
    nmfi_json *j = nmfi_json_new();
    if (!h || !j)
        s = nmfi_error(NMF_E_NOMEM, "out of memory");
    if (s == NMF_OK)
        s = write_report(&out, h, p, r);
    if (s == NMF_OK)
        s = write_csv(&out, r);
    if (s == NMF_OK)
        write_json(j, p, r);
    s = nmfi_study_finish(&out, s, j, h);
    nmfi_html_free(h);
    nmfi_json_free(j);
    return s;
}

void nmfi_toy_results_free(nmfi_toy_results *r)
{
    for (size_t i = 0; i < NMFI_TOY_MATRICES; i++) {
        nmfi_toy_matrix *t = &r->m[i];
        nmf_matrix_free(t->a);
        for (size_t di = 0; di < NMFI_TOY_TABLE_D; di++)
            for (size_t k = 0; k < NMFI_TOY_STARTS; k++) {
                nmf_matrix_free(t->fit[di][k].w);
                nmf_matrix_free(t->fit[di][k].h);
                nmf_matrix_free(t->fit[di][k].wh);
            }
        for (size_t d = 0; d < NMFI_TOY_CURVE_D; d++)
            nmf_result_free(&t->curve[d]);
    }
    memset(r, 0, sizeof *r);
}
