/* check_io.c -- Check suite for src/io: CSV and NPY round trips on awkward
 * shapes, the files numpy itself writes (tests/data, found through
 * $top_srcdir), and one case per malformed input asserting the status and
 * the one-line message. Bad files are written into a mkdtemp folder that
 * the fixture removes. */
#include <config.h>

#include <check.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/writers.h"
#include "nmfkit.h"
#include "io/pgm.h"
#include "testtmp.h"
#include "testutil.h"

#if NMF_REAL_IS_DOUBLE
#define REAL_MAX DBL_MAX
#define REAL_MIN DBL_MIN
#define REAL_TRUE_MIN DBL_TRUE_MIN
#else
#define REAL_MAX FLT_MAX
#define REAL_MIN FLT_MIN
#define REAL_TRUE_MIN FLT_TRUE_MIN
#endif

/* ---- Helpers ------------------------------------------------------------ */


static int same_bits(nmf_real x, nmf_real y)
{
    return memcmp(&x, &y, sizeof x) == 0;
}

static void assert_matrix_bits(const nmf_matrix *got, const nmf_matrix *want)
{
    ck_assert_uint_eq(nmf_matrix_rows(got), nmf_matrix_rows(want));
    ck_assert_uint_eq(nmf_matrix_cols(got), nmf_matrix_cols(want));
    for (size_t j = 0; j < nmf_matrix_cols(want); j++)
        for (size_t i = 0; i < nmf_matrix_rows(want); i++) {
            nmf_real g = nmf_matrix_get(got, i, j);
            nmf_real w = nmf_matrix_get(want, i, j);
            ck_assert_msg(same_bits(g, w), "(%zu, %zu): got %.17g, want "
                          "%.17g", i, j, (double)g, (double)w);
        }
}

static void assert_matrix_values(const nmf_matrix *a, size_t rows,
                                 size_t cols, const double *row_major)
{
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(nmf_matrix_rows(a), rows);
    ck_assert_uint_eq(nmf_matrix_cols(a), cols);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            ck_assert_msg(same_bits(nmf_matrix_get(a, i, j),
                                    (nmf_real)row_major[i * cols + j]),
                          "(%zu, %zu): got %.17g, want %.17g", i, j,
                          (double)nmf_matrix_get(a, i, j),
                          row_major[i * cols + j]);
}

static const char *golden(char *buf, size_t size, const char *name)
{
    const char *top = getenv("top_srcdir");
    snprintf(buf, size, "%s/tests/data/%s", top && *top ? top : ".", name);
    return buf;
}

/* Values with every mantissa bit in use, exponents spread widely, signs
 * mixed, and the edge cases of nmf_real planted at fixed places. The
 * padding rows below `rows` are NaN, so a writer that wrote them shows. */
static nmf_matrix *awkward_matrix(size_t rows, size_t cols, uint64_t seed)
{
    nmf_matrix *a = nmf_matrix_new(rows, cols);
    ck_assert_ptr_nonnull(a);
    uint64_t s = seed;
    int span = NMF_REAL_IS_DOUBLE ? 900 : 100;
    for (size_t j = 0; j < cols; j++)
        for (size_t i = 0; i < nmf_matrix_ld(a); i++) {
            double u = test_uniform(&s) - 0.25;
            int e = (int)(test_uniform(&s) * 2 * span) - span;
            nmf_matrix_data(a)[i + j * nmf_matrix_ld(a)] =
                i < rows ? (nmf_real)ldexp(u, e) : (nmf_real)NAN;
        }
    const nmf_real special[] = {
        0, -0.0, 1, (nmf_real)0.1, (nmf_real)(1.0 / 3), REAL_MAX, -REAL_MAX,
        REAL_MIN, REAL_TRUE_MIN, (nmf_real)1e-7, (nmf_real)123456789
    };
    size_t nspecial = sizeof special / sizeof special[0];
    for (size_t k = 0; k < nspecial && k < rows * cols; k++)
        nmf_matrix_set(a, (k * 7) % rows, (k * 3) % cols, special[k]);
    return a;
}

/* Hand-made .npy: magic, version, header length in 2 or 4 bytes, the dict
 * padded with spaces to a 64-byte boundary and '\n', then the data. */
static size_t make_npy(unsigned char *buf, size_t cap, int major,
                       const char *dict, const void *data, size_t datalen)
{
    size_t lensize = major == 1 ? 2 : 4;
    size_t pre = 8 + lensize, n = strlen(dict);
    size_t hlen = n + 1;
    while ((pre + hlen) % 64 != 0)
        hlen++;
    ck_assert_uint_le(pre + hlen + datalen, cap);
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (unsigned char)major;
    buf[7] = 0;
    for (size_t k = 0; k < lensize; k++)
        buf[8 + k] = (unsigned char)(hlen >> (8 * k));
    memcpy(buf + pre, dict, n);
    memset(buf + pre + n, ' ', hlen - n - 1);
    buf[pre + hlen - 1] = '\n';
    if (datalen)
        memcpy(buf + pre + hlen, data, datalen);
    return pre + hlen + datalen;
}

/* ---- Round trips -------------------------------------------------------- */

/* 1 x 1, a row, a column, ld > rows (3 -> 16 floats), primes, and a row
 * count one over a whole cache line of floats. */
static const struct shape { size_t rows, cols; } shapes[] = {
    { 1, 1 }, { 1, 9 }, { 9, 1 }, { 3, 5 }, { 17, 13 }, { 33, 2 }, { 16, 4 }
};

