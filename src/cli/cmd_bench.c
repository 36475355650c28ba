/* cmd_bench.c -- `nmfkit bench`: the teaching lab on the student's own
 * machine (lab/lab.h). It measures the two roofs, sweeps every GEMM step
 * over sizes, splits an MU and a HALS iteration into phases and scales
 * all of it over the threads; it prints each table as it is measured and,
 * with --plot DIR, draws the roofline, step and scaling figures beside
 * their CSV tables. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "core/error.h"
#include "core/threads.h"
#include "io/outputs.h"
#include "kernels/blocking.h"
#include "lab/lab.h"
#include "lab/measure.h"
#include "lab/step_notes.h"
#include "lab/traffic.h"

static const char *const CMD = "bench";

enum { MAX_SIZES = 16, MAX_STEPS = 16, MU_M = 24 * 24 * 3 };

enum { O_PLOT = 256, O_THREADS, O_QUICK, O_PROFILE, O_EXPLAIN, O_SIZES,
       O_WTA_N, O_STEPS, O_INPUT, O_RANK, O_COLUMNS, O_ITERATIONS, O_ONLY };

static const cli_opt bench_opts[] = {
    {O_PLOT, "plot", 0, "DIR",
     "write the figures (roofline.svg, steps-square.svg,\n"
     "steps-wta.svg, scaling.svg) and the tables (steps.csv,\n"
     "profile.csv, scaling.csv, machine.csv) into DIR"},
    {O_THREADS, "threads", 0, "LIST",
     "thread counts, e.g. 1,2,4 (default: 1, 2, 4, ... up to\n"
     "and with the OpenMP maximum)"},
    {O_QUICK, "quick", 0, NULL,
     "a smaller sweep and iteration, about half the time"},
    {O_PROFILE, "profile", 0, NULL,
     "only the machine and where the time of an MU and a HALS\n"
     "iteration goes, at the most threads; writes profile.csv\n"
     "(into the --plot DIR, else the working directory)"},
    {O_EXPLAIN, "explain", 0, "A,B",
     "what two steps change (the head comment of each step's\n"
     "file), then their ratio measured here, e.g. v2,v3"},
    {O_SIZES, "sizes", 0, "LIST",
     "n of the square n x n x n products of the sweep (default\n"
     "64,127,256,383,512,767; --quick 64,127,255,383)"},
    {O_WTA_N, "wta-n", 0, "LIST",
     "n of MU's W'A, d x n x m, in the sweep (default\n"
     "500,1000,2000,5000,10000; --quick 500,2000)"},
    {O_STEPS, "steps", 0, "LIST",
     "steps of the sweep, e.g. v0,v3,v11 (default: all, and\n"
     "product, what nmf_gemm runs)"},
    {O_ONLY, "only", 0, "STEP",
     "run STEP alone on the --sizes products, 3 calls each,\n"
     "with no peak, no reference and no iteration: the run to\n"
     "count under perf stat or valgrind --tool=cachegrind"},
    {O_INPUT, "input", 0, "FILE",
     "the matrix of the iterations (.csv or .npy; default a\n"
     "uniform random 1728 x --columns, seed 1)"},
    {O_RANK, "rank", 'd', "D", "d of the iterations and of W'A (default 64)"},
    {O_COLUMNS, "columns", 0, "N",
     "n of the random matrix (default 10000; --quick 2000)"},
    {O_ITERATIONS, "iterations", 'n', "K",
     "timed iterations per fit (default 10; --quick 5)"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {bench_opts, NULL};

static const cli_spec spec = {
    "bench", "[--plot DIR] [--threads LIST] [--quick] [--profile]\n"
    "                    [--explain A,B] [options]",
    "Measure this machine for the GEMM lesson: its FMA peak and its memory\n"
    "bandwidth (a STREAM triad) at each thread count, every GEMM step over\n"
    "square sizes (odd ones too) and over MU's tall-skinny W'A, each checked\n"
    "against v0, the phases of an MU and a HALS iteration with their\n"
    "arithmetic intensity by the loops' traffic model, and the speedup of\n"
    "each over the threads. Pin the run for stable numbers, e.g.\n"
    "OMP_PROC_BIND=close OMP_PLACES=cores, and keep the machine quiet.\n",
    tables,
    "Every figure is a median of timed calls (or the one call of a slow\n"
    "step); the peak is the best of 5 runs of independent FMA chains, the\n"
    "bandwidth the best of 5 triads on arrays 4x the last-level cache.\n"
    "Exit status: 0 ok, 1 out of memory, 2 bad option or input.\n",
    NULL, 0, 0,
};

typedef struct bench_args {
    const char *plot, *input;
    int threads[NMFI_LAB_MAX_THREADS], nthreads;
    int quick, profile;
    const nmfi_gemm_step *explain[2];   /* --explain's steps, or NULL   */
    const nmfi_gemm_step *only;
    size_t sizes[MAX_SIZES], nsizes;
    size_t wta_n[MAX_SIZES], nwta;
    const nmfi_gemm_step *steps[MAX_STEPS];
    size_t nsteps;
    size_t d, columns;
    int iterations;
} bench_args;

