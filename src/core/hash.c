/* hash.c -- eight bytes at a time, each word mixed in by a multiply and
 * a shift (the finalizer of SplitMix64), the tail a byte at a time. */
#include <config.h>

#include <string.h>

#include "core/hash.h"

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    h ^= h >> 31;
    h *= UINT64_C(0x94d049bb133111eb);
    return h ^ (h >> 29);
}

uint64_t nmfi_hash(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, b + i, 8);
        h = mix(h, v);
    }
    for (; i < n; i++)
        h = mix(h, b[i]);
    return mix(h, n);
}