START_TEST(test_npy_roundtrip)
{
    const struct shape *sh = &shapes[_i];
    nmf_matrix *a = awkward_matrix(sh->rows, sh->cols, 11 + (uint64_t)_i);
    char path[1024];
    testtmp_path(path, sizeof path, "a.npy");
    ck_assert_int_eq(nmf_write_npy(path, a), NMF_OK);
    nmf_matrix *b = NULL;
    ck_assert_int_eq(nmf_read_npy(path, &b), NMF_OK);
    assert_matrix_bits(b, a);

    /* Only the rows x cols values go out, not the ld padding. */
    size_t len;
    unsigned char *bytes = testtmp_slurp(path, &len);
    size_t hlen = bytes[8] | (size_t)bytes[9] << 8;
    ck_assert_uint_eq(len, 10 + hlen + sh->rows * sh->cols * sizeof(nmf_real));
    free(bytes);
    nmf_matrix_free(a);
    nmf_matrix_free(b);
}
END_TEST

START_TEST(test_csv_roundtrip)
{
    const struct shape *sh = &shapes[_i];
    nmf_matrix *a = awkward_matrix(sh->rows, sh->cols, 23 + (uint64_t)_i);
    char path[1024];
    testtmp_path(path, sizeof path, "a.csv");
    ck_assert_int_eq(nmf_write_csv(path, a), NMF_OK);
    nmf_matrix *b = NULL;
    ck_assert_int_eq(nmf_read_csv(path, &b), NMF_OK);
    assert_matrix_bits(b, a);
    nmf_matrix_free(a);
    nmf_matrix_free(b);
}
END_TEST

START_TEST(test_roundtrip_nonfinite)
{
    nmf_matrix *a = nmf_matrix_new(2, 2);
    ck_assert_ptr_nonnull(a);
    nmf_matrix_set(a, 0, 0, (nmf_real)NAN);
    nmf_matrix_set(a, 1, 0, (nmf_real)INFINITY);
    nmf_matrix_set(a, 0, 1, (nmf_real)-INFINITY);
    nmf_matrix_set(a, 1, 1, (nmf_real)-0.0);
    const char *names[] = { "nf.csv", "nf.npy" };
    for (int k = 0; k < 2; k++) {
        char path[1024];
        testtmp_path(path, sizeof path, names[k]);
        ck_assert_int_eq(k ? nmf_write_npy(path, a) : nmf_write_csv(path, a),
                         NMF_OK);
        nmf_matrix *b = NULL;
        ck_assert_int_eq(nmf_read_matrix(path, &b), NMF_OK);
        ck_assert(isnan(nmf_matrix_get(b, 0, 0)));
        ck_assert(isinf(nmf_matrix_get(b, 1, 0))
                  && nmf_matrix_get(b, 1, 0) > 0);
        ck_assert(isinf(nmf_matrix_get(b, 0, 1))
                  && nmf_matrix_get(b, 0, 1) < 0);
        ck_assert(nmf_matrix_get(b, 1, 1) == 0
                  && signbit(nmf_matrix_get(b, 1, 1)));
        nmf_matrix_free(b);
    }
    nmf_matrix_free(a);
}
END_TEST

/* ---- What the writers put in the file ----------------------------------- */

START_TEST(test_csv_write_text)
{
    const double v[] = { 0.1, 1, -2.5, 1e-10, 3, 1.0 / 3 };
    nmf_matrix *a = nmf_matrix_new(2, 3);
    ck_assert_ptr_nonnull(a);
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 3; j++)
            nmf_matrix_set(a, i, j, (nmf_real)v[i * 3 + j]);
    char path[1024];
    testtmp_path(path, sizeof path, "t.csv");
    ck_assert_int_eq(nmf_write_csv(path, a), NMF_OK);
    size_t len;
    char *text = (char *)testtmp_slurp(path, &len);
#if NMF_REAL_IS_DOUBLE
    const char *want = "0.1,1,-2.5\n1e-10,3,0.3333333333333333\n";
#else
    const char *want = "0.1,1,-2.5\n1e-10,3,0.33333334\n";
#endif
    ck_assert_uint_eq(len, strlen(want));
    ck_assert(memcmp(text, want, len) == 0);
    free(text);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(test_npy_write_header)
{
    nmf_matrix *a = nmf_matrix_new(3, 4);
    ck_assert_ptr_nonnull(a);
    for (size_t j = 0; j < 4; j++)
        for (size_t i = 0; i < 3; i++)
            nmf_matrix_set(a, i, j, (nmf_real)(10 * i + j));
    char path[1024];
    testtmp_path(path, sizeof path, "h.npy");
    ck_assert_int_eq(nmf_write_npy(path, a), NMF_OK);
    size_t len;
    unsigned char *b = testtmp_slurp(path, &len);
    ck_assert(memcmp(b, "\x93NUMPY\x01\x00", 8) == 0);
    size_t hlen = b[8] | (size_t)b[9] << 8;
    ck_assert_uint_eq((10 + hlen) % 64, 0);
    ck_assert_uint_eq(len, 10 + hlen + 12 * sizeof(nmf_real));
    ck_assert_int_eq(b[10 + hlen - 1], '\n');
    char header[256];
    ck_assert_uint_lt(hlen, sizeof header);
    memcpy(header, b + 10, hlen);
    header[hlen] = '\0';
    ck_assert_ptr_nonnull(strstr(header, NMF_REAL_IS_DOUBLE
                                 ? "'descr': '<f8'" : "'descr': '<f4'"));
    ck_assert_ptr_nonnull(strstr(header, "'fortran_order': True"));
    ck_assert_ptr_nonnull(strstr(header, "'shape': (3, 4)"));
    /* Fortran order: the second value on disk is A(1, 0), little-endian. */
    unsigned char want[sizeof(nmf_real)], le[sizeof(nmf_real)];
    nmf_real x = nmf_matrix_get(a, 1, 0);
    memcpy(want, &x, sizeof x);
    const uint16_t one = 1;
    if (*(const unsigned char *)&one == 0)
        for (size_t k = 0; k < sizeof x; k++)
            le[k] = want[sizeof x - 1 - k];
    else
        memcpy(le, want, sizeof x);
    ck_assert(memcmp(b + 10 + hlen + sizeof x, le, sizeof x) == 0);
    free(b);
    nmf_matrix_free(a);
}
END_TEST

