/* npy.c -- NumPy .npy arrays in and out.
 *
 * Reads versions 1.0, 2.0 and 3.0 of the format: 2-D arrays (1-D read as a
 * column), C or Fortran order, float32/float64 and 1-8 byte integers in
 * either byte order, converted to nmf_real. Writes version 1.0 in Fortran
 * order and the dtype of nmf_real, so each column goes out straight from the
 * column-major storage. Byte order is handled explicitly on both sides: no
 * assumption about the host. */
#include <config.h>

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "core/matrix.h"
#include "io/atomic_file.h"
#include "io/readers.h"
#include "io/writers.h"

#define NPY_MAGIC "\x93NUMPY"
#define NPY_MAGIC_LEN 6
/* numpy aligns the start of the data to this many bytes. */
#define NPY_ALIGN 64
/* Far beyond any 2-D header; keeps a corrupt length from allocating GBs. */
#define NPY_HEADER_MAX (1u << 20)
#define NPY_MAX_DIMS 32

/* Smallest double that rounds to infinity as a float: FLT_MAX plus half an
 * ulp (ties go to the even neighbour, which is 2^128). */
#define FLOAT_OVERFLOW_EDGE 0x1.ffffffp127

typedef struct npy_header {
    char descr[32];
    char kind;          /* 'f', 'i' or 'u' */
    int size;           /* bytes per element */
    int big_endian;
    int fortran_order;
    int ndim;
    size_t shape[NPY_MAX_DIMS];
    int have_descr, have_order, have_shape;
} npy_header;

int nmfi_host_big_endian(void)
{
    const uint16_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    return first == 0;
}

/* ---- Header dictionary --------------------------------------------------
 * The header is a Python dict literal such as
 *   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
 * parsed here by a small recursive descent that knows only those values. */

typedef struct cursor {
    const char *start, *p, *end;
    char why[96];       /* what went wrong, for the message */
} cursor;

static void skip_space(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n'
                             || *c->p == '\r'))
        c->p++;
}

static int expect(cursor *c, char ch)
{
    skip_space(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 0;
    }
    snprintf(c->why, sizeof c->why, "expected '%c' at byte %td", ch,
             c->p - c->start);
    return -1;
}

static int parse_string(cursor *c, char *buf, size_t size)
{
    skip_space(c);
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"')) {
        snprintf(c->why, sizeof c->why, "expected a quoted string");
        return -1;
    }
    char q = *c->p++;
    size_t n = 0;
    while (c->p < c->end && *c->p != q) {
        if (*c->p == '\\' || n + 1 >= size) {
            snprintf(c->why, sizeof c->why, "string too long or escaped");
            return -1;
        }
        buf[n++] = *c->p++;
    }
    if (c->p >= c->end) {
        snprintf(c->why, sizeof c->why, "unterminated string");
        return -1;
    }
    c->p++;
    buf[n] = '\0';
    return 0;
}

static int parse_bool(cursor *c, int *v)
{
    skip_space(c);
    size_t left = (size_t)(c->end - c->p);
    if (left >= 4 && memcmp(c->p, "True", 4) == 0) {
        c->p += 4;
        *v = 1;
        return 0;
    }
    if (left >= 5 && memcmp(c->p, "False", 5) == 0) {
        c->p += 5;
        *v = 0;
        return 0;
    }
    snprintf(c->why, sizeof c->why, "fortran_order is not True or False");
    return -1;
}

/* A tuple of non-negative integers: (), (5,), (3, 4), (2, 3, 4). Old numpy
 * under Python 2 wrote longs as 3L. */
static int parse_shape(cursor *c, npy_header *h)
{
    if (expect(c, '('))
        return -1;
    h->ndim = 0;
    for (;;) {
        skip_space(c);
        if (c->p < c->end && *c->p == ')') {
            c->p++;
            return 0;
        }
        if (c->p >= c->end || *c->p < '0' || *c->p > '9') {
            snprintf(c->why, sizeof c->why, "bad shape tuple");
            return -1;
        }
        size_t v = 0;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
            size_t d = (size_t)(*c->p++ - '0');
            if (v > (SIZE_MAX - d) / 10) {
                snprintf(c->why, sizeof c->why, "shape too large");
                return -1;
            }
            v = 10 * v + d;
        }
        if (c->p < c->end && (*c->p == 'L' || *c->p == 'l'))
            c->p++;
        if (h->ndim == NPY_MAX_DIMS) {
            snprintf(c->why, sizeof c->why, "too many dimensions");
            return -1;
        }
        h->shape[h->ndim++] = v;
        skip_space(c);
        if (c->p < c->end && *c->p == ',')
            c->p++;
        else if (c->p >= c->end || *c->p != ')') {
            snprintf(c->why, sizeof c->why, "bad shape tuple");
            return -1;
        }
    }
}

