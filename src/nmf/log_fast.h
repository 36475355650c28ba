/* log_fast.h -- a logarithm `omp simd` can vectorise, for the KL loss.
 *
 * The KL loss needs log p for every non-zero entry of A, each iteration.
 * glibc's logf does not vectorise, and at n = 10000, d = 64 the logs
 * alone cost as much as the two products, so float builds use log_fast
 * (Cephes' logf polynomial, within 2 ulp on normal floats; the loss takes
 * p as max(p, delta), delta >= 1e-12, always normal), sixteen at a time.
 * Double builds call log. Callers gather the values to a block, take
 * their logs with nmfi_log_block, and use them in their simd loops.
 */
#ifndef NMFI_LOG_FAST_H
#define NMFI_LOG_FAST_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "nmfkit.h"

/* out[i] = log(in[i]) for n values > 0 (in and out may be the same). */
__attribute__((always_inline))
static inline void nmfi_log_block(const nmf_real *in, nmf_real *out,
                                  size_t n);

#if NMF_REAL_IS_DOUBLE
__attribute__((always_inline))
static inline void nmfi_log_block(const nmf_real *in, nmf_real *out,
                                  size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = log(in[i]);
}
#else
/* Sixteen floats at a time in GCC's vector extensions: the bits of a
 * float reinterpreted as an integer is a vector cast there, which `omp
 * simd` loops cannot do (a union or memcpy in one made GCC give up on
 * the whole loop). The compiler splits the 64-byte vector into what the
 * clone's ISA holds: one zmm, two ymm or four xmm. */
typedef float nmfi_v16f __attribute__((vector_size(64)));
typedef int32_t nmfi_v16i __attribute__((vector_size(64)));

/* log x for normal floats x > 0: x = 2^e m with m in [sqrt(1/2),
 * sqrt(2)), log x = e log 2 + log m, log m by Cephes' polynomial in
 * f = m - 1 (S. L. Moshier, Cephes Math Library, logf.c), log 2 split in
 * two so e log 2 adds no rounding of its own; within 2 ulp. */
/* In place: a vector argument or result would change the ABI between
 * the clones (GCC's -Wpsabi). */
__attribute__((always_inline))
static inline void nmfi_log_v16(nmfi_v16f *xp)
{
    nmfi_v16i bits = (nmfi_v16i)*xp;
    nmfi_v16i e = (bits >> 23) - 127;
    bits = (bits & 0x007fffff) | 0x3f800000;
    nmfi_v16f m = (nmfi_v16f)bits;
    nmfi_v16i high = m > 1.41421356f;          /* -1 where true */
    nmfi_v16f half = m * 0.5f;
    m = (nmfi_v16f)(((nmfi_v16i)half & high) | ((nmfi_v16i)m & ~high));
    e -= high;
    nmfi_v16f f = m - 1.0f, z = f * f;
    nmfi_v16f fe = __builtin_convertvector(e, nmfi_v16f);
    nmfi_v16f y = f * 7.0376836292e-2f - 1.1514610310e-1f;
    y = y * f + 1.1676998740e-1f;
    y = y * f - 1.2420140846e-1f;
    y = y * f + 1.4249322787e-1f;
    y = y * f - 1.6668057665e-1f;
    y = y * f + 2.0000714765e-1f;
    y = y * f - 2.4999993993e-1f;
    y = y * f + 3.3333331174e-1f;
    y = y * f * z;
    y += fe * -2.12194440e-4f;
    y += z * -0.5f;
    *xp = f + y + fe * 0.693359375f;
}

__attribute__((always_inline))
static inline void nmfi_log_block(const nmf_real *in, nmf_real *out,
                                  size_t n)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        nmfi_v16f v;
        memcpy(&v, in + i, sizeof v);
        nmfi_log_v16(&v);
        memcpy(out + i, &v, sizeof v);
    }
    if (i < n) {
        nmfi_v16f v = {0};
        float *lane = (float *)&v;
        for (size_t k = 0; k < 16; k++)
            lane[k] = i + k < n ? in[i + k] : 1.0f;
        nmfi_log_v16(&v);
        for (size_t k = 0; i + k < n; k++)
            out[i + k] = lane[k];
    }
}
#endif

#endif
