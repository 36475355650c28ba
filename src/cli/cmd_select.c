/* cmd_select.c -- `nmfkit select`: choose d by cross-validation on
 * held-out entries (study/select.h), with a line per fit on stderr (a
 * long job), and select.csv, summary.json, the plot and the report page,
 * all or none. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/data_args.h"
#include "cli/opts.h"
#include "cli/run_control.h"
#include "cli/solver_args.h"
#include "core/error.h"
#include "core/timer.h"
#include "io/outputs.h"
#include "report/html.h"
#include "report/json.h"
#include "report/svgplot.h"
#include "study/select.h"
#include "study/study_files.h"

static const char *const CMD = "select";

enum { OPT_D = 256, OPT_HOLDOUT, OPT_FOLDS, OPT_SEED, OPT_THREADS,
       OPT_QUIET };

static const cli_opt select_opts[] = {
    {OPT_D, "d", 0, "LO:HI[:STEP]",
     "the ranks to try, LO >= 1 (required; e.g. 2:40)"},
    {OPT_HOLDOUT, "holdout", 0, "F",
     "share of the observed entries each fold hides, in\n"
     "(0, 0.9] (default 0.1)"},
    {OPT_FOLDS, "folds", 0, "K", "folds, each its own hidden set (default 3)"},
    {'n', "iterations", 'n', "N",
     "iterations per fit, the bound when --tol stops it\n"
     "first (default 500; --tol defaults to 1e-4 here)"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt select_opts_tail[] = {
    {OPT_SEED, "seed", 0, "S",
     "seed of the folds (S, S+1, ...) and the fits' starts\n"
     "(default 1)"},
    {'o', "output", 'o', "DIR", "where the results go (default: out)"},
    {OPT_THREADS, "threads", 0, "T",
     "OpenMP threads (default: OMP_NUM_THREADS or all)"},
    {OPT_QUIET, "quiet", 'q', NULL, "no line per fit, no summary"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {
    select_opts, solver_opts, objective_opts, data_opts, select_opts_tail,
    study_run_opts, NULL};

static const cli_spec spec = {
    "select", "INPUT --d LO:HI[:STEP] [options]",
    "Choose the inner dimension d for the m x n matrix in INPUT by\n"
    "cross-validation: each fold hides a random share of the entries, fits\n"
    "every d on the rest (the missing-entry solvers: --solver hals, the\n"
    "default here, or mu), and measures the RMSE on the hidden entries. The\n"
    "best d has the lowest mean held-out error; the 1-SE choice is the\n"
    "smallest d within one standard error of it.\n",
    tables,
    "Writes DIR/select.csv (d, heldout_error, heldout_sd, train_error, one\n"
    "column per fold), DIR/summary.json (d, heldout_error, heldout_sd,\n"
    "best_d, best_d_1se), DIR/report/select.svg and DIR/report/index.html.\n"
    "Exit status 0 on success, 2 on bad input, 130/143 when SIGINT/SIGTERM\n"
    "ended the study (nothing written), 1 on an internal error.\n",
    "INPUT file", 1, 1,
};

typedef struct select_args {
    nmfi_select_params p;
    data_args data;
    run_control rc;
    const char *output;
    int have_d, quiet;
} select_args;

/* LO:HI or LO:HI:STEP. */
static int parse_range(const char *v, nmfi_select_params *p)
{
    char buf[128];
    if (!v || strlen(v) >= sizeof buf)
        goto bad;
    strcpy(buf, v);
    char *first = strchr(buf, ':');
    if (!first)
        goto bad;
    *first++ = '\0';
    char *second = strchr(first, ':');
    if (second)
        *second++ = '\0';
    p->d_step = 1;
    if (args_size(CMD, "--d", buf, 1, 100000, &p->d_lo) != 0
        || args_size(CMD, "--d", first, 1, 100000, &p->d_hi) != 0
        || (second && args_size(CMD, "--d", second, 1, 100000,
                                &p->d_step) != 0))
        return -1;
    if (p->d_hi < p->d_lo) {
        cli_error(CMD, "--d: '%s' runs backwards (LO must be <= HI)", v);
        return -1;
    }
    return 0;
bad:
    cli_error(CMD, "--d: '%s' is not LO:HI or LO:HI:STEP", v ? v : "");
    return -1;
}

