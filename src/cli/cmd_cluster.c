/* cmd_cluster.c -- `nmfkit cluster`: cluster spike waveforms (rows of a
 * CSV) by the argmax of H, optionally beside k-means, against the labels
 * when the file has them; the synthetic default set when no file is given.
 * The hidden --make-synthetic PATH writes that set (data/README.md). */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/solver_args.h"
#include "cli/progress.h"
#include "study/cluster.h"
#include "study/waveforms.h"

static void usage(FILE *out)
{
    fprintf(out,
"Usage: nmfkit cluster [WAVEFORMS.csv] -o DIR [options]\n"
"Cluster waveforms (one per CSV line) by the largest entry of their column\n"
"of H; write DIR/clusters.csv, DIR/summary.json, panels and\n"
"DIR/report/index.html.\n\n"
"  WAVEFORMS.csv          default: the synthetic set data/waveforms-synth.csv\n"
"                         (columns uid, samples, label)\n"
"  -o, --output DIR       output folder (required)\n"
"  -d, --rank K           number of clusters (default 3)\n"
"      --shift min|none   subtract the global minimum (default), or reject\n"
"                         negative data\n"
"      --skip-columns L   comma-separated header names to ignore (ids)\n"
"      --label-column C   header name of the true labels (ARI, contingency)\n"
"      --method M         nmf (default), kmeans or both\n"
"  -n, --iterations N     iterations of the NMF fit, the upper bound with\n"
"                         --tol or --max-time (default 1000)\n");
    solver_args_usage(out);
    fprintf(out,
"      --seed S           seed of the NMF start and of k-means++ (default 1)\n"
"      --threads T        OpenMP threads (default: all)\n"
"      --quiet            no progress line and no summary\n"
"  -h, --help             this text\n");
}

int cmd_cluster(int argc, char **argv)
{
    enum { O_SHIFT = 256, O_SKIP, O_LABEL, O_METHOD, O_SEED, O_THREADS,
           O_QUIET, O_SYNTH };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"rank", required_argument, NULL, 'd'},
        {"iterations", required_argument, NULL, 'n'},
        {"shift", required_argument, NULL, O_SHIFT},
        {"skip-columns", required_argument, NULL, O_SKIP},
        {"label-column", required_argument, NULL, O_LABEL},
        {"method", required_argument, NULL, O_METHOD},
        {"seed", required_argument, NULL, O_SEED},
        {"threads", required_argument, NULL, O_THREADS},
        {"quiet", no_argument, NULL, O_QUIET},
        {"make-synthetic", required_argument, NULL, O_SYNTH},
        {"help", no_argument, NULL, 'h'},
        SOLVER_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    static const char *cmd = "cluster";
    nmfi_cluster_params p;
    nmfi_cluster_params_init(&p);
    const char *synth = NULL;
    int quiet = 0, label_given = 0;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:d:n:h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'o': p.outdir = optarg; break;
        case 'd': bad = args_size(cmd, "--rank", optarg, 1, 1000, &p.rank);
                  break;
        case 'n':
            bad = args_int(cmd, "-n", optarg, 1, 100000000, &p.fit.max_iter);
            break;
        case O_SHIFT:
            if (!strcmp(optarg, "min") || !strcmp(optarg, "none")) {
                p.shift = !strcmp(optarg, "min");
            } else {
                cli_error(cmd, "--shift: '%s' is not min or none", optarg);
                bad = 1;
            }
            break;
        case O_SKIP: p.skip = optarg; break;
        case O_LABEL: p.label = optarg; label_given = 1; break;
        case O_METHOD:
            if (!strcmp(optarg, "nmf")) {
                p.methods = NMFI_METHOD_NMF;
            } else if (!strcmp(optarg, "kmeans")) {
                p.methods = NMFI_METHOD_KMEANS;
            } else if (!strcmp(optarg, "both")) {
                p.methods = NMFI_METHOD_NMF | NMFI_METHOD_KMEANS;
            } else {
                cli_error(cmd, "--method: '%s' is not nmf, kmeans or both",
                          optarg);
                bad = 1;
            }
            break;
        case O_SEED:
            bad = args_u64(cmd, "--seed", optarg, &p.fit.seed);
            break;
        case O_THREADS:
            bad = args_int(cmd, "--threads", optarg, 1, 4096,
                           &p.fit.threads);
            break;
        case O_QUIET: quiet = 1; break;
        case O_SYNTH: synth = optarg; break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        case ':':
            cli_error(cmd, "option %s needs a value", argv[optind - 1]);
            return EXIT_BAD_INPUT;
        default:
            bad = solver_args_parse(cmd, c, optarg, &p.fit);
            if (bad > 0) {
                cli_error(cmd, "unknown option %s (try 'nmfkit cluster"
                          " --help')", argv[optind - 1]);
                return EXIT_BAD_INPUT;
            }
        }
        if (bad)
            return EXIT_BAD_INPUT;
    }
    if (synth) {
        nmf_status s = nmfi_make_waveforms(synth, p.fit.seed);
        return s == NMF_OK ? EXIT_OK : cli_fail(cmd, s);
    }
    if (argc - optind > 1) {
        cli_error(cmd, "more than one input file given");
        return EXIT_BAD_INPUT;
    }
    if (optind < argc) {
        p.input = argv[optind];
    } else {
        /* The synthetic set's own layout, unless the user said otherwise. */
        p.input = cli_default_data("waveforms-synth.csv");
        if (!p.skip && !label_given) {
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
    p.progress = progress_update;
    p.progress_ctx = &bar;
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
