/* hals_sweep.c -- the HALS sweep over a tile (hals_sweep.h).
 *
 * Rows are independent, so they are the vector lanes: a block of ROWS
 * rows keeps one accumulator per row in registers while k runs over the
 * d columns of X, each step one broadcast g_ki and one FMA per vector
 * with x_k read from L1 (a 64 x 64 float block is 16 KB). The d updates
 * of a block follow each other (x_i must be new before column i + 1 sums
 * it), so what hides the FMA latency is the number of vectors in a
 * block: 64 floats are 4 zmm or 8 ymm chains, what two FMA pipes of
 * latency 4 keep busy. Built for AVX-512 and AVX2 beside the portable
 * default, like the micro-kernels.
 */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/hals_sweep.h"
#include "kernels/isa.h"
#include "kernels/ukr.h"

/* The block's shape: blocking.h. */
enum { LANES = NMFI_HALS_LANES, GROUPS = NMFI_HALS_GROUPS,
       ROWS = LANES * GROUPS, SPLITS = NMFI_HALS_SPLITS };

/* One block of `groups` x LANES rows. With `splits` = 2 the sum over k
 * runs as two chains per vector, even and odd k, added at the end: twice
 * the FMAs in flight for the same rows (AVX-512 has the registers). The
 * change, when `measure` asks for it, is summed per lane over the
 * columns and then over the lanes in order. */
static inline __attribute__((always_inline)) double
sweep_block(size_t d, nmf_real *restrict x, size_t ldx,
            const nmf_real *restrict num, size_t ldnum,
            const nmf_real *restrict g, size_t ldg, nmf_real floor,
            nmf_real noise, const int groups, const int splits,
            const int measure)
{
    _Alignas(64) nmf_real chg[GROUPS][LANES] = {{0}};
    for (size_t i = 0; i < d; i++) {
        const nmf_real *gi = g + i * ldg;
        const nmf_real gii = gi[i];
        if (!(gii > 0))
            continue;
        const nmf_real inv = 1 / gii;
        _Alignas(64) nmf_real acc[SPLITS][GROUPS][LANES];
        const nmf_real *ni = num + i * ldnum;
#pragma GCC unroll 8
        for (int u = 0; u < groups; u++)
#pragma omp simd
            for (int r = 0; r < LANES; r++) {
                acc[0][u][r] = ni[u * LANES + r];
                acc[SPLITS - 1][u][r] = 0;
            }
        size_t k = 0;
        for (; k + (size_t)splits <= d; k += (size_t)splits)
#pragma GCC unroll 2
            for (int h = 0; h < splits; h++) {
                const nmf_real gk = gi[k + (size_t)h];
                const nmf_real *xk = x + (k + (size_t)h) * ldx;
#pragma GCC unroll 8
                for (int u = 0; u < groups; u++)
#pragma omp simd
                    for (int r = 0; r < LANES; r++)
                        acc[h][u][r] -= gk * xk[u * LANES + r];
            }
        for (; k < d; k++) {
            const nmf_real gk = gi[k];
            const nmf_real *xk = x + k * ldx;
#pragma GCC unroll 8
            for (int u = 0; u < groups; u++)
#pragma omp simd
                for (int r = 0; r < LANES; r++)
                    acc[0][u][r] -= gk * xk[u * LANES + r];
        }
        nmf_real *xi = x + i * ldx;
#pragma GCC unroll 8
        for (int u = 0; u < groups; u++)
#pragma omp simd
            for (int r = 0; r < LANES; r++) {
                nmf_real sum = splits > 1 ? acc[0][u][r] + acc[1][u][r]
                                          : acc[0][u][r];
                nmf_real old = xi[u * LANES + r];
                nmf_real v = old + sum * inv;
                v = v > floor ? v : floor;
                xi[u * LANES + r] = v;
                if (measure) {
                    /* x_i's rounding is relative to the sum, n_i - X g_i
                     * with n_i ~ X g_i near the solution: |n_i| / g_ii
                     * sizes it as much as x_i does. */
                    nmf_real dv = v - old, nr = ni[u * LANES + r];
                    nmf_real size = v + (nr > 0 ? nr : -nr) * inv;
                    nmf_real counted = dv > noise * size
                                       || -dv > noise * size ? dv : 0;
                    chg[u][r] += counted * counted;
                }
            }
    }
    double change = 0.0;
    if (measure)
        for (int u = 0; u < groups; u++)
            for (int r = 0; r < LANES; r++)
                change += chg[u][r];
    return change;
}