static int parse_dict(cursor *c, npy_header *h)
{
    if (expect(c, '{'))
        return -1;
    for (;;) {
        skip_space(c);
        if (c->p < c->end && *c->p == '}') {
            c->p++;
            break;
        }
        char key[32];
        if (parse_string(c, key, sizeof key) || expect(c, ':'))
            return -1;
        skip_space(c);
        if (strcmp(key, "descr") == 0) {
            if (c->p < c->end && *c->p == '[') {
                snprintf(c->why, sizeof c->why, "structured dtype not "
                         "supported");
                return -1;
            }
            if (parse_string(c, h->descr, sizeof h->descr))
                return -1;
            h->have_descr = 1;
        } else if (strcmp(key, "fortran_order") == 0) {
            if (parse_bool(c, &h->fortran_order))
                return -1;
            h->have_order = 1;
        } else if (strcmp(key, "shape") == 0) {
            if (parse_shape(c, h))
                return -1;
            h->have_shape = 1;
        } else {
            snprintf(c->why, sizeof c->why, "unexpected key '%s'", key);
            return -1;
        }
        skip_space(c);
        if (c->p < c->end && *c->p == ',')
            c->p++;
        else if (c->p >= c->end || *c->p != '}') {
            snprintf(c->why, sizeof c->why, "expected ',' or '}' after '%s'",
                     key);
            return -1;
        }
    }
    skip_space(c);
    if (c->p != c->end) {
        snprintf(c->why, sizeof c->why, "text after the closing '}'");
        return -1;
    }
    const char *missing = !h->have_descr ? "descr"
                        : !h->have_order ? "fortran_order"
                        : !h->have_shape ? "shape" : NULL;
    if (missing) {
        snprintf(c->why, sizeof c->why, "no '%s' key", missing);
        return -1;
    }
    return 0;
}

/* '<f8' and friends: byte order, kind, size. Floats of 4 and 8 bytes and
 * integers of 1 to 8 bytes; '|' (not applicable) only for single bytes and
 * '=' (native) as the host's order. */
static int parse_descr(npy_header *h)
{
    const char *d = h->descr;
    if (strlen(d) < 3)
        return -1;
    char order = d[0];
    h->kind = d[1];
    char *end;
    long size = strtol(d + 2, &end, 10);
    if (*end != '\0' || (d[2] < '0' || d[2] > '9'))
        return -1;
    int ok_size = h->kind == 'f' ? size == 4 || size == 8
                : h->kind == 'i' || h->kind == 'u'
                  ? size == 1 || size == 2 || size == 4 || size == 8 : 0;
    if (!ok_size)
        return -1;
    h->size = (int)size;
    switch (order) {
    case '<': h->big_endian = 0; break;
    case '>': h->big_endian = 1; break;
    case '=': h->big_endian = nmfi_host_big_endian(); break;
    case '|':
        if (size != 1)
            return -1;
        h->big_endian = 0;
        break;
    default:
        return -1;
    }
    return 0;
}

static void format_shape(char *buf, size_t size, const npy_header *h)
{
    size_t n = (size_t)snprintf(buf, size, "(");
    for (int k = 0; k < h->ndim && n < size; k++)
        n += (size_t)snprintf(buf + n, size - n, "%s%zu", k ? ", " : "",
                              h->shape[k]);
    if (n < size)
        snprintf(buf + n, size - n, h->ndim == 1 ? ",)" : ")");
}

/* ---- Reading ------------------------------------------------------------ */

static nmf_status read_exact(FILE *fp, void *buf, size_t n, const char *path,
                             const char *what)
{
    if (fread(buf, 1, n, fp) == n)
        return NMF_OK;
    if (ferror(fp))
        return nmfi_error(NMF_E_IO, "%s: read failed: %s", path,
                          strerror(errno ? errno : EIO));
    return nmfi_error(NMF_E_FORMAT, "%s: truncated %s", path, what);
}

