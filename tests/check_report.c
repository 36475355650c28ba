/* check_report.c -- Check suite for src/report: image grids pixel by pixel
 * (compositing over the background, clipping, gaps, empty cells), SVG plots
 * read back through a small XML well-formedness checker written here (so
 * the test needs no xmllint), the HTML page's escaped content, and JSON
 * compared byte for byte. Files go into a mkdtemp folder that the fixture
 * removes; every writer is checked to leave no temporary behind. */
#include <config.h>

#include <check.h>
#include <ctype.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/png.h"
#include "nmfkit.h"
#include "report/grid.h"
#include "report/html.h"
#include "report/json.h"
#include "report/strbuf.h"
#include "report/svgplot.h"
#include "testtmp.h"
#include "testutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Helpers ------------------------------------------------------------ */

/* Exactly `want` entries in the test's folder, none of them a leftover
 * temporary of the atomic writer. */
static void assert_only_files(int want)
{
    ck_assert_int_eq(testtmp_count_leftovers(testtmp_dir()), 0);
    ck_assert_int_eq(testtmp_count_entries(testtmp_dir()), want);
}

static size_t count_substr(const char *s, const char *sub)
{
    size_t n = 0, len = strlen(sub);
    for (const char *p = strstr(s, sub); p; p = strstr(p + len, sub))
        n++;
    return n;
}

static int contains_nocase(const char *s, const char *sub)
{
    size_t len = strlen(sub);
    for (; *s; s++)
        if (strncasecmp(s, sub, len) == 0)
            return 1;
    return 0;
}

static void assert_contains(const char *doc, const char *want)
{
    ck_assert_msg(strstr(doc, want) != NULL, "'%s' not in the output",
                  want);
}

/* ---- Grid --------------------------------------------------------------- */

/* One 2x2 image: transparent (stored RGB 0), opaque black, a colour at
 * half alpha, and out-of-range values with a NaN. */
static const float probe[4][4] = {
    {0.0f, 0.0f, 0.0f, 0.0f},
    {0.0f, 0.0f, 0.0f, 1.0f},
    {1.0f, 0.2f, 0.6f, 0.5f},
    {1.5f, -0.3f, NAN, 2.0f},
};
/* ...composited over background 0.5: gray, black, 0.5 c + 0.25, clipped. */
static const double probe_want[4][3] = {
    {0.5, 0.5, 0.5},
    {0.0, 0.0, 0.0},
    {0.75, 0.35, 0.55},
    {1.0, 0.0, 0.0},
};

/* Images 1 and 2 are opaque and flat, so a misplaced cell shows. */
static const double flat[2][3] = {{0.1, 0.9, 0.3}, {0.8, 0.4, 0.2}};

static void make_grid_images(float pix[3][16], nmfi_image img[3])
{
    for (int p = 0; p < 4; p++)
        for (int c = 0; c < 4; c++) {
            pix[0][4 * p + c] = probe[p][c];
            pix[1][4 * p + c] = c < 3 ? (float)flat[0][c] : 1.0f;
            pix[2][4 * p + c] = c < 3 ? (float)flat[1][c] : 1.0f;
        }
    for (int i = 0; i < 3; i++)
        img[i] = (nmfi_image){2, 2, pix[i]};
}

static void grid_style(nmfi_grid_style *st)
{
    nmfi_grid_style_init(st);
    st->cols = 2;
    st->scale = 3;
    st->gap = 1;
}

/* The expected colour of output pixel (x, y), worked out from the layout
 * rules alone: cells are 6 px with 1 px gaps between and around them. */
static void expected_pixel(size_t x, size_t y, double want[3])
{
    const size_t stride = 2 * 3 + 1;
    if (x % stride == 0 || y % stride == 0) {
        want[0] = want[1] = want[2] = 1.0;
        return;
    }
    size_t cell = (y / stride) * 2 + x / stride;
    size_t sx = (x % stride - 1) / 3, sy = (y % stride - 1) / 3;
    for (int c = 0; c < 3; c++)
        want[c] = cell == 0 ? probe_want[sy * 2 + sx][c]
                : cell < 3  ? flat[cell - 1][c]
                            : 1.0;  /* the empty fourth cell is gap gray */
}

START_TEST(test_grid_defaults)
{
    nmfi_grid_style st;
    nmfi_grid_style_init(&st);
    ck_assert_uint_eq(st.cols, 8);
    ck_assert_uint_eq(st.scale, 4);
    ck_assert_uint_eq(st.gap, 2);
    ck_assert_float_eq(st.background, 0.5f);
    ck_assert_float_eq(st.gap_gray, 1.0f);
}
END_TEST

