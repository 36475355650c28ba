/* kmeans.h -- k-means of a matrix's columns. */
#ifndef NMFI_KMEANS_H
#define NMFI_KMEANS_H

#include <stddef.h>
#include <stdint.h>

#include "nmfkit.h"

/* k-means of A's columns: k-means++ start from seed, Lloyd iterations until
 * no assignment changes (at most max_iter). *iters (may be NULL) gets the
 * iterations made. */
nmf_status nmfi_kmeans(const nmf_matrix *a, size_t k, uint64_t seed,
                       int max_iter, size_t *cluster, int *iters);

#endif
