/* checkpoint.c -- the checkpoint file (checkpoint.h): written whole or
 * not at all, read with every size checked against the file before a
 * byte is allocated for it. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/matrix.h"
#include "io/atomic_file.h"
#include "io/checkpoint.h"
#include "io/writers.h"

#define MAGIC "NMFKIT-CHECKPOINT 1"
enum { LINE_MAX_LEN = 256, MAX_LINES = 64, MAX_ITERATIONS = 100000000 };
/* No dimension of a matrix we would checkpoint comes near this; a header
 * that claims more is damaged, and the products below cannot overflow. */
#define MAX_DIM ((size_t)1 << 31)

static const char *byte_order(void)
{
    return nmfi_host_big_endian() ? "big" : "little";
}

void nmfi_checkpoint_identity(const nmf_options *opt, size_t m, size_t n,
                              uint64_t data_hash,
                              char buf[NMFI_CHECKPOINT_IDENTITY_MAX])
{
    snprintf(buf, NMFI_CHECKPOINT_IDENTITY_MAX,
             "real %s\nbyte_order %s\nm %zu\nn %zu\nd %zu\n"
             "data_hash %016" PRIx64 "\nsolver %s\nloss %s\ninit %s\n"
             "seed %" PRIu64 "\ndelta %.17g\nepsilon %.17g\n"
             "accel_alpha %.17g\naccel_delta %.17g\nl1_w %.17g\n"
             "l1_h %.17g\nl2_w %.17g\nl2_h %.17g\nlow_memory %d\n"
             "keep_subnormals %d\n",
             NMF_REAL_NAME, byte_order(), m, n, opt->d, data_hash,
             nmf_solver_name(opt->solver), nmf_loss_name(opt->loss),
             nmf_init_name(opt->init), opt->seed, opt->delta, opt->epsilon,
             opt->accel_alpha, opt->accel_delta, opt->l1_w, opt->l1_h,
             opt->l2_w, opt->l2_h, opt->low_memory != 0,
             opt->keep_subnormals != 0);
}

static uint64_t hash_matrix(uint64_t h, const nmf_matrix *x)
{
    uint64_t shape[2] = {x->rows, x->cols};
    h = nmfi_hash(h, shape, sizeof shape);
    for (size_t j = 0; j < x->cols; j++)
        h = nmfi_hash(h, &NMFI_AT(x, 0, j), x->rows * sizeof(nmf_real));
    return h;
}

uint64_t nmfi_checkpoint_data_hash(const nmf_matrix *a,
                                   const nmf_matrix *mask)
{
    uint64_t h = hash_matrix(NMFI_HASH_SEED, a);
    return mask ? hash_matrix(h, mask) : h;
}

/* ---- Writing ----------------------------------------------------------- */

static int put(FILE *fp, uint64_t *h, const void *p, size_t n)
{
    *h = nmfi_hash(*h, p, n);
    return fwrite(p, 1, n, fp) == n;
}

static int put_matrix(FILE *fp, uint64_t *h, const nmf_matrix *x)
{
    int ok = 1;
    for (size_t j = 0; ok && j < x->cols; j++)
        ok = put(fp, h, &NMFI_AT(x, 0, j), x->rows * sizeof(nmf_real));
    return ok;
}

nmf_status nmfi_checkpoint_save(const char *path, const char *identity,
                                const nmf_state *st)
{
    int grams = st->wtw && st->hht;
    char head[NMFI_CHECKPOINT_IDENTITY_MAX + 128];
    int len = snprintf(head, sizeof head, MAGIC "\n%siterations %d\n"
                       "grams %d\nend\n", identity, st->iterations, grams);
    if (len < 0 || (size_t)len >= sizeof head)
        return nmfi_error(NMF_E_INTERNAL, "%s: checkpoint header too long",
                          path);
    nmfi_atomic_file f;
    nmf_status s = nmfi_atomic_open(&f, path);
    if (s != NMF_OK)
        return s;
    /* The header hashed a line at a time, as the reader meets it. */
    uint64_t h = NMFI_HASH_SEED;
    int ok = 1;
    for (const char *p = head; ok && *p;) {
        size_t n = (size_t)(strchr(p, '\n') - p) + 1;
        ok = put(f.fp, &h, p, n);
        p += n;
    }
    size_t k = (size_t)st->iterations;
    ok = ok && put(f.fp, &h, st->error, k * sizeof(double))
             && put(f.fp, &h, st->seconds, k * sizeof(double))
             && put_matrix(f.fp, &h, st->w) && put_matrix(f.fp, &h, st->h)
             && (!grams || (put_matrix(f.fp, &h, st->wtw)
                            && put_matrix(f.fp, &h, st->hht)))
             && fwrite(&h, sizeof h, 1, f.fp) == 1;
    if (!ok) {
        nmfi_atomic_discard(&f);
        return nmfi_error(NMF_E_IO, "%s: write failed: %s", path,
                          strerror(errno));
    }
    s = nmfi_atomic_commit(&f);
    nmfi_atomic_discard(&f);
    return s;
}

