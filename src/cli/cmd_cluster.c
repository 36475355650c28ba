/* cmd_cluster.c -- `nmfkit cluster`: cluster spike waveforms (rows of a
 * CSV) by the argmax of H, optionally beside k-means, against the labels
 * when the file has them; the synthetic default set when no file is given.
 * The hidden --make-synthetic PATH writes that set (data/README.md). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/solver_args.h"
#include "cli/progress.h"
#include "study/cluster.h"
#include "study/waveforms.h"

enum { O_SHIFT = 256, O_SKIP, O_LABEL, O_METHOD, O_SEED, O_THREADS,
       O_QUIET, O_SYNTH };

static const cli_opt cluster_opts[] = {
    {'o', "output", 'o', "DIR", "output folder (required)"},
    {'d', "rank", 'd', "K", "number of clusters (default 3)"},
    {O_SHIFT, "shift", 0, "min|none",
     "subtract the global minimum (default), or reject\n"
     "negative data"},
    {O_SKIP, "skip-columns", 0, "L",
     "comma-separated header names to ignore (ids)"},
    {O_LABEL, "label-column", 0, "C",
     "header name of the true labels (ARI, contingency)"},
    {O_METHOD, "method", 0, "M", "nmf (default), kmeans or both"},
    {'n', "iterations", 'n', "N",
     "iterations of the NMF fit, the upper bound with\n"
     "--tol or --max-time (default 1000)"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt cluster_opts_tail[] = {
    {O_SEED, "seed", 0, "S",
     "seed of the NMF start and of k-means++ (default 1)"},
    {O_THREADS, "threads", 0, "T", "OpenMP threads (default: all)"},
    {O_QUIET, "quiet", 0, NULL, "no progress line and no summary"},
    /* Writes the synthetic set (data/README.md). */
    {O_SYNTH, "make-synthetic", 0, "PATH", NULL},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {
    cluster_opts, solver_opts, cluster_opts_tail, NULL};

static const cli_spec spec = {
    "cluster", "[WAVEFORMS.csv] -o DIR [options]",
    "Cluster waveforms (one per CSV line) by the largest entry of their column\n"
    "of H; write DIR/clusters.csv, DIR/summary.json, panels and\n"
    "DIR/report/index.html. WAVEFORMS.csv defaults to the synthetic set\n"
    "data/waveforms-synth.csv (columns uid, samples, label).\n",
    tables, NULL, "input file", 0, 1,
};

typedef struct cluster_args {
    nmfi_cluster_params p;
    const char *synth;
    int quiet, label_given;
} cluster_args;

static int option(void *ctx, int code, const char *v)
{
    static const char *const cmd = "cluster";
    cluster_args *ca = ctx;
    nmfi_cluster_params *p = &ca->p;
    switch (code) {
    case 'o': p->outdir = v; return 0;
    case 'd': return args_size(cmd, "--rank", v, 1, 1000, &p->rank);
    case 'n': return args_int(cmd, "-n", v, 1, 100000000, &p->fit.opt.max_iter);
    case O_SHIFT:
        if (strcmp(v, "min") && strcmp(v, "none")) {
            cli_error(cmd, "--shift: '%s' is not min or none", v);
            return -1;
        }
        p->shift = !strcmp(v, "min");
        return 0;
    case O_SKIP: p->skip = v; return 0;
    case O_LABEL: p->label = v; ca->label_given = 1; return 0;
    case O_METHOD:
        if (!strcmp(v, "nmf")) {
            p->methods = NMFI_METHOD_NMF;
        } else if (!strcmp(v, "kmeans")) {
            p->methods = NMFI_METHOD_KMEANS;
        } else if (!strcmp(v, "both")) {
            p->methods = NMFI_METHOD_NMF | NMFI_METHOD_KMEANS;
        } else {
            cli_error(cmd, "--method: '%s' is not nmf, kmeans or both", v);
            return -1;
        }
        return 0;
    case O_SEED: return args_u64(cmd, "--seed", v, &p->fit.opt.seed);
    case O_THREADS:
        return args_int(cmd, "--threads", v, 1, 4096, &p->fit.opt.threads);
    case O_QUIET: ca->quiet = 1; return 0;
    case O_SYNTH: ca->synth = v; return 0;
    default: return solver_args_parse(cmd, code, v, &p->fit.opt) != 0;
    }
}

int cmd_cluster(int argc, char **argv)
{
    static const char *cmd = "cluster";
    cluster_args ca = {.synth = NULL};
    nmfi_cluster_params_init(&ca.p);
    char *input = NULL;
    size_t nargs;
    int rc = cli_parse(&spec, argc, argv, option, &ca, &input, &nargs);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    nmfi_cluster_params p = ca.p;
    int quiet = ca.quiet;
    if (ca.synth) {
        nmf_status s = nmfi_make_waveforms(ca.synth, p.fit.opt.seed);
        return s == NMF_OK ? EXIT_OK : cli_fail(cmd, s);
    }
    if (nargs) {
        p.input = input;    } else {
        /* The synthetic set's own layout, unless the user said otherwise. */
        p.input = cli_default_data("waveforms-synth.csv");
        if (!p.skip && !ca.label_given) {
            p.skip = "uid";
            p.label = "label";
        }
    }
    if (!p.outdir) {
        cli_error(cmd, "-o DIR is required (where the clusters and the"
                  " report go)");
        return EXIT_BAD_INPUT;
    }
    progress bar;
    progress_init(&bar, cmd, quiet);
    p.fit.opt.progress = progress_update;
    p.fit.opt.progress_ctx = &bar;
    nmfi_cluster_results r;
    nmf_status s = nmfi_study_cluster(&p, &r);
    progress_done(&bar);
    if (s != NMF_OK)
        return cli_fail(cmd, s);
    if (!quiet) {
        printf("%s: %zu waveforms of %zu samples, rank %zu\n", p.input, r.n,
               r.m, p.rank);
        fputs(r.text ? r.text : "", stdout);
        printf("wall time %.2f s; report: %s/report/index.html\n", r.seconds,
               p.outdir);
    }
    free(r.text);
    return EXIT_OK;
}