START_TEST(test_grid_compose)
{
    float pix[3][16];
    nmfi_image img[3];
    make_grid_images(pix, img);
    nmfi_grid_style st;
    grid_style(&st);
    nmfi_image out = {0, 0, NULL};
    ck_assert_int_eq(nmfi_grid_compose(img, 3, &st, &out), NMF_OK);
    /* 2 cells of 2*3 px and 3 gaps each way */
    ck_assert_uint_eq(out.width, 15);
    ck_assert_uint_eq(out.height, 15);
    for (size_t y = 0; y < out.height; y++)
        for (size_t x = 0; x < out.width; x++) {
            double want[3];
            expected_pixel(x, y, want);
            const float *px = out.rgba + 4 * (y * out.width + x);
            for (int c = 0; c < 3; c++)
                ck_assert_msg(fabs(px[c] - want[c]) <= TOL_PIXEL,
                              "pixel (%zu, %zu) channel %d: %.9g, want %.9g",
                              x, y, c, (double)px[c], want[c]);
            ck_assert_msg(px[3] == 1.0f, "pixel (%zu, %zu) alpha %g", x, y,
                          (double)px[3]);
        }
    nmfi_image_free(&out);
}
END_TEST

START_TEST(test_grid_colours)
{
    /* a dark gap and a light background come through as given */
    float pix[3][16];
    nmfi_image img[3];
    make_grid_images(pix, img);
    nmfi_grid_style st;
    grid_style(&st);
    st.background = 0.25f;
    st.gap_gray = 0.0f;
    st.cols = 3;
    st.scale = 1;
    st.gap = 0;
    nmfi_image out = {0, 0, NULL};
    ck_assert_int_eq(nmfi_grid_compose(img, 1, &st, &out), NMF_OK);
    ck_assert_uint_eq(out.width, 6);
    ck_assert_uint_eq(out.height, 2);
    /* transparent pixel: the background; cells 2 and 3 empty: gap gray */
    ck_assert_float_eq_tol(out.rgba[0], 0.25f, TOL_PIXEL);
    ck_assert_float_eq_tol(out.rgba[4 * 2], 0.0f, TOL_PIXEL);
    ck_assert_float_eq_tol(out.rgba[4 * 5 + 1], 0.0f, TOL_PIXEL);
    /* half alpha over 0.25: 0.5 * 0.2 + 0.125 in green, second row */
    ck_assert_float_eq_tol(out.rgba[4 * 6 + 1], 0.225f, TOL_PIXEL);
    nmfi_image_free(&out);
}
END_TEST

START_TEST(test_grid_rejects)
{
    float pix[3][16], odd[4 * 6] = {0};
    nmfi_image img[3];
    make_grid_images(pix, img);
    nmfi_grid_style st;
    grid_style(&st);
    nmfi_image out = {0, 0, NULL};
    img[1] = (nmfi_image){2, 3, odd};
    ck_assert_int_eq(nmfi_grid_compose(img, 3, &st, &out), NMF_E_INVAL);
    ck_assert_ptr_null(out.rgba);
    ck_assert_ptr_nonnull(strstr(nmf_last_error(), "image 1 is 2x3"));
    img[1] = (nmfi_image){3, 2, odd};
    ck_assert_int_eq(nmfi_grid_compose(img, 3, &st, &out), NMF_E_INVAL);
    make_grid_images(pix, img);
    ck_assert_int_eq(nmfi_grid_compose(img, 0, &st, &out), NMF_E_INVAL);
    st.cols = 0;
    ck_assert_int_eq(nmfi_grid_compose(img, 3, &st, &out), NMF_E_INVAL);
    grid_style(&st);
    st.scale = 0;
    ck_assert_int_eq(nmfi_grid_compose(img, 3, &st, &out), NMF_E_INVAL);
    ck_assert_ptr_null(out.rgba);
}
END_TEST

START_TEST(test_grid_png)
{
    float pix[3][16];
    nmfi_image img[3];
    make_grid_images(pix, img);
    nmfi_grid_style st;
    grid_style(&st);
    char path[700];
    testtmp_path(path, sizeof path, "grid.png");
    ck_assert_int_eq(nmfi_grid_png(path, img, 3, &st), NMF_OK);
    assert_only_files(1);
    nmfi_image back = {0, 0, NULL};
    ck_assert_int_eq(nmfi_png_read(path, &back), NMF_OK);
    ck_assert_uint_eq(back.width, 15);
    ck_assert_uint_eq(back.height, 15);
    for (size_t y = 0; y < back.height; y++)
        for (size_t x = 0; x < back.width; x++) {
            double want[3];
            expected_pixel(x, y, want);
            const float *px = back.rgba + 4 * (y * back.width + x);
            /* 8 bits, rounded to nearest */
            for (int c = 0; c < 3; c++)
                ck_assert_msg(fabs(px[c] - want[c]) <= 0.5 / 255 + TOL_PIXEL,
                              "pixel (%zu, %zu) channel %d: %g, want %g",
                              x, y, c, (double)px[c], want[c]);
            ck_assert_float_eq(px[3], 1.0f);
        }
    nmfi_image_free(&back);

    img[2].width = 1;
    testtmp_path(path, sizeof path, "bad.png");
    ck_assert_int_eq(nmfi_grid_png(path, img, 3, &st), NMF_E_INVAL);
    assert_only_files(1);
}
END_TEST

