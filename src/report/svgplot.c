/* svgplot.c -- line plots as small standalone SVG files.
 *
 * Error histories (log y), compression curves (log x), waveform overlays
 * (many translucent lines and a thick dashed mean): one code path with
 * "nice" 1-2-5 ticks on linear axes and decades on log axes. Whatever the
 * input (no points, one point, NaN, zeros on a log axis, a flat line), the
 * output holds only finite numbers; coordinates are rounded to 0.1 px and
 * repeated points dropped, so a long series costs about 12 bytes a point. */
#include <config.h>

#include <float.h>
#include <stdlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "io/atomic_file.h"
#include "report/strbuf.h"
#include "report/svgplot.h"

#define DEFAULT_WIDTH 640.0
#define DEFAULT_HEIGHT 400.0
#define MIN_WIDTH 200.0
#define MIN_HEIGHT 150.0
#define MAX_SIDE 10000.0

#define FONT_TICK 11.0
#define MAX_POINT_LABELS 256
#define ALONE_WEIGHT 40.0
#define FONT_LABEL 13.0
#define FONT_TITLE 15.0
#define FONT_LEGEND 11.5
/* Average advance of a character in a sans-serif face, per px of size;
 * SVG cannot measure text, so layout estimates it. */
#define CHAR_W 0.6
#define TICK_LEN 5.0
#define MAX_TICKS 64
/* At most this many labelled ticks per axis. */
#define MAX_LABELS 8

/* Tableau 10, the matplotlib default cycle: distinct in print and for the
 * common colour-vision deficiencies. */
static const char *const palette[] = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
};
#define PALETTE_N (sizeof palette / sizeof palette[0])

const char *nmfi_palette(size_t i)
{
    return palette[i % PALETTE_N];
}

typedef struct tick {
    double tv;         /* position in axis units (log10 on a log axis)   */
    int major;         /* grid line and long tick mark                   */
    int sup;           /* label is 10 with exponent `label` raised       */
    char label[32];    /* "" for an unlabelled tick                       */
} tick;

typedef struct axis {
    double lo, hi;     /* range in axis units                             */
    double a, b;       /* pixel positions of lo and hi                    */
    tick t[MAX_TICKS];
    size_t n;
} axis;

/* ---- Numbers ----------------------------------------------------------- */

/* A coordinate in tenths of a pixel: "12", "12.5", never nan or inf. */
static void add_coord(nmfi_strbuf *b, double v)
{
    if (!isfinite(v))
        v = 0.0;
    v = fmax(-1e6, fmin(1e6, v));
    long t = lround(v * 10.0);
    const char *sign = t < 0 ? "-" : "";
    long a = t < 0 ? -t : t;
    if (a % 10 == 0)
        nmfi_strbuf_printf(b, "%s%ld", sign, a / 10);
    else
        nmfi_strbuf_printf(b, "%s%ld.%ld", sign, a / 10, a % 10);
}

/* %.*g without the padding in exponents: 2e+06 -> 2e6, 5e-05 -> 5e-5. */
static void format_number(char *out, size_t size, double v, int prec)
{
    if (v == 0.0 || !isfinite(v))
        v = 0.0;  /* no "-0" */
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.*g", prec, v);
    char *e = strchr(tmp, 'e');
    if (e) {
        char *d = e + 1;
        char sign = *d == '-' ? '-' : 0;
        if (*d == '+' || *d == '-')
            d++;
        while (*d == '0' && d[1])
            d++;
        snprintf(e, sizeof tmp - (size_t)(e - tmp), "e%s%s",
                 sign ? "-" : "", d);
    }
    size_t n = strlen(tmp);
    n = n < size ? n : size - 1;
    memcpy(out, tmp, n);
    out[n] = '\0';
}

/* ---- Axes and ticks --------------------------------------------------- */

static double axis_value(int log_axis, double v)
{
    return log_axis ? log10(v) : v;
}

static int drawable(const nmfi_plot *p, double x, double y)
{
    return isfinite(x) && isfinite(y) && (!p->log_x || x > 0.0)
        && (!p->log_y || y > 0.0);
}

static double point_x(const nmfi_series *s, size_t i)
{
    return s->x ? s->x[i] : (double)i;
}

/* Range of the drawable points of all series; 0 if there are none. */
static int data_range(const nmfi_plot *p, double *x0, double *x1, double *y0,
                      double *y1)
{
    int any = 0;
    for (size_t k = 0; k < p->nseries; k++) {
        const nmfi_series *s = &p->series[k];
        for (size_t i = 0; i < s->n; i++) {
            double x = point_x(s, i), y = s->y[i];
            if (!drawable(p, x, y))
                continue;
            if (!any) {
                *x0 = *x1 = x;
                *y0 = *y1 = y;
                any = 1;
            }
            *x0 = fmin(*x0, x);
            *x1 = fmax(*x1, x);
            *y0 = fmin(*y0, y);
            *y1 = fmax(*y1, y);
        }
    }
    return any;
}

