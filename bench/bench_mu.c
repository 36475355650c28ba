/* bench_mu.c -- whole multiplicative-update iterations, the figure users
 * compare with NumPy and scikit-learn (bench/run-peers.sh prints them side
 * by side).
 *
 * For each case (m x n, rank d) and thread count: nmf_mu on a fixed random
 * A for --iters iterations, --repeats times after one untimed run; the
 * median milliseconds per iteration, the GFLOP/s of the whole iteration
 * (nmf_profile's exact flop count) and its share of the measured FMA peak,
 * and the share of the time in each step, so a student sees which step
 * bounds the iteration. The time is nmf_profile's loop_seconds: the
 * iterations alone, as the peers' loop is timed (their set-up is not);
 * nmf_mu's own set-up (input check, mean of A, ||A||^2, the first W'W,
 * the transposed copy of A unless --low-memory) takes about 40 ms at
 * 1728 x 10000.
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "core/threads.h"
#include "nmfkit.h"
#include "lab/peak.h"

#define MAX_CASES 16
#define MAX_THREADS 16
#define PEAK_SECONDS 0.2

typedef struct options {
    size_t m;
    size_t n[MAX_CASES], d[MAX_CASES];
    int ncases;
    int threads[MAX_THREADS], nthreads;
    int iters, repeats, csv, low_memory;
} options;

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: bench_mu [OPTION]...\n"
        "Time whole Lee-Seung MU iterations (nmf_mu, history included) on a\n"
        "random m x n matrix: median ms per iteration, GFLOP/s, %% of the\n"
        "measured FMA peak, and the share of each step.\n\n"
        "  --cases LIST    n:d pairs (default 10000:64,500:64,10000:16,\n"
        "                  10000:32,10000:128)\n"
        "  --m M           rows of A (default 1728 = 24 x 24 x 3)\n"
        "  --threads LIST  thread counts (default: 1 and the OpenMP\n"
        "                  maximum, %d here)\n"
        "  --iters K       iterations per timed run (default 10)\n"
        "  --repeats R     timed runs per case, median taken (default 5)\n"
        "  --low-memory    no transposed copy of A (nmf_options.low_memory)\n"
        "  --csv           CSV rows (case,m,n,d,threads,ms_per_iter,gflops,\n"
        "                  peak_pct) for scripts\n"
        "  --help          this text\n"
        "Exit status: 0 ok, 1 out of memory, 2 bad option.\n",
        nmfi_threads_max());
}

#define bad_option(...) bench_bad_option("bench_mu", __VA_ARGS__)

static void parse_cases(char *list, options *o)
{
    char *items[MAX_CASES];
    int k = bench_split_list(list, items, MAX_CASES);
    if (k < 0)
        bad_option("--cases wants n:d pairs like 10000:64,500:16");
    for (int i = 0; i < k; i++) {
        char *end;
        unsigned long n = strtoul(items[i], &end, 10);
        if (*end != ':' || n < 1)
            bad_option("--cases: '%s' is not n:d", items[i]);
        unsigned long d = strtoul(end + 1, &end, 10);
        if (*end != '\0' || d < 1)
            bad_option("--cases: '%s' is not n:d", items[i]);
        o->n[i] = n;
        o->d[i] = d;
    }
    o->ncases = k;
}

static void parse_options(int argc, char **argv, options *o)
{
    static char defaults[] = "10000:64,500:64,10000:16,10000:32,10000:128";
    memset(o, 0, sizeof *o);
    o->m = 24 * 24 * 3;
    o->iters = 10;
    o->repeats = 5;
    parse_cases(defaults, o);
    o->threads[0] = 1;
    o->threads[1] = nmfi_threads_max();
    o->nthreads = o->threads[1] > 1 ? 2 : 1;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r, x;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(argv[i], "--csv")) {
            o->csv = 1;
        } else if (!strcmp(argv[i], "--low-memory")) {
            o->low_memory = 1;
        } else if ((r = bench_opt_value(argc, argv, &i, "--cases", &v))) {
            if (r < 0)
                bad_option("--cases needs a list");
            parse_cases((char *)v, o);
        } else if ((r = bench_opt_value(argc, argv, &i, "--m", &v))) {
            if (r < 0 || bench_parse_ints(v, &x, 1, 1, 1 << 20) != 1)
                bad_option("--m wants a row count");
            o->m = (size_t)x;
        } else if ((r = bench_opt_value(argc, argv, &i, "--threads", &v))) {
            o->nthreads = r < 0 ? -1 : bench_parse_ints(v, o->threads,
                                                         MAX_THREADS, 1, 1024);
            if (o->nthreads < 0)
                bad_option("--threads wants counts like 1,2");
        } else if ((r = bench_opt_value(argc, argv, &i, "--iters", &v))) {
            if (r < 0 || bench_parse_ints(v, &o->iters, 1, 1, 100000) != 1)
                bad_option("--iters wants a count");
        } else if ((r = bench_opt_value(argc, argv, &i, "--repeats", &v))) {
            if (r < 0 || bench_parse_ints(v, &o->repeats, 1, 1, 99) != 1)
                bad_option("--repeats wants a count in 1..99");
        } else {
            bad_option("unknown option '%s'", argv[i]);
        }
    }
}

/* One case at one thread count: the median run and its profile. */
static int run_case(const nmf_matrix *a, size_t d, int threads, int iters,
                    int repeats, int low_memory, double *ms,
                    nmf_profile *best)
{
    nmf_options opt;
    nmf_options_init(&opt);
    opt.low_memory = low_memory;
    opt.d = d;
    opt.max_iter = iters;
    opt.threads = threads;
    double t[100];
    nmf_profile prof[100];
    for (int r = -1; r < repeats; r++) {
        nmf_matrix *w, *h;
        opt.profile = &prof[r < 0 ? 0 : r];
        if (nmf_mu(a, &opt, &w, &h, NULL) != NMF_OK)
            return -1;
        if (r >= 0)
            t[r] = opt.profile->loop_seconds / iters;
        nmf_matrix_free(w);
        nmf_matrix_free(h);
    }
    double sorted[100];
    memcpy(sorted, t, (size_t)repeats * sizeof *t);
    double med = nmfi_median(sorted, (size_t)repeats);
    /* The profile of the run nearest the median (an even count's median
     * is the mean of two runs, which no run need equal). */
    int nearest = 0;
    for (int r = 1; r < repeats; r++)
        if (fabs(t[r] - med) < fabs(t[nearest] - med))
            nearest = r;
    *best = prof[nearest];
    *ms = 1e3 * med;
    return 0;
}

