/* json.c -- a streaming writer for summary.json.
 *
 * Values are appended as they come; a stack of open objects and arrays
 * knows where commas go and whether a key is due. Objects put one member
 * per line; arrays of plain values stay on one line so a long error history
 * reads as a row. Misuse (a key inside an array, an end with nothing open)
 * is a bug in the caller: it never crashes, it is remembered and returned
 * by nmfi_json_write as NMF_E_INTERNAL. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/json.h"
#include "report/strbuf.h"

typedef struct level {
    char close;       /* '}' or ']' */
    int multiline;    /* items each on their own line */
    size_t items;
} level;

struct nmfi_json {
    nmfi_strbuf buf;
    level *stack;
    size_t depth, cap;
    int nomem;
    int closed;              /* the outer object is written */
    char misuse[160];        /* first misuse, "" if none */
};

static void misuse(nmfi_json *j, const char *what)
{
    if (!j->misuse[0])
        snprintf(j->misuse, sizeof j->misuse, "%s", what);
}

static void indent(nmfi_json *j, size_t depth)
{
    nmfi_strbuf_add(&j->buf, "\n");
    for (size_t i = 0; i < depth; i++)
        nmfi_strbuf_add(&j->buf, "  ");
}

static int push(nmfi_json *j, char close, int multiline)
{
    if (j->depth == j->cap) {
        size_t cap = j->cap ? 2 * j->cap : 8;
        level *p = realloc(j->stack, cap * sizeof *p);
        if (!p) {
            j->nomem = 1;
            return 0;
        }
        j->stack = p;
        j->cap = cap;
    }
    j->stack[j->depth++] = (level){close, multiline, 0};
    return 1;
}

nmfi_json *nmfi_json_new(void)
{
    nmfi_json *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    nmfi_strbuf_init(&j->buf);
    if (!push(j, '}', 1)) {
        free(j);
        return NULL;
    }
    nmfi_strbuf_add(&j->buf, "{");
    return j;
}

void nmfi_json_free(nmfi_json *j)
{
    if (!j)
        return;
    nmfi_strbuf_free(&j->buf);
    free(j->stack);
    free(j);
}

/* RFC 8259 section 7: quote, backslash and C0 controls must be escaped;
 * everything else (UTF-8 included) may go through as is. */
static void add_string(nmfi_strbuf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    nmfi_strbuf_add(b, "\"");
    const char *run = s;
    for (;; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        char tmp[7];
        for (size_t left = (size_t)(s - run), n; left > 0; left -= n) {
            n = left < 4096 ? left : 4096;
            nmfi_strbuf_printf(b, "%.*s", (int)n, run);
            run += n;
        }
        if (c == '\0')
            break;
        switch (c) {
        case '"':  nmfi_strbuf_add(b, "\\\""); break;
        case '\\': nmfi_strbuf_add(b, "\\\\"); break;
        case '\b': nmfi_strbuf_add(b, "\\b"); break;
        case '\f': nmfi_strbuf_add(b, "\\f"); break;
        case '\n': nmfi_strbuf_add(b, "\\n"); break;
        case '\r': nmfi_strbuf_add(b, "\\r"); break;
        case '\t': nmfi_strbuf_add(b, "\\t"); break;
        default:
            memcpy(tmp, "\\u00", 4);
            tmp[4] = hex[c >> 4];
            tmp[5] = hex[c & 15];
            tmp[6] = '\0';
            nmfi_strbuf_add(b, tmp);
        }
        run = s + 1;
    }
    nmfi_strbuf_add(b, "\"");
}

/* The comma, line break and key before a value; 0 if the value must be
 * dropped because the call does not fit where it is made. */
static int begin_value(nmfi_json *j, const char *key, int container)
{
    if (!j || j->misuse[0] || j->nomem)
        return 0;
    if (j->depth == 0) {
        misuse(j, "json: value after the outer object was closed");
        return 0;
    }
    level *top = &j->stack[j->depth - 1];
    if (top->close == '}' && !key) {
        misuse(j, "json: value without a key inside an object");
        return 0;
    }
    if (top->close == ']' && key) {
        misuse(j, "json: key inside an array");
        return 0;
    }
    if (top->close == ']' && top->items == 0)
        top->multiline = container;
    if (top->items++ > 0)
        nmfi_strbuf_add(&j->buf, top->multiline ? "," : ", ");
    if (top->multiline)
        indent(j, j->depth);
    if (key) {
        add_string(&j->buf, key);
        nmfi_strbuf_add(&j->buf, ": ");
    }
    return 1;
}

