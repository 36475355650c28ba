/* testmatrix.h -- matrices for the solver suites: a seeded uniform one,
 * a seeded mask, and whether two hold the same bits (the thread-count
 * tests). Needs check.h and core/matrix.h before it. */
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

/* A mask, 1 observed and 0 missing: about `share` of the m x n entries
 * hidden, drawn from test_uniform seeded by seed. */
static inline nmf_matrix *test_mask(size_t m, size_t n, double share,
                                    uint64_t seed)
{
    nmf_matrix *mask = nmf_matrix_new(m, n);
    ck_assert_ptr_nonnull(mask);
    uint64_t s = seed;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++)
            NMFI_AT(mask, i, j) = test_uniform(&s) < share ? 0 : 1;
    return mask;
}

/* Same shape and the same bits, padding included (both are zeroed by
 * nmf_matrix_new and never written). */
static inline int test_same_bits(const nmf_matrix *x, const nmf_matrix *y)
{
    return x->rows == y->rows && x->cols == y->cols
        && !memcmp(x->data, y->data, x->ld * x->cols * sizeof(nmf_real));
}

/* The start nmf_fit draws for the random init: nmf_init_uniform from
 * mean(A), into new *w0 (m x d) and *h0 (d x n). */
static inline void test_uniform_start(const nmf_matrix *a, size_t d,
                                      uint64_t seed, nmf_matrix **w0,
                                      nmf_matrix **h0)
{
    double mean = 0;
    for (size_t j = 0; j < a->cols; j++)
        for (size_t i = 0; i < a->rows; i++)
            mean += NMFI_AT(a, i, j);
    mean /= (double)a->rows * (double)a->cols;
    *w0 = nmf_matrix_new(a->rows, d);
    *h0 = nmf_matrix_new(d, a->cols);
    ck_assert_ptr_nonnull(*w0);
    ck_assert_ptr_nonnull(*h0);
    ck_assert_int_eq(nmf_init_uniform(mean, seed, *w0, *h0), NMF_OK);
}

#endif
