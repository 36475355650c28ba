/* study.c -- the autoencoder-against-NMF study of study.h: the split,
 * the training of each model with its test MSE along the way, and the
 * report. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ae/faces.h"
#include "ae/figures.h"
#include "ae/model.h"
#include "ae/study.h"
#include "core/error.h"
#include "core/rng.h"
#include "core/threads.h"
#include "core/timer.h"
#include "io/outputs.h"
#include "report/html.h"
#include "report/json.h"
#include "report/svgplot.h"
#include "study/compress.h"
#include "study/study_files.h"

#define SHOWN 10            /* test faces in the figure               */
#define NMF_POINTS 20       /* NMF's test-MSE trajectory, points      */
#define ENCODE_ITERS 100    /* HALS iterations encoding test faces    */

/* A run's test MSE against its training seconds. */
typedef struct trajectory {
    double *seconds, *test_mse;
    size_t n;
} trajectory;

typedef struct run {
    nmfi_ae_row row;
    trajectory tr;
    nmf_matrix *shown;      /* hw x SHOWN reconstructions              */
    nmf_matrix *basis;      /* NMF: W                                  */
    double *loss;           /* AE: per epoch                           */
} run;

typedef struct study {
    const nmfi_ae_params *p;
    nmfi_faces faces;
    nmf_matrix *train, *test;   /* hw x n columns                      */
    size_t hw;
} study;

static void run_free(run *r)
{
    free(r->tr.seconds);
    free(r->tr.test_mse);
    nmf_matrix_free(r->shown);
    nmf_matrix_free(r->basis);
    free(r->loss);
    memset(r, 0, sizeof *r);
}

static double psnr(double mse)
{
    return nmfi_psnr(mse);
}

/* ---- The split ------------------------------------------------------------ */

static nmf_status split(study *s)
{
    const nmfi_ae_params *p = s->p;
    size_t n = s->faces.count;
    size_t nt = (size_t)llround(p->test_fraction * (double)n);
    if (p->test_fraction > 0 && nt == 0)
        nt = 1;
    if (nt == 0 || nt >= n)
        return nmfi_error(NMF_E_INVAL, "%s: %zu images leave no %s for "
                          "--test-fraction %g", p->input, n,
                          nt == 0 ? "test face" : "training face",
                          p->test_fraction);
    size_t *order = malloc(n * sizeof *order);
    s->train = nmf_matrix_new(s->hw, n - nt);
    s->test = nmf_matrix_new(s->hw, nt);
    if (!order || !s->train || !s->test) {
        free(order);
        return nmfi_error(NMF_E_NOMEM, "out of memory for the split");
    }
    nmfi_rng rng;
    nmfi_rng_seed(&rng, p->seed);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = (size_t)(nmfi_rng_uniform(&rng) * (double)(i + 1));
        size_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t k = 0; k < n; k++) {
        nmf_matrix *dst = k < nt ? s->test : s->train;
        size_t col = k < nt ? k : k - nt;
        memcpy(nmf_matrix_data(dst) + col * nmf_matrix_ld(dst),
               nmf_matrix_data(s->faces.pix)
                   + order[k] * nmf_matrix_ld(s->faces.pix),
               s->hw * sizeof(nmf_real));
    }
    free(order);
    return NMF_OK;
}

/* ---- The autoencoder ------------------------------------------------------ */

/* Columns cols[0..b) of m into the contiguous batch buffer x. */
static void gather(const nmf_matrix *m, const size_t *cols, size_t b,
                   size_t hw, nmf_real *x)
{
    const nmf_real *d = nmf_matrix_data((nmf_matrix *)m);
    for (size_t i = 0; i < b; i++)
        memcpy(x + i * hw, d + cols[i] * nmf_matrix_ld(m), hw * sizeof *x);
}

/* The MSE over all columns of m, in batches; the first `keep` outputs
 * into shown (NULL: none). */