/* ---- Reading ----------------------------------------------------------- */

typedef struct header {
    size_t m, n, d;
    int iterations, grams;
    int have;          /* bits: m n d iterations grams real order */
} header;

/* A whole decimal number in [lo, hi], or -1. */
static int parse_size(const char *v, size_t lo, size_t hi, size_t *out)
{
    if (*v < '0' || *v > '9')
        return -1;
    errno = 0;
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    if (*end || errno || x < lo || x > hi)
        return -1;
    *out = (size_t)x;
    return 0;
}

/* One "KEY VALUE" line of the header (no newline). */
static nmf_status header_line(const char *path, int lineno, char *line,
                              header *hd)
{
    char *sp = strchr(line, ' ');
    if (!sp || sp == line || !sp[1])
        return nmfi_error(NMF_E_FORMAT, "%s: line %d of the checkpoint"
                          " header is not 'KEY VALUE'", path, lineno);
    *sp = '\0';
    const char *key = line, *v = sp + 1;
    static const char *const dims[3] = {"m", "n", "d"};
    size_t *dim[3] = {&hd->m, &hd->n, &hd->d};
    for (int i = 0; i < 3; i++)
        if (!strcmp(key, dims[i])) {
            if (parse_size(v, 1, MAX_DIM, dim[i]) != 0)
                return nmfi_error(NMF_E_FORMAT, "%s: checkpoint %s = '%s'"
                                  " is not a size in 1 .. %zu", path, key, v,
                                  MAX_DIM);
            hd->have |= 1 << i;
        }
    size_t x;
    if (!strcmp(key, "iterations")) {
        if (parse_size(v, 1, MAX_ITERATIONS, &x) != 0)
            return nmfi_error(NMF_E_FORMAT, "%s: checkpoint iterations ="
                              " '%s' is not a count in 1 .. %d", path, v,
                              MAX_ITERATIONS);
        hd->iterations = (int)x;
        hd->have |= 1 << 3;
    } else if (!strcmp(key, "grams")) {
        if (parse_size(v, 0, 1, &x) != 0)
            return nmfi_error(NMF_E_FORMAT, "%s: checkpoint grams = '%s' is"
                              " not 0 or 1", path, v);
        hd->grams = (int)x;
        hd->have |= 1 << 4;
    } else if (!strcmp(key, "real")) {
        if (strcmp(v, NMF_REAL_NAME))
            return nmfi_error(NMF_E_INVAL, "%s: saved by a %s build of"
                              " nmfkit; this one computes in %s", path, v,
                              NMF_REAL_NAME);
        hd->have |= 1 << 5;
    } else if (!strcmp(key, "byte_order")) {
        if (strcmp(v, byte_order()))
            return nmfi_error(NMF_E_INVAL, "%s: saved on a %s-endian"
                              " machine; this one is %s-endian", path, v,
                              byte_order());
        hd->have |= 1 << 6;
    }
    *sp = ' ';
    return NMF_OK;
}

/* The header, up to and including "end": the identity (the lines before
 * "iterations") into c->identity, the sizes into hd. */
