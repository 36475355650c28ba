/* bench_gemm.c -- every GEMM step of the kernel lesson on the products one
 * multiplicative-update iteration needs, and on a square case, against the
 * measured FMA peak of this machine.
 *
 * One row per step, shape and thread count: median GFLOP/s, % of peak,
 * speedup over v0 and the largest difference from v0's result, so a speed
 * is never shown without its correctness. `bench_gemm --help` lists the
 * options; `make bench BENCH_FLAGS='--kernel v2,v3 --quick'` compares two.
 */
#include <config.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/threads.h"
#include "kernels/blocking.h"
#include "kernels/dispatch.h"
#include "kernels/gemm.h"
#include "nmfkit.h"
#include "lab/operands.h"
#include "lab/peak.h"

#define PEAK_SECONDS 0.2
#define MAX_STEPS 16
#define MAX_THREADS 16

#if NMF_REAL_IS_DOUBLE
#define REAL_EPS DBL_EPSILON
#else
#define REAL_EPS FLT_EPSILON
#endif

/* ---- The shapes ---------------------------------------------------------- */

/* MU on 24x24 RGB tiles: m = 1728 features, rank d = 64, n samples. */
#define MU_M (24 * 24 * 3)
#define MU_D 64
#define MU_N_SMALL 500
#define MU_N_BIG 10000
#define SQUARE 1024
#define SQUARE_BIG 2048

typedef struct bench_shape {
    const char *group; /* what --shapes selects                          */
    const char *op;    /* the product in MU's names                      */
    nmf_trans ta, tb;
    size_t m, n, k;    /* C m x n, inner dimension k                     */
    int same;          /* op(B) reads the operand of op(A): W'W, HH'     */
    int big;           /* n = 10000, 2048^3: dropped by --quick          */
} bench_shape;

#define T NMF_TRANS
#define N NMF_NOTRANS
static const bench_shape shapes[] = {
    /* group, op, ta, tb, m, n, k, same, big */
    {"mu", "W'A", T, N, MU_D, MU_N_SMALL, MU_M, 0, 0},
    {"mu", "AH'", N, T, MU_M, MU_D, MU_N_SMALL, 0, 0},
    /* A H' as the solver forms it from its copy of A: (A H')' = H A'. */
    {"mu", "HA'", N, N, MU_D, MU_M, MU_N_SMALL, 0, 0},
    /* W'W does not depend on n: one row serves both sizes. */
    {"mu", "W'W", T, N, MU_D, MU_D, MU_M, 1, 0},
    {"mu", "HH'", N, T, MU_D, MU_D, MU_N_SMALL, 1, 0},
    {"mu", "W'A", T, N, MU_D, MU_N_BIG, MU_M, 0, 1},
    {"mu", "AH'", N, T, MU_M, MU_D, MU_N_BIG, 0, 1},
    {"mu", "HA'", N, N, MU_D, MU_M, MU_N_BIG, 0, 1},
    {"mu", "HH'", N, T, MU_D, MU_D, MU_N_BIG, 1, 1},
    {"square", "AB", N, N, SQUARE, SQUARE, SQUARE, 0, 0},
    /* The square case; v0 alone takes ~10 s a call here. */
    {"square", "AB", N, N, SQUARE_BIG, SQUARE_BIG, SQUARE_BIG, 0, 1},
};
#undef T
#undef N
#define NSHAPES (sizeof shapes / sizeof shapes[0])

/* v4 is the first step with OpenMP (gemm.h); the earlier ones run on one
 * thread whatever the thread count. */
static int step_is_parallel(const nmfi_gemm_step *s)
{
    return s->parallel;
}

/* ---- Options ------------------------------------------------------------- */

