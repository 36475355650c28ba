/* cluster.h -- `nmfkit cluster`: waveforms clustered by the argmax of H
 * (and by k-means for comparison, kmeans.h), the adjusted Rand index
 * against known labels (partition.h). The synthetic waveform set that is
 * the offline default: waveforms.h. */
#ifndef NMFI_CLUSTER_H
#define NMFI_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "nmfkit.h"
#include "study/fits.h"

/* Subtract the global minimum: every entry >= 0, the minimum exactly 0.
 * *shift (may be NULL) gets the minimum that was subtracted. */
void nmfi_shift_min(nmf_matrix *a, double *shift);

enum { NMFI_METHOD_NMF = 1, NMFI_METHOD_KMEANS = 2 };

typedef struct nmfi_cluster_params {
    const char *input, *outdir;
    const char *skip, *label;   /* column names, or NULL */
    int shift;                  /* 1: subtract the minimum; 0: reject < 0 */
    int methods;                /* NMFI_METHOD_* bits */
    size_t rank;
    /* The solver block (study/fits.h): solver, start, stopping rules,
     * iterations, seed (k-means++ uses it too), delta, threads. */
    nmfi_fit_block fit;
} nmfi_cluster_params;

void nmfi_cluster_params_init(nmfi_cluster_params *p);

typedef struct nmfi_cluster_results {
    size_t n, m;
    double rel_error, seconds;
    char *text;   /* sizes, ARI and contingency tables, printable; free() */
} nmfi_cluster_results;

nmf_status nmfi_study_cluster(const nmfi_cluster_params *p,
                              nmfi_cluster_results *r);

#endif