static int option(void *ctx, int code, const char *v)
{
    select_args *sa = ctx;
    switch (code) {
    case OPT_D: sa->have_d = 1; return parse_range(v, &sa->p);
    case OPT_HOLDOUT:
        if (args_double(CMD, "--holdout", v, 0, 0.9, &sa->p.holdout) != 0)
            return -1;
        if (sa->p.holdout == 0) {
            cli_error(CMD, "--holdout: '%s' hides nothing (give F > 0)", v);
            return -1;
        }
        return 0;
    case OPT_FOLDS: return args_int(CMD, "--folds", v, 1, 1000, &sa->p.folds);
    case 'n':
        return args_int(CMD, "-n", v, 1, 100000000, &sa->p.opt.max_iter);
    case OPT_SEED:
        return args_u64(CMD, "--seed", v, &sa->p.opt.seed);
    case 'o': sa->output = v; return 0;
    case OPT_THREADS:
        return args_int(CMD, "--threads", v, 1, 4096, &sa->p.opt.threads);
    case OPT_QUIET: sa->quiet = 1; return 0;
    default: {
        int r = run_control_parse(&sa->rc, code, v);
        return r != 1 ? r != 0
                      : fit_args_parse(CMD, code, v, &sa->data, &sa->p.opt);
    }
    }
}

static void progress_line(void *ctx, size_t done, size_t total, size_t d,
                          int fold, double heldout, int resumed)
{
    const double *t0 = ctx;
    fprintf(stderr, "nmfkit select: %zu/%zu  fold %d  d = %zu  held-out RMSE"
            " %.6g  (%s%.1f s)\n", done, total, fold + 1, d, heldout,
            resumed ? "from the journal, " : "", nmfi_now() - *t0);
}


static nmf_status write_csv(FILE *fp, const nmfi_select_result *r)
{
    fprintf(fp, "d,heldout_error,heldout_sd,train_error");
    for (int f = 0; f < r->folds; f++)
        fprintf(fp, ",fold%d", f + 1);
    fputc('\n', fp);
    for (size_t c = 0; c < r->count; c++) {
        fprintf(fp, "%zu,%.9g,%.9g,%.9g", r->d[c], r->heldout[c],
                r->heldout_sd[c], r->train[c]);
        for (int f = 0; f < r->folds; f++)
            fprintf(fp, ",%.9g", r->per_fold[c * (size_t)r->folds + f]);
        fputc('\n', fp);
    }
    return ferror(fp) ? nmfi_error(NMF_E_IO, "select.csv: write failed")
                      : NMF_OK;
}

static nmf_status write_plot(nmfi_outputs *out, const nmfi_select_result *r)
{
    size_t n = r->count;
    double *x = malloc(n * sizeof *x), *lo = malloc(n * sizeof *lo),
           *hi = malloc(n * sizeof *hi);
    nmf_status s = NMF_OK;
    if (!x || !lo || !hi)
        s = nmfi_error(NMF_E_NOMEM, "out of memory for the plot");
    /* The band is the range over the folds, which a log axis can show
     * (mean - SD can be negative); the axis turns logarithmic when the
     * errors span more than a factor 20, as they do once large d
     * overfits in some folds. */
    double top = 0, bottom = INFINITY;
    for (size_t c = 0; s == NMF_OK && c < n; c++) {
        x[c] = (double)r->d[c];
        lo[c] = INFINITY;
        hi[c] = 0;
        for (int f = 0; f < r->folds; f++) {
            double e = r->per_fold[c * (size_t)r->folds + (size_t)f];
            lo[c] = e < lo[c] ? e : lo[c];
            hi[c] = e > hi[c] ? e : hi[c];
        }
        top = hi[c] > top ? hi[c] : top;
        double t = r->train[c] < lo[c] ? r->train[c] : lo[c];
        bottom = t < bottom ? t : bottom;
    }
    int log_y = bottom > 0 && top / bottom > 20;
    double bx[2] = {x ? (double)r->d[r->best] : 0, 0};
    double by[2] = {r->heldout[r->best], 0};
    double ox[1] = {(double)r->d[r->best_1se]};
    double oy[1] = {r->heldout[r->best_1se]};
    if (s == NMF_OK) {
        nmfi_series series[] = {
            {.label = "held-out RMSE (mean over folds)", .x = x,
             .y = r->heldout, .n = n, .width = 2, .markers = 1},
            {.label = "range over the folds", .x = x, .y = lo, .n = n,
             .color = "#999999", .width = 1, .dashed = 1},
            {.x = x, .y = hi, .n = n, .color = "#999999", .width = 1,
             .dashed = 1},
            {.label = "RMSE on the fitted entries", .x = x, .y = r->train,
             .n = n, .width = 1.5, .dashed = 1},
            {.label = "best d", .x = bx, .y = by, .n = 1,
             .color = "#d62728", .markers = 1},
            {.label = "1-SE choice", .x = ox, .y = oy, .n = 1,
             .color = "#2ca02c", .markers = 1},
        };
        nmfi_plot plot = {"Rank selection by held-out entries", "d",
                          "RMSE", 0, log_y, 0, 0, series,
                          sizeof series / sizeof *series};
        const char *path = nmfi_report_path(out, "select.svg");
        s = path ? nmfi_svg_plot(path, &plot)
                 : nmfi_error(NMF_E_INTERNAL, "no path for the plot");
    }
    free(x);
    free(lo);
    free(hi);
    return s;
}