/* ---- Atomic output ------------------------------------------------------ */

START_TEST(test_write_missing_dir)
{
    nmf_matrix *a = nmf_matrix_new(2, 2);
    ck_assert_ptr_nonnull(a);
    char path[1024];
    testtmp_path(path, sizeof path, "missing/W.npy");
    testtmp_assert_error(nmf_write_npy(path, a), NMF_E_IO, path,
                 "No such file or directory", NULL);
    testtmp_path(path, sizeof path, "missing/W.csv");
    testtmp_assert_error(nmf_write_csv(path, a), NMF_E_IO, path,
                 "No such file or directory", NULL);
    ck_assert_int_eq(testtmp_count_entries(testtmp_dir()), 0);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(test_write_leaves_no_temporary)
{
    nmf_matrix *a = awkward_matrix(5, 3, 7);
    char path[1024];
    ck_assert_int_eq(nmf_write_npy(testtmp_path(path, sizeof path, "W.npy"), a),
                     NMF_OK);
    ck_assert_int_eq(nmf_write_csv(testtmp_path(path, sizeof path, "W.csv"), a),
                     NMF_OK);
    /* Overwriting an existing file goes through a temporary too. */
    ck_assert_int_eq(nmf_write_npy(testtmp_path(path, sizeof path, "W.npy"), a),
                     NMF_OK);
    ck_assert_int_eq(testtmp_count_entries(testtmp_dir()), 2);
    ck_assert_int_eq(testtmp_count_leftovers(testtmp_dir()), 0);
    nmf_matrix_free(a);
}
END_TEST

/* A stream that fails: /dev/full takes the open but no byte. The matrix is
 * larger than any stdio buffer so the failure shows before any flush. */
START_TEST(test_write_fp_error)
{
    FILE *fp = fopen("/dev/full", "wb");
    if (!fp)
        return;
    nmf_matrix *a = nmf_matrix_new(128, 128);
    ck_assert_ptr_nonnull(a);
    testtmp_assert_error(nmfi_npy_write_fp(fp, a, "full.npy"), NMF_E_IO, "full.npy",
                 "write failed", NULL);
    clearerr(fp);
    testtmp_assert_error(nmfi_csv_write_fp(fp, a, "full.csv"), NMF_E_IO, "full.csv",
                 "write failed", NULL);
    fclose(fp);
    nmf_matrix_free(a);
}
END_TEST

/* ---- Files written by numpy --------------------------------------------- */

enum { F64, F32 };
static const struct golden_case {
    const char *name;
    int type;
    size_t cols;
} golden_cases[] = {
    { "f64_c.npy", F64, 4 }, { "f64_f.npy", F64, 4 },
    { "f32_c.npy", F32, 4 }, { "f32_f.npy", F32, 4 },
    { "f64_be.npy", F64, 4 }, { "f64_v2.npy", F64, 4 },
    { "f64_1d.npy", F64, 1 },
    { "savetxt_space.txt", F64, 4 }, { "savetxt_comma.csv", F64, 4 },
};

/* x[i, j] = (i + 1) / (j + 3), as tests/data/README.md made them. */
START_TEST(test_golden)
{
    const struct golden_case *g = &golden_cases[_i];
    char path[1024];
    golden(path, sizeof path, g->name);
    nmf_matrix *a = NULL;
    nmf_status s = nmf_read_matrix(path, &a);
    ck_assert_msg(s == NMF_OK, "%s", nmf_last_error());
    double want[12];
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < g->cols; j++) {
            double x = (double)(i + 1) / (double)(j + 3);
            want[i * g->cols + j] = g->type == F32 ? (float)x : x;
        }
    assert_matrix_values(a, 3, g->cols, want);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(test_golden_integers)
{
    char path[1024];
    nmf_matrix *a = NULL;
    ck_assert_int_eq(nmf_read_npy(golden(path, sizeof path, "i4_c.npy"), &a),
                     NMF_OK);
    const double i4[] = { 1, -2, 3, -4, 5, -6 };
    assert_matrix_values(a, 2, 3, i4);
    nmf_matrix_free(a);
    ck_assert_int_eq(nmf_read_npy(golden(path, sizeof path, "u1_c.npy"), &a),
                     NMF_OK);
    const double u1[] = { 0, 255, 7, 128 };
    assert_matrix_values(a, 2, 2, u1);
    nmf_matrix_free(a);
}
END_TEST

/* Version 3.0 is 2.0 with a UTF-8 header; numpy writes it only for exotic
 * field names, so patch the version byte of a 2.0 file. */
START_TEST(test_npy_version3)
{
    char src[1024], path[1024];
    size_t len;
    golden(src, sizeof src, "f64_v2.npy");
    unsigned char *b = testtmp_slurp(src, &len);
    ck_assert_int_eq(b[6], 2);
    b[6] = 3;
    testtmp_write(testtmp_path(path, sizeof path, "v3.npy"), b, len);
    nmf_matrix *a = NULL;
    ck_assert_int_eq(nmf_read_npy(path, &a), NMF_OK);
    ck_assert_uint_eq(nmf_matrix_rows(a), 3);
    ck_assert(same_bits(nmf_matrix_get(a, 2, 3), (nmf_real)(3.0 / 6)));
    ck_assert(same_bits(nmf_matrix_get(a, 0, 1), (nmf_real)(1.0 / 4)));
    nmf_matrix_free(a);

    b[6] = 4;
    testtmp_write(path, b, len);
    testtmp_assert_error(nmf_read_npy(path, &a), NMF_E_FORMAT, path,
                 "unsupported .npy version 4.0", NULL);
    ck_assert_ptr_null(a);
    free(b);
}
END_TEST

/* Other integer widths and byte orders, made by hand. */
START_TEST(test_npy_integer_dtypes)
{
    static const struct {
        const char *descr;
        unsigned char data[16];
        double want[2];
    } cases[] = {
        { "'|i1'", { 0xff, 0x05 }, { -1, 5 } },
        { "'<i2'", { 0x00, 0x80, 0x01, 0x00 }, { -32768, 1 } },
        { "'>u2'", { 0x01, 0x00, 0xff, 0xff }, { 256, 65535 } },
        { "'<u4'", { 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0 },
          { 4294967295.0, 0 } },
        { "'<i8'", { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                     0x40, 0x42, 0x0f, 0, 0, 0, 0, 0 }, { -2, 1000000 } },
        { "'>f4'", { 0x3f, 0xc0, 0, 0, 0xc0, 0x20, 0, 0 }, { 1.5, -2.5 } },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char dict[128], path[1024];
        snprintf(dict, sizeof dict, "{'descr': %s, 'fortran_order': False,"
                 " 'shape': (1, 2), }", cases[k].descr);
        size_t size = (size_t)(cases[k].descr[3] - '0');
        unsigned char buf[256];
        size_t len = make_npy(buf, sizeof buf, 1, dict, cases[k].data,
                              2 * size);
        testtmp_write(testtmp_path(path, sizeof path, "int.npy"), buf, len);
        nmf_matrix *a = NULL;
        ck_assert_msg(nmf_read_npy(path, &a) == NMF_OK, "%s: %s",
                      cases[k].descr, nmf_last_error());
        assert_matrix_values(a, 1, 2, cases[k].want);
        nmf_matrix_free(a);
    }
}
END_TEST

/* Values stored as nmf_real in the host's order are copied without
 * conversion (read_native): C order in bands of rows, a band of 16 and a
 * fringe (37 rows), and bands narrower than 16 when a row is long; Fortran
 * order column by column. Every element checked against i * cols + j. */
START_TEST(test_npy_native_orders)
{
    static const struct { size_t rows, cols; } sizes[] = {
        { 37, 53 }, { 3, 70001 }, { 1, 1 },
    };
#if NMF_REAL_IS_DOUBLE
    const char *descr = "<f8";
#else
    const char *descr = "<f4";
#endif
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t rows = sizes[k].rows, cols = sizes[k].cols;
        size_t count = rows * cols, cap = 256 + count * sizeof(nmf_real);
        nmf_real *data = malloc(count * sizeof(nmf_real));
        unsigned char *buf = malloc(cap);
        ck_assert(data && buf);
        for (int fortran = 0; fortran <= 1; fortran++) {
            for (size_t i = 0; i < rows; i++)
                for (size_t j = 0; j < cols; j++)
                    data[fortran ? i + j * rows : i * cols + j] =
                        (nmf_real)(i * cols + j);
            char dict[128], path[1024];
            snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': %s,"
                     " 'shape': (%zu, %zu), }", descr,
                     fortran ? "True" : "False", rows, cols);
            size_t len = make_npy(buf, cap, 1, dict, data,
                                  count * sizeof(nmf_real));
            testtmp_write(testtmp_path(path, sizeof path, "native.npy"), buf,
                          len);
            nmf_matrix *a = NULL;
            ck_assert_msg(nmf_read_npy(path, &a) == NMF_OK, "%s",
                          nmf_last_error());
            ck_assert_uint_eq(nmf_matrix_rows(a), rows);
            ck_assert_uint_eq(nmf_matrix_cols(a), cols);
            for (size_t i = 0; i < rows; i++)
                for (size_t j = 0; j < cols; j++)
                    if (nmf_matrix_get(a, i, j) != (nmf_real)(i * cols + j))
                        ck_abort_msg("%zu x %zu %s order: (%zu, %zu) = %g",
                                     rows, cols, fortran ? "Fortran" : "C",
                                     i, j, (double)nmf_matrix_get(a, i, j));
            nmf_matrix_free(a);
        }
        free(data);
        free(buf);
    }
}
END_TEST

