/* html.h -- the report page: one self-contained index.html that opens in a
 * browser with no server. Figures are linked by relative path (PNG via
 * <img>, SVG via <img> too, so the page stays simple and the figures stay
 * files a user can take away); all text is escaped. */
#ifndef NMFI_HTML_H
#define NMFI_HTML_H

#include <stddef.h>

#include "nmfkit.h"

typedef struct nmfi_html nmfi_html;

nmfi_html *nmfi_html_new(const char *title);
void nmfi_html_free(nmfi_html *h);
void nmfi_html_heading(nmfi_html *h, const char *text);     /* <h2> */
void nmfi_html_paragraph(nmfi_html *h, const char *text);   /* <p>, escaped */
/* A table of rows x cols cells given row by row (cells[r * cols + c]); the
 * first row is the header. Cells that parse as numbers are right-aligned. */
void nmfi_html_table(nmfi_html *h, const char *caption, size_t rows,
                     size_t cols, const char *const *cells);
/* A figure: src relative to the page, and a caption. */
void nmfi_html_figure(nmfi_html *h, const char *src, const char *caption);
/* Write the page to path through a temporary. */
nmf_status nmfi_html_write(const nmfi_html *h, const char *path);

#endif