static nmf_status read_header(FILE *fp, const char *path, npy_header *h,
                              size_t *offset)
{
    unsigned char pre[NPY_MAGIC_LEN + 2];
    size_t got = fread(pre, 1, sizeof pre, fp);
    if (got < sizeof pre && ferror(fp))
        return nmfi_error(NMF_E_IO, "%s: read failed: %s", path,
                          strerror(errno ? errno : EIO));
    if (got == 0)
        return nmfi_error(NMF_E_FORMAT, "%s: empty file, not a .npy array",
                          path);
    if (got < NPY_MAGIC_LEN || memcmp(pre, NPY_MAGIC, NPY_MAGIC_LEN) != 0)
        return nmfi_error(NMF_E_FORMAT, "%s: not a .npy file (bad magic)",
                          path);
    if (got < sizeof pre)
        return nmfi_error(NMF_E_FORMAT, "%s: truncated header", path);
    unsigned major = pre[6], minor = pre[7];
    if (major < 1 || major > 3 || minor != 0)
        return nmfi_error(NMF_E_FORMAT, "%s: unsupported .npy version %u.%u "
                          "(expected 1.0, 2.0 or 3.0)", path, major, minor);

    /* Version 1.0 stores the header length in 2 bytes, later ones in 4,
     * both little-endian. */
    unsigned char lenb[4] = { 0 };
    size_t lensize = major == 1 ? 2 : 4;
    nmf_status s = read_exact(fp, lenb, lensize, path, "header");
    if (s != NMF_OK)
        return s;
    uint32_t hlen = (uint32_t)lenb[0] | (uint32_t)lenb[1] << 8
                  | (uint32_t)lenb[2] << 16 | (uint32_t)lenb[3] << 24;
    if (hlen > NPY_HEADER_MAX)
        return nmfi_error(NMF_E_FORMAT, "%s: bad .npy header: %u bytes long",
                          path, (unsigned)hlen);
    char *text = malloc(hlen ? hlen : 1);
    if (!text)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
    s = read_exact(fp, text, hlen, path, "header");
    if (s == NMF_OK) {
        cursor c = { .start = text, .p = text, .end = text + hlen };
        memset(h, 0, sizeof *h);
        if (parse_dict(&c, h))
            s = nmfi_error(NMF_E_FORMAT, "%s: bad .npy header: %s", path,
                           c.why);
    }
    free(text);
    *offset = NPY_MAGIC_LEN + 2 + lensize + hlen;
    return s;
}

/* One element's bits, assembled in the file's byte order. */
static uint64_t load_bits(const unsigned char *p, int size, int big_endian)
{
    uint64_t x = 0;
    if (big_endian)
        for (int k = 0; k < size; k++)
            x = x << 8 | p[k];
    else
        for (int k = size; k-- > 0;)
            x = x << 8 | p[k];
    return x;
}

static double element_value(const unsigned char *p, const npy_header *h)
{
    uint64_t x = load_bits(p, h->size, h->big_endian);
    if (h->kind == 'f') {
        if (h->size == 4) {
            uint32_t u = (uint32_t)x;
            float f;
            memcpy(&f, &u, sizeof f);
            return f;
        }
        double d;
        memcpy(&d, &x, sizeof d);
        return d;
    }
    if (h->kind == 'u')
        return (double)x;
    if (h->size < 8 && (x >> (8 * h->size - 1) & 1))
        x |= ~UINT64_C(0) << (8 * h->size);
    int64_t v;
    memcpy(&v, &x, sizeof v);
    return (double)v;
}

/* The common case, values stored as nmf_real in the host's byte order,
 * with no conversion: Fortran order straight into each column; C order a
 * few rows at a time, each column's piece written as a run. Element by
 * element (read_data), a 1728 x 10000 float32 file took 180 ms, most of
 * `nmfkit factor`'s set-up besides the page faults. */
static int is_native(const npy_header *h)
{
    return h->kind == 'f' && h->size == (int)sizeof(nmf_real)
           && h->big_endian == nmfi_host_big_endian();
}

