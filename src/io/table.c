/* table.c -- the labelled-CSV reader behind `nmfkit cluster` (table.h).
 *
 * Unlike nmf_read_csv (plain numeric matrices), these files carry a header,
 * id columns and a label column, as exported spreadsheets do. The header
 * fixes each column's role; every data line then must have that many
 * fields. Samples go line by line, which is already column-major for
 * A = samples x waveforms, into a growing buffer copied once at the end. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "io/fields.h"
#include "io/table.h"

enum { ROLE_SAMPLE, ROLE_SKIP, ROLE_LABEL };

typedef struct reader {
    const char *path;
    size_t lineno, ncols, nsamples;
    int *role;
    nmf_real *vals;
    size_t nvals, cap;
    char **labels;
    size_t nlabels, lcap;
} reader;

static int parse_number(const char *s, nmf_real *v)
{
    return nmfi_field_real(s, v) == NMFI_NUMBER_OK;
}

/* Role of each column from the header and the user's names. */
static nmf_status set_roles(reader *r, char **fields, size_t n,
                            const char *skip, const char *label)
{
    r->role = calloc(n, sizeof *r->role);
    if (!r->role)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    if (skip) {
        char *list = strdup(skip);
        if (!list)
            return nmfi_error(NMF_E_NOMEM, "out of memory");
        for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            size_t c = 0;
            while (c < n && strcmp(fields[c], tok) != 0)
                c++;
            if (c == n) {
                nmf_status s = nmfi_error(NMF_E_INVAL, "%s: line %zu: no"
                                          " column named '%s' to skip",
                                          r->path, r->lineno, tok);
                free(list);
                return s;
            }
            r->role[c] = ROLE_SKIP;
        }
        free(list);
    }
    if (label) {
        size_t c = 0;
        while (c < n && strcmp(fields[c], label) != 0)
            c++;
        if (c == n)
            return nmfi_error(NMF_E_INVAL, "%s: line %zu: no label column"
                              " named '%s'", r->path, r->lineno, label);
        r->role[c] = ROLE_LABEL;
    }
    r->ncols = n;
    for (size_t c = 0; c < n; c++)
        r->nsamples += r->role[c] == ROLE_SAMPLE;
    if (r->nsamples == 0)
        return nmfi_error(NMF_E_FORMAT, "%s: no sample columns", r->path);
    return NMF_OK;
}

static nmf_status data_line(reader *r, char **fields, size_t n)
{
    if (n != r->ncols)
        return nmfi_error(NMF_E_FORMAT, "%s: line %zu: ragged row: %zu"
                          " fields, expected %zu", r->path, r->lineno, n,
                          r->ncols);
    if (r->nvals + r->nsamples > r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 4096;
        while (cap < r->nvals + r->nsamples)
            cap *= 2;
        nmf_real *v = realloc(r->vals, cap * sizeof *v);
        if (!v)
            return nmfi_error(NMF_E_NOMEM, "%s: out of memory", r->path);
        r->vals = v;
        r->cap = cap;
    }
    for (size_t c = 0; c < n; c++) {
        if (r->role[c] == ROLE_SKIP)
            continue;
        if (r->role[c] == ROLE_LABEL) {
            if (r->nlabels == r->lcap) {
                size_t lc = r->lcap ? 2 * r->lcap : 256;
                char **l = realloc(r->labels, lc * sizeof *l);
                if (!l)
                    return nmfi_error(NMF_E_NOMEM, "out of memory");
                r->labels = l;
                r->lcap = lc;
            }
            r->labels[r->nlabels] = strdup(fields[c]);
            if (!r->labels[r->nlabels])
                return nmfi_error(NMF_E_NOMEM, "out of memory");
            r->nlabels++;
            continue;
        }
        nmf_real v;
        nmfi_number got = nmfi_field_real(fields[c], &v);
        if (got != NMFI_NUMBER_OK)
            return nmfi_field_error(got, r->path, r->lineno, c + 1,
                                    fields[c]);
        r->vals[r->nvals++] = v;
    }
    return NMF_OK;
}

static nmf_status read_all(reader *r, FILE *fp, const char *skip,
                           const char *label, int *has_header)
{
    char *line = NULL;
    size_t cap = 0;
    nmfi_fields f = {0};
    int first = 1;
    nmf_status s = NMF_OK;
    ssize_t len;
    while (s == NMF_OK && (len = getline(&line, &cap, fp)) >= 0) {
        r->lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *text = line;
        if (r->lineno == 1 && strncmp(text, "\xEF\xBB\xBF", 3) == 0)
            text += 3;
        /* Blank lines and whole-line '#' comments, as numpy.savetxt writes
         * them (labels may hold '#', so only at the start of a line). */
        text += strspn(text, " \t");
        if (*text == '\0' || *text == '#')
            continue;
        s = nmfi_fields_split(&f, text, 1);
        if (s != NMF_OK)
            break;
        char **fields = f.at;
        size_t n = f.n;
        if (first) {
            first = 0;
            nmf_real v;
            for (size_t c = 0; c < n && !*has_header; c++)
                *has_header = !parse_number(fields[c], &v);
            if (!*has_header && (skip || label)) {
                s = nmfi_error(NMF_E_INVAL, "%s: no header line, so"
                               " columns cannot be named (--skip-columns,"
                               " --label-column)", r->path);
                break;
            }
            s = set_roles(r, fields, n, skip, label);
            if (s != NMF_OK || *has_header)
                continue;
        }
        s = data_line(r, fields, n);
    }
    if (s == NMF_OK && ferror(fp))
        s = nmfi_error(NMF_E_IO, "%s: read failed", r->path);
    free(line);
    nmfi_fields_free(&f);
    return s;
}

nmf_status nmfi_table_read(const char *path, const char *skip,
                           const char *label, nmfi_table *t)
{
    memset(t, 0, sizeof *t);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    reader r = { .path = path };
    nmf_status s = read_all(&r, fp, skip, label, &t->has_header);
    fclose(fp);
    size_t n = r.nsamples ? r.nvals / r.nsamples : 0;
    if (s == NMF_OK && n == 0)
        s = nmfi_error(NMF_E_FORMAT, "%s: no waveforms (no data lines)",
                       path);
    if (s == NMF_OK) {
        t->a = nmf_matrix_new(r.nsamples, n);
        if (!t->a)
            s = nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
    }
    if (s == NMF_OK) {
        for (size_t j = 0; j < n; j++)
            memcpy(&NMFI_AT(t->a, 0, j), r.vals + j * r.nsamples,
                   r.nsamples * sizeof *r.vals);
        t->n = n;
        t->labels = r.labels;
        r.labels = NULL;
    }
    for (size_t i = 0; r.labels && i < r.nlabels; i++)
        free(r.labels[i]);
    free(r.labels);
    free(r.vals);
    free(r.role);
    return s;
}

void nmfi_table_free(nmfi_table *t)
{
    for (size_t i = 0; t->labels && i < t->n; i++)
        free(t->labels[i]);
    free(t->labels);
    nmf_matrix_free(t->a);
    memset(t, 0, sizeof *t);
}
