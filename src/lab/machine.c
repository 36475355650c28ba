/* machine.c -- the two roofs of this machine at each thread count: the
 * FMA peak (peak.c) and the triad bandwidth (stream.c). */
#include <config.h>

#include <math.h>

#include "core/error.h"
#include "lab/lab.h"

/* New arrays for each thread count: their pages are placed by the first
 * touch of that count's threads (stream.c), on a machine with several
 * memory nodes too. */
nmf_status nmfi_lab_machine_measure(nmfi_lab_machine *mc, const int *threads,
                                    int n)
{
    mc->n = n < NMFI_LAB_MAX_THREADS ? n : NMFI_LAB_MAX_THREADS;
    for (int i = 0; i < mc->n; i++) {
        nmfi_triad *t = nmfi_triad_new();
        if (!t)
            return nmfi_error(NMF_E_NOMEM, "out of memory for the triad's "
                              "three arrays");
        mc->threads[i] = threads[i];
        mc->peak[i] = nmfi_peak_measure(threads[i], NMFI_LAB_PEAK_SECONDS);
        mc->bw[i] = nmfi_triad_measure(t, threads[i], NMFI_LAB_TRIAD_REPS);
        nmfi_triad_free(t);
    }
    return NMF_OK;
}

int nmfi_lab_machine_at(const nmfi_lab_machine *mc, int threads)
{
    int best = 0;
    for (int i = 0; i < mc->n; i++)
        if (mc->threads[i] <= threads)
            best = i;
    return best;
}

double nmfi_lab_roof(const nmfi_lab_machine *mc, int i, double intensity)
{
    return fmin(mc->peak[i].gflops, mc->bw[i].gbytes * intensity);
}
