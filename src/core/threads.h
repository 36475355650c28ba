/* threads.h -- thread-count control that also compiles without OpenMP. */
#ifndef NMFI_THREADS_H
#define NMFI_THREADS_H

#include <stddef.h>

/* Number of threads the next parallel region will use (1 without OpenMP). */
int nmfi_threads_max(void);
/* Set it (n >= 1; n <= 0 keeps the current value); returns the old one. */
int nmfi_threads_set(int n);
/* Non-zero inside an active parallel region: a kernel called from a team
 * member runs on that thread instead of starting a team of its own. */
int nmfi_in_team(void);
/* This thread's number in its team (0 outside one, or without OpenMP). */
int nmfi_team_rank(void);
/* This team member's share [lo, hi) of `units` split into nearly equal
 * runs, in rank order, the first ones one longer: rank 0's run is never
 * empty when units > 0. Outside a team (or without OpenMP): all of it. */
void nmfi_team_share(size_t units, size_t *lo, size_t *hi);
/* The same split for any member `part` of `parts` (>= 1): what
 * nmfi_team_share gives that member. */
void nmfi_share_of(size_t units, size_t parts, size_t part, size_t *lo,
                   size_t *hi);

#endif