/* Header spellings other writers use: Python 2 longs, double quotes, no
 * trailing comma, keys in another order, '=' (native) byte order. */
START_TEST(test_npy_header_variants)
{
    static const char *dicts[] = {
        "{'descr': '<f4', 'fortran_order': True, 'shape': (2L, 2L), }",
        "{\"descr\": \"<f4\", \"fortran_order\": True, \"shape\": (2, 2)}",
        "{ 'shape' : ( 2 , 2 ) , 'fortran_order' : True , 'descr' : '=f4' }",
    };
    const float v[4] = { 1.5f, -2.0f, 0.25f, 1e-3f };
    unsigned char data[16];
    for (int k = 0; k < 4; k++) {
        uint32_t x;
        memcpy(&x, &v[k], 4);
        for (int b = 0; b < 4; b++)
            data[4 * k + b] = (unsigned char)(x >> (8 * b));
    }
    const uint16_t one = 1;
    int host_big = *(const unsigned char *)&one == 0;
    const double want[] = { 1.5f, 0.25f, -2.0f, 1e-3f };  /* Fortran order */
    for (size_t k = 0; k < sizeof dicts / sizeof dicts[0]; k++) {
        if (host_big && strstr(dicts[k], "'=f4'"))
            continue;
        unsigned char buf[256];
        size_t len = make_npy(buf, sizeof buf, 1, dicts[k], data,
                              sizeof data);
        char path[1024];
        testtmp_write(testtmp_path(path, sizeof path, "var.npy"), buf, len);
        nmf_matrix *a = NULL;
        ck_assert_msg(nmf_read_npy(path, &a) == NMF_OK, "%s: %s", dicts[k],
                      nmf_last_error());
        assert_matrix_values(a, 2, 2, want);
        nmf_matrix_free(a);
    }
}
END_TEST