/* ---- Options ------------------------------------------------------------ */

static int parse_steps(const char *v, const nmfi_gemm_step **out,
                       size_t max, size_t *n, const char *opt)
{
    char buf[256];
    if (snprintf(buf, sizeof buf, "%s", v) >= (int)sizeof buf) {
        cli_error(CMD, "%s: list too long", opt);
        return EXIT_BAD_INPUT;
    }
    *n = 0;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t;
         t = strtok_r(NULL, ",", &save)) {
        const nmfi_gemm_step *st = nmfi_gemm_find(t);
        if (!st) {
            cli_error(CMD, "%s: no step named '%s' (v0 ... v%zu, product)",
                      opt, t, nmfi_gemm_nsteps - 1);
            return EXIT_BAD_INPUT;
        }
        if (*n == max) {
            cli_error(CMD, "%s: at most %zu steps", opt, max);
            return EXIT_BAD_INPUT;
        }
        out[(*n)++] = st;
    }
    if (*n == 0) {
        cli_error(CMD, "%s: no step named", opt);
        return EXIT_BAD_INPUT;
    }
    return 0;
}

static int parse_threads(const char *v, bench_args *b)
{
    size_t t[NMFI_LAB_MAX_THREADS], n = 0;
    if (args_size_list(CMD, "--threads", v, 1, 1024, t,
                       NMFI_LAB_MAX_THREADS, &n) != 0)
        return EXIT_BAD_INPUT;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && t[i] <= t[i - 1]) {
            cli_error(CMD, "--threads: '%s' is not increasing", v);
            return EXIT_BAD_INPUT;
        }
#ifndef _OPENMP
        if (t[i] > 1) {
            cli_error(CMD, "--threads: %zu: built without OpenMP", t[i]);
            return EXIT_BAD_INPUT;
        }
#endif
        b->threads[i] = (int)t[i];
    }
    b->nthreads = (int)n;
    return 0;
}

static int option(void *ctx, int code, const char *v)
{
    bench_args *b = ctx;
    switch (code) {
    case O_PLOT: b->plot = v; return 0;
    case O_THREADS: return parse_threads(v, b);
    case O_QUICK: b->quick = 1; return 0;
    case O_PROFILE: b->profile = 1; return 0;
    case O_EXPLAIN: {
        size_t n = 0;
        int rc = parse_steps(v, b->explain, 2, &n, "--explain");
        if (rc == 0 && n != 2) {
            cli_error(CMD, "--explain: two steps, like v2,v3");
            rc = EXIT_BAD_INPUT;
        }
        return rc;
    }
    case O_SIZES:
        return args_size_list(CMD, "--sizes", v, 1, 8192, b->sizes, MAX_SIZES,
                              &b->nsizes) ? EXIT_BAD_INPUT : 0;
    case O_WTA_N:
        return args_size_list(CMD, "--wta-n", v, 1, 1000000, b->wta_n,
                              MAX_SIZES, &b->nwta) ? EXIT_BAD_INPUT : 0;
    case O_STEPS:
        return parse_steps(v, b->steps, MAX_STEPS, &b->nsteps, "--steps");
    case O_ONLY: {
        size_t n = 0;
        return parse_steps(v, &b->only, 1, &n, "--only");
    }
    case O_INPUT: b->input = v; return 0;
    case O_RANK:
        return args_size(CMD, "--rank", v, 1, 4096, &b->d) ? EXIT_BAD_INPUT
                                                            : 0;
    case O_COLUMNS:
        return args_size(CMD, "--columns", v, 1, 10000000, &b->columns)
                   ? EXIT_BAD_INPUT : 0;
    case O_ITERATIONS:
        return args_int(CMD, "--iterations", v, 1, 100000, &b->iterations)
                   ? EXIT_BAD_INPUT : 0;
    }
    return EXIT_BAD_INPUT;
}