static nmf_status read_native(FILE *fp, const char *path, const npy_header *h,
                              nmf_matrix *a)
{
    size_t rows = a->rows, cols = a->cols;
    if (h->fortran_order) {
        nmf_status s = NMF_OK;
        for (size_t j = 0; j < cols && s == NMF_OK; j++)
            s = read_exact(fp, &NMFI_AT(a, 0, j), rows * sizeof(nmf_real),
                           path, "data");
        return s;
    }
    /* 16 rows (a cache line of each float column) while they fit 1 MB. */
    size_t band = ((size_t)1 << 20) / sizeof(nmf_real) / cols;
    band = band < 1 ? 1 : band > 16 ? 16 : band;
    nmf_real *buf = malloc(band * cols * sizeof(nmf_real));
    if (!buf)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
    nmf_status s = NMF_OK;
    for (size_t i0 = 0; i0 < rows && s == NMF_OK; i0 += band) {
        size_t nb = rows - i0 < band ? rows - i0 : band;
        s = read_exact(fp, buf, nb * cols * sizeof(nmf_real), path, "data");
        for (size_t j = 0; j < cols && s == NMF_OK; j++) {
            nmf_real *to = &NMFI_AT(a, i0, j);
            for (size_t r = 0; r < nb; r++)
                to[r] = buf[r * cols + j];
        }
    }
    free(buf);
    return s;
}

/* Reads the data in chunks, converting and scattering each element to its
 * (i, j) in the column-major matrix. */
static nmf_status read_data(FILE *fp, const char *path, const npy_header *h,
                            nmf_matrix *a)
{
    if (is_native(h))
        return read_native(fp, path, h, a);
    enum { CHUNK = 8192 };
    unsigned char *buf = malloc((size_t)CHUNK * (size_t)h->size);
    if (!buf)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
    size_t left = a->rows * a->cols, i = 0, j = 0;
    nmf_status s = NMF_OK;
    while (left > 0 && s == NMF_OK) {
        size_t n = left < CHUNK ? left : CHUNK;
        s = read_exact(fp, buf, n * (size_t)h->size, path, "data");
        for (size_t k = 0; k < n && s == NMF_OK; k++) {
            double v = element_value(buf + k * (size_t)h->size, h);
#if !NMF_REAL_IS_DOUBLE
            if (isfinite(v) && fabs(v) >= FLOAT_OVERFLOW_EDGE) {
                s = nmfi_error(NMF_E_INVAL, "%s: value at row %zu, column %zu"
                               " (%g) is out of range for float", path,
                               i + 1, j + 1, v);
                break;
            }
#endif
            NMFI_AT(a, i, j) = (nmf_real)v;
            if (h->fortran_order) {
                if (++i == a->rows) {
                    i = 0;
                    j++;
                }
            } else if (++j == a->cols) {
                j = 0;
                i++;
            }
        }
        left -= n;
    }
    free(buf);
    return s;
}

/* The header, and the matrix it describes checked against the file:
 * dtype, dimensions, and a shape the file cannot hold caught before
 * anything is allocated for it. */
static nmf_status read_matrix_header(FILE *fp, const char *path,
                                     npy_header *h, size_t *offset,
                                     size_t *rows_out, size_t *cols_out)
{
    nmf_status s = read_header(fp, path, h, offset);
    if (s != NMF_OK)
        return s;
    if (parse_descr(h))
        return nmfi_error(NMF_E_FORMAT, "%s: unsupported dtype '%s' (expected"
                          " float32/float64 or an integer type)", path,
                          h->descr);
    char shape[96];
    format_shape(shape, sizeof shape, h);
    if (h->ndim == 0 || h->ndim > 2)
        return nmfi_error(NMF_E_FORMAT, "%s: %d-d array of shape %s is not a"
                          " matrix (expected 1-d or 2-d)", path, h->ndim,
                          shape);
    size_t rows = h->shape[0], cols = h->ndim == 2 ? h->shape[1] : 1;
    if (rows == 0 || cols == 0)
        return nmfi_error(NMF_E_FORMAT, "%s: zero-sized array of shape %s",
                          path, shape);
    if (rows > SIZE_MAX / cols || rows * cols > SIZE_MAX / (size_t)h->size)
        return nmfi_error(NMF_E_FORMAT, "%s: array of shape %s is too large",
                          path, shape);
    size_t bytes = rows * cols * (size_t)h->size;
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode)) {
        uintmax_t size = (uintmax_t)st.st_size;
        uintmax_t avail = size > *offset ? size - *offset : 0;
        if (avail < bytes)
            return nmfi_error(NMF_E_FORMAT, "%s: truncated data: shape %s of"
                              " '%s' needs %zu bytes, the file has %ju", path,
                              shape, h->descr, bytes, avail);
    }
    *rows_out = rows;
    *cols_out = cols;
    return NMF_OK;
}

