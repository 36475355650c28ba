/* cmd_compress.c -- `nmfkit compress`: one image factored at several ranks
 * (study/compress.h); this file parses the options and prints one line per
 * rank, with a warning where a rank stores more than the image itself. */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/solver_args.h"
#include "cli/image_args.h"
#include "cli/progress.h"
#include "study/compress.h"

enum { MAX_RANKS = 64 };

static const char *const default_about =
    "data/sprite-mosaic.png, 96 of our generated sprites (ours)";

static void usage(FILE *out)
{
    fprintf(out,
"Usage: nmfkit compress [IMAGE.png] -o DIR [--ranks LIST] [options]\n"
"Treat one image as a matrix (rows x columns of pixels), factor it at each\n"
"rank and write the reconstructions, DIR/compress.csv, DIR/summary.json and\n"
"DIR/report/index.html.\n\n"
"  IMAGE.png           the image; default: data/sprite-mosaic.png, 96 of\n"
"                      our generated sprites. Alpha is composited over\n"
"                      white.\n"
"  -o, --output DIR    output folder (required)\n"
"      --ranks LIST    ranks, e.g. 5,10,20,50,100 (the default); each >= 1\n"
"  -n, --iterations N  iterations per rank, the upper bound with --tol or\n"
"                      --max-time (default 300)\n"
"      --channel C     r, g, b (default g), or gray: the luminance\n"
"                      0.299 R + 0.587 G + 0.114 B (after compositing)\n"
"      --color         factor R, G and B stacked as one (3 rows) x cols\n"
"                      matrix and rebuild an RGB image\n");
    solver_args_usage(out);
    fprintf(out,
"      --seed S        seed of the start (default 1)\n"
"      --delta D       MU's safe-division delta (default 1e-9)\n"
"      --threads T     OpenMP threads (default: all)\n"
"      --quiet         no progress line and no per-rank lines\n"
"  -h, --help          this text\n\n"
"PSNR is 10 log10(1 / MSE) of the reconstruction clipped to [0, 1]; an\n"
"exact reconstruction has infinite PSNR (null in summary.json).\n");
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* "5,10,20" -> sorted, without repeats; each in [1, 100000]. */
static int parse_ranks(const char *text, size_t *ranks, size_t *count)
{
    char buf[512];
    if (strlen(text) >= sizeof buf) {
        cli_error("compress", "--ranks: list too long");
        return -1;
    }
    strcpy(buf, text);
    size_t n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (n == MAX_RANKS) {
            cli_error("compress", "--ranks: more than %d ranks", MAX_RANKS);
            return -1;
        }
        if (args_size("compress", "--ranks", tok, 1, 100000, &ranks[n]) != 0)
            return -1;
        n++;
    }
    if (n == 0) {
        cli_error("compress", "--ranks: no ranks in '%s'", text);
        return -1;
    }
    qsort(ranks, n, sizeof *ranks, cmp_size);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || ranks[i] != ranks[u - 1])
            ranks[u++] = ranks[i];
    *count = u;
    return 0;
}

typedef struct run {
    progress bar;
    int quiet;
} run;

static void on_rank(void *ctx, const nmfi_compress_rank *r)
{
    run *x = ctx;
    progress_done(&x->bar);
    if (r->stored > r->original)
        fprintf(stderr, "nmfkit compress: warning: rank %zu stores %.0f"
                " values, more than the image's %.0f\n", r->rank, r->stored,
                r->original);
    if (!x->quiet) {
        printf("rank %zu: rel error %.6f, PSNR %.2f dB, ratio %.3f\n",
               r->rank, r->rel_error, r->psnr, r->ratio);
        fflush(stdout);
    }
}

