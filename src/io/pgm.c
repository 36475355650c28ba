/* pgm.c -- see pgm.h. The header is parsed a byte at a time, so a
 * comment or an odd separator never shifts where the samples start. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "io/pgm.h"

/* Images beyond 2^28 pixels are refused before allocating (1 GiB of
 * floats): no PGM this program meets is near it. */
#define MAX_PIXELS ((size_t)1 << 28)

/* The next header number, skipping whitespace and comments; -1 if there
 * is none (end of file or another character). */
static long header_number(FILE *f)
{
    int c;
    for (;;) {
        c = getc(f);
        if (c == '#') {
            while (c != '\n' && c != '\r' && c != EOF)
                c = getc(f);
            continue;
        }
        if (c == EOF || !isspace(c))
            break;
    }
    if (c == EOF || !isdigit(c))
        return -1;
    long v = 0;
    while (c != EOF && isdigit(c)) {
        if (v > 100000000L)
            return -1;
        v = 10 * v + (c - '0');
        c = getc(f);
    }
    /* Exactly one whitespace ends the number (after maxval it is the
     * one byte before the samples). A comment may follow directly. */
    if (c == '#')
        ungetc(c, f);
    else if (c == EOF || !isspace(c))
        return -1;
    return v;
}

static nmf_status parse(FILE *f, const char *path, nmfi_gray *out)
{
    char magic[2];
    if (fread(magic, 1, 2, f) != 2 || magic[0] != 'P')
        return nmfi_error(NMF_E_FORMAT, "%s: not a PGM file (no P5 magic "
                          "number)", path);
    if (magic[1] != '5')
        return nmfi_error(NMF_E_FORMAT, "%s: P%c netpbm file; only binary "
                          "PGM (P5) is read", path, magic[1]);
    long w = header_number(f), h = header_number(f), maxval;
    if (w <= 0 || h <= 0)
        return nmfi_error(NMF_E_FORMAT, "%s: bad PGM header: width and "
                          "height must be positive numbers", path);
    maxval = header_number(f);
    if (maxval < 1 || maxval > 65535)
        return nmfi_error(NMF_E_FORMAT, "%s: bad PGM header: maxval must be "
                          "1 to 65535", path);
    size_t n = (size_t)w * (size_t)h;
    if ((size_t)w > MAX_PIXELS || n > MAX_PIXELS)
        return nmfi_error(NMF_E_FORMAT, "%s: %ld x %ld is too large (limit "
                          "2^28 pixels)", path, w, h);
    size_t bytes = maxval > 255 ? 2 : 1;
    /* The samples the file holds, before allocating for those it claims:
     * a header of 16000 x 16000 in a 20-byte file asks for nothing. */
    long here = ftell(f);
    struct stat st;
    if (here >= 0 && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
        size_t held = st.st_size > here ? (size_t)(st.st_size - here) : 0;
        if (held / bytes < n)
            return nmfi_error(NMF_E_FORMAT, "%s: cut short: %zu of %zu "
                              "pixels", path, held / bytes, n);
    }
    unsigned char *raw = malloc(n * bytes);
    out->pix = malloc(n * sizeof *out->pix);
    if (!raw || !out->pix) {
        free(raw);
        nmfi_gray_free(out);
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory for %ld x %ld "
                          "pixels", path, w, h);
    }
    size_t got = fread(raw, bytes, n, f);
    if (got != n) {
        free(raw);
        nmfi_gray_free(out);
        return nmfi_error(NMF_E_FORMAT, "%s: cut short: %zu of %zu pixels",
                          path, got, n);
    }
    for (size_t i = 0; i < n; i++) {
        unsigned v = bytes == 2 ? (unsigned)raw[2 * i] << 8 | raw[2 * i + 1]
                                : raw[i];
        if (v > (unsigned)maxval) {
            free(raw);
            nmfi_gray_free(out);
            return nmfi_error(NMF_E_FORMAT, "%s: pixel %zu is %u, above "
                              "maxval %ld", path, i, v, maxval);
        }
        out->pix[i] = (float)v / (float)maxval;
    }
    free(raw);
    out->width = (size_t)w;
    out->height = (size_t)h;
    return NMF_OK;
}

nmf_status nmfi_pgm_read(const char *path, nmfi_gray *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    nmf_status s = parse(f, path, out);
    fclose(f);
    return s;
}

void nmfi_gray_free(nmfi_gray *g)
{
    free(g->pix);
    memset(g, 0, sizeof *g);
}
