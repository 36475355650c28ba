/* threads.h -- thread-count control that also compiles without OpenMP. */
#ifndef NMFI_THREADS_H
#define NMFI_THREADS_H

/* Number of threads the next parallel region will use (1 without OpenMP). */
int nmfi_threads_max(void);
/* Set it (n >= 1; n <= 0 keeps the current value); returns the old one. */
int nmfi_threads_set(int n);

#endif
