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

int nmfi_team_size(void)
{
#ifdef _OPENMP
    return omp_get_num_threads();
#else
    return 1;
#endif
}

int nmfi_team_rank(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}