static void add_tick(axis *ax, double tv, int major, const char *label,
                     int sup)
{
    if (ax->n == MAX_TICKS || !isfinite(tv) || tv < ax->lo || tv > ax->hi)
        return;
    tick *t = &ax->t[ax->n++];
    t->tv = tv;
    t->major = major;
    t->sup = sup;
    snprintf(t->label, sizeof t->label, "%s", label ? label : "");
}

/* Multiples of step in [lo, hi], or in the range grown to whole steps. */
static double tick_count(double lo, double hi, double step, int extend)
{
    return extend ? ceil(hi / step) - floor(lo / step) + 1
                  : floor(hi / step) - ceil(lo / step) + 1;
}

/* The smallest 1-2-5 step giving at most MAX_LABELS ticks. */
static double nice_step(double lo, double hi, int extend)
{
    static const double mant[] = {1.0, 2.0, 5.0};
    double half = 0.5 * hi - 0.5 * lo;
    int e = half > 0.0 ? (int)floor(log10(half)) - 2 : -300;
    for (; e < DBL_MAX_10_EXP; e++) {
        for (int m = 0; m < 3; m++) {
            double step = mant[m] * pow(10.0, e);
            if (step > 0.0 && isfinite(step)
                && tick_count(lo, hi, step, extend) <= MAX_LABELS)
                return step;
        }
    }
    return DBL_MAX;
}

/* Labels for ticks at multiples of step on [lo, hi]. Where they stay
 * short, fixed notation with the decimals the step needs, the same for
 * every label ("0.0 0.5 1.0", "0 50 100"); beyond, %g with enough digits
 * that neighbours differ ("1.2e-5", "2.5e7"). */
static void format_tick(char *out, size_t size, double v, double lo,
                        double hi, double step)
{
    double big = fmax(fabs(lo), fabs(hi));
    if (v == 0.0)
        v = 0.0;  /* no "-0" */
    if (!(big > 0.0) || !(step > 0.0) || !isfinite(big)) {
        format_number(out, size, v, 6);
    } else if (big < 1e6 && step >= 1e-4) {
        int decimals = step >= 1.0 ? 0 : (int)ceil(-log10(step) - 1e-9);
        snprintf(out, size, "%.*f", decimals, v);
    } else {
        int d = (int)floor(log10(big)) - (int)floor(log10(step)) + 1;
        format_number(out, size, v, d < 1 ? 1 : d > 15 ? 15 : d);
    }
}

/* Widen a degenerate range: a flat line sits mid-plot. */
static void pad_range(double *lo, double *hi)
{
    double c = 0.5 * *lo + 0.5 * *hi;
    if (0.5 * *hi - 0.5 * *lo > 0.5e-9 * fmax(fabs(*lo), fabs(*hi)))
        return;
    double pad = fabs(c) < 1e-300 ? 1.0 : 0.1 * fabs(c);
    *lo = fmax(c - pad, -DBL_MAX);
    *hi = fmin(c + pad, DBL_MAX);
}

/* Linear axis: the range grows to whole steps so the frame ends on ticks. */
static void linear_axis(axis *ax, double lo, double hi)
{
    pad_range(&lo, &hi);
    double step = nice_step(lo, hi, 1);
    double k0 = floor(lo / step), k1 = ceil(hi / step);
    ax->lo = fmax(k0 * step, -DBL_MAX);
    ax->hi = fmin(k1 * step, DBL_MAX);
    for (double k = k0; k <= k1 && ax->n < MAX_TICKS; k++) {
        double v = fmax(-DBL_MAX, fmin(DBL_MAX, k * step));
        char label[32];
        format_tick(label, sizeof label, v, ax->lo, ax->hi, step);
        add_tick(ax, v, 1, label, 0);
    }
}

/* Log axis spanning less than about a decade: 1-2-5 ticks inside. */
static void log_axis_linear_ticks(axis *ax)
{
    double lo = pow(10.0, ax->lo), hi = pow(10.0, ax->hi);
    if (!(lo > 0.0) || !isfinite(hi) || !(hi > lo))
        return;
    double step = nice_step(lo, hi, 0);
    for (double k = ceil(lo / step); k * step <= hi && ax->n < MAX_TICKS;
         k++) {
        char label[32];
        format_tick(label, sizeof label, k * step, lo, hi, step);
        if (k * step > 0.0)
            add_tick(ax, log10(k * step), 1, label, 0);
    }
}