/* The shortest of %.15g..%.17g that reads back to v: 0.1 stays 0.1 and
 * 1e300 stays 1e+300, and the value is still exact. */
static void add_number(nmfi_strbuf *b, double v)
{
    if (!isfinite(v)) {
        nmfi_strbuf_add(b, "null");
        return;
    }
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    nmfi_strbuf_add(b, tmp);
}

void nmfi_json_number(nmfi_json *j, const char *key, double v)
{
    if (begin_value(j, key, 0))
        add_number(&j->buf, v);
}

void nmfi_json_int(nmfi_json *j, const char *key, long long v)
{
    if (begin_value(j, key, 0))
        nmfi_strbuf_printf(&j->buf, "%lld", v);
}

void nmfi_json_string(nmfi_json *j, const char *key, const char *v)
{
    if (!begin_value(j, key, 0))
        return;
    if (v)
        add_string(&j->buf, v);
    else
        nmfi_strbuf_add(&j->buf, "null");
}

static void begin(nmfi_json *j, const char *key, char open, char close)
{
    if (!begin_value(j, key, 1))
        return;
    if (!push(j, close, close == '}'))
        return;
    char s[2] = {open, '\0'};
    nmfi_strbuf_add(&j->buf, s);
}

void nmfi_json_begin_object(nmfi_json *j, const char *key)
{
    begin(j, key, '{', '}');
}

void nmfi_json_begin_array(nmfi_json *j, const char *key)
{
    begin(j, key, '[', ']');
}

static void end(nmfi_json *j)
{
    level top = j->stack[--j->depth];
    if (top.multiline && top.items > 0)
        indent(j, j->depth);
    char s[2] = {top.close, '\0'};
    nmfi_strbuf_add(&j->buf, s);
}

void nmfi_json_end(nmfi_json *j)
{
    if (!j || j->misuse[0] || j->nomem)
        return;
    if (j->depth <= 1) {
        misuse(j, j->depth == 1 ? "json: end of the outer object "
               "(nmfi_json_write closes it)" : "json: end with nothing open");
        return;
    }
    end(j);
}

void nmfi_json_numbers(nmfi_json *j, const char *key, const double *v,
                       size_t n)
{
    if (!v && n > 0 && j) {
        misuse(j, "json: numbers array without values");
        return;
    }
    nmfi_json_begin_array(j, key);
    for (size_t i = 0; i < n; i++)
        nmfi_json_number(j, NULL, v[i]);
    nmfi_json_end(j);
}

void nmfi_json_ints(nmfi_json *j, const char *key, const long long *v,
                    size_t n)
{
    if (!v && n > 0 && j) {
        misuse(j, "json: integer array without values");
        return;
    }
    nmfi_json_begin_array(j, key);
    for (size_t i = 0; i < n; i++)
        nmfi_json_int(j, NULL, v[i]);
    nmfi_json_end(j);
}

/* Close the outer object once; the status of the text so far. */
static nmf_status finish(nmfi_json *j, const char *name)
{
    if (!j)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", name);
    if (!j->misuse[0] && !j->nomem && !j->closed) {
        if (j->depth != 1) {
            misuse(j, "json: an object or array is still open");
        } else {
            end(j);
            nmfi_strbuf_add(&j->buf, "\n");
            j->closed = 1;
        }
    }
    if (j->misuse[0])
        return nmfi_error(NMF_E_INTERNAL, "%s: %s", name, j->misuse);
    if (j->nomem || j->buf.failed)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", name);
    return NMF_OK;
}

nmf_status nmfi_json_write(nmfi_json *j, const char *path)
{
    nmf_status s = finish(j, path);
    return s == NMF_OK ? nmfi_strbuf_write(&j->buf, path) : s;
}

nmf_status nmfi_json_write_fp(nmfi_json *j, FILE *fp, const char *name)
{
    nmf_status s = finish(j, name);
    if (s == NMF_OK && (fputs(j->buf.data, fp) == EOF || ferror(fp)))
        s = nmfi_error(NMF_E_IO, "%s: write failed", name);
    return s;
}