/* ---- CSV variants that must be accepted -------------------------------- */

static const struct csv_ok { const char *name, *text; } csv_ok[] = {
    { "comma", "1,2\n3,4\n" },
    { "CRLF", "1,2\r\n3,4\r\n" },
    { "comments and blank lines", "# hdr\n\n1, 2  # note\n  3 ,4\n\n# end\n" },
    { "tabs", "1\t2\n3\t\t4\n" },
    { "blanks", "  1   2\n3 4   \n" },
    { "no final newline", "1,2\n3,4" },
    { "byte order mark", "\xEF\xBB\xBF" "1,2\n3,4\n" },
    { "savetxt %.18e", "1.000000000000000000e+00 2.000000000000000000e+00\n"
                       "3.000000000000000000e+00 4.000000000000000000e+00\n" },
    { "comma then blanks", "1 ,\t2\n3, 4\n" },
};

START_TEST(test_csv_accepts)
{
    char path[1024];
    testtmp_path(path, sizeof path, "ok.csv");
    testtmp_write(path, csv_ok[_i].text, strlen(csv_ok[_i].text));
    nmf_matrix *a = NULL;
    nmf_status s = nmf_read_csv(path, &a);
    ck_assert_msg(s == NMF_OK, "%s: %s", csv_ok[_i].name, nmf_last_error());
    const double want[] = { 1, 2, 3, 4 };
    assert_matrix_values(a, 2, 2, want);
    nmf_matrix_free(a);
}
END_TEST

START_TEST(test_csv_special_values)
{
    char path[1024];
    const char *text = "nan,inf,-inf\n-0,1e-40,1e-330\n";
    testtmp_path(path, sizeof path, "sp.csv");
    testtmp_write(path, text, strlen(text));
    nmf_matrix *a = NULL;
    ck_assert_int_eq(nmf_read_csv(path, &a), NMF_OK);
    ck_assert(isnan(nmf_matrix_get(a, 0, 0)));
    ck_assert(isinf(nmf_matrix_get(a, 0, 1)) && nmf_matrix_get(a, 0, 1) > 0);
    ck_assert(isinf(nmf_matrix_get(a, 0, 2)) && nmf_matrix_get(a, 0, 2) < 0);
    ck_assert(signbit(nmf_matrix_get(a, 1, 0)));
    /* Underflow is not an error: subnormal or zero is the nearest value. */
    ck_assert(nmf_matrix_get(a, 1, 1) > 0);
    ck_assert(nmf_matrix_get(a, 1, 2) == 0);
    nmf_matrix_free(a);
}
END_TEST

/* A finite number beyond float's range is an error in the float build, not
 * an Inf; the double build takes it. */
START_TEST(test_csv_float_overflow)
{
    char path[1024];
    const char *text = "1,2\n3,1e39\n";
    testtmp_path(path, sizeof path, "big.csv");
    testtmp_write(path, text, strlen(text));
    nmf_matrix *a = NULL;
    nmf_status s = nmf_read_csv(path, &a);
#if NMF_REAL_IS_DOUBLE
    ck_assert_int_eq(s, NMF_OK);
    ck_assert(nmf_matrix_get(a, 1, 1) == 1e39);
    nmf_matrix_free(a);
#else
    testtmp_assert_error(s, NMF_E_INVAL, path, "line 2, column 2", "out of range",
                 "\"1e39\"", NULL);
    ck_assert_ptr_null(a);
#endif
}
END_TEST

/* ---- CSV that must be refused ------------------------------------------ */

static const struct csv_bad {
    const char *text;
    size_t len;             /* 0: strlen(text) */
    nmf_status status;
    const char *words[3];
} csv_bad[] = {
    { "", 0, NMF_E_FORMAT, { "empty", "no data rows" } },
    { "# only a header\n\n  \n# and a comment\n", 0, NMF_E_FORMAT,
      { "empty", "no data rows" } },
    { "1,2,3\n4,5,6\n7,8\n", 0, NMF_E_FORMAT,
      { "line 3", "ragged", "2 values, expected 3" } },
    { "# hdr\n1 2\n\n3 4 5\n", 0, NMF_E_FORMAT,
      { "line 4", "ragged", "3 values, expected 2 (as on line 2)" } },
    { "1,2\r\n3\r\n", 0, NMF_E_FORMAT, { "line 2", "ragged" } },
    { "1,2\n3,abc\n", 0, NMF_E_FORMAT,
      { "line 2, column 2", "not a number", "\"abc\"" } },
    { "1,2\n3,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 0, NMF_E_FORMAT,
      { "line 2, column 2", "\"aaaaaaaaaaaaaaaaaaaaaaaa...\"" } },
    { "1,,3\n", 0, NMF_E_FORMAT, { "line 1, column 2", "empty field" } },
    { "1,2,\n", 0, NMF_E_FORMAT, { "line 1, column 3", "empty field" } },
    { ",1,2\n", 0, NMF_E_FORMAT, { "line 1, column 1", "empty field" } },
    { "1, ,2\n", 0, NMF_E_FORMAT, { "line 1, column 2", "empty field" } },
    { "1,1e400\n", 0, NMF_E_INVAL,
      { "line 1, column 2", "out of range", "\"1e400\"" } },
    { "1,-1e400\n", 0, NMF_E_INVAL, { "column 2", "out of range" } },
    { "1.5abc,2\n", 0, NMF_E_FORMAT,
      { "line 1, column 1", "trailing garbage", "\"1.5abc\"" } },
    { "1,2 3\n", 0, NMF_E_FORMAT,
      { "line 1, column 2", "trailing garbage", "\"2 3\"" } },
    { "1 2\n3 4,5\n", 0, NMF_E_FORMAT,
      { "line 2, column 2", "trailing garbage", "\"4,5\"" } },
    { "1,2\n3,\0" "4\n", 10, NMF_E_FORMAT, { "line 2", "NUL byte" } },
};