static void log_axis(axis *ax, double lo, double hi)
{
    double tl = log10(lo), th = log10(hi);
    if (th - tl < 1e-9) {
        tl -= 0.5;
        th += 0.5;
    } else {
        double pad = 0.03 * (th - tl);
        tl -= pad;
        th += pad;
    }
    ax->lo = tl;
    ax->hi = th;
    if (th - tl < 1.0) {
        log_axis_linear_ticks(ax);
        return;
    }
    int e0 = (int)ceil(tl), e1 = (int)floor(th);
    int decades = e1 - e0 + 1;
    int stride = decades > MAX_LABELS ? (decades + MAX_LABELS - 1) / MAX_LABELS
                                      : 1;
    /* plain numbers while they stay short, 10^e beyond */
    int lab_lo = e1, lab_hi = e0;
    for (int e = e0; e <= e1; e++)
        if (e % stride == 0) {
            lab_lo = e < lab_lo ? e : lab_lo;
            lab_hi = e > lab_hi ? e : lab_hi;
        }
    int sup = lab_lo < -3 || lab_hi > 4;
    int labelled = 0;
    for (int e = e0; e <= e1; e++) {
        char label[32] = "";
        if (e % stride == 0) {
            if (sup)
                snprintf(label, sizeof label, "%d", e);
            else
                format_number(label, sizeof label, pow(10.0, e), 6);
            add_tick(ax, e, 1, label, sup);
            labelled++;
        } else if (decades <= 40) {
            add_tick(ax, e, 0, "", 0);
        }
    }
    if (th - tl > 6.0)
        return;
    /* minor ticks 2..9; labelled too when fewer than two decades show */
    for (int e = (int)floor(tl); e <= e1; e++)
        for (int m = 2; m <= 9; m++) {
            double tv = e + log10((double)m);
            char label[32] = "";
            if (labelled < 2
                && (m == 2 || m == 5 || (m == 3 && th - tl < 1.5))) {
                if (e < -3 || e > 4)  /* m * 10^e may not be a double */
                    snprintf(label, sizeof label, "%de%d", m, e);
                else
                    format_number(label, sizeof label, m * pow(10.0, e), 6);
            }
            add_tick(ax, tv, 0, label, 0);
        }
}

static void setup_axis(axis *ax, int is_log, int any, double lo, double hi)
{
    ax->n = 0;
    if (!any) {
        lo = is_log ? 1.0 : 0.0;
        hi = is_log ? 10.0 : 1.0;
    }
    if (is_log)
        log_axis(ax, lo, hi);
    else
        linear_axis(ax, lo, hi);
}

/* Halves keep hi - lo finite even for a range near +-DBL_MAX. */
static double to_px(const axis *ax, double tv)
{
    double f = (0.5 * tv - 0.5 * ax->lo) / (0.5 * ax->hi - 0.5 * ax->lo);
    return ax->a + f * (ax->b - ax->a);
}

/* Characters, not bytes: UTF-8 continuation bytes take no room. */
static size_t text_chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static double label_width(const tick *t, double font)
{
    if (t->sup)
        return font * CHAR_W * (2.0 + 0.75 * (double)strlen(t->label));
    return font * CHAR_W * (double)strlen(t->label);
}

static double widest_label(const axis *ax)
{
    double w = 0.0;
    for (size_t i = 0; i < ax->n; i++)
        w = fmax(w, label_width(&ax->t[i], FONT_TICK));
    return w;
}

/* ---- Drawing ----------------------------------------------------------- */

typedef struct layout {
    double width, height;
    axis x, y;
} layout;

static void add_label_text(nmfi_strbuf *b, const tick *t)
{
    if (t->sup)
        nmfi_strbuf_printf(b, "10<tspan dy=\"-0.45em\" font-size=\"0.75em\">"
                           "%s</tspan>", t->label);
    else
        nmfi_strbuf_add(b, t->label);
}

static void draw_grid(nmfi_strbuf *b, const layout *L)
{
    for (int major = 0; major <= 1; major++) {
        size_t n = 0;
        for (size_t i = 0; i < L->x.n; i++)
            n += L->x.t[i].major == major;
        for (size_t i = 0; i < L->y.n; i++)
            n += L->y.t[i].major == major;
        if (n == 0)
            continue;
        nmfi_strbuf_printf(b, "<path stroke=\"%s\" d=\"",
                           major ? "#e0e0e0" : "#f2f2f2");
        for (size_t i = 0; i < L->x.n; i++) {
            if (L->x.t[i].major != major)
                continue;
            nmfi_strbuf_add(b, "M");
            add_coord(b, to_px(&L->x, L->x.t[i].tv));
            nmfi_strbuf_add(b, " ");
            add_coord(b, L->y.a);
            nmfi_strbuf_add(b, "V");
            add_coord(b, L->y.b);
        }
        for (size_t i = 0; i < L->y.n; i++) {
            if (L->y.t[i].major != major)
                continue;
            nmfi_strbuf_add(b, "M");
            add_coord(b, L->x.a);
            nmfi_strbuf_add(b, " ");
            add_coord(b, to_px(&L->y, L->y.t[i].tv));
            nmfi_strbuf_add(b, "H");
            add_coord(b, L->x.b);
        }
        nmfi_strbuf_add(b, "\"/>\n");
    }
}