static nmf_status read_header(FILE *fp, const char *path, nmfi_checkpoint *c,
                              header *hd, uint64_t *h)
{
    char line[LINE_MAX_LEN + 2];
    size_t used = 0;
    int in_identity = 1;
    for (int lineno = 1; lineno <= MAX_LINES; lineno++) {
        if (!fgets(line, sizeof line, fp))
            return nmfi_error(NMF_E_FORMAT, "%s: the checkpoint header ends"
                              " before its 'end' line", path);
        size_t len = strlen(line);
        *h = nmfi_hash(*h, line, len);
        if (len == 0 || line[len - 1] != '\n')
            return nmfi_error(NMF_E_FORMAT, "%s: line %d of the checkpoint"
                              " header is longer than %d bytes or"
                              " unterminated", path, lineno, LINE_MAX_LEN);
        line[len - 1] = '\0';
        if (strlen(line) != len - 1)
            return nmfi_error(NMF_E_FORMAT, "%s: line %d of the checkpoint"
                              " header holds a NUL byte", path, lineno);
        if (lineno == 1) {
            if (strcmp(line, MAGIC))
                return nmfi_error(NMF_E_FORMAT, "%s: not an nmfkit"
                                  " checkpoint (its first line is not '"
                                  MAGIC "')", path);
            continue;
        }
        if (!strcmp(line, "end"))
            return (hd->have & 0x7f) == 0x7f ? NMF_OK
                   : nmfi_error(NMF_E_FORMAT, "%s: the checkpoint header"
                                " lacks one of real, byte_order, m, n, d,"
                                " iterations, grams", path);
        if (!strncmp(line, "iterations ", 11))
            in_identity = 0;
        nmf_status s = header_line(path, lineno, line, hd);
        if (s != NMF_OK)
            return s;
        if (in_identity) {
            if (used + len >= sizeof c->identity)
                return nmfi_error(NMF_E_FORMAT, "%s: the checkpoint's"
                                  " identity is longer than %zu bytes",
                                  path, sizeof c->identity - 1);
            memcpy(c->identity + used, line, len - 1);
            c->identity[used + len - 1] = '\n';
            used += len;
            c->identity[used] = '\0';
        }
    }
    return nmfi_error(NMF_E_FORMAT, "%s: the checkpoint header has more than"
                      " %d lines", path, MAX_LINES);
}

static int get(FILE *fp, uint64_t *h, void *p, size_t n)
{
    if (fread(p, 1, n, fp) != n)
        return 0;
    *h = nmfi_hash(*h, p, n);
    return 1;
}

static int get_matrix(FILE *fp, uint64_t *h, nmf_matrix *x)
{
    int ok = 1;
    for (size_t j = 0; ok && j < x->cols; j++)
        ok = get(fp, h, &NMFI_AT(x, 0, j), x->rows * sizeof(nmf_real));
    return ok;
}

/* The values a fit cannot have made: a history that is not finite, or
 * times that go back. */
static nmf_status check_history(const char *path, const nmfi_checkpoint *c)
{
    for (int i = 0; i < c->st.iterations; i++)
        if (!isfinite(c->error[i]) || !isfinite(c->seconds[i])
            || c->seconds[i] < 0 || (i > 0 && c->seconds[i] <
                                     c->seconds[i - 1]))
            return nmfi_error(NMF_E_FORMAT, "%s: the saved history is"
                              " damaged at iteration %d", path, i + 1);
    return NMF_OK;
}