START_TEST(test_csv_rejects)
{
    const struct csv_bad *c = &csv_bad[_i];
    char path[1024];
    testtmp_path(path, sizeof path, "bad.csv");
    testtmp_write(path, c->text, c->len ? c->len : strlen(c->text));
    nmf_matrix *a = (nmf_matrix *)&a;  /* must come back NULL */
    nmf_status s = nmf_read_csv(path, &a);
    testtmp_assert_error(s, c->status, path, c->words[0] ? c->words[0] : "",
                 c->words[1] ? c->words[1] : "",
                 c->words[2] ? c->words[2] : "", NULL);
    ck_assert_ptr_null(a);
}
END_TEST

START_TEST(test_csv_missing)
{
    char path[1024];
    testtmp_path(path, sizeof path, "nope.csv");
    nmf_matrix *a = NULL;
    testtmp_assert_error(nmf_read_csv(path, &a), NMF_E_IO, path,
                 "cannot open", "No such file or directory", NULL);
    testtmp_assert_error(nmf_read_npy(path, &a), NMF_E_IO, path,
                 "cannot open", "No such file or directory", NULL);
    ck_assert_ptr_null(a);
}
END_TEST

/* ---- NPY that must be refused ------------------------------------------ */

static const struct npy_bad {
    const char *raw;        /* non-NULL: these bytes are the whole file */
    size_t rawlen;
    int major;
    const char *dict;
    size_t datalen;         /* bytes of zero data after the header */
    const char *words[3];
} npy_bad[] = {
    { "hello, world: not numpy", 23, 0, NULL, 0,
      { "not a .npy file", "magic" } },
    { "\x93NUM", 4, 0, NULL, 0, { "not a .npy file", "magic" } },
    { "", 0, 0, NULL, 0, { "empty file" } },
    { "\x93NUMPY\x01", 7, 0, NULL, 0, { "truncated header" } },
    { "\x93NUMPY\x01\x00\x40\x00{'descr'", 18, 0, NULL, 0,
      { "truncated header" } },
    { NULL, 0, 1, "{'descr': '<f8' 'fortran_order': False, 'shape': (2, 2), }",
      32, { "bad .npy header", "expected ',' or '}'" } },
    { NULL, 0, 1, "not a dict", 32, { "bad .npy header", "expected '{'" } },
    { NULL, 0, 1, "{'descr': '<f8', 'shape': (2, 2), }", 32,
      { "bad .npy header", "no 'fortran_order' key" } },
    { NULL, 0, 1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 2), }", 32,
      { "bad .npy header", "True or False" } },
    { NULL, 0, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, x), }",
      32, { "bad .npy header", "shape" } },
    { NULL, 0, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), "
      "'extra': 1}", 32, { "bad .npy header", "unexpected key 'extra'" } },
    /* Bytes of the file quoted in a message are escaped: one line, and
     * nothing a terminal would act on. */
    { NULL, 0, 1, "{'descr': '<f8', 'fortran_order': False, 'sha\npe': (2, 2), "
      "}", 32, { "bad .npy header", "unexpected key 'sha\\npe'" } },
    { NULL, 0, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), "
      "'\x1b[2J': 1}", 32, { "unexpected key '\\x1b[2J'" } },
    { NULL, 0, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2)} x",
      32, { "bad .npy header", "after the closing" } },
    { NULL, 0, 1, "{'descr': '<c16', 'fortran_order': False, "
      "'shape': (2, 2), }", 64, { "unsupported dtype '<c16'" } },
    { NULL, 0, 1, "{'descr': '<f2', 'fortran_order': False, 'shape': (2, 2), }",
      8, { "unsupported dtype '<f2'" } },
    { NULL, 0, 1, "{'descr': '|f8', 'fortran_order': False, 'shape': (2, 2), }",
      32, { "unsupported dtype '|f8'" } },
    { NULL, 0, 1, "{'descr': '|O', 'fortran_order': False, 'shape': (2, 2), }",
      32, { "unsupported dtype '|O'" } },
    { NULL, 0, 1, "{'descr': [('a', '<f4')], 'fortran_order': False, "
      "'shape': (2,), }", 8, { "bad .npy header", "structured" } },
    { NULL, 0, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 8,
      { "0-d array", "not a matrix" } },
    { NULL, 0, 1, "{'descr': '<f8', 'fortran_order': False, "
      "'shape': (2, 2, 2), }", 64,
      { "3-d array", "(2, 2, 2)", "not a matrix" } },
    { NULL, 0, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }",
      0, { "zero-sized", "(0, 3)" } },
    { NULL, 0, 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (5,), }", 0,
      { "truncated data", "(5,)", "needs 20 bytes" } },
    { NULL, 0, 2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
      24, { "truncated data", "needs 32 bytes, the file has 24" } },
    { NULL, 0, 1, "{'descr': '<f8', 'fortran_order': False, "
      "'shape': (4611686018427387904, 4), }", 0, { "too large" } },
    { NULL, 0, 1, "{'descr': '<f8', 'fortran_order': False, "
      "'shape': (99999999999999999999999, 4), }", 0,
      { "bad .npy header", "shape too large" } },
};

