/* plot_curves.c -- error against seconds as an SVG, drawn by our own plot
 * code (report/svgplot.c), for bench/time-to-error.
 *
 *   bench/plot_curves [--ymax Y] OUT.svg TITLE LABEL=FILE.csv[:COLOR[:STYLE]] ...
 *
 * Each FILE.csv holds "seconds,relative_error" rows after a header line.
 * COLOR is a CSS colour (default: the palette in turn); STYLE is solid
 * (default), thin, dashed, thindashed or points (dashed with a marker at
 * each point: a peer's separate runs). Both axes are logarithmic; with
 * --ymax, points above Y (the first iterations, far above the targets)
 * are left out so the range that matters fills the plot. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/svgplot.h"

enum { MAX_SERIES = 32, MAX_POINTS = 1000000 };

static int read_curve(const char *path, double ymax, double **x, double **y,
                      size_t *n)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    size_t cap = 256;
    *x = malloc(cap * sizeof **x);
    *y = malloc(cap * sizeof **y);
    *n = 0;
    char line[256];
    if (!fgets(line, sizeof line, fp))  /* the header */
        line[0] = '\0';
    double a, b;
    while (*x && *y && *n < MAX_POINTS && fgets(line, sizeof line, fp)
           && sscanf(line, "%lf,%lf", &a, &b) == 2) {
        if (b > ymax)
            continue;
        if (*n == cap) {
            cap *= 2;
            double *nx = realloc(*x, cap * sizeof *nx);
            if (nx)
                *x = nx;
            double *ny = nx ? realloc(*y, cap * sizeof *ny) : NULL;
            if (!ny)
                break;
            *y = ny;
        }
        (*x)[*n] = a;
        (*y)[*n] = b;
        (*n)++;
    }
    fclose(fp);
    return *x && *y ? 0 : -1;
}

int main(int argc, char **argv)
{
    double ymax = HUGE_VAL;
    if (argc > 2 && !strcmp(argv[1], "--ymax")) {
        ymax = strtod(argv[2], NULL);
        argc -= 2;
        argv += 2;
    }
    if (argc < 4 || argc - 3 > MAX_SERIES) {
        fprintf(stderr, "usage: plot_curves [--ymax Y] OUT.svg TITLE"
                " LABEL=FILE.csv ... (at most %d)\n", MAX_SERIES);
        return 2;
    }
    nmfi_series series[MAX_SERIES];
    memset(series, 0, sizeof series);
    size_t ns = 0;
    for (int i = 3; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) {
            fprintf(stderr, "plot_curves: '%s' is not LABEL=FILE\n", argv[i]);
            return 2;
        }
        *eq = '\0';
        /* FILE[:COLOR[:STYLE]] */
        char *color = strchr(eq + 1, ':'), *style = NULL;
        if (color) {
            *color++ = '\0';
            style = strchr(color, ':');
            if (style)
                *style++ = '\0';
        }
        double *x = NULL, *y = NULL;
        size_t n = 0;
        if (read_curve(eq + 1, ymax, &x, &y, &n) != 0) {
            fprintf(stderr, "plot_curves: %s: cannot read\n", eq + 1);
            return 2;
        }
        series[ns].label = argv[i];
        series[ns].x = x;
        series[ns].y = y;
        series[ns].n = n;
        series[ns].color = color && *color ? color : NULL;
        if (style && !strcmp(style, "points"))
            series[ns].markers = series[ns].dashed = 1;
        else if (style && !strcmp(style, "dashed"))
            series[ns].dashed = 1;
        else if (style && !strcmp(style, "thin"))
            series[ns].width = 1;
        else if (style && !strcmp(style, "thindashed"))
            series[ns].width = 1, series[ns].dashed = 1;
        else if (style && *style && strcmp(style, "solid")) {
            fprintf(stderr, "plot_curves: unknown style '%s'\n", style);
            return 2;
        }
        ns++;
    }
    nmfi_plot plot = {.title = argv[2], .xlabel = "seconds (the fit)",
                      .ylabel = "||A - WH|| / ||A||", .log_x = 1,
                      .log_y = 1,
                      .width = 760, .height = 480, .series = series,
                      .nseries = ns};
    nmf_status s = nmfi_svg_plot(argv[1], &plot);
    for (size_t i = 0; i < ns; i++) {
        free((void *)series[i].x);
        free((void *)series[i].y);
    }
    if (s != NMF_OK) {
        fprintf(stderr, "plot_curves: %s\n", nmf_last_error());
        return 1;
    }
    return 0;
}