int main(int argc, char **argv)
{
    options o;
    parse_options(argc, argv, &o);
    double peak[MAX_THREADS];
    for (int j = 0; j < o.nthreads; j++)
        peak[j] = nmfi_peak_measure(o.threads[j], PEAK_SECONDS).gflops;

    char cpu[128];
    nmfi_cpu_model(cpu, sizeof cpu);
    if (o.csv) {
        printf("# %s, %s, %s\n", cpu, NMF_REAL_NAME, nmfi_peak_unit());
        printf("case,m,n,d,threads,ms_per_iter,gflops,peak_pct\n");
    } else {
        printf("# whole MU iterations, %s, %s (%s); median of %d runs of "
               "%d iterations\n", NMF_REAL_NAME, cpu, nmfi_peak_unit(),
               o.repeats, o.iters);
        for (int j = 0; j < o.nthreads; j++)
            printf("# FMA peak on %d thread%s: %.1f GFLOP/s\n", o.threads[j],
                   o.threads[j] > 1 ? "s" : "", peak[j]);
        printf("%-18s %3s %9s %8s %6s  share of time: W'A / upd H+HH' / "
               "AH' / upd W+W'W / first W'W / err / copy A'\n",
               "case", "thr", "ms/iter", "GFLOP/s", "%peak");
    }
    for (int c = 0; c < o.ncases; c++) {
        size_t n = o.n[c], d = o.d[c];
        nmf_matrix *a = nmf_matrix_new(o.m, n);
        if (!a) {
            fprintf(stderr, "bench_mu: out of memory for %zu x %zu\n", o.m, n);
            return 1;
        }
        nmfi_fill_uniform(nmf_matrix_data(a), o.m, n, nmf_matrix_ld(a), 7);
        char name[64];
        snprintf(name, sizeof name, "%zux%zu d=%zu", o.m, n, d);
        for (int j = 0; j < o.nthreads; j++) {
            double ms;
            nmf_profile p;
            if (run_case(a, d, o.threads[j], o.iters, o.repeats, o.low_memory,
                         &ms, &p)) {
                fprintf(stderr, "bench_mu: %s\n", nmf_last_error());
                return 1;
            }
            double flops = 0, secs = 0;
            for (int s = 0; s < NMF_STEP_COUNT; s++) {
                flops += p.flops[s];
                secs += p.seconds[s];
            }
            /* Per iteration: without the first W'W and ||A||^2. */
            double once = p.flops[NMF_STEP_WTW] + 2.0 * (double)o.m * (double)n;
            double gf = 1e-9 * (flops - once) / p.iterations / (ms * 1e-3);
            if (o.csv) {
                printf("%s,%zu,%zu,%zu,%d,%.4f,%.2f,%.1f\n", name, o.m, n, d,
                       o.threads[j], ms, gf, 100 * gf / peak[j]);
                continue;
            }
            printf("%-18s %3d %9.3f %8.1f %6.1f ", name, o.threads[j], ms, gf,
                   100 * gf / peak[j]);
            for (int s = 0; s < NMF_STEP_COUNT; s++)
                printf(" %4.1f", secs > 0 ? 100 * p.seconds[s] / secs : 0);
            printf("\n");
        }
        nmf_matrix_free(a);
    }
    return 0;
}
