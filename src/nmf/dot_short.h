/* dot_short.h -- the dot product of two d-vectors (d a rank: tens to
 * hundreds), for the passes over single entries (nmf/kl_entries.c,
 * nmf/missing.c), which take one per entry.
 *
 * An `omp simd reduction` here left GCC's horizontal sum as sixteen
 * scalar adds in a chain through the stack, 60 % of masked MU's time
 * (perf annotate); a 64-byte vector of partial sums folded in halves is
 * four adds deep. Float builds use GCC's vector extensions (one zmm, two
 * ymm or four xmm by the clone's ISA); the result is the same for any
 * thread count, as every entry's sum runs in one fixed order.
 */
#ifndef NMFI_DOT_SHORT_H
#define NMFI_DOT_SHORT_H

#include <stddef.h>
#include <string.h>

#include "nmfkit.h"

#if NMF_REAL_IS_DOUBLE
__attribute__((always_inline))
static inline nmf_real nmfi_dot_short(const nmf_real *x, const nmf_real *y,
                                      size_t d)
{
    nmf_real s = 0;
    for (size_t k = 0; k < d; k++)
        s += x[k] * y[k];
    return s;
}
#else
typedef float nmfi_dot_v16 __attribute__((vector_size(64)));
typedef int nmfi_dot_i16 __attribute__((vector_size(64)));

__attribute__((always_inline))
static inline float nmfi_dot_short(const float *x, const float *y, size_t d)
{
    nmfi_dot_v16 acc = {0};
    size_t k = 0;
    for (; k + 16 <= d; k += 16) {
        nmfi_dot_v16 a, b;
        memcpy(&a, x + k, sizeof a);
        memcpy(&b, y + k, sizeof b);
        acc += a * b;
    }
    const nmfi_dot_i16 h8 = {8, 9, 10, 11, 12, 13, 14, 15,
                             0, 1, 2, 3, 4, 5, 6, 7};
    const nmfi_dot_i16 h4 = {4, 5, 6, 7, 0, 1, 2, 3,
                             12, 13, 14, 15, 8, 9, 10, 11};
    const nmfi_dot_i16 h2 = {2, 3, 0, 1, 6, 7, 4, 5,
                             10, 11, 8, 9, 14, 15, 12, 13};
    const nmfi_dot_i16 h1 = {1, 0, 3, 2, 5, 4, 7, 6,
                             9, 8, 11, 10, 13, 12, 15, 14};
    acc += __builtin_shuffle(acc, h8);
    acc += __builtin_shuffle(acc, h4);
    acc += __builtin_shuffle(acc, h2);
    acc += __builtin_shuffle(acc, h1);
    float s = acc[0];
    for (; k < d; k++)
        s += x[k] * y[k];
    return s;
}
#endif

#endif
