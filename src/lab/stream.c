/* stream.c -- STREAM's triad, our own few lines of it.
 *
 * Each thread streams the same static share of the arrays that it wrote
 * first (Linux places a page on the node of the thread that first touches
 * it), so the measure is of memory, not of a remote node or of the cache.
 * Doubles whatever nmf_real is: bandwidth is bytes, and STREAM's figures
 * are in doubles. */
#include <config.h>

#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/alloc.h"
#include "core/threads.h"
#include "core/timer.h"
#include "kernels/blocking.h"
#include "lab/stream.h"

#define MIN_BYTES ((size_t)32 << 20)
#define MAX_BYTES ((size_t)256 << 20)

struct nmfi_triad {
    double *a, *b, *c;
    size_t n;
};

nmfi_triad *nmfi_triad_new(void)
{
    size_t bytes = 4 * nmfi_blocking_get()->l3;
    if (bytes < MIN_BYTES)
        bytes = MIN_BYTES;
    if (bytes > MAX_BYTES)
        bytes = MAX_BYTES;
    nmfi_triad *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->n = bytes / sizeof(double);
    t->a = nmfi_aligned_alloc(t->n, sizeof(double));
    t->b = nmfi_aligned_alloc(t->n, sizeof(double));
    t->c = nmfi_aligned_alloc(t->n, sizeof(double));
    if (!t->a || !t->b || !t->c) {
        nmfi_triad_free(t);
        return NULL;
    }
    return t;
}

void nmfi_triad_free(nmfi_triad *t)
{
    if (!t)
        return;
    nmfi_aligned_free(t->a);
    nmfi_aligned_free(t->b);
    nmfi_aligned_free(t->c);
    free(t);
}

/* The same static schedule for the first touch and for the triads. */
static void fill(nmfi_triad *t)
{
    double *a = t->a, *b = t->b, *c = t->c;
    long n = (long)t->n;
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        a[i] = 0.0;
        b[i] = 1.0;
        c[i] = 2.0;
    }
}

static void triad(nmfi_triad *t, double s)
{
    double *restrict a = t->a;
    const double *restrict b = t->b, *restrict c = t->c;
    long n = (long)t->n;
#pragma omp parallel for simd schedule(static)
    for (long i = 0; i < n; i++)
        a[i] = b[i] + s * c[i];
}

nmfi_bandwidth nmfi_triad_measure(nmfi_triad *t, int threads, int reps)
{
    int old = nmfi_threads_set(threads);
    nmfi_bandwidth r = {0.0, t->n * sizeof(double), 1};
#ifdef _OPENMP
#pragma omp parallel
    {
#pragma omp single
        r.threads = omp_get_num_threads();
    }
#endif
    fill(t);
    triad(t, 3.0); /* untimed: the pages are mapped, the team is up */
    for (int k = 0; k < reps; k++) {
        double t0 = nmfi_now();
        triad(t, 3.0);
        double sec = nmfi_now() - t0;
        double rate = 3.0 * (double)r.bytes / sec * 1e-9;
        if (sec > 0.0 && rate > r.gbytes)
            r.gbytes = rate;
    }
    nmfi_threads_set(old);
    return r;
}
