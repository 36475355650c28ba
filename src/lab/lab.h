/* lab.h -- the experiments of `nmfkit bench`, the teaching lab: this
 * machine's two roofs, every GEMM step over a sweep of sizes, where the
 * time of an MU and a HALS iteration goes, and how each scales with the
 * threads. Each experiment fills plain arrays; cli/cmd_bench.c prints
 * them and lab/figures.c draws them. */
#ifndef NMFI_LAB_H
#define NMFI_LAB_H

#include <stddef.h>

#include "kernels/gemm.h"
#include "lab/peak.h"
#include "lab/stream.h"
#include "nmfkit.h"

#define NMFI_LAB_MAX_THREADS 16
#define NMFI_LAB_PEAK_SECONDS 0.2
#define NMFI_LAB_TRIAD_REPS 5
#define NMFI_LAB_FITS 3          /* timed fits of an iteration, median */

/* ---- The machine: FMA peak and triad bandwidth per thread count -------- */

typedef struct nmfi_lab_machine {
    int n;                                 /* thread counts measured     */
    int threads[NMFI_LAB_MAX_THREADS];     /* as asked, increasing       */
    nmfi_peak peak[NMFI_LAB_MAX_THREADS];
    nmfi_bandwidth bw[NMFI_LAB_MAX_THREADS];
} nmfi_lab_machine;

/* Measures both at each of the n thread counts (sorted, distinct, 1
 * first). NMF_E_NOMEM if the triad's arrays do not fit. */
nmf_status nmfi_lab_machine_measure(nmfi_lab_machine *mc, const int *threads,
                                    int n);
/* Index of the count nearest below `threads` (0 if none). */
int nmfi_lab_machine_at(const nmfi_lab_machine *mc, int threads);

/* The roof at an intensity: min(peak, bandwidth x flop/byte), GFLOP/s. */
double nmfi_lab_roof(const nmfi_lab_machine *mc, int i, double intensity);

/* ---- The step sweep: GFLOP/s against size for every step ----------------- */

typedef struct nmfi_lab_shape {
    const char *group;      /* "square" or "W'A" (MU's W'A, 64 x n x m) */
    nmf_trans ta, tb;
    size_t m, n, k;
    size_t size;            /* the x of the step plot: n                 */
} nmfi_lab_shape;

typedef struct nmfi_lab_point {
    const nmfi_lab_shape *shape;
    const nmfi_gemm_step *step;
    int threads;
    int calls;              /* timed calls the median is over          */
    double gflops;          /* 2 m n k / median time                   */
    double intensity;       /* flop/byte by the step's traffic model   */
    double diff;            /* max |C - C0| / max |C0|, C0 from v0     */
    double bound;           /* what diff must stay within: 4 k eps     */
} nmfi_lab_point;

typedef void (*nmfi_lab_point_fn)(void *ctx, const nmfi_lab_point *p);

/* Every step on every shape (steps with OpenMP at `threads`, the others
 * at 1), each checked against v0's result on the same operands unless
 * `check` is 0 (diff NaN then); the points in shape-major order, also
 * handed to `each` as they come. repeats: 0 adaptive, else that many
 * timed calls. */
nmf_status nmfi_lab_sweep(const nmfi_lab_shape *shapes, size_t nshapes,
                          const nmfi_gemm_step *const *steps, size_t nsteps,
                          int threads, int repeats, int check,
                          nmfi_lab_point *points, nmfi_lab_point_fn each,
                          void *ctx);

/* ---- An iteration's phases ---------------------------------------------- */

typedef struct nmfi_lab_phase {
    nmf_profile_step step;
    double ms;              /* per iteration (once-per-fit steps: per fit) */
    double share;           /* of all the profiled time, as factor --profile */
    double gflops;
    double bytes;           /* per iteration by the model (traffic.h)      */
    double intensity;       /* flop/byte; 0 where the model has no bytes   */
    int once;               /* the first W'W, the copy of A: outside the loop */
} nmfi_lab_phase;

typedef struct nmfi_lab_iteration {
    nmf_solver solver;
    size_t m, n, d;
    int threads, iterations;
    double ms;              /* per iteration, the loop alone             */
    double gflops;          /* of the whole iteration                     */
    nmfi_lab_phase phase[NMF_STEP_COUNT];
    int nphases;
} nmfi_lab_iteration;

/* Fits A with `solver` (random start, seed 1) for `iterations` after an
 * untimed run of 2, NMFI_LAB_FITS times, and splits the loop's time of
 * the median fit by its nmf_profile. */
nmf_status nmfi_lab_iterate(const nmf_matrix *a, nmf_solver solver, size_t d,
                            int iterations, int threads,
                            nmfi_lab_iteration *it);

/* ---- Figures (SVG through report/svgplot) ---------------------------------- */

/* The roofline: both roofs at each thread count's best, the sweep's
 * points at `at_size` and the iterations' phases. */
nmf_status nmfi_lab_plot_roofline(const char *path,
                                  const nmfi_lab_machine *mc, int mi,
                                  const nmfi_lab_point *points, size_t np,
                                  size_t at_size,
                                  const nmfi_lab_iteration *its, size_t nits);
/* GFLOP/s against size, one line per step, for one group of shapes. */
nmf_status nmfi_lab_plot_steps(const char *path, const char *group,
                               const char *title, const char *xlabel,
                               const nmfi_lab_point *points, size_t np,
                               const nmfi_lab_machine *mc);

typedef struct nmfi_lab_curve {
    const char *label;
    double value[NMFI_LAB_MAX_THREADS];   /* at mc->threads[i]; NaN: none */
} nmfi_lab_curve;
/* Speedup over 1 thread against threads, with the ideal line. */
nmf_status nmfi_lab_plot_scaling(const char *path,
                                 const nmfi_lab_machine *mc,
                                 const nmfi_lab_curve *curves, size_t n);

#endif