typedef struct options {
    const nmfi_gemm_step *steps[MAX_STEPS];
    int nsteps;
    int threads[MAX_THREADS];
    int nthreads;
    int mu, square;
    int quick, csv;
    int repeats; /* 0: adaptive */
    const char *explain; /* --explain's shape, or NULL */
} options;

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: bench_gemm [OPTION]...\n"
        "Time the GEMM steps of the kernel lesson on the four products of a\n"
        "multiplicative-update iteration (m = %d, d = %d, n = %d and %d)\n"
        "and on square %d and %d products, against this machine's measured FMA\n"
        "peak. Each row: median GFLOP/s, %% of peak, speedup over v0 and the\n"
        "largest difference from v0's result.\n\n",
        MU_M, MU_D, MU_N_SMALL, MU_N_BIG, SQUARE, SQUARE_BIG);
    fprintf(f, "  --kernel LIST   steps to time, e.g. v2,v3 (default: all:");
    for (size_t i = 0; i < nmfi_gemm_nsteps; i++)
        fprintf(f, " %s", nmfi_gemm_steps[i].name);
    fprintf(f,
        " product);\n"
        "                  with two steps, also print their ratio per shape;\n"
        "                  product is what nmf_gemm runs\n"
        "  --explain SHAPE which kernel family the product picks for SHAPE,\n"
        "                  and why, rule by rule, then exit: MxNxK with\n"
        "                  op(A) m x k, op(B) k x n, and :NN, :TN, :NT or :TT\n"
        "                  for the transposes (default NN), e.g.\n"
        "                  64x10000x1728:TN; or mu for the MU products\n"
        "  --threads LIST  thread counts, e.g. 1,2,4 (default: 1 and the\n"
        "                  OpenMP maximum, %d here)\n"
        "  --shapes LIST   shape groups: mu, square (default: mu,square)\n"
        "  --repeats N     time exactly N calls (1-%d) after one warm-up;\n"
        "                  default: time calls until %.1f s are spent, at\n"
        "                  least 3, or once if one call takes that long\n"
        "  --quick         drop the n = %d and the %d^3 shapes\n"
        "  --csv           print the table as CSV ('#' before header lines)\n"
        "  --help          print this help and exit\n\n"
        "v0 is timed on every shape even when not listed: its result is the\n"
        "reference of the diff column and its median the base of the speedup.\n"
        "Steps without OpenMP (v0-v3) are timed once, at 1 thread.\n"
        "Exit status: 0 ok, 1 out of memory, 2 bad option.\n",
        nmfi_threads_max(), NMFI_TIME_MAX_CALLS, NMFI_TIME_BUDGET_S, MU_N_BIG,
        SQUARE_BIG);
}

#define bad_option(...) bench_bad_option("bench_gemm", __VA_ARGS__)

static void parse_kernels(char *list, options *o)
{
    char *names[MAX_STEPS];
    int n = bench_split_list(list, names, MAX_STEPS);
    if (n < 0)
        bad_option("--kernel wants step names like v2,v3");
    for (int i = 0; i < n; i++) {
        o->steps[i] = nmfi_gemm_find(names[i]);
        if (!o->steps[i])
            bad_option("--kernel: no step named '%s'", names[i]);
    }
    o->nsteps = n;
}

static void parse_shapes(char *list, options *o)
{
    char *names[4];
    int n = bench_split_list(list, names, 4);
    if (n < 0)
        bad_option("--shapes wants a list of mu, square");
    o->mu = o->square = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], "mu") == 0)
            o->mu = 1;
        else if (strcmp(names[i], "square") == 0)
            o->square = 1;
        else
            bad_option("--shapes: no group named '%s'", names[i]);
    }
}