static void draw_axes(nmfi_strbuf *b, const layout *L)
{
    nmfi_strbuf_add(b, "<rect x=\"");
    add_coord(b, L->x.a);
    nmfi_strbuf_add(b, "\" y=\"");
    add_coord(b, L->y.b);
    nmfi_strbuf_add(b, "\" width=\"");
    add_coord(b, L->x.b - L->x.a);
    nmfi_strbuf_add(b, "\" height=\"");
    add_coord(b, L->y.a - L->y.b);
    nmfi_strbuf_add(b, "\" fill=\"none\" stroke=\"#333\"/>\n");

    nmfi_strbuf_add(b, "<path stroke=\"#333\" d=\"");
    for (size_t i = 0; i < L->x.n; i++) {
        nmfi_strbuf_add(b, "M");
        add_coord(b, to_px(&L->x, L->x.t[i].tv));
        nmfi_strbuf_add(b, " ");
        add_coord(b, L->y.a);
        nmfi_strbuf_add(b, "v");
        add_coord(b, L->x.t[i].major ? TICK_LEN : TICK_LEN * 0.6);
    }
    for (size_t i = 0; i < L->y.n; i++) {
        nmfi_strbuf_add(b, "M");
        add_coord(b, L->x.a);
        nmfi_strbuf_add(b, " ");
        add_coord(b, to_px(&L->y, L->y.t[i].tv));
        nmfi_strbuf_add(b, "h");
        add_coord(b, L->y.t[i].major ? -TICK_LEN : -TICK_LEN * 0.6);
    }
    nmfi_strbuf_add(b, "\"/>\n");

    nmfi_strbuf_printf(b, "<g font-size=\"%g\" fill=\"#333\" "
                       "text-anchor=\"middle\">\n", FONT_TICK);
    for (size_t i = 0; i < L->x.n; i++) {
        if (!L->x.t[i].label[0])
            continue;
        nmfi_strbuf_add(b, "<text x=\"");
        add_coord(b, to_px(&L->x, L->x.t[i].tv));
        nmfi_strbuf_add(b, "\" y=\"");
        add_coord(b, L->y.a + TICK_LEN + 3.0 + FONT_TICK);
        nmfi_strbuf_add(b, "\">");
        add_label_text(b, &L->x.t[i]);
        nmfi_strbuf_add(b, "</text>\n");
    }
    nmfi_strbuf_add(b, "</g>\n");
    nmfi_strbuf_printf(b, "<g font-size=\"%g\" fill=\"#333\" "
                       "text-anchor=\"end\">\n", FONT_TICK);
    for (size_t i = 0; i < L->y.n; i++) {
        if (!L->y.t[i].label[0])
            continue;
        nmfi_strbuf_add(b, "<text x=\"");
        add_coord(b, L->x.a - TICK_LEN - 3.0);
        nmfi_strbuf_add(b, "\" y=\"");
        add_coord(b, to_px(&L->y, L->y.t[i].tv) + 0.35 * FONT_TICK);
        nmfi_strbuf_add(b, "\">");
        add_label_text(b, &L->y.t[i]);
        nmfi_strbuf_add(b, "</text>\n");
    }
    nmfi_strbuf_add(b, "</g>\n");
}