/* ---- A small XML checker ------------------------------------------------
 * Enough of XML 1.0 for what we write: an optional <?xml?> declaration,
 * one root element, properly nested tags, double-quoted attributes, and
 * text and attribute values in which '<' never appears and '&' starts one
 * of the predefined or numeric references. */

typedef struct xml_doc {
    char why[200];        /* "" when well-formed */
    char root[32];
    size_t elements, polylines, circles, texts;
    size_t points;        /* polyline points in all */
    int outside;          /* a polyline point outside the viewBox */
    double width, height; /* of the root <svg> */
} xml_doc;

static int xml_fail(xml_doc *d, const char *p, const char *what)
{
    if (!d->why[0])
        snprintf(d->why, sizeof d->why, "%s at \"%.30s\"", what, p);
    return 0;
}

static int name_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == ':'
        || c == '.';
}

/* Returns the length of a name at p (0 if none). */
static size_t xml_name(const char *p)
{
    if (!isalpha((unsigned char)*p) && *p != '_')
        return 0;
    size_t n = 1;
    while (name_char(p[n]))
        n++;
    return n;
}

/* A reference at p ('&'); its length, or 0 if it is not one. */
static size_t xml_reference(const char *p)
{
    static const char *const named[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                        "&apos;"};
    for (size_t i = 0; i < COUNT(named); i++)
        if (strncmp(p, named[i], strlen(named[i])) == 0)
            return strlen(named[i]);
    if (p[1] != '#')
        return 0;
    size_t n = 2;
    int hex = p[2] == 'x';
    n += (size_t)hex;
    size_t digits = 0;
    while (hex ? isxdigit((unsigned char)p[n]) : isdigit((unsigned char)p[n])) {
        n++;
        digits++;
    }
    return digits > 0 && p[n] == ';' ? n + 1 : 0;
}

/* Text or an attribute value from p up to stop; 0 on a bad character. */
static int xml_chars(xml_doc *d, const char *p, const char *stop)
{
    for (; p < stop; p++) {
        if (*p == '<')
            return xml_fail(d, p, "raw '<'");
        if (*p == '>')
            return xml_fail(d, p, "raw '>' (we escape it)");
        if (*p == '&' && xml_reference(p) == 0)
            return xml_fail(d, p, "bare '&'");
        if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t'
            && *p != '\r')
            return xml_fail(d, p, "control character");
    }
    return 1;
}

static void xml_points(xml_doc *d, const char *p, const char *stop)
{
    while (p < stop) {
        char *end;
        double x = strtod(p, &end);
        if (end == p || *end != ',') {
            xml_fail(d, p, "bad point list");
            return;
        }
        p = end + 1;
        double y = strtod(p, &end);
        if (end == p) {
            xml_fail(d, p, "bad point list");
            return;
        }
        p = end;
        d->points++;
        if (!(x >= 0 && x <= d->width && y >= 0 && y <= d->height))
            d->outside = 1;
        while (p < stop && *p == ' ')
            p++;
    }
}

static int xml_check(const char *s, xml_doc *d)
{
    memset(d, 0, sizeof *d);
    const char *stack[64];
    size_t stack_len[64];
    size_t depth = 0;
    int root_done = 0;
    const char *p = s;
    if (strncmp(p, "<?xml ", 6) == 0) {
        p = strstr(p, "?>");
        if (!p)
            return xml_fail(d, s, "unterminated declaration");
        p += 2;
    }
    while (*p) {
        if (*p != '<') {
            const char *stop = strchr(p, '<');
            if (!stop)
                stop = p + strlen(p);
            if (depth == 0) {
                for (; p < stop; p++)
                    if (!isspace((unsigned char)*p))
                        return xml_fail(d, p, "text outside the root");
            } else if (!xml_chars(d, p, stop)) {
                return 0;
            }
            p = stop;
            continue;
        }
        if (p[1] == '/') {
            size_t n = xml_name(p + 2);
            if (n == 0 || depth == 0)
                return xml_fail(d, p, "bad end tag");
            depth--;
            if (n != stack_len[depth] || strncmp(p + 2, stack[depth], n))
                return xml_fail(d, p, "end tag does not match");
            p += 2 + n;
            while (isspace((unsigned char)*p))
                p++;
            if (*p != '>')
                return xml_fail(d, p, "end tag not closed");
            p++;
            root_done = depth == 0;
            continue;
        }
        size_t n = xml_name(p + 1);
        if (n == 0)
            return xml_fail(d, p, "bad tag");
        if (root_done)
            return xml_fail(d, p, "a second root element");
        const char *name = p + 1;
        if (depth == 0)
            snprintf(d->root, sizeof d->root, "%.*s", (int)n, name);
        d->elements++;
        d->polylines += n == 8 && strncmp(name, "polyline", 8) == 0;
        d->circles += n == 6 && strncmp(name, "circle", 6) == 0;
        d->texts += n == 4 && strncmp(name, "text", 4) == 0;
        p += 1 + n;
        for (;;) {
            int space = isspace((unsigned char)*p);
            while (isspace((unsigned char)*p))
                p++;
            if (p[0] == '/' && p[1] == '>') {
                p += 2;
                root_done = depth == 0;
                break;
            }
            if (*p == '>') {
                if (depth == COUNT(stack))
                    return xml_fail(d, p, "nested too deep");
                stack[depth] = name;
                stack_len[depth++] = n;
                p++;
                break;
            }
            size_t an = xml_name(p);
            if (an == 0 || !space)
                return xml_fail(d, p, "bad attribute");
            const char *attr = p;
            p += an;
            if (p[0] != '=' || p[1] != '"')
                return xml_fail(d, p, "attribute value not double-quoted");
            const char *v = p + 2, *stop = strchr(v, '"');
            if (!stop)
                return xml_fail(d, p, "unterminated attribute value");
            if (!xml_chars(d, v, stop))
                return 0;
            if (depth == 0 && an == 5 && strncmp(attr, "width", 5) == 0)
                d->width = strtod(v, NULL);
            if (depth == 0 && an == 6 && strncmp(attr, "height", 6) == 0)
                d->height = strtod(v, NULL);
            if (an == 6 && strncmp(attr, "points", 6) == 0)
                xml_points(d, v, stop);
            p = stop + 1;
        }
    }
    if (depth != 0)
        return xml_fail(d, p, "unclosed element");
    if (!root_done)
        return xml_fail(d, p, "no root element");
    return !d->why[0];
}

