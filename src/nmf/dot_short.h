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
typedef float nmfi_dot_v8 __attribute__((vector_size(32)));
typedef float nmfi_dot_v4 __attribute__((vector_size(16)));

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
    /* Halves added to halves (GCC and clang both make these extracts):
     * 16 -> 8 -> 4 lanes, then four scalars in a balanced pair. */
    nmfi_dot_v8 lo8, hi8;
    memcpy(&lo8, &acc, sizeof lo8);
    memcpy(&hi8, (const char *)&acc + sizeof lo8, sizeof hi8);
    lo8 += hi8;
    nmfi_dot_v4 lo4, hi4;
    memcpy(&lo4, &lo8, sizeof lo4);
    memcpy(&hi4, (const char *)&lo8 + sizeof lo4, sizeof hi4);
    lo4 += hi4;
    float s = (lo4[0] + lo4[2]) + (lo4[1] + lo4[3]);
    for (; k < d; k++)
        s += x[k] * y[k];
    return s;
}
#endif

#endif