static void draw_texts(nmfi_strbuf *b, const nmfi_plot *p, const layout *L,
                       int any)
{
    double cx = 0.5 * (L->x.a + L->x.b), cy = 0.5 * (L->y.a + L->y.b);
    if (p->title && p->title[0]) {
        nmfi_strbuf_add(b, "<text x=\"");
        add_coord(b, cx);
        nmfi_strbuf_printf(b, "\" y=\"24\" font-size=\"%g\" "
                           "font-weight=\"bold\" text-anchor=\"middle\">",
                           FONT_TITLE);
        nmfi_strbuf_add_escaped(b, p->title);
        nmfi_strbuf_add(b, "</text>\n");
    }
    if (p->xlabel && p->xlabel[0]) {
        nmfi_strbuf_add(b, "<text x=\"");
        add_coord(b, cx);
        nmfi_strbuf_add(b, "\" y=\"");
        add_coord(b, L->height - 10.0);
        nmfi_strbuf_printf(b, "\" font-size=\"%g\" text-anchor=\"middle\">",
                           FONT_LABEL);
        nmfi_strbuf_add_escaped(b, p->xlabel);
        nmfi_strbuf_add(b, "</text>\n");
    }
    if (p->ylabel && p->ylabel[0]) {
        nmfi_strbuf_add(b, "<text transform=\"translate(");
        add_coord(b, 10.0 + FONT_LABEL);
        nmfi_strbuf_add(b, ",");
        add_coord(b, cy);
        nmfi_strbuf_printf(b, ") rotate(-90)\" font-size=\"%g\" "
                           "text-anchor=\"middle\">", FONT_LABEL);
        nmfi_strbuf_add_escaped(b, p->ylabel);
        nmfi_strbuf_add(b, "</text>\n");
    }
    if (!any) {
        nmfi_strbuf_add(b, "<text x=\"");
        add_coord(b, cx);
        nmfi_strbuf_add(b, "\" y=\"");
        add_coord(b, cy);
        nmfi_strbuf_printf(b, "\" font-size=\"%g\" fill=\"#888\" "
                           "font-style=\"italic\" text-anchor=\"middle\">"
                           "no data</text>\n", FONT_LABEL);
    }
}

typedef struct style {
    const char *color;
    double width, opacity;
} style;

static style series_style(const nmfi_series *s, size_t *next_colour)
{
    style st;
    st.color = s->color;
    if (!st.color || !st.color[0])
        st.color = nmfi_palette((*next_colour)++);
    st.width = isfinite(s->width) && s->width > 0.0 ? fmin(s->width, 50.0)
                                                     : 2.0;
    st.opacity = isfinite(s->opacity) && s->opacity > 0.0
                     ? fmin(s->opacity, 1.0) : 1.0;
    return st;
}

static void add_dasharray(nmfi_strbuf *b, double width)
{
    nmfi_strbuf_add(b, " stroke-dasharray=\"");
    add_coord(b, fmax(4.0, 3.0 * width));
    nmfi_strbuf_add(b, " ");
    add_coord(b, fmax(3.0, 2.0 * width));
    nmfi_strbuf_add(b, "\"");
}

static long tenths(double v)
{
    return isfinite(v) ? lround(fmax(-1e6, fmin(1e6, v)) * 10.0) : 0;
}

/* One <polyline> per run of two or more drawable points. */
static void draw_lines(nmfi_strbuf *b, const nmfi_plot *p, const layout *L,
                       const nmfi_series *s, const style *st)
{
    nmfi_strbuf_add(b, "<g fill=\"none\" stroke=\"");
    nmfi_strbuf_add_escaped(b, st->color);
    nmfi_strbuf_add(b, "\" stroke-width=\"");
    add_coord(b, st->width);
    nmfi_strbuf_add(b, "\" stroke-linejoin=\"round\"");
    if (st->opacity < 1.0)
        nmfi_strbuf_printf(b, " stroke-opacity=\"%.3g\"", st->opacity);
    if (s->dashed)
        add_dasharray(b, st->width);
    else
        nmfi_strbuf_add(b, " stroke-linecap=\"round\"");
    nmfi_strbuf_add(b, ">\n");
    size_t i = 0;
    while (i < s->n) {
        while (i < s->n && !drawable(p, point_x(s, i), s->y[i]))
            i++;
        size_t end = i;
        while (end < s->n && drawable(p, point_x(s, end), s->y[end]))
            end++;
        if (end - i >= 2) {
            nmfi_strbuf_add(b, "<polyline points=\"");
            long px = 0, py = 0;
            for (size_t k = i; k < end; k++) {
                double x = to_px(&L->x, axis_value(p->log_x, point_x(s, k)));
                double y = to_px(&L->y, axis_value(p->log_y, s->y[k]));
                long tx = tenths(x), ty = tenths(y);
                /* repeats draw nothing; the last point always goes out so
                 * a run that rounds to one pixel still shows as a dot */
                if (k > i && k + 1 < end && tx == px && ty == py)
                    continue;
                if (k > i)
                    nmfi_strbuf_add(b, " ");
                add_coord(b, x);
                nmfi_strbuf_add(b, ",");
                add_coord(b, y);
                px = tx;
                py = ty;
            }
            nmfi_strbuf_add(b, "\"/>\n");
        }
        i = end;
    }
    nmfi_strbuf_add(b, "</g>\n");
}

/* Markers at every point, or only at isolated points, which a line alone
 * would not show. */