int cmd_compress(int argc, char **argv)
{
    enum { O_RANKS = 256, O_CHANNEL, O_COLOR, O_SEED, O_DELTA, O_THREADS,
           O_QUIET };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"ranks", required_argument, NULL, O_RANKS},
        {"iterations", required_argument, NULL, 'n'},
        {"channel", required_argument, NULL, O_CHANNEL},
        {"color", no_argument, NULL, O_COLOR},
        {"seed", required_argument, NULL, O_SEED},
        {"delta", required_argument, NULL, O_DELTA},
        {"threads", required_argument, NULL, O_THREADS},
        {"quiet", no_argument, NULL, O_QUIET},
        {"help", no_argument, NULL, 'h'},
        SOLVER_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    static const char *const cmd = "compress";
    size_t ranks[MAX_RANKS] = {5, 10, 20, 50, 100};
    nmfi_compress_params p;
    nmfi_compress_params_init(&p);
    p.ranks = ranks;
    p.nranks = 5;
    run x = {0};
    int channel_given = 0;

    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:n:h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'o': p.outdir = optarg; break;
        case O_RANKS: bad = parse_ranks(optarg, ranks, &p.nranks); break;
        case 'n':
            bad = args_int(cmd, "-n", optarg, 1, 100000000, &p.fit.max_iter);
            break;
        case O_CHANNEL: {
            int ch = nmfi_channel_parse(optarg);
            if (ch < 0) {
                cli_error(cmd, "--channel: '%s' is not r, g, b or gray",
                          optarg);
                bad = 1;
            }
            p.channel = (nmfi_channel)ch;
            channel_given = 1;
            break;
        }
        case O_COLOR: p.color = 1; break;
        case O_SEED:
            bad = args_u64(cmd, "--seed", optarg, &p.fit.seed);
            break;
        case O_DELTA:
            bad = args_double(cmd, "--delta", optarg, NMF_DELTA_MIN,
                              NMF_DELTA_MAX, &p.fit.delta);
            break;
        case O_THREADS:
            bad = args_int(cmd, "--threads", optarg, 1, 4096,
                           &p.fit.threads);
            break;
        case O_QUIET: x.quiet = 1; break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        case ':':
            cli_error(cmd, "option %s needs a value", argv[optind - 1]);
            return EXIT_BAD_INPUT;
        default:
            bad = solver_args_parse(cmd, c, optarg, &p.fit);
            if (bad > 0) {
                cli_error(cmd, "unknown option %s (try 'nmfkit compress"
                          " --help')", argv[optind - 1]);
                return EXIT_BAD_INPUT;
            }
        }
        if (bad)
            return EXIT_BAD_INPUT;
    }
    if (argc - optind > 1) {
        cli_error(cmd, "more than one IMAGE given");
        return EXIT_BAD_INPUT;
    }
    if (p.color && channel_given) {
        cli_error(cmd, "--color uses all three channels; drop --channel");
        return EXIT_BAD_INPUT;
    }
    if (!p.outdir) {
        cli_error(cmd, "-o DIR is required (where the figures and the"
                  " report go)");
        return EXIT_BAD_INPUT;
    }
    char about[1200];
    if (optind < argc) {
        p.input = argv[optind];
        snprintf(about, sizeof about, "%s (given on the command line)",
                 p.input);
        p.input_about = about;
    } else {
        p.input = cli_default_data("sprite-mosaic.png");
        p.input_about = default_about;
        p.input_is_default = 1;
    }
    progress_init(&x.bar, cmd, x.quiet);
    p.stage = progress_stage;
    p.progress = progress_update;
    p.done = on_rank;
    p.ctx = &x;  /* progress_* take the bar, which is x's first member */

    nmfi_compress_results r;
    nmf_status s = nmfi_study_compress(&p, &r);
    progress_done(&x.bar);
    if (s != NMF_OK)
        return cli_fail(cmd, s);
    if (!x.quiet)
        printf("%s: A is %zu x %zu; wall time %.2f s; report: %s/report/"
               "index.html\n", p.input, r.rows, r.cols, r.seconds,
               p.outdir);
    return EXIT_OK;
}
