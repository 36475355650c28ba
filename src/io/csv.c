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
    int empty_nan;     /* an empty field reads as NaN (missing)   */
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
    if (r->rows == 0) {
        r->comma = strchr(p, ',') != NULL;
        r->first_line = r->lineno;
    }

    nmf_status s = nmfi_fields_split(&r->fields, p, r->comma);
    for (size_t c = 0; s == NMF_OK && c < r->fields.n; c++) {
        nmf_real v;
        nmfi_number got = nmfi_field_real(r->fields.at[c], &v);
        if (got == NMFI_NUMBER_EMPTY && r->empty_nan) {
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

    size_t count = r->fields.n;
    if (r->rows == 0)
        r->cols = count;
    else if (count != r->cols)
        return nmfi_error(NMF_E_FORMAT, "%s: line %zu: ragged row: %zu values,"
                          " expected %zu (as on line %zu)", r->path,
                          r->lineno, count, r->cols, r->first_line);
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
    return nmfi_read_csv_missing(path, 0, out);
}

nmf_status nmfi_read_csv_missing(const char *path, int empty_nan,
                                 nmf_matrix **out)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    csv_reader r = { .path = path, .empty_nan = empty_nan };
    nmf_status s = read_lines(&r, fp);
    fclose(fp);
    if (s == NMF_OK && r.rows == 0)
        s = nmfi_error(NMF_E_FORMAT, "%s: empty: no data rows", path);
    if (s == NMF_OK) {
        nmf_matrix *a = nmf_matrix_new(r.rows, r.cols);
        if (!a) {
            s = nmfi_error(NMF_E_NOMEM, "%s: out of memory for a %zu x %zu"
                           " matrix", path, r.rows, r.cols);
        } else {
            transpose_into(a, r.vals);
            *out = a;
        }
    }
    free(r.vals);
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