static void draw_dots(nmfi_strbuf *b, const nmfi_plot *p, const layout *L,
                      const nmfi_series *s, const style *st)
{
    double r = fmin(fmax(1.5 * st->width, 2.5), 6.0);
    int open = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!drawable(p, point_x(s, i), s->y[i]))
            continue;
        int alone = (i == 0 || !drawable(p, point_x(s, i - 1), s->y[i - 1]))
            && (i + 1 == s->n || !drawable(p, point_x(s, i + 1), s->y[i + 1]));
        if (!s->markers && !s->no_line && !alone)
            continue;
        if (!open) {
            nmfi_strbuf_add(b, "<g fill=\"");
            nmfi_strbuf_add_escaped(b, st->color);
            nmfi_strbuf_add(b, "\"");
            if (st->opacity < 1.0)
                nmfi_strbuf_printf(b, " fill-opacity=\"%.3g\"", st->opacity);
            nmfi_strbuf_add(b, ">\n");
            open = 1;
        }
        double x = to_px(&L->x, axis_value(p->log_x, point_x(s, i)));
        double y = to_px(&L->y, axis_value(p->log_y, s->y[i]));
        nmfi_strbuf_add(b, "<circle cx=\"");
        add_coord(b, x);
        nmfi_strbuf_add(b, "\" cy=\"");
        add_coord(b, y);
        nmfi_strbuf_add(b, "\" r=\"");
        add_coord(b, r);
        nmfi_strbuf_add(b, "\"/>\n");
    }
    if (open)
        nmfi_strbuf_add(b, "</g>\n");
}

/* Each point's text just above and right of it, for points that a
 * legend could not tell apart (the roofline's steps). A text that would
 * overlap one already drawn is left out: the plot's table names every
 * point, and a pile of texts names none. */
typedef struct placed {
    double x0[MAX_POINT_LABELS], y0[MAX_POINT_LABELS];
    double x1[MAX_POINT_LABELS], y1[MAX_POINT_LABELS];
    size_t n;
} placed;

static int place(placed *pl, double x0, double y0, double x1, double y1)
{
    for (size_t i = 0; i < pl->n; i++)
        if (x0 < pl->x1[i] && pl->x0[i] < x1 && y0 < pl->y1[i]
            && pl->y0[i] < y1)
            return 0;
    if (pl->n == MAX_POINT_LABELS)
        return 0;
    pl->x0[pl->n] = x0;
    pl->y0[pl->n] = y0;
    pl->x1[pl->n] = x1;
    pl->y1[pl->n++] = y1;
    return 1;
}

static void draw_point_labels(nmfi_strbuf *b, const nmfi_plot *p,
                              const layout *L, const nmfi_series *s,
                              placed *pl)
{
    if (!s->point_labels)
        return;
    for (size_t i = 0; i < s->n; i++) {
        if (!s->point_labels[i] || !drawable(p, point_x(s, i), s->y[i]))
            continue;
        double x = to_px(&L->x, axis_value(p->log_x, point_x(s, i))) + 5.0;
        double y = to_px(&L->y, axis_value(p->log_y, s->y[i])) - 4.0;
        double w = 0.6 * FONT_TICK * (double)text_chars(s->point_labels[i]);
        if (!place(pl, x, y - FONT_TICK, x + w, y + 2.0))
            continue;
        nmfi_strbuf_add(b, "<text x=\"");
        add_coord(b, x);
        nmfi_strbuf_add(b, "\" y=\"");
        add_coord(b, y);
        nmfi_strbuf_printf(b, "\" font-size=\"%g\" fill=\"#333\">",
                           FONT_TICK);
        nmfi_strbuf_add_escaped(b, s->point_labels[i]);
        nmfi_strbuf_add(b, "</text>\n");
    }
}

/* How much of the data a box would hide: points, and points along each
 * segment so a long straight line through the box counts too. */
static double covered(const nmfi_plot *p, const layout *L, double x0,
                      double y0, double w, double h)
{
    double hits = 0.0, px = 0.0, py = 0.0;
    for (size_t k = 0; k < p->nseries; k++) {
        const nmfi_series *s = &p->series[k];
        int prev = 0;
        for (size_t i = 0; i < s->n; i++) {
            double x = point_x(s, i), y = s->y[i];
            if (!drawable(p, x, y)) {
                prev = 0;
                continue;
            }
            x = to_px(&L->x, axis_value(p->log_x, x));
            y = to_px(&L->y, axis_value(p->log_y, y));
            if (s->no_line) {
                /* A point alone, with its text: hiding it hides all
                 * there is of it, so it weighs as a stretch of line. */
                hits += ALONE_WEIGHT * (x >= x0 && x <= x0 + w && y >= y0
                                        && y <= y0 + h);
                continue;
            }
            for (int t = prev ? 1 : 4; t <= 4; t++) {
                double qx = x + (px - x) * (4 - t) / 4.0;
                double qy = y + (py - y) * (4 - t) / 4.0;
                hits += qx >= x0 && qx <= x0 + w && qy >= y0 && qy <= y0 + h;
            }
            px = x;
            py = y;
            prev = 1;
        }
    }
    return hits;
}

