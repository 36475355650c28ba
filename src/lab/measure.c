/* measure.c -- operands, timing and medians for every measurement: the
 * bench programs and `nmfkit bench` time things the same way. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/measure.h"
#include "core/timer.h"

/* ---- Operands ------------------------------------------------------------ */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void nmfi_fill_uniform(nmf_real *x, size_t rows, size_t cols, size_t ld,
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

void nmfi_fill_nan(nmf_real *x, size_t ld, size_t cols)
{
    for (size_t j = 0; j < cols; j++)
        for (size_t i = 0; i < ld; i++)
            x[i + j * ld] = (nmf_real)NAN;
}

double nmfi_max_rel_diff(const nmf_real *c, const nmf_real *ref,
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

double nmfi_median(double *x, size_t n)
{
    qsort(x, n, sizeof *x, cmp_double);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

static double time_one(nmfi_call_fn fn, void *ctx)
{
    double t0 = nmfi_now();
    fn(ctx);
    return nmfi_now() - t0;
}

nmfi_timing nmfi_time_calls(nmfi_call_fn fn, void *ctx, int repeats)
{
    double t[NMFI_TIME_MAX_CALLS];
    int n = 0;

    if (repeats > NMFI_TIME_MAX_CALLS)
        repeats = NMFI_TIME_MAX_CALLS;
    double first = time_one(fn, ctx);
    if (repeats > 0) {
        while (n < repeats)
            t[n++] = time_one(fn, ctx);
    } else if (first >= NMFI_TIME_BUDGET_S) {
        t[n++] = first;
    } else {
        /* The first call paid for cold caches and page faults: a warm-up. */
        double spent = 0.0;
        while (n < NMFI_TIME_MAX_CALLS && (n < 3 || spent < NMFI_TIME_BUDGET_S)) {
            t[n] = time_one(fn, ctx);
            spent += t[n++];
        }
    }
    nmfi_timing r = {nmfi_median(t, (size_t)n), n};
    return r;
}

/* ---- Machine ------------------------------------------------------------- */

void nmfi_cpu_model(char *buf, size_t len)
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

