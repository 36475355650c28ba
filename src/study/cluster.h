/* cluster.h -- `nmfkit cluster`: waveforms clustered by the argmax of H
 * (and by k-means for comparison), the adjusted Rand index against known
 * labels, and the synthetic waveform set that is the offline default. */
#ifndef NMFI_CLUSTER_H
#define NMFI_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "nmfkit.h"

/* Subtract the global minimum: every entry >= 0, the minimum exactly 0.
 * *shift (may be NULL) gets the minimum that was subtracted. */
void nmfi_shift_min(nmf_matrix *a, double *shift);

/* cluster[j] = argmax_i H[i, j], ties toward the lower i; weight[j] (may
 * be NULL) gets that maximum. */
void nmfi_argmax_clusters(const nmf_matrix *h, size_t *cluster,
                          double *weight);

/* Adjusted Rand index (Hubert & Arabie 1985) of two labelings given as
 * small integers; 1 for identical partitions (also when both are one
 * block). */
double nmfi_ari(const size_t *a, const size_t *b, size_t n);

/* k-means of A's columns: k-means++ start from seed, Lloyd iterations until
 * no assignment changes (at most max_iter). *iters (may be NULL) gets the
 * iterations made. */
nmf_status nmfi_kmeans(const nmf_matrix *a, size_t k, uint64_t seed,
                       int max_iter, size_t *cluster, int *iters);

/* The synthetic set data/waveforms-synth.csv: 300 spikes of three shapes
 * (150 samples each) with jitter and noise, header uid,0..149,label. */
nmf_status nmfi_make_waveforms(const char *path, uint64_t seed);

enum { NMFI_METHOD_NMF = 1, NMFI_METHOD_KMEANS = 2 };

typedef struct nmfi_cluster_params {
    const char *input, *outdir;
    const char *skip, *label;   /* column names, or NULL */
    int shift;                  /* 1: subtract the minimum; 0: reject < 0 */
    int methods;                /* NMFI_METHOD_* bits */
    size_t rank;
    /* The solver block (study/fits.h): solver, start, stopping rules,
     * iterations, seed (k-means++ uses it too), delta, threads. */
    nmf_options fit;
    nmf_progress_fn progress;
    void *progress_ctx;
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