/* Inside the frame, top right unless another corner hides less of the
 * data. Samples are drawn at least half opaque and 1.5 px wide so a legend
 * for faint lines is still readable. */
static void draw_legend(nmfi_strbuf *b, const nmfi_plot *p, const layout *L)
{
    size_t n = 0, chars = 0;
    for (size_t k = 0; k < p->nseries; k++)
        if (p->series[k].label) {
            n++;
            size_t c = text_chars(p->series[k].label);
            chars = c > chars ? c : chars;
        }
    if (n == 0)
        return;
    const double row = FONT_LEGEND + 7.0, sample = 28.0, pad = 8.0;
    double w = pad + sample + 6.0 + (double)chars * FONT_LEGEND * CHAR_W + pad;
    double h = (double)n * row + pad;
    double x0 = L->x.b - 8.0 - w, y0 = L->y.b + 8.0;
    double best = covered(p, L, x0, y0, w, h);
    const double corners[3][2] = {
        {L->x.a + 8.0, L->y.b + 8.0},          /* top left     */
        {L->x.b - 8.0 - w, L->y.a - 8.0 - h},  /* bottom right */
        {L->x.a + 8.0, L->y.a - 8.0 - h},      /* bottom left  */
    };
    for (int c = 0; c < 3 && best > 0.0; c++) {
        double hide = covered(p, L, corners[c][0], corners[c][1], w, h);
        if (hide < best) {
            best = hide;
            x0 = corners[c][0];
            y0 = corners[c][1];
        }
    }
    nmfi_strbuf_add(b, "<g>\n<rect x=\"");
    add_coord(b, x0);
    nmfi_strbuf_add(b, "\" y=\"");
    add_coord(b, y0);
    nmfi_strbuf_add(b, "\" width=\"");
    add_coord(b, w);
    nmfi_strbuf_add(b, "\" height=\"");
    add_coord(b, h);
    nmfi_strbuf_add(b, "\" fill=\"#fff\" fill-opacity=\"0.9\" "
                    "stroke=\"#bbb\" rx=\"3\"/>\n");
    size_t next_colour = 0, row_i = 0;
    for (size_t k = 0; k < p->nseries; k++) {
        const nmfi_series *s = &p->series[k];
        style st = series_style(s, &next_colour);
        if (!s->label)
            continue;
        double cy = y0 + pad / 2 + ((double)row_i++ + 0.5) * row;
        double lw = fmax(st.width, 1.5), op = fmax(st.opacity, 0.5);
        if (!s->no_line) {
            nmfi_strbuf_add(b, "<path d=\"M");
            add_coord(b, x0 + pad);
            nmfi_strbuf_add(b, " ");
            add_coord(b, cy);
            nmfi_strbuf_add(b, "h");
            add_coord(b, sample);
            nmfi_strbuf_add(b, "\" fill=\"none\" stroke=\"");
            nmfi_strbuf_add_escaped(b, st.color);
            nmfi_strbuf_add(b, "\" stroke-width=\"");
            add_coord(b, lw);
            nmfi_strbuf_add(b, "\"");
            if (op < 1.0)
                nmfi_strbuf_printf(b, " stroke-opacity=\"%.3g\"", op);
            if (s->dashed)
                add_dasharray(b, lw);
            nmfi_strbuf_add(b, "/>\n");
        }
        if (s->markers || s->no_line) {
            nmfi_strbuf_add(b, "<circle cx=\"");
            add_coord(b, x0 + pad + sample / 2);
            nmfi_strbuf_add(b, "\" cy=\"");
            add_coord(b, cy);
            nmfi_strbuf_add(b, "\" r=\"");
            add_coord(b, fmin(fmax(1.5 * st.width, 2.5), 6.0));
            nmfi_strbuf_add(b, "\" fill=\"");
            nmfi_strbuf_add_escaped(b, st.color);
            nmfi_strbuf_add(b, "\"/>\n");
        }
        nmfi_strbuf_add(b, "<text x=\"");
        add_coord(b, x0 + pad + sample + 6.0);
        nmfi_strbuf_add(b, "\" y=\"");
        add_coord(b, cy + 0.35 * FONT_LEGEND);
        nmfi_strbuf_printf(b, "\" font-size=\"%g\">", FONT_LEGEND);
        nmfi_strbuf_add_escaped(b, s->label);
        nmfi_strbuf_add(b, "</text>\n");
    }
    nmfi_strbuf_add(b, "</g>\n");
}

/* ---- The document ------------------------------------------------------ */

static double side(double v, double def, double min)
{
    if (!isfinite(v) || v <= 0.0)
        return def;
    return fmin(fmax(v, min), MAX_SIDE);
}

