/* peak.c -- the machine's FMA peak for nmf_real, measured.
 *
 * CHAINS independent accumulators each run acc = acc * x + y, enough to
 * cover the FMA latency on every pipe (Zen 5, Skylake-X: 4 cycles x 2 pipes
 * = 8 in flight; 12 leaves room). The loop is built on 64- and on 32-byte
 * vectors: 12 64-byte accumulators fit AVX-512's 32 registers but, as 24
 * halves, spill AVX2's 16; the faster is the peak. target_clones builds
 * both for the widest unit, with the clones the micro-kernels have
 * (kernels/isa.h). */
#include <config.h>

#include <limits.h>

#include "core/threads.h"
#include "core/timer.h"
#include "kernels/isa.h"
#include "nmfkit.h"
#include "lab/peak.h"

#define CHAINS 12
#define REPS 5 /* timed runs of the team; the best one counts */

#define PEAK_CLONES NMFI_CLONES

typedef nmf_real vec64 __attribute__((vector_size(64)));
typedef nmf_real vec32 __attribute__((vector_size(32)));

/* Read through volatile so the compiler can neither fold the chains nor
 * drop them: the fixed point y / (1 - x) = 1 keeps every value normal. */
static volatile nmf_real chain_x = (nmf_real)0.999;
static volatile nmf_real chain_y = (nmf_real)0.001;
static volatile double sink;

typedef double (*chain_fn)(long iters, nmf_real x, nmf_real y);

PEAK_CLONES
static double chains64(long iters, nmf_real x, nmf_real y)
{
    vec64 acc[CHAINS];
    for (int c = 0; c < CHAINS; c++)
        acc[c] = (vec64){0} + (nmf_real)c / CHAINS;
    for (long i = 0; i < iters; i++) {
#pragma GCC unroll 16
        for (int c = 0; c < CHAINS; c++)
            acc[c] = acc[c] * x + y;
    }
    double s = 0;
    for (int c = 0; c < CHAINS; c++)
        for (size_t l = 0; l < sizeof(vec64) / sizeof(nmf_real); l++)
            s += acc[c][l];
    return s;
}

PEAK_CLONES
static double chains32(long iters, nmf_real x, nmf_real y)
{
    vec32 acc[CHAINS];
    for (int c = 0; c < CHAINS; c++)
        acc[c] = (vec32){0} + (nmf_real)c / CHAINS;
    for (long i = 0; i < iters; i++) {
#pragma GCC unroll 16
        for (int c = 0; c < CHAINS; c++)
            acc[c] = acc[c] * x + y;
    }
    double s = 0;
    for (int c = 0; c < CHAINS; c++)
        for (size_t l = 0; l < sizeof(vec32) / sizeof(nmf_real); l++)
            s += acc[c][l];
    return s;
}

/* Iterations that take about `seconds` on one thread. */
static long calibrate(chain_fn f, double seconds)
{
    long iters = 1L << 12;
    for (;;) {
        double t0 = nmfi_now();
        sink = f(iters, chain_x, chain_y);
        double t = nmfi_now() - t0;
        if (t > 0.01 || iters > LONG_MAX / 16) {
            double want = (double)iters * seconds / t;
            return want < 1.0 ? 1 : want > (double)(LONG_MAX / 2)
                                        ? LONG_MAX / 2 : (long)want;
        }
        iters *= 4;
    }
}

/* All threads run their own chains at once; the rate is the flops of the
 * whole team over the wall time of the region, best of REPS runs. */
static double run_threads(chain_fn f, long iters, double flops, int *ran)
{
    double best = 0.0, check = 0.0;
    int n = 0;
    for (int r = 0; r < REPS; r++) {
        n = 0;
        double t0 = nmfi_now();
#pragma omp parallel reduction(+ : check, n)
        {
            n = 1;
            check += f(iters, chain_x, chain_y);
        }
        double t = nmfi_now() - t0;
        if (t > 0.0 && n * flops / t > best)
            best = n * flops / t;
    }
    sink = check;
    *ran = n;
    return best;
}

nmfi_peak nmfi_peak_measure(int threads, double seconds)
{
    static const struct {
        chain_fn f;
        int bytes;
    } loops[] = {{chains64, 64}, {chains32, 32}};
    nmfi_peak best = {0.0, 0, 0};
    int old = nmfi_threads_set(threads);

    for (size_t i = 0; i < sizeof loops / sizeof loops[0]; i++) {
        /* Half the time for each loop, split over the REPS runs. */
        long iters = calibrate(loops[i].f, seconds / (2.0 * REPS));
        double lanes = (double)loops[i].bytes / sizeof(nmf_real);
        double flops = 2.0 * CHAINS * lanes * (double)iters; /* a thread */
        int ran = 0;
        double rate = run_threads(loops[i].f, iters, flops, &ran);
        if (rate * 1e-9 > best.gflops) {
            best.gflops = rate * 1e-9;
            best.vector_bytes = loops[i].bytes;
            best.threads = ran;
        }
    }
    nmfi_threads_set(old);
    return best;
}

const char *nmfi_peak_unit(void)
{
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __builtin_cpu_init();
    int avx512 = __builtin_cpu_supports("avx512f");
    int fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#if defined(NMF_HAVE_TARGET_CLONES)
    return avx512 ? "AVX-512, avx512f clone"
           : fma  ? "AVX2/FMA, fma clone"
                  : "no AVX2/FMA, default clone";
#else
    return avx512 ? "AVX-512 CPU, loop built without target_clones"
           : fma  ? "AVX2/FMA CPU, loop built without target_clones"
                  : "no AVX2/FMA, loop built without target_clones";
#endif
#else
    return "vector unit unknown (not x86)";
#endif
}