static void set_defaults(bench_args *b)
{
    static const size_t sizes[] = {64, 127, 256, 383, 512, 767};
    static const size_t quick_sizes[] = {64, 127, 255, 383};
    static const size_t wta[] = {500, 1000, 2000, 5000, 10000};
    static const size_t quick_wta[] = {500, 2000};
    if (b->nsizes == 0) {
        const size_t *s = b->quick ? quick_sizes : sizes;
        b->nsizes = b->quick ? 4 : 6;
        memcpy(b->sizes, s, b->nsizes * sizeof *s);
    }
    if (b->nwta == 0) {
        const size_t *s = b->quick ? quick_wta : wta;
        b->nwta = b->quick ? 2 : 5;
        memcpy(b->wta_n, s, b->nwta * sizeof *s);
    }
    if (b->nsteps == 0) {
        for (size_t i = 0; i < nmfi_gemm_nsteps && i + 1 < MAX_STEPS; i++)
            b->steps[b->nsteps++] = &nmfi_gemm_steps[i];
        b->steps[b->nsteps++] = &nmfi_gemm_product;
    }
    if (b->d == 0)
        b->d = 64;
    if (b->columns == 0)
        b->columns = b->quick ? 2000 : 10000;
    if (b->iterations == 0)
        b->iterations = b->quick ? 5 : 10;
    if (b->nthreads == 0) {
        int max = nmfi_threads_max();
        for (int t = 1; t < max && b->nthreads + 1 < NMFI_LAB_MAX_THREADS;
             t *= 2)
            b->threads[b->nthreads++] = t;
        b->threads[b->nthreads++] = max;
    }
}

/* ---- The machine sheet --------------------------------------------------- */

static void print_machine(const nmfi_lab_machine *mc)
{
    char cpu[256];
    nmfi_cpu_model(cpu, sizeof cpu);
    const nmfi_blocking *bk = nmfi_blocking_get();
    printf("nmfkit bench: this machine\n");
    printf("  cpu         %s\n", cpu);
    printf("  nmf_real    %s (s = %zu bytes)\n", NMF_REAL_NAME,
           sizeof(nmf_real));
    printf("  vector unit %s; the peak loop's widest win: %d-byte vectors\n",
           nmfi_peak_unit(), mc->peak[0].vector_bytes);
    printf("  blocking    KC %zu, MC %zu, NC %zu (L1d %zu KB, L2 %zu KB, L3 "
           "share %zu KB)\n", bk->kc, bk->mc, bk->nc, bk->l1d / 1024,
           bk->l2 / 1024, bk->l3_share / 1024);
    printf("  triad       a = b + s c on 3 arrays of %zu MiB (doubles), "
           "24 bytes an element\n", mc->bw[0].bytes >> 20);
    printf("\n%7s %16s %14s %18s\n", "threads", "FMA peak GFLOP/s",
           "triad GB/s", "ridge flop/byte");
    for (int i = 0; i < mc->n; i++)
        printf("%7d %16.1f %14.1f %18.2f\n", mc->peak[i].threads,
               mc->peak[i].gflops, mc->bw[i].gbytes,
               mc->peak[i].gflops / mc->bw[i].gbytes);
    printf("A loop with fewer flops per byte than the ridge is bound by "
           "memory here, one with more by the FMA units.\n");
}

