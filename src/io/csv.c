/* csv.c -- numpy.savetxt-compatible text matrices: one matrix row per line.
 *
 * The reader takes what savetxt writes with the delimiters people use (','
 * or runs of blanks/tabs), '#' comments, blank lines and CRLF, and names the
 * line and column of the first thing it cannot take. The shape is known only
 * at the end, so values go row-major into a buffer that grows geometrically
 * and are transposed into the column-major matrix once. The writer prints
 * the fewest digits that read back to the same nmf_real. */
#include <config.h>

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "io/atomic_file.h"
#include "io/fields.h"
#include "io/readers.h"
#include "io/writers.h"

#if NMF_REAL_IS_DOUBLE
#define REAL_DIG_MIN DBL_DIG
#define REAL_DIG_MAX DBL_DECIMAL_DIG
#else
#define REAL_DIG_MIN FLT_DIG
#define REAL_DIG_MAX FLT_DECIMAL_DIG
#endif

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

typedef struct csv_reader {
    const char *path;
    size_t lineno;
    nmf_real *vals;    /* row-major, rows * cols once done */
    size_t nvals, cap;
    size_t rows, cols;
    size_t first_line; /* line of the first data row, for ragged messages */
    int comma;         /* delimiter fixed by the first data row */
    const nmfi_csv_opts *opts;
    size_t width;      /* fields per line (the first line's)       */
    unsigned char *skipped; /* width flags: a column not read      */
    int header_seen;
    nmfi_fields fields;
} csv_reader;

static nmf_status push(csv_reader *r, nmf_real v)
{
    if (r->nvals == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 4096;
        nmf_real *p = cap > SIZE_MAX / sizeof *p
                    ? NULL : realloc(r->vals, cap * sizeof *p);
        if (!p)
            return nmfi_error(NMF_E_NOMEM, "%s: out of memory after %zu values",
                              r->path, r->nvals);
        r->vals = p;
        r->cap = cap;
    }
    r->vals[r->nvals++] = v;
    return NMF_OK;
}

/* Whether an item of --skip-columns is a 1-based column number. */
static int is_position(const char *item, size_t *pos)
{
    if (!*item)
        return 0;
    for (const char *c = item; *c; c++)
        if (*c < '0' || *c > '9')
            return 0;
    *pos = (size_t)strtoul(item, NULL, 10);
    return 1;
}

/* The columns --skip-columns names, from the first line (names when it
 * is the header, NULL otherwise). */
static nmf_status resolve_skip(csv_reader *r, char *const *names)
{
    r->width = r->fields.n;
    r->skipped = calloc(r->width ? r->width : 1, 1);
    if (!r->skipped)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", r->path);
    const char *list = r->opts ? r->opts->skip : NULL;
    if (!list)
        return NMF_OK;
    char *copy = strdup(list);
    if (!copy)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", r->path);
    nmf_status s = NMF_OK;
    for (char *save = NULL, *item = strtok_r(copy, ",", &save);
         s == NMF_OK && item; item = strtok_r(NULL, ",", &save)) {
        size_t pos = 0;
        if (is_position(item, &pos)) {
            if (pos < 1 || pos > r->width)
                s = nmfi_error(NMF_E_INVAL, "%s: --skip-columns: column %zu,"
                               " but line %zu has %zu", r->path, pos,
                               r->lineno, r->width);
            else
                r->skipped[pos - 1] = 1;
            continue;
        }
        if (!names) {
            s = nmfi_error(NMF_E_INVAL, "%s: --skip-columns: '%s' names a"
                           " column, but there is no header (--header)",
                           r->path, item);
            continue;
        }
        size_t c = 0;
        while (c < r->width && strcmp(names[c], item) != 0)
            c++;
        if (c == r->width)
            s = nmfi_error(NMF_E_INVAL, "%s: --skip-columns: no column named"
                           " '%s' in the header", r->path, item);
        else
            r->skipped[c] = 1;
    }
    free(copy);
    size_t kept = 0;
    for (size_t c = 0; c < r->width; c++)
        kept += !r->skipped[c];
    if (s == NMF_OK && kept == 0)
        s = nmfi_error(NMF_E_INVAL, "%s: --skip-columns leaves no column",
                       r->path);
    return s;
}

/* The header line: names, so a line of numbers there means the flag was
 * given for a file without one. */
static nmf_status read_header(csv_reader *r)
{
    size_t numbers = 0;
    for (size_t c = 0; c < r->fields.n; c++) {
        nmf_real v;
        numbers += nmfi_field_real(r->fields.at[c], &v) == NMFI_NUMBER_OK;
    }
    if (numbers == r->fields.n)
        return nmfi_error(NMF_E_FORMAT, "%s: line %zu: --header, but the line"
                          " holds numbers only (data, not column names)",
                          r->path, r->lineno);
    r->header_seen = 1;
    return resolve_skip(r, r->fields.at);
}