static nmf_status read_npy_fp(FILE *fp, const char *path, nmf_matrix **out)
{
    npy_header h;
    size_t offset = 0, rows, cols;
    nmf_status s = read_matrix_header(fp, path, &h, &offset, &rows, &cols);
    if (s != NMF_OK)
        return s;
    nmf_matrix *a = nmf_matrix_new(rows, cols);
    if (!a)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory for a %zu x %zu"
                          " matrix (%.1f MiB)", path, rows, cols,
                          NMFI_MIB(nmfi_matrix_bytes(rows, cols)));
    s = read_data(fp, path, &h, a);
    if (s != NMF_OK) {
        nmf_matrix_free(a);
        return s;
    }
    *out = a;
    return NMF_OK;
}

nmf_status nmf_read_npy(const char *path, nmf_matrix **out)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    nmf_status s = read_npy_fp(fp, path, out);
    fclose(fp);
    return s;
}

/* ---- Reading a block ---------------------------------------------------
 * A rank of the distributed solver reads only its block of A: one run of
 * the file per column of the block when the matrix is stored by columns
 * (Fortran order, or C order read transposed), else one per row. */

/* The file opened and its header read: the matrix's shape, transposed or
 * not; *fp is NULL on failure. */
static nmf_status open_matrix(const char *path, int transpose, FILE **fp,
                              npy_header *h, size_t *offset, size_t *rows,
                              size_t *cols)
{
    *rows = *cols = 0;
    *fp = fopen(path, "rb");
    if (!*fp)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    size_t r = 0, c = 0;
    nmf_status s = read_matrix_header(*fp, path, h, offset, &r, &c);
    if (s != NMF_OK) {
        fclose(*fp);
        *fp = NULL;
        return s;
    }
    *rows = transpose ? c : r;
    *cols = transpose ? r : c;
    return NMF_OK;
}

nmf_status nmfi_npy_shape(const char *path, int transpose, size_t *rows,
                          size_t *cols)
{
    FILE *fp;
    npy_header h;
    size_t offset;
    nmf_status s = open_matrix(path, transpose, &fp, &h, &offset, rows, cols);
    if (fp)
        fclose(fp);
    return s;
}

/* One run of `count` elements starting at element `at` of the data into
 * dst[0], dst[stride], ...; (row, col) and (drow, dcol) name the first
 * element and the step between elements in the messages. */
static nmf_status read_run(FILE *fp, const char *path, const npy_header *h,
                           size_t offset, size_t at, size_t count,
                           unsigned char *buf, nmf_real *dst, size_t stride,
                           size_t row, size_t col, size_t drow, size_t dcol)
{
    size_t size = (size_t)h->size;
    if (fseeko(fp, (off_t)(offset + at * size), SEEK_SET) != 0)
        return nmfi_error(NMF_E_IO, "%s: seek failed: %s", path,
                          strerror(errno));
    nmf_status s = read_exact(fp, buf, count * size, path, "data");
    if (s != NMF_OK)
        return s;
    if (is_native(h) && stride == 1) {
        memcpy(dst, buf, count * sizeof(nmf_real));
        return NMF_OK;
    }
    for (size_t k = 0; k < count; k++) {
        double v = element_value(buf + k * size, h);
#if !NMF_REAL_IS_DOUBLE
        if (isfinite(v) && fabs(v) >= FLOAT_OVERFLOW_EDGE)
            return nmfi_error(NMF_E_INVAL, "%s: value at row %zu, column %zu"
                              " (%g) is out of range for float", path,
                              row + k * drow + 1, col + k * dcol + 1, v);
#endif
        dst[k * stride] = (nmf_real)v;
    }
    return NMF_OK;
}

