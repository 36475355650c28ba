/* html.c -- report/index.html: one page, no scripts, no server, no fonts.
 *
 * Blocks are rendered into the body as they are added, so the page is the
 * blocks in call order. The inline style keeps upscaled pixel art crisp
 * (image-rendering: pixelated) and numbers in tables aligned. A failed
 * allocation anywhere is reported by nmfi_html_write as NMF_E_NOMEM. */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report/html.h"
#include "report/strbuf.h"

struct nmfi_html {
    char *title;
    nmfi_strbuf body;
};

static const char page_style[] =
    "body { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto,"
    " sans-serif;\n"
    "  max-width: 64em; margin: 2em auto; padding: 0 1em;"
    " line-height: 1.5; color: #222; }\n"
    "h1 { font-size: 1.6em; margin-bottom: 0.3em; }\n"
    "h2 { font-size: 1.25em; margin-top: 1.8em;"
    " border-bottom: 1px solid #ddd; }\n"
    "table { border-collapse: collapse; margin: 1em 0; }\n"
    "caption { caption-side: top; text-align: left; font-weight: 600;"
    " padding-bottom: 0.3em; }\n"
    "th, td { border: 1px solid #bbb; padding: 0.25em 0.7em; }\n"
    "th { background: #f2f2f2; text-align: left; }\n"
    "td.num { text-align: right; font-variant-numeric: tabular-nums; }\n"
    "figure { margin: 1.5em 0; }\n"
    "figure img { max-width: 100%; height: auto; display: block;\n"
    "  image-rendering: pixelated; }\n"
    "figcaption { color: #555; font-size: 0.9em; margin-top: 0.4em; }\n";

nmfi_html *nmfi_html_new(const char *title)
{
    nmfi_html *h = malloc(sizeof *h);
    if (!h)
        return NULL;
    h->title = strdup(title ? title : "");
    if (!h->title) {
        free(h);
        return NULL;
    }
    nmfi_strbuf_init(&h->body);
    return h;
}

void nmfi_html_free(nmfi_html *h)
{
    if (!h)
        return;
    free(h->title);
    nmfi_strbuf_free(&h->body);
    free(h);
}

static void element(nmfi_html *h, const char *tag, const char *text)
{
    if (!h)
        return;
    nmfi_strbuf_printf(&h->body, "<%s>", tag);
    nmfi_strbuf_add_escaped(&h->body, text);
    nmfi_strbuf_printf(&h->body, "</%s>\n", tag);
}

void nmfi_html_heading(nmfi_html *h, const char *text)
{
    element(h, "h2", text);
}

void nmfi_html_paragraph(nmfi_html *h, const char *text)
{
    element(h, "p", text);
}

/* A whole cell that strtod takes (blanks around allowed), optionally with
 * a trailing '%' or 'x' as in "12.5%" or "3.1x". */
static int is_number(const char *s)
{
    if (!s)
        return 0;
    char *end;
    strtod(s, &end);
    if (end == s)
        return 0;
    if (*end == '%' || *end == 'x')
        end++;
    while (isspace((unsigned char)*end))
        end++;
    return *end == '\0';
}

void nmfi_html_table(nmfi_html *h, const char *caption, size_t rows,
                     size_t cols, const char *const *cells)
{
    if (!h)
        return;
    nmfi_strbuf *b = &h->body;
    nmfi_strbuf_add(b, "<table>\n");
    if (caption) {
        nmfi_strbuf_add(b, "<caption>");
        nmfi_strbuf_add_escaped(b, caption);
        nmfi_strbuf_add(b, "</caption>\n");
    }
    for (size_t r = 0; cells && r < rows; r++) {
        if (r == 0)
            nmfi_strbuf_add(b, "<thead>\n");
        else if (r == 1)
            nmfi_strbuf_add(b, "<tbody>\n");
        nmfi_strbuf_add(b, "<tr>");
        for (size_t c = 0; c < cols; c++) {
            const char *cell = cells[r * cols + c];
            const char *tag = r == 0 ? "th" : "td";
            if (r > 0 && is_number(cell))
                nmfi_strbuf_add(b, "<td class=\"num\">");
            else
                nmfi_strbuf_printf(b, "<%s>", tag);
            nmfi_strbuf_add_escaped(b, cell);
            nmfi_strbuf_printf(b, "</%s>", tag);
        }
        nmfi_strbuf_add(b, "</tr>\n");
        if (r == 0)
            nmfi_strbuf_add(b, "</thead>\n");
    }
    if (cells && rows > 1)
        nmfi_strbuf_add(b, "</tbody>\n");
    nmfi_strbuf_add(b, "</table>\n");
}

void nmfi_html_figure(nmfi_html *h, const char *src, const char *caption)
{
    if (!h)
        return;
    nmfi_strbuf *b = &h->body;
    nmfi_strbuf_add(b, "<figure>\n<img src=\"");
    nmfi_strbuf_add_escaped(b, src);
    nmfi_strbuf_add(b, "\" alt=\"");
    nmfi_strbuf_add_escaped(b, caption);
    nmfi_strbuf_add(b, "\">\n");
    if (caption) {
        nmfi_strbuf_add(b, "<figcaption>");
        nmfi_strbuf_add_escaped(b, caption);
        nmfi_strbuf_add(b, "</figcaption>\n");
    }
    nmfi_strbuf_add(b, "</figure>\n");
}

nmf_status nmfi_html_write(const nmfi_html *h, const char *path)
{
    if (!h || h->body.failed)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory building the page",
                          path);
    nmfi_strbuf page;
    nmfi_strbuf_init(&page);
    nmfi_strbuf_add(&page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                    "<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\">\n<title>");
    nmfi_strbuf_add_escaped(&page, h->title);
    nmfi_strbuf_add(&page, "</title>\n<style>\n");
    nmfi_strbuf_add(&page, page_style);
    nmfi_strbuf_add(&page, "</style>\n</head>\n<body>\n<h1>");
    nmfi_strbuf_add_escaped(&page, h->title);
    nmfi_strbuf_add(&page, "</h1>\n");
    if (h->body.data)
        nmfi_strbuf_add(&page, h->body.data);
    nmfi_strbuf_add(&page, "</body>\n</html>\n");
    nmf_status s = nmfi_strbuf_write(&page, path);
    nmfi_strbuf_free(&page);
    return s;
}
