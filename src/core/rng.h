/* rng.h -- the one seeded generator: xoshiro256** seeded by splitmix64.
 * Every random number in nmfkit comes from here, drawn in a fixed order on
 * one thread, so a run is reproducible from (input, seed, options) whatever
 * the thread count. */
#ifndef NMFI_RNG_H
#define NMFI_RNG_H

#include <stdint.h>

typedef struct nmfi_rng {
    uint64_t s[4];
} nmfi_rng;

void nmfi_rng_seed(nmfi_rng *r, uint64_t seed);
uint64_t nmfi_rng_next(nmfi_rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double nmfi_rng_uniform(nmfi_rng *r);
/* Standard normal by Box-Muller; each call consumes exactly two uniforms
 * (the second normal of the pair is dropped) so stream positions stay simple. */
double nmfi_rng_normal(nmfi_rng *r);

/* Moves the stream n draws ahead, as n calls of nmfi_rng_next would, in
 * O(log n) steps: xoshiro's state update is linear over GF(2), so n steps
 * are the matrix T^n, built from the squares T^(2^k) (computed once,
 * 512 KB). A distributed start draws each entry from its own place in
 * the one stream (nmf/init.c). */
void nmfi_rng_jump(nmfi_rng *r, uint64_t n);

#endif