static nmf_status load(FILE *fp, const char *path, nmfi_checkpoint *c)
{
    header hd = {0};
    uint64_t h = NMFI_HASH_SEED;
    nmf_status s = read_header(fp, path, c, &hd, &h);
    if (s != NMF_OK)
        return s;
    long here = ftell(fp);
    if (here < 0 || fseek(fp, 0, SEEK_END) != 0)
        return nmfi_error(NMF_E_IO, "%s: cannot seek: %s", path,
                          strerror(errno));
    long total = ftell(fp);
    if (total < 0 || fseek(fp, here, SEEK_SET) != 0)
        return nmfi_error(NMF_E_IO, "%s: cannot seek: %s", path,
                          strerror(errno));
    /* Each dimension <= 2^31 and K <= 1e8, so no product overflows. */
    double want = 16.0 * hd.iterations + 8.0
                  + (double)sizeof(nmf_real)
                    * ((double)hd.m * hd.d + (double)hd.d * hd.n
                       + (hd.grams ? 2.0 * hd.d * hd.d : 0));
    double have = (double)(total - here);
    if (want != have)
        return nmfi_error(NMF_E_FORMAT, "%s: %s: the header promises %.0f"
                          " bytes of numbers (%d iterations, %zu x %zu x"
                          " %zu), the file holds %.0f", path,
                          want > have ? "truncated" : "trailing bytes", want,
                          hd.iterations, hd.m, hd.n, hd.d, have);
    size_t k = (size_t)hd.iterations;
    c->error = malloc(k * sizeof *c->error);
    c->seconds = malloc(k * sizeof *c->seconds);
    c->w = nmf_matrix_new(hd.m, hd.d);
    c->h = nmf_matrix_new(hd.d, hd.n);
    if (hd.grams) {
        c->wtw = nmf_matrix_new(hd.d, hd.d);
        c->hht = nmf_matrix_new(hd.d, hd.d);
    }
    if (!c->error || !c->seconds || !c->w || !c->h
        || (hd.grams && (!c->wtw || !c->hht)))
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory for the saved"
                          " state (%.0f bytes)", path, want);
    uint64_t sum;
    int ok = get(fp, &h, c->error, k * sizeof(double))
             && get(fp, &h, c->seconds, k * sizeof(double))
             && get_matrix(fp, &h, c->w) && get_matrix(fp, &h, c->h)
             && (!hd.grams || (get_matrix(fp, &h, c->wtw)
                               && get_matrix(fp, &h, c->hht)))
             && fread(&sum, sizeof sum, 1, fp) == 1;
    if (!ok)
        return nmfi_error(NMF_E_IO, "%s: read failed", path);
    if (sum != h)
        return nmfi_error(NMF_E_FORMAT, "%s: checksum mismatch: the"
                          " checkpoint is damaged", path);
    c->st = (nmf_state){hd.iterations, c->error, c->seconds, c->w, c->h,
                        c->wtw, c->hht};
    return check_history(path, c);
}

nmf_status nmfi_checkpoint_load(const char *path, nmfi_checkpoint *c)
{
    memset(c, 0, sizeof *c);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    nmf_status s = load(fp, path, c);
    fclose(fp);
    if (s != NMF_OK)
        nmfi_checkpoint_free(c);
    return s;
}

void nmfi_checkpoint_free(nmfi_checkpoint *c)
{
    free(c->error);
    free(c->seconds);
    nmf_matrix_free(c->w);
    nmf_matrix_free(c->h);
    nmf_matrix_free(c->wtw);
    nmf_matrix_free(c->hht);
    memset(c, 0, sizeof *c);
}

/* The value of KEY in "KEY VALUE\n" lines, copied into v; 0 if absent. */
static int value_of(const char *text, const char *key, char *v, size_t size)
{
    size_t kl = strlen(key);
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len > kl && !strncmp(p, key, kl) && p[kl] == ' ') {
            snprintf(v, size, "%.*s", (int)(len - kl - 1), p + kl + 1);
            return 1;
        }
        p += len + (nl != NULL);
    }
    return 0;
}

nmf_status nmfi_checkpoint_match(const char *path, const char *saved,
                                 const char *now)
{
    for (const char *p = now; *p;) {
        const char *sp = strchr(p, ' '), *nl = strchr(p, '\n');
        if (!sp || !nl || sp > nl)
            break;
        char key[64], was[LINE_MAX_LEN], is[LINE_MAX_LEN];
        snprintf(key, sizeof key, "%.*s", (int)(sp - p), p);
        snprintf(is, sizeof is, "%.*s", (int)(nl - sp - 1), sp + 1);
        if (!value_of(saved, key, was, sizeof was))
            return nmfi_error(NMF_E_INVAL, "%s: the checkpoint does not"
                              " record %s", path, key);
        if (strcmp(was, is)) {
            if (!strcmp(key, "data_hash"))
                return nmfi_error(NMF_E_INVAL, "%s: saved from another"
                                  " input (its values or mask differ)",
                                  path);
            return nmfi_error(NMF_E_INVAL, "%s: saved with %s %s, this run"
                              " has %s %s", path, key, was, key, is);
        }
        p = nl + 1;
    }
    return NMF_OK;
}