nmf_status nmfi_npy_read_block(const char *path, int transpose, size_t r0,
                               size_t c0, size_t rows, size_t cols,
                               nmf_matrix **out)
{
    *out = NULL;
    FILE *fp;
    npy_header h;
    size_t offset, mr, mc;
    nmf_status s = open_matrix(path, transpose, &fp, &h, &offset, &mr, &mc);
    if (s != NMF_OK)
        return s;
    if (rows == 0 || cols == 0 || r0 + rows > mr || c0 + cols > mc)
        s = nmfi_error(NMF_E_INVAL, "%s: block of rows %zu..%zu, columns"
                       " %zu..%zu is not inside its %zu x %zu matrix", path,
                       r0 + 1, r0 + rows, c0 + 1, c0 + cols, mr, mc);
    nmf_matrix *a = s == NMF_OK ? nmf_matrix_new(rows, cols) : NULL;
    if (s == NMF_OK && !a)
        s = nmfi_error(NMF_E_NOMEM, "%s: out of memory for a %zu x %zu"
                       " block (%.1f MiB)", path, rows, cols,
                       NMFI_MIB(nmfi_matrix_bytes(rows, cols)));
    /* The matrix's (i, j) is stored at i + j mr by columns, else at
     * i mc + j. */
    int by_columns = (h.ndim == 1 || h.fortran_order) != (transpose != 0);
    size_t run = by_columns ? rows : cols;
    unsigned char *buf = s == NMF_OK ? malloc(run * (size_t)h.size) : NULL;
    if (s == NMF_OK && !buf)
        s = nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
    if (by_columns)
        for (size_t j = 0; j < cols && s == NMF_OK; j++)
            s = read_run(fp, path, &h, offset, r0 + (c0 + j) * mr, rows, buf,
                         &NMFI_AT(a, 0, j), 1, r0, c0 + j, 1, 0);
    else
        for (size_t i = 0; i < rows && s == NMF_OK; i++)
            s = read_run(fp, path, &h, offset, (r0 + i) * mc + c0, cols, buf,
                         &NMFI_AT(a, i, 0), a->ld, r0 + i, c0, 0, 1);
    free(buf);
    fclose(fp);
    if (s != NMF_OK) {
        nmf_matrix_free(a);
        return s;
    }
    *out = a;
    return NMF_OK;
}

/* ---- Writing ------------------------------------------------------------ */

size_t nmfi_npy_header(size_t rows, size_t cols, unsigned char *buf)
{
    char dict[160];
    int n = snprintf(dict, sizeof dict, "{'descr': '<%s', 'fortran_order':"
                     " True, 'shape': (%zu, %zu), }",
                     sizeof(nmf_real) == 8 ? "f8" : "f4", rows, cols);
    /* numpy's padding: spaces, then '\n', so the data starts on a multiple
     * of 64 bytes (always at least one space, as numpy does). */
    size_t used = NPY_MAGIC_LEN + 2 + 2 + (size_t)n + 1;
    size_t hlen = (size_t)n + (NPY_ALIGN - used % NPY_ALIGN) + 1;
    memcpy(buf, NPY_MAGIC, NPY_MAGIC_LEN);
    buf[6] = 1;
    buf[7] = 0;
    buf[8] = (unsigned char)(hlen & 0xff);
    buf[9] = (unsigned char)(hlen >> 8);
    memcpy(buf + 10, dict, (size_t)n);
    memset(buf + 10 + n, ' ', hlen - (size_t)n - 1);
    buf[10 + hlen - 1] = '\n';
    return 10 + hlen;
}

nmf_status nmfi_npy_write_fp(FILE *fp, const nmf_matrix *a, const char *name)
{
    unsigned char head[NMFI_NPY_HEADER_MAX];
    fwrite(head, 1, nmfi_npy_header(a->rows, a->cols, head), fp);

    /* Columns straight from storage, skipping the ld padding; a big-endian
     * host swaps each column into little-endian order first. */
    nmf_real *swapped = NULL;
    if (nmfi_host_big_endian()) {
        swapped = malloc(a->rows * sizeof *swapped);
        if (!swapped)
            return nmfi_error(NMF_E_NOMEM, "%s: out of memory", name);
    }
    for (size_t j = 0; j < a->cols && !ferror(fp); j++) {
        const nmf_real *col = a->data + j * a->ld;
        if (swapped) {
            for (size_t i = 0; i < a->rows; i++) {
                unsigned char b[sizeof(nmf_real)], r[sizeof(nmf_real)];
                memcpy(b, &col[i], sizeof b);
                for (size_t k = 0; k < sizeof b; k++)
                    r[k] = b[sizeof b - 1 - k];
                memcpy(&swapped[i], r, sizeof r);
            }
            col = swapped;
        }
        fwrite(col, sizeof *col, a->rows, fp);
    }
    free(swapped);
    if (ferror(fp))
        return nmfi_error(NMF_E_IO, "%s: write failed: %s", name,
                          strerror(errno));
    return NMF_OK;
}

nmf_status nmf_write_npy(const char *path, const nmf_matrix *a)
{
    return nmfi_atomic_write_matrix(path, a, nmfi_npy_write_fp);
}
