/* peak.h -- the measured FMA peak that "% of peak" in the bench refers to.
 * Measured, not computed from a data sheet: the same compiler, the same
 * nmf_real and the same clock the kernels run at. */
#ifndef NMFI_LAB_PEAK_H
#define NMFI_LAB_PEAK_H

typedef struct nmfi_peak {
    double gflops;     /* nmf_real FLOP/s over all threads, in 1e9        */
    int vector_bytes;  /* width of the vectors of the loop that won       */
    int threads;       /* threads that actually ran                       */
} nmfi_peak;

/* Runs independent FMA chains on `threads` threads for about `seconds`
 * and returns the best rate seen, summed over the threads. */
nmfi_peak nmfi_peak_measure(int threads, double seconds);

/* The widest vector unit this CPU reports ("AVX-512", "AVX2+FMA", ...)
 * and whether the peak loop was built with clones for it. */
const char *nmfi_peak_unit(void);

#endif