/* One row (the fringe of a tile): the same arithmetic, lane by lane. */
static double sweep_row(size_t d, nmf_real *x, size_t ldx,
                        const nmf_real *num, size_t ldnum, const nmf_real *g,
                        size_t ldg, nmf_real floor, nmf_real noise)
{
    double change = 0.0;
    for (size_t i = 0; i < d; i++) {
        nmf_real gii = g[i + i * ldg];
        if (!(gii > 0))
            continue;
        nmf_real acc = num[i * ldnum];
        for (size_t k = 0; k < d; k++)
            acc -= g[k + i * ldg] * x[k * ldx];
        nmf_real old = x[i * ldx];
        nmf_real v = old + acc * (1 / gii);
        v = v > floor ? v : floor;
        nmf_real dv = v - old, nr = num[i * ldnum];
        nmf_real size = v + (nr > 0 ? nr : -nr) * (1 / gii);
        double counted = dv > noise * size || -dv > noise * size ? dv : 0;
        change += counted * counted;
        x[i * ldx] = v;
    }
    return change;
}

/* Whole blocks of ROWS rows, then of LANES rows, then the fringe one row
 * at a time. */
static inline __attribute__((always_inline)) double
sweep_tile(size_t len, size_t d, nmf_real *x, size_t ldx,
           const nmf_real *num, size_t ldnum, const nmf_real *g, size_t ldg,
           nmf_real floor, nmf_real noise, const int splits)
{
    double change = 0.0;
    size_t r0 = 0;
    int measure = noise >= 0;
    for (; r0 + ROWS <= len; r0 += ROWS)
        change += measure
            ? sweep_block(d, x + r0, ldx, num + r0, ldnum, g, ldg, floor,
                          noise, GROUPS, splits, 1)
            : sweep_block(d, x + r0, ldx, num + r0, ldnum, g, ldg, floor,
                          noise, GROUPS, splits, 0);
    for (; r0 + LANES <= len; r0 += LANES)
        change += sweep_block(d, x + r0, ldx, num + r0, ldnum, g, ldg, floor,
                              noise, 1, splits, measure);
    for (; r0 < len; r0++)
        change += sweep_row(d, x + r0, ldx, num + r0, ldnum, g, ldg, floor,
                            noise);
    return measure ? change : 0.0;
}

/* AVX-512: 32 registers hold the two chains of every group. */
NMFI_TARGET_AVX512
static double sweep_wide(size_t len, size_t d, nmf_real *x, size_t ldx,
                         const nmf_real *num, size_t ldnum, const nmf_real *g,
                         size_t ldg, nmf_real floor, nmf_real noise)
{
    return sweep_tile(len, d, x, ldx, num, ldnum, g, ldg, floor, noise,
                      SPLITS);
}

/* AVX2 (16 registers: 8 accumulators) and the portable default. */
NMFI_CLONES_NO512
static double sweep_narrow(size_t len, size_t d, nmf_real *x, size_t ldx,
                           const nmf_real *num, size_t ldnum,
                           const nmf_real *g, size_t ldg, nmf_real floor,
                           nmf_real noise)
{
    return sweep_tile(len, d, x, ldx, num, ldnum, g, ldg, floor, noise, 1);
}

double nmfi_hals_sweep(size_t len, size_t d, nmf_real *x, size_t ldx,
                       const nmf_real *num, size_t ldnum, const nmf_real *g,
                       size_t ldg, nmf_real floor, nmf_real noise)
{
    if (nmfi_ukr_wide_native())
        return sweep_wide(len, d, x, ldx, num, ldnum, g, ldg, floor, noise);
    return sweep_narrow(len, d, x, ldx, num, ldnum, g, ldg, floor, noise);
}

double nmfi_hals_sweep_naive(size_t len, size_t d, nmf_real *x, size_t ldx,
                             const nmf_real *num, size_t ldnum,
                             const nmf_real *g, size_t ldg, nmf_real floor,
                             nmf_real noise)
{
    double change = 0.0;
    for (size_t r = 0; r < len; r++)
        change += sweep_row(d, x + r, ldx, num + r, ldnum, g, ldg, floor,
                            noise);
    return change;
}