START_TEST(test_npy_rejects)
{
    const struct npy_bad *c = &npy_bad[_i];
    char path[1024];
    testtmp_path(path, sizeof path, "bad.npy");
    unsigned char buf[512];
    size_t len;
    if (c->raw) {
        len = c->rawlen;
        memcpy(buf, c->raw, len);
    } else {
        unsigned char zeros[64] = { 0 };
        len = make_npy(buf, sizeof buf, c->major, c->dict, zeros, c->datalen);
    }
    testtmp_write(path, buf, len);
    nmf_matrix *a = (nmf_matrix *)&a;  /* must come back NULL */
    nmf_status s = nmf_read_npy(path, &a);
    testtmp_assert_error(s, NMF_E_FORMAT, path, c->words[0] ? c->words[0] : "",
                 c->words[1] ? c->words[1] : "",
                 c->words[2] ? c->words[2] : "", NULL);
    ck_assert_ptr_null(a);
}
END_TEST

START_TEST(test_npy_header_too_long)
{
    char path[1024];
    const unsigned char b[] = "\x93NUMPY\x02\x00\x00\x00\x00\x40{}";
    testtmp_write(testtmp_path(path, sizeof path, "long.npy"), b, sizeof b - 1);
    nmf_matrix *a = NULL;
    testtmp_assert_error(nmf_read_npy(path, &a), NMF_E_FORMAT, path,
                 "bad .npy header", "bytes long", NULL);
}
END_TEST

/* A float64 beyond float's range: an error in the float build (naming the
 * entry), taken as is in the double build. */
START_TEST(test_npy_float_overflow)
{
    const double v[2] = { 1.0, 1e300 };
    unsigned char data[16];
    for (int k = 0; k < 2; k++) {
        uint64_t x;
        memcpy(&x, &v[k], 8);
        for (int b = 0; b < 8; b++)
            data[8 * k + b] = (unsigned char)(x >> (8 * b));
    }
    unsigned char buf[256];
    size_t len = make_npy(buf, sizeof buf, 1, "{'descr': '<f8', "
                          "'fortran_order': False, 'shape': (1, 2), }",
                          data, sizeof data);
    char path[1024];
    testtmp_write(testtmp_path(path, sizeof path, "big.npy"), buf, len);
    nmf_matrix *a = NULL;
    nmf_status s = nmf_read_npy(path, &a);
#if NMF_REAL_IS_DOUBLE
    ck_assert_int_eq(s, NMF_OK);
    ck_assert(nmf_matrix_get(a, 0, 1) == 1e300);
    nmf_matrix_free(a);
#else
    testtmp_assert_error(s, NMF_E_INVAL, path, "row 1, column 2", "out of range",
                 NULL);
    ck_assert_ptr_null(a);
#endif
}
END_TEST

/* ---- Dispatch by extension ---------------------------------------------- */

START_TEST(test_read_matrix_dispatch)
{
    const char *text = "1,2\n3,4\n";
    const char *tsv = "1\t2\n3\t4\n";
    const char *names[] = { "a.CSV", "a.Txt", "a.tsv" };
    const double want[] = { 1, 2, 3, 4 };
    char path[1024];
    for (int k = 0; k < 3; k++) {
        testtmp_path(path, sizeof path, names[k]);
        testtmp_write(path, k == 2 ? tsv : text, strlen(text));
        nmf_matrix *a = NULL;
        ck_assert_msg(nmf_read_matrix(path, &a) == NMF_OK, "%s",
                      nmf_last_error());
        assert_matrix_values(a, 2, 2, want);
        nmf_matrix_free(a);
    }

    nmf_matrix *a = NULL;
    testtmp_path(path, sizeof path, "a.CSV");
    ck_assert_int_eq(nmf_read_matrix(path, &a), NMF_OK);
    ck_assert_int_eq(nmf_write_npy(testtmp_path(path, sizeof path, "b.NPY"), a),
                     NMF_OK);
    nmf_matrix_free(a);
    a = NULL;
    ck_assert_int_eq(nmf_read_matrix(path, &a), NMF_OK);
    assert_matrix_values(a, 2, 2, want);
    nmf_matrix_free(a);

    /* An .npy named .csv is read as text and refused as such. */
    char csvname[1024];
    testtmp_path(csvname, sizeof csvname, "b.csv");
    ck_assert_int_eq(rename(path, csvname), 0);
    a = NULL;
    ck_assert_int_ne(nmf_read_matrix(csvname, &a), NMF_OK);
    ck_assert_ptr_null(a);
}
END_TEST

START_TEST(test_read_matrix_unknown)
{
    char path[1024];
    const char *names[] = { "a.dat", "matrix", "a.csv.bak" };
    for (int k = 0; k < 3; k++) {
        testtmp_path(path, sizeof path, names[k]);
        testtmp_write(path, "1,2\n", 4);
        nmf_matrix *a = NULL;
        testtmp_assert_error(nmf_read_matrix(path, &a), NMF_E_INVAL, path,
                     "unknown format", "expected .csv or .npy", NULL);
        ck_assert_ptr_null(a);
    }
    /* Missing beats unknown: the likelier mistake is reported. */
    const char *missing[] = { "nope.xyz", "nope.npy", "nope" };
    for (int k = 0; k < 3; k++) {
        testtmp_path(path, sizeof path, missing[k]);
        nmf_matrix *a = NULL;
        testtmp_assert_error(nmf_read_matrix(path, &a), NMF_E_IO, path,
                     "cannot open", "No such file or directory", NULL);
    }
}
END_TEST

/* ---- Suite -------------------------------------------------------------- */

#define COUNT(x) ((int)(sizeof(x) / sizeof((x)[0])))


/* ---- PGM (P5) ------------------------------------------------------------- */

static nmf_status pgm_from(const char *bytes, size_t len, nmfi_gray *g)
{
    char path[1024];
    testtmp_path(path, sizeof path, "x.pgm");
    testtmp_write(path, bytes, len);
    return nmfi_pgm_read(path, g);
}

