/* fields.c -- the one tokenizer of our text tables (fields.h). */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/fields.h"

/* Quoted fields in messages are cut to this many characters. */
#define QUOTE_MAX 24

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static nmf_status push(nmfi_fields *f, char *field)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 256;
        char **at = realloc(f->at, cap * sizeof *at);
        if (!at)
            return nmfi_error(NMF_E_NOMEM, "out of memory for %zu fields",
                              cap);
        f->at = at;
        f->cap = cap;
    }
    f->at[f->n++] = field;
    return NMF_OK;
}

nmf_status nmfi_fields_split(nmfi_fields *f, char *line, int comma)
{
    f->n = 0;
    char *p = line;
    if (!comma) {
        for (;;) {
            while (is_blank(*p))
                p++;
            if (*p == '\0')
                return NMF_OK;
            nmf_status s = push(f, p);
            if (s != NMF_OK)
                return s;
            while (*p != '\0' && !is_blank(*p))
                p++;
            if (*p != '\0')
                *p++ = '\0';
        }
    }
    for (;;) {
        while (is_blank(*p))
            p++;
        nmf_status s = push(f, p);
        if (s != NMF_OK)
            return s;
        char *delim = strchr(p, ',');
        char *end = delim ? delim : p + strlen(p);
        while (end > p && is_blank(end[-1]))
            end--;
        *end = '\0';
        if (!delim)
            return NMF_OK;
        p = delim + 1;
    }
}

void nmfi_fields_free(nmfi_fields *f)
{
    free(f->at);
    f->at = NULL;
    f->n = f->cap = 0;
}

nmfi_number nmfi_field_real(const char *field, nmf_real *v)
{
    if (*field == '\0')
        return NMFI_NUMBER_EMPTY;
    char *end;
    errno = 0;
#if NMF_REAL_IS_DOUBLE
    *v = strtod(field, &end);
#else
    *v = strtof(field, &end);
#endif
    if (end == field)
        return NMFI_NUMBER_NOT;
    if (*end != '\0')
        return NMFI_NUMBER_TRAILING;
    /* ERANGE also flags underflow to a subnormal or zero, which is the
     * nearest value and fine; only overflow loses the number. */
    if (errno == ERANGE && isinf(*v))
        return NMFI_NUMBER_RANGE;
    return NMFI_NUMBER_OK;
}

nmf_status nmfi_field_error(nmfi_number why, const char *path, size_t line,
                            size_t col, const char *field)
{
    char q[QUOTE_MAX + 4];
    size_t len = strlen(field);
    size_t n = len < QUOTE_MAX ? len : QUOTE_MAX;
    for (size_t k = 0; k < n; k++)
        q[k] = (unsigned char)field[k] < 0x20 ? '?' : field[k];
    if (n < len)
        memcpy(q + n, "...", 4);
    else
        q[n] = '\0';
    switch (why) {
    case NMFI_NUMBER_EMPTY:
        return nmfi_error(NMF_E_FORMAT, "%s: line %zu, column %zu: empty"
                          " field", path, line, col);
    case NMFI_NUMBER_TRAILING:
        return nmfi_error(NMF_E_FORMAT, "%s: line %zu, column %zu: trailing"
                          " garbage after number: \"%s\"", path, line, col, q);
    case NMFI_NUMBER_RANGE:
        return nmfi_error(NMF_E_INVAL, "%s: line %zu, column %zu: value out"
                          " of range for %s: \"%s\"", path, line, col,
                          NMF_REAL_NAME, q);
    default:
        return nmfi_error(NMF_E_FORMAT, "%s: line %zu, column %zu: not a"
                          " number: \"%s\"", path, line, col, q);
    }
}
