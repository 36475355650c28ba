/* stream.h -- the memory bandwidth of this machine, measured the way
 * McCalpin's STREAM measures it: the triad a = b + s c on arrays far
 * larger than the caches. With the FMA peak (peak.h) it gives the two
 * roofs of the roofline. */
#ifndef NMFI_LAB_STREAM_H
#define NMFI_LAB_STREAM_H

#include <stddef.h>

typedef struct nmfi_bandwidth {
    double gbytes;   /* best rate, 1e9 bytes/s: 24 bytes per element
                        (read b and c, write a; STREAM's count, which
                        leaves out the write-allocate read of a)       */
    size_t bytes;    /* size of each of the three double arrays          */
    int threads;     /* threads that ran                                 */
} nmfi_bandwidth;

/* The arrays: each max(4 x the last-level cache, 32 MiB), at most
 * 256 MiB, as STREAM's rule asks. Allocated once, first touched by the
 * thread that will stream each part. NULL if out of memory. */
typedef struct nmfi_triad nmfi_triad;
nmfi_triad *nmfi_triad_new(void);
void nmfi_triad_free(nmfi_triad *t);

/* Best of `reps` triads on `threads` threads. */
nmfi_bandwidth nmfi_triad_measure(nmfi_triad *t, int threads, int reps);

#endif