static void parse_options(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->mu = o->square = 1;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(argv[i], "--quick") == 0) {
            o->quick = 1;
        } else if (strcmp(argv[i], "--csv") == 0) {
            o->csv = 1;
        } else if ((r = bench_opt_value(argc, argv, &i, "--kernel", &v))) {
            if (r < 0)
                bad_option("--kernel needs a list of steps");
            parse_kernels((char *)v, o);
        } else if ((r = bench_opt_value(argc, argv, &i, "--threads", &v))) {
            o->nthreads = r < 0 ? -1 : bench_parse_ints(v, o->threads,
                                                         MAX_THREADS, 1, 1024);
            if (o->nthreads < 0)
                bad_option("--threads wants up to %d counts in 1..1024, "
                           "like 1,2", MAX_THREADS);
        } else if ((r = bench_opt_value(argc, argv, &i, "--shapes", &v))) {
            if (r < 0)
                bad_option("--shapes needs a list of groups");
            parse_shapes((char *)v, o);
        } else if ((r = bench_opt_value(argc, argv, &i, "--explain", &v))) {
            if (r < 0)
                bad_option("--explain needs a shape like 64x10000x1728:TN");
            o->explain = v;
        } else if ((r = bench_opt_value(argc, argv, &i, "--repeats", &v))) {
            if (r < 0 || bench_parse_ints(v, &o->repeats, 1, 1,
                                          NMFI_TIME_MAX_CALLS) != 1)
                bad_option("--repeats wants a count in 1..%d",
                           NMFI_TIME_MAX_CALLS);
        } else {
            bad_option("unknown option '%s'", argv[i]);
        }
    }
    if (o->nsteps == 0) {
        if (nmfi_gemm_nsteps + 1 > MAX_STEPS)
            bad_option("more steps registered than the %d it can hold",
                       MAX_STEPS);
        for (size_t i = 0; i < nmfi_gemm_nsteps; i++)
            o->steps[o->nsteps++] = &nmfi_gemm_steps[i];
        o->steps[o->nsteps++] = &nmfi_gemm_product;
    }
    if (o->nthreads == 0) {
        o->threads[o->nthreads++] = 1;
        if (nmfi_threads_max() > 1)
            o->threads[o->nthreads++] = nmfi_threads_max();
    }
#ifndef _OPENMP
    for (int i = 0; i < o->nthreads; i++)
        if (o->threads[i] > 1)
            bad_option("--threads %d: built without OpenMP", o->threads[i]);
#endif
}

/* ---- Peaks --------------------------------------------------------------- */

/* The measured peak for each thread count that a row may use: the listed
 * counts, and 1 for v0 and the single-threaded steps. */
typedef struct peaks {
    int threads[MAX_THREADS + 1];
    nmfi_peak peak[MAX_THREADS + 1];
    int n;
} peaks;

static void peak_add(peaks *p, int threads)
{
    for (int i = 0; i < p->n; i++)
        if (p->threads[i] == threads)
            return;
    p->threads[p->n] = threads;
    p->peak[p->n++] = nmfi_peak_measure(threads, PEAK_SECONDS);
}

/* Index of a thread count in p; every count a row runs at is there. */
static int peak_index(const peaks *p, int threads)
{
    int i = 0;
    while (i + 1 < p->n && p->threads[i] != threads)
        i++;
    return i;
}

/* ---- One shape ----------------------------------------------------------- */

/* ---- Output -------------------------------------------------------------- */

typedef struct row {
    const bench_shape *s;
    const nmfi_gemm_step *step;
    int threads;
    nmfi_timing t;
    double gflops, pct_peak, speedup, diff;
} row;

