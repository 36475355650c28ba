/* bench_util.c -- operands, timing, medians and option parsing shared by
 * the benchmarks. Nothing here knows about GEMM. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "core/timer.h"

/* ---- Operands ------------------------------------------------------------ */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void bench_fill(nmf_real *x, size_t rows, size_t cols, size_t ld,
                uint64_t seed)
{
    uint64_t s = seed;
    for (size_t j = 0; j < cols; j++)
        for (size_t i = 0; i < ld; i++) {
            /* 24 bits: exact in float, and never rounds up to 1.0. */
            double u = (double)(splitmix64(&s) >> 40) * 0x1.0p-24;
            x[i + j * ld] = i < rows ? (nmf_real)u : (nmf_real)0;
        }
}

void bench_poison(nmf_real *x, size_t ld, size_t cols)
{
    for (size_t j = 0; j < cols; j++)
        for (size_t i = 0; i < ld; i++)
            x[i + j * ld] = (nmf_real)NAN;
}

double bench_max_rel_diff(const nmf_real *c, const nmf_real *ref,
                          size_t rows, size_t cols, size_t ld)
{
    double diff = 0.0, big = 0.0;
    for (size_t j = 0; j < cols; j++)
        for (size_t i = 0; i < rows; i++) {
            double v = c[i + j * ld], r = ref[i + j * ld];
            if (!isfinite(v))
                return NAN;
            if (fabs(v - r) > diff)
                diff = fabs(v - r);
            if (fabs(r) > big)
                big = fabs(r);
        }
    return big > 0.0 ? diff / big : diff;
}

/* ---- Timing -------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *x, size_t n)
{
    qsort(x, n, sizeof *x, cmp_double);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

static double time_one(bench_call_fn fn, void *ctx)
{
    double t0 = nmfi_now();
    fn(ctx);
    return nmfi_now() - t0;
}

bench_timing bench_time(bench_call_fn fn, void *ctx, int repeats)
{
    double t[BENCH_MAX_CALLS];
    int n = 0;

    if (repeats > BENCH_MAX_CALLS)
        repeats = BENCH_MAX_CALLS;
    double first = time_one(fn, ctx);
    if (repeats > 0) {
        while (n < repeats)
            t[n++] = time_one(fn, ctx);
    } else if (first >= BENCH_BUDGET_S) {
        t[n++] = first;
    } else {
        /* The first call paid for cold caches and page faults: a warm-up. */
        double spent = 0.0;
        while (n < BENCH_MAX_CALLS && (n < 3 || spent < BENCH_BUDGET_S)) {
            t[n] = time_one(fn, ctx);
            spent += t[n++];
        }
    }
    bench_timing r = {bench_median(t, (size_t)n), n};
    return r;
}

/* ---- Machine ------------------------------------------------------------- */

void bench_cpu_model(char *buf, size_t len)
{
    char line[512];
    FILE *f = fopen("/proc/cpuinfo", "r");

    snprintf(buf, len, "unknown");
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) != 0 || !colon)
            continue;
        colon += 1 + strspn(colon + 1, " \t");
        colon[strcspn(colon, "\n")] = '\0';
        snprintf(buf, len, "%s", colon);
        break;
    }
    fclose(f);
}

/* ---- Options ------------------------------------------------------------- */

int bench_opt_value(int argc, char **argv, int *i, const char *name,
                    const char **value)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);

    if (strncmp(arg, name, len) != 0)
        return 0;
    if (arg[len] == '=') {
        *value = arg + len + 1;
        return 1;
    }
    if (arg[len] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

int bench_split_list(char *s, char **items, int max)
{
    int n = 0;
    for (;;) {
        char *comma = strchr(s, ',');
        if (comma)
            *comma = '\0';
        if (*s == '\0' || n == max)
            return -1;
        items[n++] = s;
        if (!comma)
            return n;
        s = comma + 1;
    }
}

int bench_parse_ints(const char *s, int *out, int max, int lo, int hi)
{
    int n = 0;
    for (;;) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        /* strtol skips blanks and takes signs; a list item may not. */
        if (end == s || *s < '0' || *s > '9' || errno || v < lo || v > hi
            || n == max)
            return -1;
        out[n++] = (int)v;
        if (*end == '\0')
            return n;
        if (*end != ',')
            return -1;
        s = end + 1;
    }
}

void bench_bad_option(const char *prog, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (see --help)\n", stderr);
    exit(2);
}
