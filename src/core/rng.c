/* rng.c -- xoshiro256** (Blackman & Vigna, 2018), seeded with splitmix64 so
 * that nearby seeds give unrelated streams. */
#include <config.h>

#include <math.h>
#include <pthread.h>

#include "core/rng.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void nmfi_rng_seed(nmfi_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

uint64_t nmfi_rng_next(nmfi_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double nmfi_rng_uniform(nmfi_rng *r)
{
    return (double)(nmfi_rng_next(r) >> 11) * 0x1.0p-53;
}

double nmfi_rng_normal(nmfi_rng *r)
{
    /* 1 - u lies in (0, 1], so the logarithm is finite. */
    double u1 = 1.0 - nmfi_rng_uniform(r);
    double u2 = nmfi_rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* ---- Jumping ahead ----------------------------------------------------
 * A 256-bit state is 4 words; a 256 x 256 matrix over GF(2) is its 256
 * columns, column b the image of the state with only bit b set. */
typedef uint64_t state256[4];

static void step_state(state256 x)
{
    nmfi_rng r = {{x[0], x[1], x[2], x[3]}};
    (void)nmfi_rng_next(&r);
    for (int i = 0; i < 4; i++)
        x[i] = r.s[i];
}

static void apply(const state256 *mat, const state256 x, state256 y)
{
    uint64_t acc[4] = {0, 0, 0, 0};
    for (int b = 0; b < 256; b++)
        if (x[b >> 6] >> (b & 63) & 1)
            for (int i = 0; i < 4; i++)
                acc[i] ^= mat[b][i];
    for (int i = 0; i < 4; i++)
        y[i] = acc[i];
}

/* powers[k] = T^(2^k). */
static state256 powers[64][256];
static pthread_once_t powers_once = PTHREAD_ONCE_INIT;

static void make_powers(void)
{
    for (int b = 0; b < 256; b++) {
        state256 e = {0, 0, 0, 0};
        e[b >> 6] = UINT64_C(1) << (b & 63);
        step_state(e);
        for (int i = 0; i < 4; i++)
            powers[0][b][i] = e[i];
    }
    for (int k = 1; k < 64; k++)
        for (int b = 0; b < 256; b++)
            apply(powers[k - 1], powers[k - 1][b], powers[k][b]);
}

void nmfi_rng_jump(nmfi_rng *r, uint64_t n)
{
    /* Short jumps are cheaper stepped than multiplied. */
    if (n < 256) {
        while (n--)
            (void)nmfi_rng_next(r);
        return;
    }
    pthread_once(&powers_once, make_powers);
    for (int k = 0; k < 64; k++)
        if (n >> k & 1)
            apply(powers[k], r->s, r->s);
}