START_TEST(test_xml_checker)
{
    /* the checker must be able to fail */
    static const char *const bad[] = {
        "<svg><g></svg></g>", "<svg a=1/>", "<svg>a < b</svg>",
        "<svg>R&D</svg>", "<svg/><svg/>", "<svg>", "text<svg/>",
        "<svg a=\"x\"b=\"y\"/>",
    };
    xml_doc d;
    for (size_t i = 0; i < COUNT(bad); i++)
        ck_assert_msg(!xml_check(bad[i], &d), "accepted: %s", bad[i]);
    ck_assert(xml_check("<?xml version=\"1.0\"?>\n<svg a=\"&lt;&#39;\">"
                        "<g><polyline points=\"1,2 3,4\"/></g>x &amp; y"
                        "</svg>\n", &d));
    ck_assert_str_eq(d.root, "svg");
    ck_assert_uint_eq(d.polylines, 1);
}
END_TEST

/* ---- SVG plots -------------------------------------------------------- */

#define NPT 60

typedef struct plot_case {
    const char *name;
    int log_x, log_y;
    size_t nseries;
    size_t polylines;   /* runs of >= 2 drawable points */
    size_t circles;     /* markers, isolated points, legend markers */
    const char *labels[4]; /* tick labels that must be there */
} plot_case;

static const plot_case plot_cases[] = {
    /* two series, a NaN splits the second */
    {"linear", 0, 0, 2, 3, 0, {">0<", ">60<", NULL}},
    /* a zero in the first splits it; the third has markers and a label */
    {"logy", 0, 1, 3, 4, NPT + 1, {NULL}},
    /* x = 0 and x = -1 are skipped on a log axis */
    {"logx", 1, 0, 1, 1, 0, {">1<", ">10<", ">100<", NULL}},
    {"single", 0, 0, 1, 0, 1, {NULL}},
    {"empty", 0, 0, 0, 0, 0, {NULL}},
    /* one flat line, the range is padded around it */
    {"flat", 0, 0, 1, 1, 0, {">3.0<", ">2.7<", NULL}},
    /* a decade only: 1-2-5 ticks inside it, on both log axes */
    {"narrow", 1, 1, 1, 1, 0, {">3<", NULL}},
};

static const char plot_title[] = "Error <&> \"quoted\" 'x'";
static const char plot_title_esc[] =
    "Error &lt;&amp;&gt; &quot;quoted&quot; &#39;x&#39;";

