/* figures.c -- the lab's three figures, drawn by report/svgplot: the
 * roofline of this machine with the steps and the phases on it, GFLOP/s
 * against size per step, and the speedup over one thread. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "lab/lab.h"
#include "report/svgplot.h"

/* Along the roof, 1/256 .. 1024 flop/byte: the sloped roof then reaches
 * well below the slowest step, leaving the legend a corner of its own. */
#define ROOF_POINTS 109
#define MAX_LABEL 48

/* ---- The roofline ------------------------------------------------------ */

typedef struct roof_line {
    double x[ROOF_POINTS], y[ROOF_POINTS];
    char label[96];
} roof_line;

static void roof_fill(roof_line *r, const nmfi_lab_machine *mc, int i)
{
    for (int p = 0; p < ROOF_POINTS; p++) {
        r->x[p] = pow(2.0, -8.0 + 18.0 * p / (ROOF_POINTS - 1));
        r->y[p] = nmfi_lab_roof(mc, i, r->x[p]);
    }
    snprintf(r->label, sizeof r->label, "roof, %d thread%s: %.0f GFLOP/s, "
             "%.0f GB/s", mc->threads[i], mc->threads[i] > 1 ? "s" : "",
             mc->peak[i].gflops, mc->bw[i].gbytes);
}

/* Points of one group with their labels; `labels` owns the texts. */
typedef struct dots {
    double *x, *y;
    char (*text)[MAX_LABEL];
    const char **labels;
    size_t n;
} dots;

static int dots_new(dots *d, size_t cap)
{
    memset(d, 0, sizeof *d);
    d->x = calloc(cap + 1, sizeof *d->x);
    d->y = calloc(cap + 1, sizeof *d->y);
    d->text = calloc(cap + 1, sizeof *d->text);
    d->labels = calloc(cap + 1, sizeof *d->labels);
    return d->x && d->y && d->text && d->labels ? 0 : -1;
}

static void dots_free(dots *d)
{
    free(d->x);
    free(d->y);
    free(d->text);
    free(d->labels);
}

static void dots_add(dots *d, double x, double y, const char *label)
{
    d->x[d->n] = x;
    d->y[d->n] = y;
    snprintf(d->text[d->n], MAX_LABEL, "%s", label);
    d->labels[d->n] = d->text[d->n];
    d->n++;
}

static const char *short_phase(nmf_profile_step step)
{
    switch (step) {
    case NMF_STEP_UPDATE_H: return "upd H";
    case NMF_STEP_UPDATE_W: return "upd W";
    default:                return nmf_profile_step_name(step);
    }
}

nmf_status nmfi_lab_plot_roofline(const char *path,
                                  const nmfi_lab_machine *mc, int mi,
                                  const nmfi_lab_point *points, size_t np,
                                  size_t at_size,
                                  const nmfi_lab_iteration *its, size_t nits)
{
    roof_line roofs[2];
    nmfi_series series[2 + 2 + 4];
    size_t ns = 0;
    dots steps, phases[4];
    nmf_status s = NMF_OK;
    char steps_label[96], phase_label[4][96];

    if (nits > 4)
        nits = 4;
    int ok = dots_new(&steps, np) == 0;
    for (size_t i = 0; i < nits; i++)
        ok &= dots_new(&phases[i], NMF_STEP_COUNT) == 0;
    if (!ok) {
        s = nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
        goto done;
    }
    /* The roofs: the most threads, and one thread beneath it. */
    int roof_at[2] = {mi, 0};
    for (int r = 0; r < (mi > 0 ? 2 : 1); r++) {
        roof_fill(&roofs[r], mc, roof_at[r]);
        series[ns++] = (nmfi_series){.label = roofs[r].label,
            .x = roofs[r].x, .y = roofs[r].y, .n = ROOF_POINTS,
            .color = r == 0 ? "#222" : "#999", .dashed = r == 1};
    }
    /* The triad itself: 2 flops per 24 bytes, on the memory roof by
     * construction, the anchor of that side of the figure. */
    double tx[1] = {2.0 / 24.0}, ty[1] = {mc->bw[mi].gbytes * tx[0]};
    static const char *const triad_label[1] = {"triad"};
    series[ns++] = (nmfi_series){.label = "STREAM triad, 2 flops per 24 "
        "bytes", .x = tx, .y = ty, .n = 1, .no_line = 1,
        .point_labels = triad_label, .color = "#222"};
    for (size_t i = 0; i < np; i++)
        if (points[i].shape->size == at_size
            && strcmp(points[i].shape->group, "square") == 0)
            dots_add(&steps, points[i].intensity, points[i].gflops,
                     points[i].step->name);
    snprintf(steps_label, sizeof steps_label,
             "GEMM steps, %zu x %zu x %zu", at_size, at_size, at_size);
    series[ns++] = (nmfi_series){.label = steps_label, .x = steps.x,
        .y = steps.y, .n = steps.n, .no_line = 1,
        .point_labels = steps.labels, .color = nmfi_palette(0)};
    for (size_t i = 0; i < nits; i++) {
        const nmfi_lab_iteration *it = &its[i];
        for (int p = 0; p < it->nphases; p++) {
            const nmfi_lab_phase *ph = &it->phase[p];
            /* Only phases with a modelled intensity and a real share. */
            if (ph->intensity > 0.0 && ph->share >= 0.01 && !ph->once)
                dots_add(&phases[i], ph->intensity, ph->gflops,
                         short_phase(ph->step));
        }
        snprintf(phase_label[i], sizeof phase_label[i],
                 "%s iteration, d = %zu, %d thread%s",
                 nmf_solver_name(it->solver), it->d, it->threads,
                 it->threads > 1 ? "s" : "");
        series[ns++] = (nmfi_series){.label = phase_label[i],
            .x = phases[i].x, .y = phases[i].y, .n = phases[i].n,
            .no_line = 1, .point_labels = phases[i].labels,
            .color = nmfi_palette(1 + i)};
    }
    nmfi_plot plot = {
        .title = "Roofline of this machine (measured FMA peak and triad "
                 "bandwidth)",
        .xlabel = "arithmetic intensity, flop per byte from memory (model)",
        .ylabel = "GFLOP/s (measured)",
        .log_x = 1, .log_y = 1, .width = 760, .height = 520,
        .series = series, .nseries = ns};
    s = nmfi_svg_plot(path, &plot);
done:
    dots_free(&steps);
    for (size_t i = 0; i < nits; i++)
        dots_free(&phases[i]);
    return s;
}

