/* threads.h -- thread-count control that also compiles without OpenMP. */
#ifndef NMFI_THREADS_H
#define NMFI_THREADS_H

/* Number of threads the next parallel region will use (1 without OpenMP). */
int nmfi_threads_max(void);
/* Set it (n >= 1; n <= 0 keeps the current value); returns the old one. */
int nmfi_threads_set(int n);
/* Non-zero inside an active parallel region: a kernel called from a team
 * member runs on that thread instead of starting a team of its own. */
int nmfi_in_team(void);
/* Inside a parallel region: its number of threads and this one's number
 * (1 and 0 outside one, or without OpenMP). */
int nmfi_team_size(void);
int nmfi_team_rank(void);

#endif
