/* timer.c -- CLOCK_MONOTONIC, immune to wall-clock jumps. */
#include <config.h>

#include <time.h>

#include "core/timer.h"

double nmfi_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