static void print_header(const options *o, const peaks *p)
{
    const char *c = o->csv ? "# " : "";
    char cpu[256];

    nmfi_cpu_model(cpu, sizeof cpu);
    printf("%snmfkit GEMM bench: C = op(A) op(B), beta = 0, column-major\n",
           c);
    printf("%s  cpu        %s\n", c, cpu);
    printf("%s  nmf_real   %s (%zu bytes)\n", c, NMF_REAL_NAME,
           sizeof(nmf_real));
#ifdef _OPENMP
    printf("%s  OpenMP     %d threads at most\n", c, nmfi_threads_max());
#else
    printf("%s  OpenMP     none: a serial build\n", c);
#endif
    const nmfi_blocking *bk = nmfi_blocking_get();
    printf("%s  blocking   KC %zu, MC %zu, NC %zu (from L1d %zu KB, L2 %zu KB,"
           " L3 share %zu KB)\n", c, bk->kc, bk->mc, bk->nc, bk->l1d / 1024,
           bk->l2 / 1024, bk->l3_share / 1024);
    printf("%s  FMA peak  ", c);
    for (int i = 0; i < p->n; i++)
        printf(" %d thread%s %.1f%s", p->threads[i],
               p->threads[i] > 1 ? "s" : "", p->peak[i].gflops,
               i + 1 < p->n ? "," : " GFLOP/s\n");
    printf("%s             (%d-byte vector loop; %s; best of 5 runs)\n", c,
           p->peak[0].vector_bytes, nmfi_peak_unit());
    for (int i = 0; i < p->n; i++)
        if (p->peak[i].threads != p->threads[i])
            printf("%s             (asked for %d threads, OpenMP ran %d)\n",
                   c, p->threads[i], p->peak[i].threads);
    for (int i = 0; i < o->nsteps; i++)
        printf("%s  %-10s %s: %s\n", c, i == 0 ? "steps" : "",
               o->steps[i]->name, o->steps[i]->summary);
    printf("%s  timing     median time of a call over `calls` calls; "
           "GFLOP/s = 2 m n k / median\n", c);
    printf("%s  speedup    v0's median on the same shape, 1 thread / "
           "this median\n", c);
    printf("%s  diff       max |C - C0| / max |C0|, C0 = v0's result; "
           "'!': NaN or > 4 k eps\n", c);

    int serial = 0;
    for (int i = 0; i < o->nsteps; i++)
        serial += !step_is_parallel(o->steps[i]);
    if (serial > 0) {
        printf("%s  threads   ", c);
        for (int i = 0; i < o->nsteps; i++)
            if (!step_is_parallel(o->steps[i]))
                printf(" %s", o->steps[i]->name);
        printf(serial > 1 ? " are" : " is");
        printf(" single-threaded: timed once, at 1 thread\n");
    }
    printf("%s  shapes     m x n x k of C = op(A) op(B); MU at m = %d "
           "(24*24*3), d = %d,\n"
           "%s             n = %d and %d: W'A d x n, AH' m x d, W'W and "
           "HH' d x d,\n"
           "%s             HA' d x m (AH' from the solver's copy of A);\n"
           "%s             AB square %d and %d (v0 alone ~1 min there)\n",
           c, MU_M, MU_D, c, MU_N_SMALL, MU_N_BIG, c, c, SQUARE,
           SQUARE_BIG);
    if (o->csv)
        printf("op,trans,m,n,k,step,threads,median_gflops,pct_of_peak,"
               "speedup_vs_v0,max_rel_diff_vs_v0,calls\n");
    else
        printf("\n%-16s %-7s %-4s %7s %14s %9s %13s %18s %5s\n",
               "shape", "op", "step", "threads", "median GFLOP/s",
               "% of peak", "speedup vs v0", "max rel diff vs v0", "calls");
}

/* "TN": op(A) = A', op(B) = B, as BLAS names the cases. */
static const char *trans_name(const bench_shape *s)
{
    static const char *names[2][2] = {{"NN", "NT"}, {"TN", "TT"}};
    return names[s->ta == NMF_TRANS][s->tb == NMF_TRANS];
}

static void print_row(const options *o, const row *r)
{
    const bench_shape *s = r->s;
    int flag = !(r->diff <= 4.0 * (double)s->k * REAL_EPS);

    if (o->csv) {
        printf("%s,%s,%zu,%zu,%zu,%s,%d,%.3f,%.2f,%.3f,%.3e,%d\n", s->op,
               trans_name(s), s->m, s->n, s->k, r->step->name, r->threads,
               r->gflops, r->pct_peak, r->speedup, r->diff, r->t.calls);
        return;
    }
    char shape[48], op[16], diff[32];
    snprintf(shape, sizeof shape, "%zux%zux%zu", s->m, s->n, s->k);
    snprintf(op, sizeof op, "%s %s", s->op, trans_name(s));
    if (r->diff == 0.0)
        snprintf(diff, sizeof diff, "0");
    else
        snprintf(diff, sizeof diff, "%.1e", r->diff);
    printf("%-16s %-7s %-4s %7d %14.2f %9.1f %13.2f %16s %s %5d\n", shape,
           op, r->step->name, r->threads, r->gflops, r->pct_peak,
           r->speedup, diff, flag ? "!" : " ", r->t.calls);
}

/* ---- The experiment ------------------------------------------------------ */

/* GFLOP/s of every (shape, step, thread count as indexed in peaks) run,
 * NaN where not run. */
static double results[NSHAPES][MAX_STEPS][MAX_THREADS + 1];
static double max_pct_peak;