/* Series data for a case; storage lives in the caller's arrays. */
static size_t make_plot(int which, double x[3][NPT], double y[3][NPT],
                        nmfi_series s[3], nmfi_plot *p)
{
    const plot_case *pc = &plot_cases[which];
    memset(s, 0, 3 * sizeof *s);
    memset(p, 0, sizeof *p);
    p->title = plot_title;
    p->xlabel = "iteration <i>";
    p->ylabel = "error & residual";
    p->log_x = pc->log_x;
    p->log_y = pc->log_y;
    p->series = s;
    p->nseries = pc->nseries;
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < NPT; i++) {
            x[k][i] = i;
            y[k][i] = 100.0 * exp(-i / (5.0 + 5.0 * k)) + 0.01 * k;
            s[k].x = x[k];
            s[k].y = y[k];
            s[k].n = NPT;
        }
    s[0].label = "first <a>";
    s[1].label = "second & more";
    if (strcmp(pc->name, "linear") == 0) {
        x[0][NPT - 1] = 60;
        y[1][20] = NAN;
        s[1].opacity = 0.3;
        s[1].width = 0.75;
    } else if (strcmp(pc->name, "logy") == 0) {
        y[0][30] = 0.0;
        s[1].dashed = 1;
        s[1].width = 3;
        s[1].color = "#000";
        s[2].markers = 1;
        s[2].label = "third";
    } else if (strcmp(pc->name, "logx") == 0) {
        static const double ranks[] = {-1, 0, 1, 2, 5, 10, 20, 50, 100};
        s[0].n = COUNT(ranks);
        for (size_t i = 0; i < COUNT(ranks); i++) {
            x[0][i] = ranks[i];
            y[0][i] = 1.0 / (1.0 + ranks[i] * ranks[i]);
        }
        s[0].markers = 0;
    } else if (strcmp(pc->name, "single") == 0) {
        s[0].n = 1;
        y[0][0] = 5.0;
    } else if (strcmp(pc->name, "flat") == 0) {
        s[0].n = 10;
        s[0].x = NULL;  /* x = 0, 1, ... */
        for (int i = 0; i < 10; i++)
            y[0][i] = 3.0;
    } else if (strcmp(pc->name, "narrow") == 0) {
        for (int i = 0; i < NPT; i++) {
            x[0][i] = 2.0 + i * 0.1;
            y[0][i] = 2.0 + i * 0.05;
        }
    }
    return pc->nseries;
}

START_TEST(test_svg_plot)
{
    const plot_case *pc = &plot_cases[_i];
    double x[3][NPT], y[3][NPT];
    nmfi_series s[3];
    nmfi_plot p;
    make_plot(_i, x, y, s, &p);
    char path[700], name[64];
    snprintf(name, sizeof name, "%s.svg", pc->name);
    testtmp_path(path, sizeof path, name);
    ck_assert_int_eq(nmfi_svg_plot(path, &p), NMF_OK);
    assert_only_files(1);
    char *doc = (char *)testtmp_slurp(path, NULL);
    xml_doc d;
    ck_assert_msg(xml_check(doc, &d), "%s: not well-formed: %s", pc->name,
                  d.why);
    ck_assert_str_eq(d.root, "svg");
    ck_assert_double_eq(d.width, 640);
    ck_assert_double_eq(d.height, 400);
    assert_contains(doc, "xmlns=\"http://www.w3.org/2000/svg\"");
    assert_contains(doc, "viewBox=\"0 0 640 400\"");
    ck_assert_uint_eq(d.polylines, pc->polylines);
    ck_assert_uint_eq(d.circles, pc->circles);
    ck_assert_msg(!d.outside, "%s: a point outside the picture", pc->name);
    ck_assert_msg(!contains_nocase(doc, "nan"), "%s: nan in output",
                  pc->name);
    ck_assert_msg(!contains_nocase(doc, "inf"), "%s: inf in output",
                  pc->name);
    assert_contains(doc, plot_title_esc);
    assert_contains(doc, ">iteration &lt;i&gt;</text>");
    assert_contains(doc, ">error &amp; residual</text>");
    if (pc->nseries > 0) {
        assert_contains(doc, ">first &lt;a&gt;</text>");
        assert_contains(doc, "#1f77b4");
    } else {
        assert_contains(doc, ">no data</text>");
    }
    if (pc->nseries > 1)
        assert_contains(doc, ">second &amp; more</text>");
    for (size_t i = 0; i < COUNT(pc->labels) && pc->labels[i]; i++)
        ck_assert_msg(strstr(doc, pc->labels[i]), "%s: tick %s missing",
                      pc->name, pc->labels[i]);
    if (strcmp(pc->name, "logy") == 0) {
        ck_assert_uint_eq(count_substr(doc, "stroke-dasharray"), 2);
        assert_contains(doc, "stroke=\"#000\"");
        /* the next palette colour goes to the third series */
        assert_contains(doc, "fill=\"#ff7f0e\"");
        /* exponents from 1e-2 to 1e2: plain labels */
        assert_contains(doc, ">0.01<");
        assert_contains(doc, ">100<");
    }
    if (strcmp(pc->name, "linear") == 0)
        assert_contains(doc, "stroke-opacity=\"0.3\"");
    free(doc);
}
END_TEST