static nmf_status parse_line(csv_reader *r, char *line, size_t len)
{
    char *hash = memchr(line, '#', len);
    if (hash)
        len = (size_t)(hash - line);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'
                       || is_blank(line[len - 1])))
        len--;
    line[len] = '\0';
    char *p = line;
    while (is_blank(*p))
        p++;
    if (*p == '\0')
        return NMF_OK;
    int first = r->rows == 0 && !r->header_seen;
    if (first) {
        r->comma = strchr(p, ',') != NULL;
        r->first_line = r->lineno;
    }

    nmf_status s = nmfi_fields_split(&r->fields, p, r->comma);
    if (s == NMF_OK && first && r->opts && r->opts->header)
        return read_header(r);
    if (s == NMF_OK && !r->skipped)
        s = resolve_skip(r, NULL);
    if (s == NMF_OK && r->fields.n != r->width)
        return nmfi_error(NMF_E_FORMAT, "%s: line %zu: ragged row: %zu values,"
                          " expected %zu (as on line %zu)", r->path,
                          r->lineno, r->fields.n, r->width, r->first_line);
    for (size_t c = 0; s == NMF_OK && c < r->fields.n; c++) {
        if (r->skipped[c])
            continue;
        nmf_real v;
        nmfi_number got = nmfi_field_real(r->fields.at[c], &v);
        if (got == NMFI_NUMBER_EMPTY && r->opts && r->opts->empty_nan) {
            v = (nmf_real)NAN;
            got = NMFI_NUMBER_OK;
        }
        s = got == NMFI_NUMBER_OK
                ? push(r, v)
                : nmfi_field_error(got, r->path, r->lineno, c + 1,
                                   r->fields.at[c]);
    }
    if (s != NMF_OK)
        return s;

    if (r->rows == 0)
        for (size_t c = 0; c < r->width; c++)
            r->cols += !r->skipped[c];
    r->rows++;
    return NMF_OK;
}

/* Row-major buffer into column-major storage, in tiles so that both the
 * rows read and the columns written stay in cache. */
static void transpose_into(nmf_matrix *a, const nmf_real *v)
{
    enum { TILE = 32 };
    for (size_t j0 = 0; j0 < a->cols; j0 += TILE) {
        size_t j1 = j0 + TILE < a->cols ? j0 + TILE : a->cols;
        for (size_t i0 = 0; i0 < a->rows; i0 += TILE) {
            size_t i1 = i0 + TILE < a->rows ? i0 + TILE : a->rows;
            for (size_t j = j0; j < j1; j++)
                for (size_t i = i0; i < i1; i++)
                    NMFI_AT(a, i, j) = v[i * a->cols + j];
        }
    }
}

static nmf_status read_lines(csv_reader *r, FILE *fp)
{
    char *line = NULL;
    size_t cap = 0;
    nmf_status s = NMF_OK;
    for (;;) {
        errno = 0;
        ssize_t n = getline(&line, &cap, fp);
        if (n < 0) {
            if (ferror(fp))
                s = nmfi_error(NMF_E_IO, "%s: read failed: %s", r->path,
                               strerror(errno ? errno : EIO));
            else if (errno == ENOMEM)
                s = nmfi_error(NMF_E_NOMEM, "%s: line %zu: out of memory",
                               r->path, r->lineno + 1);
            break;
        }
        r->lineno++;
        char *text = line;
        size_t len = (size_t)n;
        if (memchr(text, '\0', len)) {
            s = nmfi_error(NMF_E_FORMAT, "%s: line %zu: NUL byte (not a text"
                           " file?)", r->path, r->lineno);
            break;
        }
        /* A UTF-8 byte order mark, as some editors save CSV. */
        if (r->lineno == 1 && len >= 3
            && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
            text += 3;
            len -= 3;
        }
        s = parse_line(r, text, len);
        if (s != NMF_OK)
            break;
    }
    free(line);
    return s;
}

nmf_status nmf_read_csv(const char *path, nmf_matrix **out)
{
    return nmfi_read_csv_opts(path, NULL, out);
}

nmf_status nmfi_read_csv_opts(const char *path, const nmfi_csv_opts *opts,
                              nmf_matrix **out)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    csv_reader r = { .path = path, .opts = opts };
    nmf_status s = read_lines(&r, fp);
    fclose(fp);
    if (s == NMF_OK && r.rows == 0)
        s = nmfi_error(NMF_E_FORMAT, "%s: empty: no data rows", path);
    if (s == NMF_OK) {
        nmf_matrix *a = nmf_matrix_new(r.rows, r.cols);
        if (!a) {
            s = nmfi_error(NMF_E_NOMEM, "%s: out of memory for a %zu x %zu"
                           " matrix (%.1f MiB)", path, r.rows, r.cols,
                           NMFI_MIB(nmfi_matrix_bytes(r.rows, r.cols)));
        } else {
            transpose_into(a, r.vals);
            *out = a;
        }
    }
    free(r.vals);
    free(r.skipped);
    nmfi_fields_free(&r.fields);
    return s;
}

/* The fewest significant digits that read back to the same value: people
 * read these files, and 0.1f should not come back as 0.100000001. At
 * REAL_DIG_MAX digits every value round-trips. */
static int format_real(char *buf, size_t size, nmf_real v)
{
    if (isnan(v))
        return snprintf(buf, size, "nan");
    for (int prec = REAL_DIG_MIN;; prec++) {
        int n = snprintf(buf, size, "%.*g", prec, (double)v);
        nmf_real back;
        if (prec >= REAL_DIG_MAX
            || (nmfi_field_real(buf, &back) == NMFI_NUMBER_OK && back == v))
            return n;
    }
}

nmf_status nmfi_csv_write_fp(FILE *fp, const nmf_matrix *a, const char *name)
{
    char buf[48];
    for (size_t i = 0; i < a->rows; i++) {
        for (size_t j = 0; j < a->cols; j++) {
            int n = format_real(buf, sizeof buf, NMFI_AT(a, i, j));
            if (j > 0)
                putc(',', fp);
            fwrite(buf, 1, (size_t)n, fp);
        }
        if (putc('\n', fp) == EOF)
            break;
    }
    if (ferror(fp))
        return nmfi_error(NMF_E_IO, "%s: write failed: %s", name,
                          strerror(errno));
    return NMF_OK;
}

nmf_status nmf_write_csv(const char *path, const nmf_matrix *a)
{
    return nmfi_atomic_write_matrix(path, a, nmfi_csv_write_fp);
}