static nmf_status write_machine(FILE *f, const nmfi_lab_machine *mc)
{
    fprintf(f, "threads,fma_peak_gflops,triad_gbytes,ridge_flop_per_byte\n");
    for (int i = 0; i < mc->n; i++)
        fprintf(f, "%d,%.3f,%.3f,%.4f\n", mc->peak[i].threads,
                mc->peak[i].gflops, mc->bw[i].gbytes,
                mc->peak[i].gflops / mc->bw[i].gbytes);
    return NMF_OK;
}

/* ---- The sweep ----------------------------------------------------------- */

typedef struct sweep_print {
    const nmfi_lab_machine *mc;
    FILE *csv;
} sweep_print;

static const char *trans_name(nmf_trans ta, nmf_trans tb)
{
    static const char *names[2][2] = {{"NN", "NT"}, {"TN", "TT"}};
    return names[ta == NMF_TRANS][tb == NMF_TRANS];
}

static void print_point(void *ctx, const nmfi_lab_point *p)
{
    const sweep_print *sp = ctx;
    const nmfi_lab_shape *s = p->shape;
    int mi = nmfi_lab_machine_at(sp->mc, p->threads);
    double peak = sp->mc->peak[mi].gflops;
    double roof = nmfi_lab_roof(sp->mc, mi, p->intensity);
    char shape[48], diff[24];
    snprintf(shape, sizeof shape, "%zux%zux%zu", s->m, s->n, s->k);
    if (isnan(p->diff))
        snprintf(diff, sizeof diff, "-");
    else
        snprintf(diff, sizeof diff, "%.1e%s", p->diff,
                 p->diff <= p->bound ? "" : " !");
    printf("%-6s %-15s %-4s %-7s %7d %9.2f %7.1f %9.2f %9.1f %11s\n",
           s->group, shape, trans_name(s->ta, s->tb), p->step->name,
           p->threads, p->gflops, 100.0 * p->gflops / peak, p->intensity,
           roof, diff);
    fflush(stdout);
    if (sp->csv)
        fprintf(sp->csv, "%s,%zu,%zu,%zu,%s,%s,%d,%.4f,%.3f,%.4f,%.3f,"
                "%.3e,%.3e,%d\n", s->group, s->m, s->n, s->k,
                trans_name(s->ta, s->tb), p->step->name, p->threads,
                p->gflops, 100.0 * p->gflops / peak, p->intensity, roof,
                p->diff, p->bound, p->calls);
}

static void print_sweep_header(const bench_args *b, int threads,
                               int formulas)
{
    if (threads > 1)
        printf("\nEvery GEMM step, C = op(A) op(B): steps with OpenMP on %d "
               "threads, the others on 1\n", threads);
    else
        printf("\nEvery GEMM step, C = op(A) op(B), on 1 thread\n");
    printf("  flop/byte: 2mnk over the bytes the step's loops move from "
           "memory (s = %zu)%s\n", sizeof(nmf_real),
           formulas ? ", an operand that fits in the last-level cache "
                      "counted once:" : "");
    static const struct {
        const char *steps;
        nmfi_traffic t;
    } models[] = {{"v0", NMFI_TRAFFIC_DOTS}, {"v1", NMFI_TRAFFIC_COLUMNS},
                  {"v2 on", NMFI_TRAFFIC_BLOCKED}};
    for (size_t i = 0; formulas && i < 3; i++)
        printf("    %-6s %s\n", models[i].steps,
               nmfi_gemm_bytes_formula(models[i].t));
    printf("  roof: min(peak, bandwidth x flop/byte) at the step's threads; "
           "diff: max |C - C0| / max |C0|,\n  C0 from v0, '!' past its "
           "bound 4 k eps; W'A is MU's, d = %zu, m = %d\n\n", b->d, MU_M);
    printf("%-6s %-15s %-4s %-7s %7s %9s %7s %9s %9s %11s\n", "group",
           "m x n x k", "op", "step", "threads", "GFLOP/s", "% peak",
           "flop/byte", "roof", "diff vs v0");
}

/* ---- The iterations ------------------------------------------------------ */