START_TEST(test_pgm_read)
{
    nmfi_gray g;
    /* Comments between every field and right after the magic number. */
    static const char one[] = "P5#c\n# made by hand\n3 # w\n2\n#x\n255\n"
                              "\x00\x33\x66\x99\xcc\xff";
    ck_assert_int_eq(pgm_from(one, sizeof one - 1, &g), NMF_OK);
    ck_assert_uint_eq(g.width, 3);
    ck_assert_uint_eq(g.height, 2);
    ck_assert_float_eq(g.pix[0], 0.0f);
    ck_assert_float_eq_tol(g.pix[1], 0.2f, 1e-7f);
    ck_assert_float_eq(g.pix[5], 1.0f);
    nmfi_gray_free(&g);
    /* maxval 1000: two bytes a sample, most significant first. */
    static const char two[] = "P5 2 1 1000 \x03\xe8\x01\xf4";
    ck_assert_int_eq(pgm_from(two, sizeof two - 1, &g), NMF_OK);
    ck_assert_float_eq(g.pix[0], 1.0f);
    ck_assert_float_eq_tol(g.pix[1], 0.5f, 1e-7f);
    nmfi_gray_free(&g);
    /* A sample byte that looks like whitespace or '#' is a sample. */
    static const char ws[] = "P5\n2 1\n255\n\x0a\x23";
    ck_assert_int_eq(pgm_from(ws, sizeof ws - 1, &g), NMF_OK);
    ck_assert_float_eq_tol(g.pix[0], 10.0f / 255.0f, 1e-7f);
    ck_assert_float_eq_tol(g.pix[1], 35.0f / 255.0f, 1e-7f);
    nmfi_gray_free(&g);
}
END_TEST

START_TEST(test_pgm_bad)
{
    static const struct {
        const char *bytes, *message;
    } bad[] = {
        {"P2 2 1 255 0 0", "only binary PGM (P5)"},
        {"GIF89a", "not a PGM file"},
        {"P5 0 1 255 ", "width and height must be positive"},
        {"P5 2 1 0 ab", "maxval must be 1 to 65535"},
        {"P5 2 1 65536 abcd", "maxval must be 1 to 65535"},
        {"P5 4 4 255 abc", "cut short: 3 of 16 pixels"},
        /* Refused from the file's length, before allocating 1 GiB. */
        {"P5 16000 16000 255 ab", "cut short: 2 of 256000000 pixels"},
        {"P5 2 1 100 \x10\x65", "pixel 1 is 101, above maxval 100"},
        {"P5 2", "width and height must be positive"},
        {"P5 70000 70000 255 ", "is too large"},
    };
    for (size_t i = 0; i < COUNT(bad); i++) {
        nmfi_gray g;
        ck_assert_int_eq(pgm_from(bad[i].bytes, strlen(bad[i].bytes), &g),
                         NMF_E_FORMAT);
        ck_assert_msg(strstr(nmf_last_error(), bad[i].message)
                      && strstr(nmf_last_error(), "x.pgm"),
                      "case %zu: '%s'", i, nmf_last_error());
        ck_assert_ptr_null(g.pix);
    }
    nmfi_gray g;
    ck_assert_int_eq(nmfi_pgm_read("/nonexistent/x.pgm", &g), NMF_E_IO);
}
END_TEST

static Suite *make_io_suite(void)
{
    testtmp_init("check_io");
    Suite *s = suite_create("io");
    /* Generous timeouts so the suite also passes under valgrind. */
    const int timeout = 60;

    TCase *tc = tcase_create("roundtrip");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, timeout);
    tcase_add_loop_test(tc, test_npy_roundtrip, 0, COUNT(shapes));
    tcase_add_loop_test(tc, test_csv_roundtrip, 0, COUNT(shapes));
    tcase_add_test(tc, test_roundtrip_nonfinite);
    tcase_add_test(tc, test_csv_write_text);
    tcase_add_test(tc, test_npy_write_header);
    suite_add_tcase(s, tc);

    tc = tcase_create("pgm");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, timeout);
    tcase_add_test(tc, test_pgm_read);
    tcase_add_test(tc, test_pgm_bad);
    suite_add_tcase(s, tc);

    tc = tcase_create("atomic");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, timeout);
    tcase_add_test(tc, test_write_missing_dir);
    tcase_add_test(tc, test_write_leaves_no_temporary);
    tcase_add_test(tc, test_write_fp_error);
    suite_add_tcase(s, tc);

    tc = tcase_create("numpy");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, timeout);
    tcase_add_loop_test(tc, test_golden, 0, COUNT(golden_cases));
    tcase_add_test(tc, test_golden_integers);
    tcase_add_test(tc, test_npy_version3);
    tcase_add_test(tc, test_npy_integer_dtypes);
    tcase_add_test(tc, test_npy_native_orders);
    tcase_add_test(tc, test_npy_header_variants);
    suite_add_tcase(s, tc);

    tc = tcase_create("csv");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, timeout);
    tcase_add_loop_test(tc, test_csv_accepts, 0, COUNT(csv_ok));
    tcase_add_test(tc, test_csv_special_values);
    tcase_add_test(tc, test_csv_float_overflow);
    tcase_add_loop_test(tc, test_csv_rejects, 0, COUNT(csv_bad));
    tcase_add_test(tc, test_csv_missing);
    suite_add_tcase(s, tc);

    tc = tcase_create("npy");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, timeout);
    tcase_add_loop_test(tc, test_npy_rejects, 0, COUNT(npy_bad));
    tcase_add_test(tc, test_npy_header_too_long);
    tcase_add_test(tc, test_npy_float_overflow);
    suite_add_tcase(s, tc);

    tc = tcase_create("dispatch");
    testtmp_add_fixtures(tc);
    tcase_set_timeout(tc, timeout);
    tcase_add_test(tc, test_read_matrix_dispatch);
    tcase_add_test(tc, test_read_matrix_unknown);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_io_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