static int shape_selected(const options *o, const bench_shape *s)
{
    if (o->quick && s->big)
        return 0;
    return strcmp(s->group, "mu") == 0 ? o->mu : o->square;
}

/* Runs every step on shape si; returns -1 if out of memory. */
static int bench_shape_run(const options *o, const peaks *p, size_t si)
{
    const bench_shape *s = &shapes[si];
    const nmfi_gemm_step *v0 = &nmfi_gemm_steps[0];
    double flops = 2.0 * (double)s->m * (double)s->n * (double)s->k;
    nmfi_gemm_operands x;

    if (nmfi_gemm_operands_new(&x, s->ta, s->tb, s->m, s->n, s->k, s->same) < 0)
        return -1;
    /* v0 on one thread: the reference result and the base of speedups. */
    nmfi_timing ref = nmfi_gemm_time(v0, &x, x.c0, 1, o->repeats);
    for (int i = 0; i < o->nsteps; i++) {
        const nmfi_gemm_step *step = o->steps[i];
        for (int j = 0; j < o->nthreads; j++) {
            int threads = o->threads[j];
            row r = {s, step, threads, ref, 0, 0, 0, 0};
            if (!step_is_parallel(step)) {
                /* Once, at 1 thread, whatever the list says: more
                 * threads cannot change a serial step's time. */
                if (j > 0)
                    break;
                threads = r.threads = 1;
            }
            if (step != v0 || threads != 1)
                r.t = nmfi_gemm_time(step, &x, x.c, threads, o->repeats);
            else
                memcpy(x.c, x.c0, x.ldc * s->n * sizeof(nmf_real));
            int pi = peak_index(p, threads);
            r.gflops = flops / r.t.median * 1e-9;
            r.pct_peak = 100.0 * r.gflops / p->peak[pi].gflops;
            r.speedup = ref.median / r.t.median;
            r.diff = nmfi_max_rel_diff(x.c, x.c0, s->m, s->n, x.ldc);
            results[si][i][pi] = r.gflops;
            if (r.pct_peak > max_pct_peak)
                max_pct_peak = r.pct_peak;
            print_row(o, &r);
            fflush(stdout);
        }
    }
    nmfi_gemm_operands_free(&x);
    return 0;
}

/* GFLOP/s of step i at the pi-th thread count; a single-threaded step
 * stands for itself at any count by its 1-thread run. */
static double result_at(const options *o, const peaks *p, size_t si, int i,
                        int pi)
{
    if (!isnan(results[si][i][pi]) || step_is_parallel(o->steps[i]))
        return results[si][i][pi];
    return results[si][i][peak_index(p, 1)];
}

static void print_ratios(const options *o, const peaks *p)
{
    const char *a = o->steps[0]->name, *b = o->steps[1]->name;
    const char *c = o->csv ? "# " : "";

    printf("%s\n%s%s / %s: ratio of median GFLOP/s\n", c, c, b, a);
    printf("%s%-16s %-7s %7s %9s\n", c, "shape", "op", "threads", "ratio");
    for (size_t si = 0; si < NSHAPES; si++)
        for (int pi = 0; pi < p->n; pi++) {
            /* Only counts at which one of the two was run. */
            if (isnan(results[si][0][pi]) && isnan(results[si][1][pi]))
                continue;
            char shape[48], op[16];
            snprintf(shape, sizeof shape, "%zux%zux%zu", shapes[si].m,
                     shapes[si].n, shapes[si].k);
            snprintf(op, sizeof op, "%s %s", shapes[si].op,
                     trans_name(&shapes[si]));
            printf("%s%-16s %-7s %7d %9.2f\n", c, shape, op,
                   p->threads[pi],
                   result_at(o, p, si, 1, pi) / result_at(o, p, si, 0, pi));
        }
}

/* The peak once more: if it moved, another load shared the machine during
 * the run and the % column is only as good as that. */