static void print_phases(const nmfi_lab_iteration *it,
                         const nmfi_lab_machine *mc)
{
    int mi = nmfi_lab_machine_at(mc, it->threads);
    double peak = mc->peak[mi].gflops;
    printf("\n%s iteration, m = %zu, n = %zu, d = %zu, %d thread%s: %.2f "
           "ms, %.1f GFLOP/s (%.0f%% of peak) over %d iterations\n",
           nmf_solver_name(it->solver), it->m, it->n, it->d, it->threads,
           it->threads > 1 ? "s" : "", it->ms, it->gflops,
           100.0 * it->gflops / peak, it->iterations);
    printf("%-13s %9s %6s %9s %7s %10s %9s %9s %7s  %s\n", "phase",
           "ms/iter", "share", "GFLOP/s", "% peak", "MB (model)",
           "flop/byte", "roof", "% roof", "bytes by the model");
    for (int p = 0; p < it->nphases; p++) {
        const nmfi_lab_phase *ph = &it->phase[p];
        double roof = nmfi_lab_roof(mc, mi, ph->intensity);
        printf("%-13s %9.3f %5.1f%% %9.2f %7.1f %10.2f ",
               nmf_profile_step_name(ph->step), ph->ms, 100.0 * ph->share,
               ph->gflops, 100.0 * ph->gflops / peak, ph->bytes * 1e-6);
        if (ph->intensity > 0.0)
            printf("%9.2f %9.1f %6.1f%%", ph->intensity, roof,
                   100.0 * ph->gflops / roof);
        else
            printf("%9s %9s %7s", "-", "-", "-");
        printf("  %s%s\n", nmfi_phase_bytes_formula(ph->step),
               ph->once ? " (ms per fit)" : "");
    }
}

static void write_phases(FILE *f, const nmfi_lab_iteration *it,
                         const nmfi_lab_machine *mc)
{
    int mi = nmfi_lab_machine_at(mc, it->threads);
    double peak = mc->peak[mi].gflops;
    for (int p = 0; p < it->nphases; p++) {
        const nmfi_lab_phase *ph = &it->phase[p];
        double roof = ph->intensity > 0.0
            ? nmfi_lab_roof(mc, mi, ph->intensity) : NAN;
        fprintf(f, "%s,%zu,%zu,%zu,%d,%s,%d,%.4f,%.4f,%.4f,%.3f,%.0f,%.4f,"
                "%.3f,%.3f,\"%s\"\n", nmf_solver_name(it->solver), it->m,
                it->n, it->d, it->threads, nmf_profile_step_name(ph->step),
                ph->once, ph->ms, ph->share, ph->gflops,
                100.0 * ph->gflops / peak, ph->bytes, ph->intensity, roof,
                100.0 * ph->gflops / roof,
                nmfi_phase_bytes_formula(ph->step));
    }
}

static nmf_status random_input(size_t m, size_t n, nmf_matrix **a)
{
    *a = nmf_matrix_new(m, n);
    if (!*a)
        return nmfi_error(NMF_E_NOMEM, "out of memory for the %zu x %zu "
                          "random matrix", m, n);
    nmfi_fill_uniform(nmf_matrix_data(*a), m, n, nmf_matrix_ld(*a), 1);
    return NMF_OK;
}

/* ---- Explain ------------------------------------------------------------- */

static void print_note(const char *step)
{
    const char *note = nmfi_step_note_of(step);
    printf("---- %s ----\n%s\n", step, note ? note
                                    : "(what nmf_gemm runs: see dispatch.c)\n");
}

