/* strbuf.c -- the growing string behind the HTML, JSON and SVG writers.
 *
 * Appends never fail loudly: the first allocation failure is remembered and
 * every later append is a no-op, so builders stay free of error checks and
 * nmfi_strbuf_write reports NMF_E_NOMEM once, at the end. The data is kept
 * NUL-terminated whenever it exists. */
#include <config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomic_file.h"
#include "report/strbuf.h"

void nmfi_strbuf_init(nmfi_strbuf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

void nmfi_strbuf_free(nmfi_strbuf *b)
{
    free(b->data);
    nmfi_strbuf_init(b);
}

/* Room for extra more bytes plus the NUL; doubling keeps n appends O(n). */
static int reserve(nmfi_strbuf *b, size_t extra)
{
    if (b->failed)
        return 0;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = 1;
        return 0;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

static void add_bytes(nmfi_strbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void nmfi_strbuf_add(nmfi_strbuf *b, const char *s)
{
    if (s)
        add_bytes(b, s, strlen(s));
}

void nmfi_strbuf_printf(nmfi_strbuf *b, const char *fmt, ...)
{
    if (!reserve(b, 64))
        return;
    va_list ap;
    va_start(ap, fmt);
    size_t room = b->cap - b->len;
    int n = vsnprintf(b->data + b->len, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->data[b->len] = '\0';
        b->failed = 1;
        return;
    }
    if ((size_t)n >= room) {
        if (!reserve(b, (size_t)n)) {
            b->data[b->len] = '\0';
            return;
        }
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

/* Control characters other than tab, LF and CR are not allowed in XML 1.0
 * even as references, so they become '?' rather than break the document. */
void nmfi_strbuf_add_escaped(nmfi_strbuf *b, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (;; s++) {
        const char *rep = NULL;
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&':  rep = "&amp;"; break;
        case '<':  rep = "&lt;"; break;
        case '>':  rep = "&gt;"; break;
        case '"':  rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\t': case '\n': case '\r': break;
        default:
            if (c != '\0' && c < 0x20)
                rep = "?";
        }
        if (rep || c == '\0') {
            add_bytes(b, run, (size_t)(s - run));
            if (!rep)
                return;
            nmfi_strbuf_add(b, rep);
            run = s + 1;
        }
    }
}

nmf_status nmfi_strbuf_write(const nmfi_strbuf *b, const char *path)
{
    if (b->failed)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory building the text",
                          path);
    nmfi_atomic_file f;
    nmf_status s = nmfi_atomic_open(&f, path);
    if (s != NMF_OK)
        return s;
    if (b->len > 0)
        fwrite(b->data, 1, b->len, f.fp);
    s = nmfi_atomic_commit(&f);
    nmfi_atomic_discard(&f);
    return s;
}
