/* testmatrix.h -- matrices for the solver suites: a seeded uniform one,
 * and whether two hold the same bits (the thread-count tests). Needs
 * check.h and core/matrix.h before it. */
#ifndef TESTMATRIX_H
#define TESTMATRIX_H

#include <string.h>

#include "testutil.h"

/* m x n, entries uniform in [0, 1) from test_uniform seeded by seed. */
static inline nmf_matrix *test_matrix_uniform(size_t m, size_t n,
                                              uint64_t seed)
{
    nmf_matrix *a = nmf_matrix_new(m, n);
    ck_assert_ptr_nonnull(a);
    uint64_t s = seed;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++)
            NMFI_AT(a, i, j) = (nmf_real)test_uniform(&s);
    return a;
}

/* Same shape and the same bits, padding included (both are zeroed by
 * nmf_matrix_new and never written). */
static inline int test_same_bits(const nmf_matrix *x, const nmf_matrix *y)
{
    return x->rows == y->rows && x->cols == y->cols
        && !memcmp(x->data, y->data, x->ld * x->cols * sizeof(nmf_real));
}

#endif
