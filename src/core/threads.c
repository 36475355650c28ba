/* threads.c -- the only place that calls the OpenMP runtime for thread
 * counts, so --disable-openmp builds a correct serial library. */
#include <config.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/threads.h"

int nmfi_threads_max(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

int nmfi_threads_set(int n)
{
    int old = nmfi_threads_max();
#ifdef _OPENMP
    if (n > 0)
        omp_set_num_threads(n);
#else
    (void)n;
#endif
    return old;
}

int nmfi_in_team(void)
{
#ifdef _OPENMP
    return omp_in_parallel();
#else
    return 0;
#endif
}

void nmfi_team_share(size_t units, size_t *lo, size_t *hi)
{
    size_t parts = 1, part = 0;
#ifdef _OPENMP
    parts = (size_t)omp_get_num_threads();
    part = (size_t)omp_get_thread_num();
#endif
    nmfi_share_of(units, parts, part, lo, hi);
}

void nmfi_share_of(size_t units, size_t parts, size_t part, size_t *lo,
                   size_t *hi)
{
    size_t base = units / parts, extra = units % parts;
    *lo = part * base + (part < extra ? part : extra);
    *hi = *lo + base + (part < extra ? 1 : 0);
}

int nmfi_team_rank(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}