static int run_explain(const bench_args *b, const nmfi_lab_machine *mc)
{
    const nmfi_gemm_step *const *two = b->explain;
    print_note(two[0]->name);
    print_note(two[1]->name);

    int threads = mc->threads[mc->n - 1];
    size_t sq = b->quick ? 383 : 512;
    nmfi_lab_shape shapes[2] = {
        {"square", NMF_NOTRANS, NMF_NOTRANS, sq, sq, sq, sq},
        {"W'A", NMF_TRANS, NMF_NOTRANS, b->d, 2000, MU_M, 2000},
    };
    nmfi_lab_point pts[4];
    sweep_print sp = {mc, NULL};
    print_sweep_header(b, threads, 0);
    nmf_status s = nmfi_lab_sweep(shapes, 2, two, 2, threads, 0, 1, pts,
                                  print_point, &sp);
    if (s != NMF_OK)
        return cli_fail(CMD, s);
    printf("\n%s / %s, measured here:\n", two[1]->name, two[0]->name);
    for (int i = 0; i < 2; i++)
        printf("  %-6s %zux%zux%zu  %.2fx\n", shapes[i].group, shapes[i].m,
               shapes[i].n, shapes[i].k,
               pts[2 * i + 1].gflops / pts[2 * i].gflops);
    return EXIT_OK;
}

/* ---- One step alone, for a profiler -------------------------------------- */

static void print_only(void *ctx, const nmfi_lab_point *p)
{
    (void)ctx;
    printf("%s %zux%zux%zu on %d thread%s: %.2f GFLOP/s (median of %d)\n",
           p->step->name, p->shape->m, p->shape->n, p->shape->k, p->threads,
           p->threads > 1 ? "s" : "", p->gflops, p->calls);
}

static int run_only(const bench_args *b)
{
    nmfi_lab_shape shapes[MAX_SIZES];
    nmfi_lab_point points[MAX_SIZES];
    for (size_t i = 0; i < b->nsizes; i++)
        shapes[i] = (nmfi_lab_shape){"square", NMF_NOTRANS, NMF_NOTRANS,
            b->sizes[i], b->sizes[i], b->sizes[i], b->sizes[i]};
    nmf_status s = nmfi_lab_sweep(shapes, b->nsizes, &b->only, 1,
                                  b->threads[b->nthreads - 1], 3, 0, points,
                                  print_only, NULL);
    return s == NMF_OK ? EXIT_OK : cli_fail(CMD, s);
}

/* ---- The whole lab ------------------------------------------------------- */

typedef struct lab_run {
    nmfi_lab_machine mc;
    nmfi_lab_point *points;     /* the sweep                          */
    size_t npoints;
    nmfi_lab_shape *shapes;
    nmfi_lab_iteration its[NMFI_LAB_MAX_THREADS][2]; /* MU, HALS per T */
    nmfi_lab_point products[NMFI_LAB_MAX_THREADS][2]; /* W'A, AH' per T */
} lab_run;

static nmf_status run_sweep(const bench_args *b, lab_run *r, FILE *csv)
{
    size_t ns = b->nsizes + b->nwta;
    r->shapes = calloc(ns, sizeof *r->shapes);
    r->points = calloc(ns * b->nsteps, sizeof *r->points);
    if (!r->shapes || !r->points)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    for (size_t i = 0; i < b->nsizes; i++)
        r->shapes[i] = (nmfi_lab_shape){"square", NMF_NOTRANS, NMF_NOTRANS,
            b->sizes[i], b->sizes[i], b->sizes[i], b->sizes[i]};
    for (size_t i = 0; i < b->nwta; i++)
        r->shapes[b->nsizes + i] = (nmfi_lab_shape){"W'A", NMF_TRANS,
            NMF_NOTRANS, b->d, b->wta_n[i], MU_M, b->wta_n[i]};
    int threads = r->mc.threads[r->mc.n - 1];
    sweep_print sp = {&r->mc, csv};
    if (csv)
        fprintf(csv, "group,m,n,k,op,step,threads,gflops,pct_of_peak,"
                "flop_per_byte,roof_gflops,max_rel_diff_vs_v0,bound,calls\n");
    print_sweep_header(b, threads, 1);
    r->npoints = ns * b->nsteps;
    return nmfi_lab_sweep(r->shapes, ns, b->steps, b->nsteps, threads,
                          b->quick ? 3 : 0, 1, r->points, print_point, &sp);
}

/* MU and HALS at thread count index ti; with `products`, also W'A and
 * AH' as nmf_gemm runs them at the iteration's shape. */