static void build(nmfi_strbuf *b, const nmfi_plot *p)
{
    layout L;
    L.width = side(p->width, DEFAULT_WIDTH, MIN_WIDTH);
    L.height = side(p->height, DEFAULT_HEIGHT, MIN_HEIGHT);
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    int any = data_range(p, &x0, &x1, &y0, &y1);
    setup_axis(&L.x, p->log_x, any, x0, x1);
    setup_axis(&L.y, p->log_y, any, y0, y1);

    /* margins from the estimated size of what sits in them */
    int has_title = p->title && p->title[0];
    int has_xlabel = p->xlabel && p->xlabel[0];
    int has_ylabel = p->ylabel && p->ylabel[0];
    double left = 10.0 + (has_ylabel ? FONT_LABEL + 8.0 : 0.0)
        + widest_label(&L.y) + TICK_LEN + 3.0;
    double right = fmax(16.0, 0.5 * widest_label(&L.x) + 6.0);
    double top = has_title ? 38.0 : 14.0;
    double bottom = TICK_LEN + 3.0 + FONT_TICK + 8.0
        + (has_xlabel ? FONT_LABEL + 8.0 : 0.0);
    left = fmin(left, 0.4 * L.width);
    L.x.a = round(left);
    L.x.b = round(L.width - right);
    L.y.a = round(L.height - bottom);
    L.y.b = round(top);

    nmfi_strbuf_add(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    nmfi_strbuf_add(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    add_coord(b, L.width);
    nmfi_strbuf_add(b, "\" height=\"");
    add_coord(b, L.height);
    nmfi_strbuf_add(b, "\" viewBox=\"0 0 ");
    add_coord(b, L.width);
    nmfi_strbuf_add(b, " ");
    add_coord(b, L.height);
    nmfi_strbuf_add(b, "\" font-family=\"Helvetica, Arial, sans-serif\">\n");
    nmfi_strbuf_add(b, "<rect width=\"100%\" height=\"100%\" "
                    "fill=\"#fff\"/>\n");
    nmfi_strbuf_add(b, "<g shape-rendering=\"crispEdges\" fill=\"none\">\n");
    draw_grid(b, &L);
    nmfi_strbuf_add(b, "</g>\n");

    size_t next_colour = 0;
    placed *pl = calloc(1, sizeof *pl);
    for (size_t k = 0; k < p->nseries; k++) {
        const nmfi_series *s = &p->series[k];
        style st = series_style(s, &next_colour);
        if (!s->no_line)
            draw_lines(b, p, &L, s, &st);
        draw_dots(b, p, &L, s, &st);
        if (pl)
            draw_point_labels(b, p, &L, s, pl);
    }
    free(pl);

    nmfi_strbuf_add(b, "<g shape-rendering=\"crispEdges\">\n");
    draw_axes(b, &L);
    nmfi_strbuf_add(b, "</g>\n");
    draw_texts(b, p, &L, any);
    draw_legend(b, p, &L);
    nmfi_strbuf_add(b, "</svg>\n");
}

static nmf_status check_plot(const nmfi_plot *p, const char *name)
{
    if (!p || (p->nseries > 0 && !p->series))
        return nmfi_error(NMF_E_INVAL, "%s: no plot to draw", name);
    for (size_t k = 0; k < p->nseries; k++)
        if (p->series[k].n > 0 && !p->series[k].y)
            return nmfi_error(NMF_E_INVAL, "%s: series %zu has no y values",
                              name, k);
    return NMF_OK;
}

nmf_status nmfi_svg_plot_fp(FILE *fp, const nmfi_plot *p, const char *name)
{
    nmf_status s = check_plot(p, name);
    if (s != NMF_OK)
        return s;
    nmfi_strbuf b;
    nmfi_strbuf_init(&b);
    build(&b, p);
    if (b.failed)
        s = nmfi_error(NMF_E_NOMEM, "%s: out of memory drawing the plot",
                       name);
    else if (fwrite(b.data, 1, b.len, fp) != b.len)
        s = nmfi_error(NMF_E_IO, "%s: write failed", name);
    nmfi_strbuf_free(&b);
    return s;
}

nmf_status nmfi_svg_plot(const char *path, const nmfi_plot *p)
{
    nmf_status s = check_plot(p, path);
    if (s != NMF_OK)
        return s;
    nmfi_atomic_file f;
    s = nmfi_atomic_open(&f, path);
    if (s != NMF_OK)
        return s;
    s = nmfi_svg_plot_fp(f.fp, p, path);
    if (s == NMF_OK)
        s = nmfi_atomic_commit(&f);
    nmfi_atomic_discard(&f);
    return s;
}
