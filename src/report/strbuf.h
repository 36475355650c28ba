/* strbuf.h -- a growing string for building HTML, JSON and SVG text. An
 * allocation failure is remembered and reported once, at the end. */
#ifndef NMFI_STRBUF_H
#define NMFI_STRBUF_H

#include <stddef.h>

#include "core/error.h"

typedef struct nmfi_strbuf {
    char *data;
    size_t len, cap;
    int failed;
} nmfi_strbuf;

void nmfi_strbuf_init(nmfi_strbuf *b);
void nmfi_strbuf_free(nmfi_strbuf *b);
void nmfi_strbuf_add(nmfi_strbuf *b, const char *s);
void nmfi_strbuf_printf(nmfi_strbuf *b, const char *fmt, ...) NMFI_PRINTF(2, 3);
/* Text with & < > " ' escaped for HTML/XML. */
void nmfi_strbuf_add_escaped(nmfi_strbuf *b, const char *s);
/* Write the whole buffer to path through a temporary; NMF_E_NOMEM if any
 * earlier append failed. */
nmf_status nmfi_strbuf_write(const nmfi_strbuf *b, const char *path);

#endif