static nmf_status run_iterations(const bench_args *b, lab_run *r,
                                 const nmf_matrix *a, int ti, int products)
{
    static const nmf_solver solvers[2] = {NMF_SOLVER_MU, NMF_SOLVER_HALS};
    int threads = r->mc.threads[ti];
    for (int k = 0; k < 2; k++) {
        nmf_status s = nmfi_lab_iterate(a, solvers[k], b->d, b->iterations,
                                        threads, &r->its[ti][k]);
        if (s != NMF_OK)
            return s;
    }
    if (!products)
        return NMF_OK;
    size_t m = nmf_matrix_rows(a), n = nmf_matrix_cols(a);
    nmfi_lab_shape shapes[2] = {
        {"W'A", NMF_TRANS, NMF_NOTRANS, b->d, n, m, n},
        {"AH'", NMF_NOTRANS, NMF_TRANS, m, b->d, n, n},
    };
    const nmfi_gemm_step *product[1] = {&nmfi_gemm_product};
    return nmfi_lab_sweep(shapes, 2, product, 1, threads, b->quick ? 3 : 0,
                          0, r->products[ti], NULL, NULL);
}

static void scaling_curves(const lab_run *r, nmfi_lab_curve *c)
{
    static const char *labels[6] = {
        "FMA peak", "triad bandwidth", "W'A (nmf_gemm)", "AH' (nmf_gemm)",
        "MU iteration", "HALS iteration"};
    for (int k = 0; k < 6; k++) {
        c[k].label = labels[k];
        for (int i = 0; i < r->mc.n; i++)
            c[k].value[i] = k == 0 ? r->mc.peak[i].gflops
                          : k == 1 ? r->mc.bw[i].gbytes
                          : k < 4  ? r->products[i][k - 2].gflops
                                   : r->its[i][k - 4].gflops;
    }
}

static void print_scaling(const lab_run *r, FILE *csv)
{
    nmfi_lab_curve c[6];
    scaling_curves(r, c);
    printf("\nThread scaling: GFLOP/s (GB/s for the triad), speedup over 1 "
           "thread in brackets\n%7s", "threads");
    for (int k = 0; k < 6; k++)
        printf(" %20s", c[k].label);
    printf("\n");
    if (csv)
        fprintf(csv, "threads,fma_peak_gflops,triad_gbytes,wta_gflops,"
                "aht_gflops,mu_gflops,hals_gflops\n");
    for (int i = 0; i < r->mc.n; i++) {
        printf("%7d", r->mc.threads[i]);
        if (csv)
            fprintf(csv, "%d", r->mc.threads[i]);
        for (int k = 0; k < 6; k++) {
            char cell[32];
            snprintf(cell, sizeof cell, "%.1f (%.2fx)", c[k].value[i],
                     c[k].value[i] / c[k].value[0]);
            printf(" %20s", cell);
            if (csv)
                fprintf(csv, ",%.4f", c[k].value[i]);
        }
        printf("\n");
        if (csv)
            fprintf(csv, "\n");
    }
}

static nmf_status draw(const bench_args *b, lab_run *r, nmfi_outputs *out)
{
    int mi = r->mc.n - 1;
    const nmfi_lab_iteration its[2] = {r->its[mi][0], r->its[mi][1]};
    size_t at = b->sizes[b->nsizes - 1];
    nmf_status s = nmfi_lab_plot_roofline(nmfi_outputs_path(out,
        "roofline.svg"), &r->mc, mi, r->points, r->npoints, at, its, 2);
    if (s == NMF_OK)
        s = nmfi_lab_plot_steps(nmfi_outputs_path(out, "steps-square.svg"),
                                "square", "Every GEMM step: square "
                                "products, n x n x n",
                                "n of the n x n x n product",
                                r->points, r->npoints, &r->mc);
    if (s == NMF_OK)
        s = nmfi_lab_plot_steps(nmfi_outputs_path(out, "steps-wta.svg"),
                                "W'A", "Every GEMM step: MU's W'A, d x n "
                                "x m",
                                "n, columns of A (images)",
                                r->points, r->npoints, &r->mc);
    if (s == NMF_OK) {
        nmfi_lab_curve c[6];
        scaling_curves(r, c);
        s = nmfi_lab_plot_scaling(nmfi_outputs_path(out, "scaling.svg"),
                                  &r->mc, c, 6);
    }
    return s;
}

