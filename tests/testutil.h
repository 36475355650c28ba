/* testutil.h -- shared helpers and the one statement of tolerances.
 *
 * A product of length k accumulated in nmf_real has a relative error bounded
 * by about k * eps (eps of nmf_real); tests compare kernels against the
 * reference within TOL_GEMM(k) = 4 * k * eps relative to the magnitude of
 * the terms (sum |a||b|), which is what the bound is relative to. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "nmfkit.h"

#if NMF_REAL_IS_DOUBLE
#define REAL_EPS DBL_EPSILON
#define REAL_MAX_VALUE DBL_MAX
#else
#define REAL_EPS FLT_EPSILON
#define REAL_MAX_VALUE FLT_MAX
#endif

#define TOL_GEMM(k) (4.0 * (double)(k) * REAL_EPS)

/* Images are float in every build: a few float roundings per pixel. */
#define TOL_PIXEL (4.0 * FLT_EPSILON)

/* A tiny deterministic generator for test data (not the library's RNG, so
 * tests do not depend on the stream the solver consumes). */
static inline double test_uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*state >> 11) * 0x1.0p-53;
}

/* Fill an ld x cols buffer: real entries in [lo, hi), padding rows with NaN
 * so a kernel that reads or writes past `rows` is caught. */
static inline void test_fill(nmf_real *x, size_t rows, size_t cols, size_t ld,
                             double lo, double hi, uint64_t seed)
{
    uint64_t s = seed * 2654435761ULL + 1;
    for (size_t j = 0; j < cols; j++)
        for (size_t i = 0; i < ld; i++)
            x[i + j * ld] = i < rows ? (nmf_real)(lo + (hi - lo) * test_uniform(&s))
                                     : (nmf_real)NAN;
}

#endif