static nmf_status report(nmfi_outputs *out, const select_args *sa,
                         const char *input, const nmfi_select_result *r)
{
    FILE *fp;
    nmf_status s = nmfi_outputs_file(out, "select.csv", &fp);
    if (s == NMF_OK)
        s = write_csv(fp, r);
    if (s == NMF_OK)
        s = write_plot(out, r);
    nmfi_json *j = nmfi_json_new();
    nmfi_html *html = nmfi_html_new("nmfkit select: choosing d");
    if (!j || !html) {
        nmfi_json_free(j);
        nmfi_html_free(html);
        return nmfi_error(NMF_E_NOMEM, "out of memory for the report");
    }
    long long *ds = malloc(r->count * sizeof *ds);
    for (size_t c = 0; ds && c < r->count; c++)
        ds[c] = (long long)r->d[c];
    nmfi_json_string(j, "command", "select");
    nmfi_json_string(j, "input", input);
    nmfi_json_string(j, "solver", nmf_solver_name(sa->p.opt.solver));
    nmfi_json_int(j, "iterations", sa->p.opt.max_iter);
    nmfi_json_number(j, "tol", sa->p.opt.tol);
    nmfi_json_string(j, "loss", nmf_loss_name(sa->p.opt.loss));
    nmfi_json_number(j, "l1_w", sa->p.opt.l1_w);
    nmfi_json_number(j, "l1_h", sa->p.opt.l1_h);
    nmfi_json_number(j, "l2_w", sa->p.opt.l2_w);
    nmfi_json_number(j, "l2_h", sa->p.opt.l2_h);
    nmfi_json_number(j, "holdout", sa->p.holdout);
    nmfi_json_int(j, "folds", sa->p.folds);
    nmfi_json_int(j, "seed", (long long)sa->p.opt.seed);
    if (ds)
        nmfi_json_ints(j, "d", ds, r->count);
    nmfi_json_numbers(j, "heldout_error", r->heldout, r->count);
    nmfi_json_numbers(j, "heldout_sd", r->heldout_sd, r->count);
    nmfi_json_numbers(j, "train_error", r->train, r->count);
    nmfi_json_int(j, "best_d", (long long)r->d[r->best]);
    nmfi_json_int(j, "best_d_1se", (long long)r->d[r->best_1se]);
    free(ds);

    const nmf_options *o = &sa->p.opt;
    char pen[160] = "";
    if (o->l1_w > 0 || o->l1_h > 0 || o->l2_w > 0 || o->l2_h > 0)
        snprintf(pen, sizeof pen, ", penalties l1_w %g, l1_h %g, l2_w %g,"
                 " l2_h %g", o->l1_w, o->l1_h, o->l2_w, o->l2_h);
    char line[768];
    snprintf(line, sizeof line, "%s: each of %d folds hid %g of the observed"
             " entries at random; every d was fitted on the rest (%s, %s"
             " loss%s, at most %d iterations, tol %g) and scored by the RMSE"
             " on the hidden ones. Lowest mean held-out error: d = %zu; the"
             " smallest d within one standard error of it: d = %zu.", input,
             sa->p.folds, sa->p.holdout, nmf_solver_name(o->solver),
             nmf_loss_name(o->loss), pen, o->max_iter, o->tol,
             r->d[r->best], r->d[r->best_1se]);
    nmfi_html_paragraph(html, line);
    s = nmfi_report_figure(html, s, "select.svg", "Held-out RMSE against d"
                           " (mean over folds, and the range of the folds),"
                           " and the RMSE on the fitted entries, which keeps"
                           " falling as d grows. Where the held-out error"
                           " climbs, d overfits: components active in few"
                           " samples take their values at the hidden"
                           " entries from a handful of observed ones.");
    size_t cols = 4, rows = r->count + 1;
    char (*cell)[32] = calloc(rows * cols, sizeof *cell);
    const char **cells = calloc(rows * cols, sizeof *cells);
    if (cell && cells) {
        const char *head[] = {"d", "held-out RMSE", "SD", "fitted RMSE"};
        for (size_t c = 0; c < cols; c++)
            cells[c] = head[c];
        for (size_t i = 0; i < r->count; i++) {
            char *row = cell[(i + 1) * cols];
            snprintf(row, 32, "%zu", r->d[i]);
            snprintf(cell[(i + 1) * cols + 1], 32, "%.6g", r->heldout[i]);
            snprintf(cell[(i + 1) * cols + 2], 32, "%.3g", r->heldout_sd[i]);
            snprintf(cell[(i + 1) * cols + 3], 32, "%.6g", r->train[i]);
            for (size_t c = 0; c < cols; c++)
                cells[(i + 1) * cols + c] = cell[(i + 1) * cols + c];
        }
        nmfi_html_table(html, "Held-out error per d", rows, cols, cells);
    } else if (s == NMF_OK) {
        s = nmfi_error(NMF_E_NOMEM, "out of memory for the table");
    }
    free(cell);
    free(cells);
    s = nmfi_study_finish(out, s, j, html);
    nmfi_json_free(j);
    nmfi_html_free(html);
    return s;
}