/* ---- GFLOP/s against size ---------------------------------------------- */

nmf_status nmfi_lab_plot_steps(const char *path, const char *group,
                               const char *title, const char *xlabel,
                               const nmfi_lab_point *points, size_t np,
                               const nmfi_lab_machine *mc)
{
    /* Steps in the order they first appear; each a line over the sizes. */
    const nmfi_gemm_step *order[64];
    size_t nsteps = 0;
    for (size_t i = 0; i < np && nsteps < 64; i++) {
        if (strcmp(points[i].shape->group, group) != 0)
            continue;
        size_t j = 0;
        while (j < nsteps && order[j] != points[i].step)
            j++;
        if (j == nsteps)
            order[nsteps++] = points[i].step;
    }
    double *x = calloc(np + 2, sizeof *x), *y = calloc(np + 2, sizeof *y);
    char (*labels)[MAX_LABEL] = calloc(nsteps + 1, sizeof *labels);
    nmfi_series *series = calloc(nsteps + 2, sizeof *series);
    double px[2], py[2];
    char peak_label[64];
    if (!x || !y || !labels || !series) {
        free(x), free(y), free(labels), free(series);
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
    }
    size_t used = 0, ns = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < nsteps; k++) {
        size_t start = used;
        int threads = 1;
        for (size_t i = 0; i < np; i++)
            if (points[i].step == order[k]
                && strcmp(points[i].shape->group, group) == 0) {
                x[used] = (double)points[i].shape->size;
                y[used++] = points[i].gflops;
                threads = points[i].threads;
                lo = fmin(lo, x[used - 1]);
                hi = fmax(hi, x[used - 1]);
            }
        snprintf(labels[k], MAX_LABEL, "%s%s", order[k]->name,
                 threads > 1 ? " (all threads)" : "");
        /* The palette has 10 colours: the parallel steps dashed, so a
         * colour that comes round again is not the same line style. */
        series[ns++] = (nmfi_series){.label = labels[k], .x = x + start,
            .y = y + start, .n = used - start, .markers = 1,
            .dashed = order[k]->parallel};
    }
    /* The peak the parallel steps run against, as a ceiling line. */
    int mi = mc->n - 1;
    px[0] = lo;
    px[1] = hi;
    py[0] = py[1] = mc->peak[mi].gflops;
    snprintf(peak_label, sizeof peak_label, "FMA peak, %d thread%s",
             mc->threads[mi], mc->threads[mi] > 1 ? "s" : "");
    series[ns++] = (nmfi_series){.label = peak_label, .x = px, .y = py,
        .n = 2, .color = "#222", .dashed = 1, .width = 1.5};
    nmfi_plot plot = {.title = title, .xlabel = xlabel,
        .ylabel = "GFLOP/s (median)", .log_y = 1, .width = 760,
        .height = 560, .series = series, .nseries = ns};
    nmf_status s = nmfi_svg_plot(path, &plot);
    free(x), free(y), free(labels), free(series);
    return s;
}

/* ---- Thread scaling ---------------------------------------------------- */

nmf_status nmfi_lab_plot_scaling(const char *path,
                                 const nmfi_lab_machine *mc,
                                 const nmfi_lab_curve *curves, size_t n)
{
    double x[NMFI_LAB_MAX_THREADS];
    double y[8][NMFI_LAB_MAX_THREADS];
    nmfi_series series[9];
    size_t ns = 0;
    if (n > 8)
        n = 8;
    for (int i = 0; i < mc->n; i++)
        x[i] = mc->threads[i];
    series[ns++] = (nmfi_series){.label = "ideal: speedup = threads",
        .x = x, .y = x, .n = (size_t)mc->n, .color = "#999", .dashed = 1};
    for (size_t c = 0; c < n; c++) {
        for (int i = 0; i < mc->n; i++)
            y[c][i] = curves[c].value[i] / curves[c].value[0];
        series[ns++] = (nmfi_series){.label = curves[c].label, .x = x,
            .y = y[c], .n = (size_t)mc->n, .markers = 1};
    }
    nmfi_plot plot = {
        .title = "Speedup over one thread", .xlabel = "threads",
        .ylabel = "rate at T threads / rate at 1", .width = 700,
        .height = 460, .series = series, .nseries = ns};
    return nmfi_svg_plot(path, &plot);
}