/* A long series stays small: about 12 bytes a point. */
START_TEST(test_svg_size)
{
    enum { N = 1000 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    ck_assert(x && y);
    for (int i = 0; i < N; i++) {
        x[i] = i * 0.37;
        y[i] = sin(i * 0.05) * exp(-i * 0.002);
    }
    nmfi_series s = {.label = "waveform", .x = x, .y = y, .n = N};
    nmfi_plot p = {.title = "size", .series = &s, .nseries = 1};
    char path[700];
    testtmp_path(path, sizeof path, "big.svg");
    ck_assert_int_eq(nmfi_svg_plot(path, &p), NMF_OK);
    size_t len;
    char *doc = (char *)testtmp_slurp(path, &len);
    xml_doc d;
    ck_assert_msg(xml_check(doc, &d), "not well-formed: %s", d.why);
    ck_assert_uint_eq(d.polylines, 1);
    ck_assert_uint_le(d.points, N);
    ck_assert_uint_ge(d.points, N / 2);
    ck_assert_msg(len < 12 * N + 4000, "%zu bytes for %d points", len, N);
    free(doc);
    free(x);
    free(y);
}
END_TEST

/* Huge, tiny and degenerate ranges: finite output, ticks that differ. */
START_TEST(test_svg_extremes)
{
    static const double cases[][2] = {
        {-DBL_MAX, DBL_MAX}, {1.0, 1.0 + 1e-14}, {0.0, 0.0}, {5e-324, 5e-324},
        {1e-300, 1e300}, {-1e-3, 2e-3}, {DBL_MAX, DBL_MAX},
    };
    for (size_t c = 0; c < COUNT(cases); c++)
        for (int lg = 0; lg <= 1; lg++) {
            double x[2] = {cases[c][0], cases[c][1]};
            double y[2] = {cases[c][0], cases[c][1]};
            nmfi_series s = {.x = x, .y = y, .n = 2, .markers = 1};
            nmfi_plot p = {.log_x = lg, .log_y = lg, .series = &s,
                           .nseries = 1, .width = -5, .height = NAN};
            char path[700];
            testtmp_path(path, sizeof path, "extreme.svg");
            ck_assert_int_eq(nmfi_svg_plot(path, &p), NMF_OK);
            char *doc = (char *)testtmp_slurp(path, NULL);
            xml_doc d;
            ck_assert_msg(xml_check(doc, &d), "case %zu: %s", c, d.why);
            ck_assert_msg(!contains_nocase(doc, "nan")
                          && !contains_nocase(doc, "inf"),
                          "case %zu log %d: non-finite number", c, lg);
            ck_assert_msg(!d.outside, "case %zu log %d: point outside", c,
                          lg);
            free(doc);
        }
}
END_TEST

START_TEST(test_svg_rejects)
{
    nmfi_series s = {.x = NULL, .y = NULL, .n = 3};
    nmfi_plot p = {.series = &s, .nseries = 1};
    char path[700];
    testtmp_path(path, sizeof path, "bad.svg");
    ck_assert_int_eq(nmfi_svg_plot(path, &p), NMF_E_INVAL);
    ck_assert_int_eq(nmfi_svg_plot(path, NULL), NMF_E_INVAL);
    assert_only_files(0);
    testtmp_path(path, sizeof path, "no/such/folder.svg");
    s = (nmfi_series){.y = (const double[]){1, 2}, .n = 2};
    ck_assert_int_eq(nmfi_svg_plot(path, &p), NMF_E_IO);
}
END_TEST

/* ---- HTML ------------------------------------------------------------- */

START_TEST(test_html_page)
{
    nmfi_html *h = nmfi_html_new("Report <1> & \"2\"");
    ck_assert_ptr_nonnull(h);
    nmfi_html_heading(h, "Basis images");
    nmfi_html_paragraph(h, "Rank 16 <script>alert('x')</script>");
    static const char *const cells[] = {
        "rank", "error", "note",
        "5", "0.25", "a<b",
        "10", "1.5e-3", "12%",
    };
    nmfi_html_table(h, "Errors & ranks", 3, 3, cells);
    nmfi_html_figure(h, "figs/basis \"a&b\".png", "Basis <W>");
    char path[700];
    testtmp_path(path, sizeof path, "index.html");
    ck_assert_int_eq(nmfi_html_write(h, path), NMF_OK);
    nmfi_html_free(h);
    assert_only_files(1);

    char *doc = (char *)testtmp_slurp(path, NULL);
    ck_assert_int_eq(strncmp(doc, "<!DOCTYPE html>", 15), 0);
    assert_contains(doc, "<meta charset=\"utf-8\">");
    assert_contains(doc, "<title>Report &lt;1&gt; &amp; &quot;2&quot;"
                         "</title>");
    assert_contains(doc, "image-rendering: pixelated");
    assert_contains(doc, "<style>");
    const char *order[] = {
        "<h1>Report &lt;1&gt; &amp; &quot;2&quot;</h1>",
        "<h2>Basis images</h2>",
        "<p>Rank 16 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>",
        "<caption>Errors &amp; ranks</caption>",
        "<th>rank</th><th>error</th><th>note</th>",
        "<td class=\"num\">5</td><td class=\"num\">0.25</td><td>a&lt;b</td>",
        "<td class=\"num\">10</td><td class=\"num\">1.5e-3</td>"
        "<td class=\"num\">12%</td>",
        "<img src=\"figs/basis &quot;a&amp;b&quot;.png\" "
        "alt=\"Basis &lt;W&gt;\">",
        "<figcaption>Basis &lt;W&gt;</figcaption>",
        "</body>",
    };
    const char *at = doc;
    for (size_t i = 0; i < COUNT(order); i++) {
        const char *next = strstr(at, order[i]);
        ck_assert_msg(next != NULL, "'%s' missing or out of order",
                      order[i]);
        at = next;
    }
    ck_assert(strstr(doc, "<script>") == NULL);
    free(doc);

    testtmp_path(path, sizeof path, "missing/index.html");
    h = nmfi_html_new("x");
    ck_assert_int_eq(nmfi_html_write(h, path), NMF_E_IO);
    nmfi_html_free(h);
    assert_only_files(1);
}
END_TEST

/* ---- JSON ------------------------------------------------------------- */

START_TEST(test_json_document)
{
    nmfi_json *j = nmfi_json_new();
    ck_assert_ptr_nonnull(j);
    nmfi_json_number(j, "half", 0.5);
    nmfi_json_number(j, "nan", NAN);
    nmfi_json_number(j, "inf", -INFINITY);
    nmfi_json_number(j, "big", 1e300);
    nmfi_json_number(j, "tenth", 0.1);
    nmfi_json_number(j, "third", 1.0 / 3.0);
    nmfi_json_number(j, "three", 3.0);
    nmfi_json_int(j, "neg", -7);
    nmfi_json_int(j, "max", LLONG_MAX);
    nmfi_json_string(j, "s", "a\"b\\c\nd\te\x01\x1f/\xc3\xa9");
    nmfi_json_string(j, "none", NULL);
    nmfi_json_string(j, "key \"q\"", "");
    nmfi_json_numbers(j, "hist", (const double[]){1, 0.5, NAN, -2.25}, 4);
    nmfi_json_ints(j, "ranks", (const long long[]){5, 10}, 2);
    nmfi_json_begin_object(j, "nested");
    nmfi_json_int(j, "k", 0);
    nmfi_json_begin_array(j, "list");
    nmfi_json_begin_object(j, NULL);
    nmfi_json_int(j, "a", 1);
    nmfi_json_end(j);
    nmfi_json_begin_array(j, NULL);
    nmfi_json_end(j);
    nmfi_json_end(j);
    nmfi_json_end(j);
    nmfi_json_begin_array(j, "empty");
    nmfi_json_end(j);
    nmfi_json_begin_object(j, "eo");
    nmfi_json_end(j);
    char path[700];
    testtmp_path(path, sizeof path, "summary.json");
    ck_assert_int_eq(nmfi_json_write(j, path), NMF_OK);
    nmfi_json_free(j);
    assert_only_files(1);
    static const char want[] =
        "{\n"
        "  \"half\": 0.5,\n"
        "  \"nan\": null,\n"
        "  \"inf\": null,\n"
        "  \"big\": 1e+300,\n"
        "  \"tenth\": 0.1,\n"
        "  \"third\": 0.3333333333333333,\n"
        "  \"three\": 3,\n"
        "  \"neg\": -7,\n"
        "  \"max\": 9223372036854775807,\n"
        "  \"s\": \"a\\\"b\\\\c\\nd\\te\\u0001\\u001f/\xc3\xa9\",\n"
        "  \"none\": null,\n"
        "  \"key \\\"q\\\"\": \"\",\n"
        "  \"hist\": [1, 0.5, null, -2.25],\n"
        "  \"ranks\": [5, 10],\n"
        "  \"nested\": {\n"
        "    \"k\": 0,\n"
        "    \"list\": [\n"
        "      {\n"
        "        \"a\": 1\n"
        "      },\n"
        "      []\n"
        "    ]\n"
        "  },\n"
        "  \"empty\": [],\n"
        "  \"eo\": {}\n"
        "}\n";
    size_t len;
    char *doc = (char *)testtmp_slurp(path, &len);
    ck_assert_str_eq(doc, want);
    ck_assert_uint_eq(len, sizeof want - 1);
    free(doc);
}
END_TEST

START_TEST(test_json_empty)
{
    nmfi_json *j = nmfi_json_new();
    char path[700];
    testtmp_path(path, sizeof path, "e.json");
    ck_assert_int_eq(nmfi_json_write(j, path), NMF_OK);
    /* writing again gives the same file */
    ck_assert_int_eq(nmfi_json_write(j, path), NMF_OK);
    nmfi_json_free(j);
    char *doc = (char *)testtmp_slurp(path, NULL);
    ck_assert_str_eq(doc, "{}\n");
    free(doc);
}
END_TEST

/* Each misuse is reported by write as an internal error; nothing is
 * written and nothing crashes. */
enum { MISUSE_KEY_IN_ARRAY, MISUSE_NO_KEY, MISUSE_END_OUTER,
       MISUSE_UNCLOSED, MISUSE_NULL_VALUES, MISUSE_AFTER_WRITE };

START_TEST(test_json_misuse)
{
    nmfi_json *j = nmfi_json_new();
    char path[700];
    testtmp_path(path, sizeof path, "bad.json");
    switch (_i) {
    case MISUSE_KEY_IN_ARRAY:
        nmfi_json_begin_array(j, "a");
        nmfi_json_int(j, "k", 1);
        nmfi_json_end(j);
        break;
    case MISUSE_NO_KEY:
        nmfi_json_number(j, NULL, 1.0);
        break;
    case MISUSE_END_OUTER:
        nmfi_json_end(j);
        nmfi_json_end(j);
        break;
    case MISUSE_UNCLOSED:
        nmfi_json_begin_object(j, "o");
        break;
    case MISUSE_NULL_VALUES:
        nmfi_json_numbers(j, "v", NULL, 3);
        break;
    case MISUSE_AFTER_WRITE:
        ck_assert_int_eq(nmfi_json_write(j, path), NMF_OK);
        unlink(path);
        nmfi_json_int(j, "late", 1);
        break;
    }
    ck_assert_int_eq(nmfi_json_write(j, path), NMF_E_INTERNAL);
    ck_assert_ptr_nonnull(strstr(nmf_last_error(), "json:"));
    nmfi_json_free(j);
    assert_only_files(0);
    /* NULL handles are harmless */
    nmfi_json_int(NULL, "x", 1);
    nmfi_json_end(NULL);
    nmfi_json_free(NULL);
}
END_TEST

/* ---- strbuf ----------------------------------------------------------- */

START_TEST(test_strbuf)
{
    nmfi_strbuf b;
    nmfi_strbuf_init(&b);
    nmfi_strbuf_add_escaped(&b, "a&b<c>d\"e'f\x01g\n");
    ck_assert_str_eq(b.data, "a&amp;b&lt;c&gt;d&quot;e&#39;f?g\n");
    nmfi_strbuf_free(&b);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);

    /* growth through many appends and one printf longer than the room */
    for (int i = 0; i < 5000; i++)
        nmfi_strbuf_printf(&b, "%d,", i % 10);
    char long_str[3000];
    memset(long_str, 'x', sizeof long_str - 1);
    long_str[sizeof long_str - 1] = '\0';
    nmfi_strbuf_printf(&b, "[%s]", long_str);
    ck_assert_uint_eq(b.len, 10000 + 3001);
    ck_assert_uint_eq(strlen(b.data), b.len);
    ck_assert_int_eq(strncmp(b.data, "0,1,2,", 6), 0);
    ck_assert_int_eq(b.data[b.len - 1], ']');
    ck_assert(!b.failed);

    char path[700];
    testtmp_path(path, sizeof path, "buf.txt");
    ck_assert_int_eq(nmfi_strbuf_write(&b, path), NMF_OK);
    size_t len;
    char *doc = (char *)testtmp_slurp(path, &len);
    ck_assert_uint_eq(len, b.len);
    ck_assert_int_eq(memcmp(doc, b.data, len), 0);
    free(doc);

    b.failed = 1;  /* as after a failed allocation */
    testtmp_path(path, sizeof path, "failed.txt");
    ck_assert_int_eq(nmfi_strbuf_write(&b, path), NMF_E_NOMEM);
    nmfi_strbuf_free(&b);
    assert_only_files(1);
}
END_TEST