int cmd_select(int argc, char **argv)
{
    select_args sa;
    memset(&sa, 0, sizeof sa);
    nmf_options_init(&sa.p.opt);
    sa.p.opt.solver = NMF_SOLVER_HALS;
    sa.p.opt.max_iter = 500;
    sa.p.opt.tol = 1e-4;
    sa.p.holdout = 0.1;
    sa.p.folds = 3;
    sa.output = "out";
    run_control_init(&sa.rc, CMD);
    char *input;
    size_t nargs;
    int rc = cli_parse(&spec, argc, argv, option, &sa, &input, &nargs);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    if (!sa.have_d) {
        cli_error(CMD, "--d LO:HI is required (the ranks to try)");
        return EXIT_BAD_INPUT;
    }
    nmf_matrix *a = NULL, *mask = NULL;
    nmf_status s = data_read(&sa.data, input, &a, &mask);
    double t0 = nmfi_now();
    if (!sa.quiet) {
        sa.p.progress = progress_line;
        sa.p.progress_ctx = &t0;
    }
    nmfi_select_result r;
    memset(&r, 0, sizeof r);
    nmfi_outputs out;
    int opened = 0, code = EXIT_OK;
    nmfi_journal journal;
    memset(&journal, 0, sizeof journal);
    if (s == NMF_OK) {
        /* What each fit depends on beyond the solver's options. */
        char study[256];
        snprintf(study, sizeof study, "study select\nranks %zu:%zu:%zu\n"
                 "holdout %.17g\nfolds %d\n", sa.p.d_lo, sa.p.d_hi,
                 sa.p.d_step, sa.p.holdout, sa.p.folds);
        s = run_control_begin_study(&sa.rc, a, mask, &sa.p.opt, study,
                                    &journal);
        sa.p.journal = &journal;
    }
    if (s == NMF_OK) {
        s = nmfi_outputs_open(&out, sa.output, nmfi_study_subdirs);
        opened = s == NMF_OK;
    }
    if (s == NMF_OK) {
        s = nmfi_select_run(a, mask, &sa.p, &r);
        size_t total = ((sa.p.d_hi - sa.p.d_lo) / sa.p.d_step + 1)
                       * (size_t)sa.p.folds;
        code = run_control_end_study(&sa.rc, s == NMF_OK && r.interrupted,
                                     journal.count, total);
    }
    if (s == NMF_OK && !r.interrupted) {
        s = report(&out, &sa, input, &r);
        opened = 0;   /* finished: committed or aborted */
    }
    if (opened)
        nmfi_outputs_abort(&out);
    if (s == NMF_OK && !sa.quiet && !r.interrupted)
        printf("best d = %zu (held-out RMSE %.6g); smallest d within one"
               " SE: %zu; wrote %s/select.csv, %s/summary.json,"
               " %s/report/index.html\n", r.d[r.best], r.heldout[r.best],
               r.d[r.best_1se], sa.output, sa.output, sa.output);
    nmfi_select_result_free(&r);
    nmfi_journal_free(&journal);
    nmf_matrix_free(a);
    nmf_matrix_free(mask);
    return s == NMF_OK ? code : cli_fail(CMD, s);
}