static void print_footer(const options *o, const peaks *p)
{
    const char *c = o->csv ? "# " : "";

    printf("%s\n%sFMA peak again after the run:", c, c);
    for (int i = 0; i < p->n; i++) {
        nmfi_peak again = nmfi_peak_measure(p->threads[i], PEAK_SECONDS);
        printf(" %d thread%s %.1f%s", p->threads[i],
               p->threads[i] > 1 ? "s" : "", again.gflops,
               i + 1 < p->n ? "," : " GFLOP/s");
    }
    printf("\n");
    if (max_pct_peak > 100.0)
        printf("%sA row above 100%% of peak means the peak was measured "
               "while the machine was busy:\n%srerun on a quiet machine "
               "before trusting the %% column.\n", c, c);
}

/* ---- --explain ----------------------------------------------------------- */

/* The dispatcher's table read for one product, rule by rule. */
static void explain_one(const char *op, nmf_trans ta, nmf_trans tb, size_t m,
                        size_t n, size_t k)
{
    const nmfi_gemm_rule *pick = nmfi_gemm_choose(ta, tb, m, n, k, 0);
    printf("%s%s%zu x %zu x %zu, op(A) %s, op(B) %s:\n", op, *op ? ": " : "",
           m, n, k, ta == NMF_TRANS ? "A'" : "A", tb == NMF_TRANS ? "B'" : "B");
    for (size_t r = 0; r < nmfi_gemm_nrules; r++) {
        const nmfi_gemm_rule *rule = &nmfi_gemm_rules[r];
        int holds = rule->holds(ta, tb, m, n, k);
        printf("  %-7s %-3s  %s\n", rule->family->name, holds ? "yes" : "no",
               rule->when);
        if (rule == pick)
            break;
    }
    printf("  -> %s: %s\n", pick->family->name, pick->family->idea);
}

static void explain(const char *shape)
{
    if (strcmp(shape, "mu") == 0) {
        for (size_t si = 0; si < NSHAPES; si++)
            if (strcmp(shapes[si].group, "mu") == 0)
                explain_one(shapes[si].op, shapes[si].ta, shapes[si].tb,
                            shapes[si].m, shapes[si].n, shapes[si].k);
        return;
    }
    size_t m, n, k;
    char ta = 'N', tb = 'N';
    int used = 0;
    int got = sscanf(shape, "%zux%zux%zu%n", &m, &n, &k, &used);
    if (got == 3 && shape[used] == ':' && strlen(shape + used) == 3) {
        ta = shape[used + 1];
        tb = shape[used + 2];
    } else if (got == 3 && shape[used] != '\0') {
        got = 0;
    }
    if (got != 3 || m == 0 || n == 0 || k == 0 || (ta != 'N' && ta != 'T')
        || (tb != 'N' && tb != 'T'))
        bad_option("--explain: '%s' is not MxNxK[:NN|TN|NT|TT] or mu", shape);
    explain_one("", ta == 'T' ? NMF_TRANS : NMF_NOTRANS,
                tb == 'T' ? NMF_TRANS : NMF_NOTRANS, m, n, k);
}

int main(int argc, char **argv)
{
    options o;
    peaks p = {.n = 0};
    int old_threads = nmfi_threads_max();

    parse_options(argc, argv, &o);
    if (o.explain) {
        explain(o.explain);
        return 0;
    }
    for (size_t si = 0; si < NSHAPES; si++)
        for (int i = 0; i < MAX_STEPS; i++)
            for (int j = 0; j < MAX_THREADS + 1; j++)
                results[si][i][j] = NAN;

    peak_add(&p, 1);
    for (int j = 0; j < o.nthreads; j++)
        peak_add(&p, o.threads[j]);
    print_header(&o, &p);

    int first = 1;
    for (size_t si = 0; si < NSHAPES; si++) {
        if (!shape_selected(&o, &shapes[si]))
            continue;
        if (!o.csv && !first)
            printf("\n");
        first = 0;
        if (bench_shape_run(&o, &p, si) < 0) {
            fprintf(stderr, "bench_gemm: out of memory for %zux%zux%zu\n",
                    shapes[si].m, shapes[si].n, shapes[si].k);
            return 1;
        }
    }
    if (o.nsteps == 2)
        print_ratios(&o, &p);
    print_footer(&o, &p);
    nmfi_threads_set(old_threads);
    return 0;
}