/* ---- Suite ------------------------------------------------------------ */

static Suite *make_report_suite(void)
{
    testtmp_init("check_report");
    Suite *s = suite_create("report");
    /* Generous timeouts so the suite also passes under valgrind. */
    const int timeout = 60;
    TCase *tc = tcase_create("grid");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, timeout);
    tcase_add_test(tc, test_grid_defaults);
    tcase_add_test(tc, test_grid_compose);
    tcase_add_test(tc, test_grid_colours);
    tcase_add_test(tc, test_grid_rejects);
    tcase_add_test(tc, test_grid_png);
    suite_add_tcase(s, tc);

    tc = tcase_create("svg");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, timeout);
    tcase_add_test(tc, test_xml_checker);
    tcase_add_loop_test(tc, test_svg_plot, 0, COUNT(plot_cases));
    tcase_add_test(tc, test_svg_size);
    tcase_add_test(tc, test_svg_extremes);
    tcase_add_test(tc, test_svg_rejects);
    suite_add_tcase(s, tc);

    tc = tcase_create("html");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, timeout);
    tcase_add_test(tc, test_html_page);
    tcase_add_test(tc, test_strbuf);
    suite_add_tcase(s, tc);

    tc = tcase_create("json");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, timeout);
    tcase_add_test(tc, test_json_document);
    tcase_add_test(tc, test_json_empty);
    tcase_add_loop_test(tc, test_json_misuse, 0, MISUSE_AFTER_WRITE + 1);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_report_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
