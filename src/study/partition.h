/* partition.h -- clusters from NMF's H, and the adjusted Rand index that
 * says how well two partitions of the same points agree. */
#ifndef NMFI_PARTITION_H
#define NMFI_PARTITION_H

#include <stddef.h>

#include "nmfkit.h"

/* cluster[j] = argmax_i H[i, j], ties toward the lower i; weight[j] (may
 * be NULL) gets that maximum. */
void nmfi_argmax_clusters(const nmf_matrix *h, size_t *cluster,
                          double *weight);

/* Adjusted Rand index (Hubert & Arabie 1985) of two labelings given as
 * small integers; 1 for identical partitions (also when both are one
 * block). */
double nmfi_ari(const size_t *a, const size_t *b, size_t n);

#endif
