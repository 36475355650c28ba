/* fpenv.h -- subnormal numbers flushed to zero in the threads of a fit,
 * and the caller's setting put back after it.
 *
 * MU shrinks entries that should be zero by a factor each iteration, so
 * a long run fills W and H with subnormal floats (below 1.2e-38), and on
 * x86 every multiply that touches one takes a microcode assist, many
 * times a normal one. Flushing them (FTZ: results below the smallest
 * normal become 0; DAZ: such inputs read as 0) keeps every iteration at
 * full speed. All of a fit's threads flush alike, so the bits of a fit
 * are the same for any thread count. Where the CPU has no such switch we
 * know of, this does nothing. */
#ifndef NMFI_FPENV_H
#define NMFI_FPENV_H

typedef struct nmfi_fpenv {
    unsigned long saved;   /* the calling thread's control word */
    int active;
} nmfi_fpenv;

/* Sets the flush in the calling thread and in each thread of an OpenMP
 * team of the current size (those the fit's parallel loops run on; new
 * threads inherit it from their creator). Nothing when keep is set. */
void nmfi_fpenv_flush(nmfi_fpenv *env, int keep);

/* Puts back the caller's control word in the same threads. */
void nmfi_fpenv_restore(nmfi_fpenv *env);

#endif