static double ae_mse(nmfi_ae *ae, const nmf_matrix *m, nmf_real *x,
                     nmf_real *y, nmf_matrix *shown, size_t hw,
                     double *code_zeros)
{
    size_t n = nmf_matrix_cols(m), cols[256], zeros = 0;
    size_t code = nmfi_ae_code_size(ae);
    double sum = 0;
    for (size_t b0 = 0; b0 < n; b0 += ae->max_batch) {
        size_t b = n - b0 < ae->max_batch ? n - b0 : ae->max_batch;
        for (size_t i = 0; i < b; i++)
            cols[i] = b0 + i;
        gather(m, cols, b, hw, x);
        sum += nmfi_ae_forward(ae, b, x, y) * (double)(b * hw);
        for (size_t i = 0; i < b * code; i++)
            zeros += ae->a[2][i] == 0;
        for (size_t i = 0; shown && i < b && b0 + i < nmf_matrix_cols(shown);
             i++)
            memcpy(nmf_matrix_data(shown) + (b0 + i) * nmf_matrix_ld(shown),
                   y + i * hw, hw * sizeof *y);
    }
    if (code_zeros)
        *code_zeros = (double)zeros / (double)(n * code);
    return sum / (double)(n * hw);
}

static nmf_status train_ae(const study *s, size_t c2, const char *label,
                           run *out)
{
    const nmfi_ae_params *p = s->p;
    size_t n = nmf_matrix_cols(s->train), hw = s->hw;
    size_t batch = p->batch < n ? p->batch : n;
    if (batch > 256)
        batch = 256;
    nmfi_ae ae;
    nmf_status st = nmfi_ae_new(&ae, s->faces.height, s->faces.width, 16, c2,
                                batch, p->seed);
    if (st != NMF_OK)
        return st;
    size_t *order = malloc(n * sizeof *order);
    nmf_real *x = malloc(batch * hw * sizeof *x);
    nmf_real *y = malloc(batch * hw * sizeof *y);
    out->loss = calloc((size_t)p->epochs, sizeof *out->loss);
    out->tr.seconds = calloc((size_t)p->epochs, sizeof(double));
    out->tr.test_mse = calloc((size_t)p->epochs, sizeof(double));
    size_t shown = nmf_matrix_cols(s->test) < SHOWN ? nmf_matrix_cols(s->test)
                                                    : SHOWN;
    out->shown = nmf_matrix_new(hw, shown);
    if (!order || !x || !y || !out->loss || !out->tr.seconds
        || !out->tr.test_mse || !out->shown) {
        st = nmfi_error(NMF_E_NOMEM, "out of memory for the training");
        goto done;
    }
    nmfi_rng rng;
    nmfi_rng_seed(&rng, p->seed + 1);
    nmfi_adam adam = {1e-3, 0.9, 0.999, 1e-8};
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    double t0 = nmfi_now(), testing = 0;
    for (int e = 0; e < p->epochs; e++) {
        for (size_t i = n - 1; i > 0; i--) {
            size_t j = (size_t)(nmfi_rng_uniform(&rng) * (double)(i + 1));
            size_t t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double sum = 0;
        for (size_t b0 = 0; b0 < n; b0 += batch) {
            size_t b = n - b0 < batch ? n - b0 : batch;
            gather(s->train, order + b0, b, hw, x);
            sum += nmfi_ae_forward(&ae, b, x, NULL) * (double)b;
            nmfi_ae_backward(&ae, b);
            nmfi_ae_adam_step(&ae, &adam);
        }
        out->loss[e] = sum / (double)n;
        /* The test MSE along the way; its time is not training time. */
        double t1 = nmfi_now();
        out->tr.test_mse[e] = ae_mse(&ae, s->test, x, y, NULL, hw, NULL);
        testing += nmfi_now() - t1;
        out->tr.seconds[e] = nmfi_now() - t0 - testing;
        out->tr.n = (size_t)e + 1;
        if (p->epoch)
            p->epoch(p->ctx, label, e + 1, p->epochs, out->loss[e],
                     out->tr.test_mse[e], out->tr.seconds[e]);
    }
    nmfi_ae_row *row = &out->row;
    snprintf(row->method, sizeof row->method, "%s", label);
    row->code_size = nmfi_ae_code_size(&ae);
    row->parameters = nmfi_ae_parameters(&ae);
    row->seconds = out->tr.seconds[p->epochs - 1];
    row->mse = ae_mse(&ae, s->train, x, y, NULL, hw, NULL);
    row->test_mse = ae_mse(&ae, s->test, x, y, out->shown, hw,
                           &row->code_zeros);
    row->psnr = psnr(row->mse);
    row->test_psnr = psnr(row->test_mse);
    row->threads = nmfi_threads_max();
done:
    free(order);
    free(x);
    free(y);
    nmfi_ae_free(&ae);
    return st;
}

/* ---- NMF ------------------------------------------------------------------ */

typedef struct snapshots {
    nmf_matrix **w;
    double *seconds;
    size_t n, cap;
    double t0;
} snapshots;

static nmf_status snapshot(void *ctx, const nmf_state *state)
{
    snapshots *sn = ctx;
    if (sn->n == sn->cap)
        return NMF_OK;
    nmf_matrix *w = nmf_matrix_new(nmf_matrix_rows(state->w),
                                   nmf_matrix_cols(state->w));
    if (!w)
        return nmfi_error(NMF_E_NOMEM, "out of memory for a snapshot of W");
    for (size_t j = 0; j < nmf_matrix_cols(w); j++)
        memcpy(nmf_matrix_data(w) + j * nmf_matrix_ld(w),
               nmf_matrix_data((nmf_matrix *)state->w)
                   + j * nmf_matrix_ld(state->w),
               nmf_matrix_rows(w) * sizeof(nmf_real));
    sn->w[sn->n] = w;
    sn->seconds[sn->n++] = state->seconds[state->iterations - 1];
    return NMF_OK;
}

/* The test faces' H with W fixed, and their MSE; reconstructions of the
 * first columns into shown when not NULL. */
static nmf_status encode(const study *s, const nmf_matrix *w, double *mse,
                         nmf_matrix *shown)
{
    nmf_options opt = s->p->nmf.opt;
    opt.profile = NULL;
    opt.solver = NMF_SOLVER_HALS;
    opt.max_iter = ENCODE_ITERS;
    opt.tol = 0;
    opt.max_time = 0;
    opt.progress = NULL;
    nmf_result r;
    memset(&r, 0, sizeof r);
    nmf_status st = nmf_transform(s->test, w, &opt, &r);
    if (st == NMF_OK) {
        double e = nmf_residual_norm(s->test, w, r.h);
        *mse = e * e / (double)(s->hw * nmf_matrix_cols(s->test));
        if (shown)
            nmf_gemm(NMF_NOTRANS, NMF_NOTRANS, s->hw, nmf_matrix_cols(shown),
                     nmf_matrix_cols(w), nmf_matrix_data((nmf_matrix *)w),
                     nmf_matrix_ld(w), nmf_matrix_data(r.h),
                     nmf_matrix_ld(r.h), 0, nmf_matrix_data(shown),
                     nmf_matrix_ld(shown));
    }
    nmf_result_free(&r);
    return st;
}

static nmf_status run_nmf(const study *s, size_t d, const char *label,
                          run *out)
{
    size_t n = nmf_matrix_cols(s->train);
    nmf_options opt = nmfi_fit_options(&s->p->nmf, d, label);
    int every = opt.max_iter / NMF_POINTS > 0 ? opt.max_iter / NMF_POINTS : 1;
    snapshots sn = {calloc(NMF_POINTS + 2, sizeof(nmf_matrix *)),
                    calloc(NMF_POINTS + 2, sizeof(double)), 0,
                    NMF_POINTS + 2, 0};
    size_t shown = nmf_matrix_cols(s->test) < SHOWN ? nmf_matrix_cols(s->test)
                                                    : SHOWN;
    out->shown = nmf_matrix_new(s->hw, shown);
    out->tr.seconds = calloc(NMF_POINTS + 2, sizeof(double));
    out->tr.test_mse = calloc(NMF_POINTS + 2, sizeof(double));
    nmf_status st = NMF_OK;
    if (!sn.w || !sn.seconds || !out->shown || !out->tr.seconds
        || !out->tr.test_mse)
        st = nmfi_error(NMF_E_NOMEM, "out of memory for the NMF run");
    opt.checkpoint = snapshot;
    opt.checkpoint_ctx = &sn;
    opt.checkpoint_every = every;
    nmf_result r;
    memset(&r, 0, sizeof r);
    if (st == NMF_OK)
        st = nmf_fit(s->train, &opt, &r);
    for (size_t k = 0; st == NMF_OK && k < sn.n; k++) {
        out->tr.seconds[k] = sn.seconds[k];
        st = encode(s, sn.w[k], &out->tr.test_mse[k], NULL);
        out->tr.n = k + 1;
    }
    if (st == NMF_OK) {
        nmfi_ae_row *row = &out->row;
        snprintf(row->method, sizeof row->method, "%s", label);
        row->code_size = d;
        row->parameters = s->hw * d;
        row->seconds = r.seconds[r.iterations - 1];
        double e = nmf_residual_norm(s->train, r.w, r.h);
        row->mse = e * e / (double)(s->hw * n);
        row->psnr = psnr(row->mse);
        st = encode(s, r.w, &row->test_mse, out->shown);
        row->test_psnr = psnr(row->test_mse);
        row->threads = opt.threads > 0 ? opt.threads : nmfi_threads_max();
        row->code_zeros = NAN;
        out->basis = r.w;
        r.w = NULL;
    }
    for (size_t k = 0; k < sn.n; k++)
        nmf_matrix_free(sn.w[k]);
    free(sn.w);
    free(sn.seconds);
    nmf_result_free(&r);
    return st;
}

/* The first seconds at which a trajectory reaches mse, linearly between
 * its points; NaN if it never does. */
static double seconds_to(const trajectory *t, double mse)
{
    for (size_t k = 0; k < t->n; k++)
        if (t->test_mse[k] <= mse) {
            if (k == 0)
                return t->seconds[0];
            double a = t->test_mse[k - 1], b = t->test_mse[k];
            double f = a > b ? (a - mse) / (a - b) : 1.0;
            return t->seconds[k - 1] + f * (t->seconds[k] - t->seconds[k - 1]);
        }
    return NAN;
}

/* ---- The report ------------------------------------------------------------ */

static void table(nmfi_html *h, const nmfi_ae_results *r)
{
    enum { COLS = 10 };
    size_t rows = r->nrows + 1;
    char (*text)[64] = calloc(rows * COLS, sizeof *text);
    const char **cells = calloc(rows * COLS, sizeof *cells);
    if (!text || !cells) {
        free(text), free(cells);
        return;
    }
    static const char *head[COLS] = {
        "method", "code per face", "parameters", "train MSE", "train PSNR",
        "test MSE", "test PSNR", "training s", "threads",
        "code zeros (test)"};
    for (size_t c = 0; c < COLS; c++)
        snprintf(text[c], 64, "%s", head[c]);
    for (size_t k = 0; k < r->nrows; k++) {
        const nmfi_ae_row *w = &r->rows[k];
        char (*t)[64] = text + (k + 1) * COLS;
        snprintf(t[0], 64, "%s", w->method);
        snprintf(t[1], 64, "%zu", w->code_size);
        snprintf(t[2], 64, "%zu", w->parameters);
        snprintf(t[3], 64, "%.5f", w->mse);
        snprintf(t[4], 64, "%.2f", w->psnr);
        snprintf(t[5], 64, "%.5f", w->test_mse);
        snprintf(t[6], 64, "%.2f", w->test_psnr);
        snprintf(t[7], 64, "%.2f", w->seconds);
        snprintf(t[8], 64, "%d", w->threads);
        if (isnan(w->code_zeros))
            snprintf(t[9], 64, "-");
        else
            snprintf(t[9], 64, "%.0f %%", 100.0 * w->code_zeros);
    }
    for (size_t k = 0; k < rows * COLS; k++)
        cells[k] = text[k];
    nmfi_html_table(h, "NMF and the autoencoder on the same faces", rows,
                    COLS, cells);
    free(text), free(cells);
}

static void write_json(nmfi_json *j, const study *s, const nmfi_ae_results *r)
{
    const nmfi_ae_params *p = s->p;
    nmfi_json_string(j, "command", "ae");
    nmfi_json_string(j, "input", p->input);
    nmfi_json_string(j, "input_about", p->input_about ? p->input_about : "");
    nmfi_json_int(j, "width", (long long)r->width);
    nmfi_json_int(j, "height", (long long)r->height);
    nmfi_json_int(j, "train", (long long)r->train);
    nmfi_json_int(j, "test", (long long)r->test);
    nmfi_json_int(j, "epochs", p->epochs);
    nmfi_json_int(j, "batch", (long long)p->batch);
    nmfi_json_int(j, "bottleneck", (long long)p->bottleneck);
    nmfi_json_int(j, "nmf_d", (long long)p->nmf_d);
    /* "seed" comes with NMF's block: the command gives NMF the study's. */
    nmfi_fit_json(j, &p->nmf.opt);
    nmfi_json_begin_array(j, "rows");
    for (size_t k = 0; k < r->nrows; k++) {
        const nmfi_ae_row *w = &r->rows[k];
        nmfi_json_begin_object(j, NULL);
        nmfi_json_string(j, "method", w->method);
        nmfi_json_int(j, "code_size", (long long)w->code_size);
        nmfi_json_int(j, "parameters", (long long)w->parameters);
        nmfi_json_number(j, "mse", w->mse);
        nmfi_json_number(j, "psnr", w->psnr);
        nmfi_json_number(j, "test_mse", w->test_mse);
        nmfi_json_number(j, "test_psnr", w->test_psnr);
        nmfi_json_number(j, "seconds", w->seconds);
        nmfi_json_int(j, "threads", w->threads);
        nmfi_json_number(j, "code_zeros", w->code_zeros);
        nmfi_json_end(j);
    }
    nmfi_json_end(j);
    nmfi_json_numbers(j, "ae_loss", r->ae_loss, (size_t)r->epochs);
    nmfi_json_number(j, "same_test_mse", r->same_mse);
    nmfi_json_number(j, "ae_seconds_to_same", r->ae_seconds_to_same);
    nmfi_json_number(j, "nmf_seconds_to_same", r->nmf_seconds_to_same);
}

static nmf_status report(const study *s, nmfi_outputs *o, nmfi_html *h,
                         const run *runs, const nmfi_ae_results *r)
{
    const nmfi_ae_params *p = s->p;
    char text[1400];
    snprintf(text, sizeof text, "Input: %s, %zu images of %zu x %zu; %zu "
             "for training and %zu for testing (a seeded shuffle, seed "
             "%llu).", p->input_about ? p->input_about : p->input,
             s->faces.count, s->faces.width, s->faces.height, r->train,
             r->test, (unsigned long long)p->seed);
    nmfi_html_paragraph(h, text);
    char solver[256];
    nmfi_fit_describe(&p->nmf.opt, solver, sizeof solver);
    snprintf(text, sizeof text, "NMF: the training faces as the columns of "
             "A, fitted by %s; the test faces encoded with W fixed (%d HALS "
             "iterations of H alone). The autoencoder: Conv 1->16 and "
             "16->C, 3x3, stride 2, pad 1, ReLU; ConvTranspose C->16 and "
             "16->1, output padding 1, ReLU then sigmoid; MSE, Adam (lr "
             "1e-3), %d epochs of batches of %zu, He/Glorot initialisation "
             "from the seed. Training seconds exclude the test MSE measured "
             "along the way.", solver, ENCODE_ITERS, p->epochs, p->batch);
    nmfi_html_paragraph(h, text);
    snprintf(text, sizeof text, "Fairness. The reference autoencoder's "
             "code, %zu channels at a quarter of each side, holds %zu "
             "numbers per face, more than the %zu pixels of the face "
             "itself: it need not compress at all. NMF's code is d = %zu "
             "numbers.%s", p->bottleneck, runs[1].row.code_size, s->hw,
             p->nmf_d, p->equal_size ? " The last two rows compare them "
             "at about equal code size: the autoencoder with a 1-channel "
             "bottleneck (the fewest this architecture allows) and NMF "
             "with as many numbers per face, or as many as the training "
             "faces allow." : "");
    nmfi_html_paragraph(h, text);
    table(h, r);
    for (size_t k = 0; k < r->nrows; k++)
        if (r->rows[k].code_zeros >= 0.999) {
            snprintf(text, sizeof text, "%s: its code is dead, every ReLU "
                     "of the bottleneck 0 on every test face, so the decoder "
                     "draws one image for all; a ReLU code of few channels "
                     "can die at the start or in training, and another "
                     "--seed may keep it alive.", r->rows[k].method);
            nmfi_html_paragraph(h, text);
        }
    if (isfinite(r->same_mse)) {
        snprintf(text, sizeof text, "Time to the same test MSE (%.5f, the "
                 "worse of the first two rows' finals): the autoencoder "
                 "%.2f s, NMF %.2f s (from each run's test MSE measured "
                 "along its training; NaN: never reached).", r->same_mse,
                 r->ae_seconds_to_same, r->nmf_seconds_to_same);
        nmfi_html_paragraph(h, text);
    }
    const nmf_matrix *const rows[3] = {s->test, runs[0].shown, runs[1].shown};
    size_t w = s->faces.width, ht = s->faces.height;
    nmf_status st = nmfi_report_figure(h, nmfi_ae_faces_png(nmfi_report_path(
        o, "faces.png"), rows, w, ht), "faces.png", "Ten test faces: the "
        "originals (top), NMF's reconstructions (middle), the autoencoder's "
        "(bottom), reference setup.");
    if (st == NMF_OK)
        st = nmfi_report_figure(h, nmfi_ae_basis_png(nmfi_report_path(o,
                                "basis.png"), runs[0].basis, w, ht),
                                "basis.png", "NMF's basis images, the "
                                "columns of W, each scaled to its maximum.");
    if (st == NMF_OK)
        st = nmfi_report_figure(h, nmfi_ae_loss_svg(nmfi_report_path(o,
                                "loss.svg"), runs[1].loss,
                                runs[1].tr.test_mse, runs[1].tr.n),
                                "loss.svg", "The reference autoencoder's "
                                "loss per epoch.");
    nmfi_ae_curve curves[NMFI_AE_MAX_ROWS];
    for (size_t k = 0; k < r->nrows; k++)
        curves[k] = (nmfi_ae_curve){runs[k].row.method, runs[k].tr.seconds,
                                    runs[k].tr.test_mse, runs[k].tr.n};
    if (st == NMF_OK)
        st = nmfi_report_figure(h, nmfi_ae_time_svg(nmfi_report_path(o,
                                "test-time.svg"), curves, r->nrows),
                                "test-time.svg", "Test MSE against training "
                                "seconds, each run.");
    if (st == NMF_OK) {
        FILE *f;
        st = nmfi_outputs_file(o, "ae_loss.csv", &f);
        if (st == NMF_OK) {
            fprintf(f, "epoch,loss,test_mse,seconds\n");
            for (size_t k = 0; k < runs[1].tr.n; k++)
                fprintf(f, "%zu,%.9g,%.9g,%.6f\n", k + 1, runs[1].loss[k],
                        runs[1].tr.test_mse[k], runs[1].tr.seconds[k]);
        }
    }
    return st;
}

/* ---- The study ------------------------------------------------------------- */

nmf_status nmfi_study_ae(const nmfi_ae_params *p, nmfi_ae_results *r)
{
    memset(r, 0, sizeof *r);
    if (!p->input || !p->outdir || p->epochs < 1 || p->batch < 1
        || p->bottleneck < 1 || p->nmf_d < 1)
        return nmfi_error(NMF_E_INVAL, "ae: missing parameters");
    study s;
    memset(&s, 0, sizeof s);
    s.p = p;
    run runs[NMFI_AE_MAX_ROWS];
    memset(runs, 0, sizeof runs);
    nmfi_outputs out;
    memset(&out, 0, sizeof out);
    nmfi_html *h = NULL;
    nmfi_json *j = NULL;
    nmf_status st = nmfi_faces_load(p->input, p->tile_w, p->tile_h, p->count,
                                    &s.faces);
    if (st == NMF_OK) {
        s.hw = s.faces.width * s.faces.height;
        st = split(&s);
    }
    if (st == NMF_OK)
        st = nmfi_outputs_open(&out, p->outdir, nmfi_study_subdirs);
    if (st != NMF_OK)
        goto done;
    r->width = s.faces.width;
    r->height = s.faces.height;
    r->train = nmf_matrix_cols(s.train);
    r->test = nmf_matrix_cols(s.test);
    char label[64];
    snprintf(label, sizeof label, "NMF, d = %zu", p->nmf_d);
    st = run_nmf(&s, p->nmf_d, label, &runs[0]);
    if (st == NMF_OK) {
        snprintf(label, sizeof label, "AE, bottleneck %zu", p->bottleneck);
        st = train_ae(&s, p->bottleneck, label, &runs[1]);
    }
    r->nrows = 2;
    if (st == NMF_OK && p->equal_size) {
        st = train_ae(&s, 1, "AE, bottleneck 1", &runs[2]);
        size_t d = runs[2].row.code_size < r->train ? runs[2].row.code_size
                                                    : r->train;
        snprintf(label, sizeof label, "NMF, d = %zu", d);
        if (st == NMF_OK)
            st = run_nmf(&s, d, label, &runs[3]);
        r->nrows = 4;
    }
    if (st != NMF_OK)
        goto done;
    for (size_t k = 0; k < r->nrows; k++)
        r->rows[k] = runs[k].row;
    r->epochs = p->epochs;
    r->ae_loss = runs[1].loss;
    runs[1].loss = NULL;
    r->same_mse = fmax(runs[0].row.test_mse, runs[1].row.test_mse);
    r->ae_seconds_to_same = seconds_to(&runs[1].tr, r->same_mse);
    r->nmf_seconds_to_same = seconds_to(&runs[0].tr, r->same_mse);
    h = nmfi_html_new("nmfkit ae");
    j = nmfi_json_new();
    if (!h || !j)
        st = nmfi_error(NMF_E_NOMEM, "out of memory");
    /* report() reads runs[1].loss for the CSV and the figure. */
    runs[1].loss = r->ae_loss;
    if (st == NMF_OK)
        st = report(&s, &out, h, runs, r);
    runs[1].loss = NULL;
    if (st == NMF_OK)
        write_json(j, &s, r);
done:
    st = nmfi_study_finish(&out, st, j, h);
    nmfi_html_free(h);
    nmfi_json_free(j);
    for (size_t k = 0; k < NMFI_AE_MAX_ROWS; k++)
        run_free(&runs[k]);
    nmf_matrix_free(s.train);
    nmf_matrix_free(s.test);
    nmfi_faces_free(&s.faces);
    if (st != NMF_OK)
        nmfi_ae_results_free(r);
    return st;
}

void nmfi_ae_results_free(nmfi_ae_results *r)
{
    free(r->ae_loss);
    memset(r, 0, sizeof *r);
}