static nmf_status run_lab(const bench_args *b, lab_run *r, nmfi_outputs *out)
{
    FILE *steps_csv = NULL, *profile_csv = NULL, *scaling_csv = NULL;
    FILE *machine_csv = NULL;
    nmf_matrix *a = NULL;
    int full = !b->profile;
    nmf_status s = NMF_OK;

    if (b->plot || b->profile) {
        if (full && b->plot)
            s = nmfi_outputs_file(out, "steps.csv", &steps_csv);
        if (s == NMF_OK && full && b->plot)
            s = nmfi_outputs_file(out, "scaling.csv", &scaling_csv);
        if (s == NMF_OK && b->plot)
            s = nmfi_outputs_file(out, "machine.csv", &machine_csv);
        if (s == NMF_OK)
            s = nmfi_outputs_file(out, "profile.csv", &profile_csv);
        if (s != NMF_OK)
            return s;
    }
    if (machine_csv)
        write_machine(machine_csv, &r->mc);
    if (full)
        s = run_sweep(b, r, steps_csv);
    if (s == NMF_OK)
        s = b->input ? nmf_read_matrix(b->input, &a)
                     : random_input(MU_M, b->columns, &a);
    int mi = r->mc.n - 1;
    for (int ti = full ? 0 : mi; s == NMF_OK && ti <= mi; ti++)
        s = run_iterations(b, r, a, ti, full);
    nmf_matrix_free(a);
    if (s != NMF_OK)
        return s;
    if (profile_csv)
        fprintf(profile_csv, "solver,m,n,d,threads,phase,once,ms,share,"
                "gflops,pct_of_peak,bytes_model,flop_per_byte,roof_gflops,"
                "pct_of_roof,bytes_formula\n");
    for (int k = 0; k < 2; k++) {
        print_phases(&r->its[mi][k], &r->mc);
        if (profile_csv)
            write_phases(profile_csv, &r->its[mi][k], &r->mc);
    }
    if (full)
        print_scaling(r, scaling_csv);
    if (full && b->plot)
        s = draw(b, r, out);
    return s;
}

int cmd_bench(int argc, char **argv)
{
    bench_args b;
    memset(&b, 0, sizeof b);
    size_t nargs = 0;
    int rc = cli_parse(&spec, argc, argv, option, &b, NULL, &nargs);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    set_defaults(&b);
    if (b.only)
        return run_only(&b);

    /* Output folder first: a bad --plot fails before minutes of work. */
    nmfi_outputs out;
    memset(&out, 0, sizeof out);
    nmf_status s = NMF_OK;
    if (b.plot || (b.profile && !b.explain[0]))
        s = nmfi_outputs_open(&out, b.plot ? b.plot : ".", NULL);
    lab_run *r = calloc(1, sizeof *r);
    if (s == NMF_OK && !r)
        s = nmfi_error(NMF_E_NOMEM, "out of memory");
    if (s == NMF_OK)
        s = nmfi_lab_machine_measure(&r->mc, b.threads, b.nthreads);
    if (s == NMF_OK && b.explain[0]) {
        rc = run_explain(&b, &r->mc);
        nmfi_outputs_abort(&out);
        free(r);
        return rc;
    }
    if (s == NMF_OK) {
        print_machine(&r->mc);
        s = run_lab(&b, r, &out);
    }
    if (s == NMF_OK)
        s = nmfi_outputs_commit(&out);
    else
        nmfi_outputs_abort(&out);
    fflush(stdout);
    if (s == NMF_OK && (b.plot || b.profile))
        fprintf(stderr, "nmfkit bench: wrote %s%s\n",
                b.plot ? b.plot : "profile.csv",
                b.plot ? "/ (figures and tables)" : "");
    if (r) {
        free(r->points);
        free(r->shapes);
        free(r);
    }
    return s == NMF_OK ? EXIT_OK : cli_fail(CMD, s);
}
