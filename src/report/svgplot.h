/* svgplot.h -- line plots as standalone SVG, written by our own code:
 * axes with "nice" ticks (linear, or decades on a log axis), axis labels,
 * a title and a legend; one or more series, each with its own style. */
#ifndef NMFI_SVGPLOT_H
#define NMFI_SVGPLOT_H

#include <stddef.h>
#include <stdio.h>

#include "nmfkit.h"

typedef struct nmfi_series {
    const char *label;     /* legend entry; NULL: not in the legend      */
    const double *x, *y;   /* n points; non-finite points are skipped     */
    size_t n;
    const char *color;     /* CSS colour; NULL: next palette colour       */
    double width;          /* stroke width in px; 0: 2                    */
    double opacity;        /* 0: 1 (opaque)                                */
    int dashed;            /* draw dashed                                  */
    int markers;           /* draw a dot at each point                     */
    int no_line;           /* points only: no line joins them              */
    const char *const *point_labels; /* optional: n texts (NULL entries
                                        skipped) beside the points        */
} nmfi_series;

typedef struct nmfi_plot {
    const char *title, *xlabel, *ylabel;
    int log_x, log_y;      /* log10 axes; non-positive values are skipped */
    double width, height;  /* px; 0: 640 x 400                            */
    const nmfi_series *series;
    size_t nseries;
} nmfi_plot;

/* Colour i of the one palette every figure uses (Tableau 10, cycled):
 * what a series with no colour of its own gets, in order. */
const char *nmfi_palette(size_t i);

nmf_status nmfi_svg_plot_fp(FILE *fp, const nmfi_plot *p, const char *name);
/* Through a temporary (io/atomic_file.h). */
nmf_status nmfi_svg_plot(const char *path, const nmfi_plot *p);

#endif
