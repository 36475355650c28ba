/* cmd_compress.c -- `nmfkit compress`: one image factored at several ranks
 * (study/compress.h); this file parses the options and prints one line per
 * rank, with a warning where a rank stores more than the image itself. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/solver_args.h"
#include "cli/progress.h"
#include "study/compress.h"

enum { MAX_RANKS = 64 };

static const char *const default_about =
    "data/sprite-mosaic.png, 96 of our generated sprites (ours)";

enum { O_RANKS = 256, O_CHANNEL, O_COLOR, O_SEED, O_DELTA, O_THREADS,
       O_QUIET };

static const cli_opt compress_opts[] = {
    {'o', "output", 'o', "DIR", "output folder (required)"},
    {O_RANKS, "ranks", 0, "LIST",
     "ranks, e.g. 5,10,20,50,100 (the default); each >= 1"},
    {'n', "iterations", 'n', "N",
     "iterations per rank, the upper bound with --tol or\n"
     "--max-time (default 300)"},
    {O_CHANNEL, "channel", 0, "C",
     "r, g, b (default g), or gray: the luminance\n"
     "0.299 R + 0.587 G + 0.114 B (after compositing)"},
    {O_COLOR, "color", 0, NULL,
     "factor R, G and B stacked as one (3 rows) x cols\n"
     "matrix and rebuild an RGB image"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt compress_opts_tail[] = {
    {O_SEED, "seed", 0, "S", "seed of the start (default 1)"},
    {O_DELTA, "delta", 0, "D", "MU's safe-division delta (default 1e-9)"},
    {O_THREADS, "threads", 0, "T", "OpenMP threads (default: all)"},
    {O_QUIET, "quiet", 0, NULL, "no progress line and no per-rank lines"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {
    compress_opts, solver_opts, compress_opts_tail, NULL};

static const cli_spec spec = {
    "compress", "[IMAGE.png] -o DIR [--ranks LIST] [options]",
    "Treat one image as a matrix (rows x columns of pixels), factor it at each\n"
    "rank and write the reconstructions, DIR/compress.csv, DIR/summary.json and\n"
    "DIR/report/index.html. IMAGE.png is the image; default:\n"
    "data/sprite-mosaic.png, 96 of our generated sprites. Alpha is composited\n"
    "over white.\n",
    tables,
    "PSNR is 10 log10(1 / MSE) of the reconstruction clipped to [0, 1]; an\n"
    "exact reconstruction has infinite PSNR (null in summary.json).\n",
    "IMAGE", 0, 1,
};

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* "5,10,20" -> sorted, without repeats; each in [1, 100000]. */
static int parse_ranks(const char *text, size_t *ranks, size_t *count)
{
    size_t n;
    if (args_size_list("compress", "--ranks", text, 1, 100000, ranks,
                       MAX_RANKS, &n) != 0)
        return -1;
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

typedef struct compress_args {
    nmfi_compress_params *p;
    size_t *ranks;
    run *x;
    int channel_given;
} compress_args;

static int option(void *ctx, int code, const char *v)
{
    static const char *const cmd = "compress";
    compress_args *ca = ctx;
    nmfi_compress_params *p = ca->p;
    switch (code) {
    case 'o': p->outdir = v; return 0;
    case O_RANKS: return parse_ranks(v, ca->ranks, &p->nranks);
    case 'n': return args_int(cmd, "-n", v, 1, 100000000, &p->fit.opt.max_iter);
    case O_CHANNEL: {
        int ch = nmfi_channel_parse(v);
        if (ch < 0) {
            cli_error(cmd, "--channel: '%s' is not r, g, b or gray", v);
            return -1;
        }
        p->channel = (nmfi_channel)ch;
        ca->channel_given = 1;
        return 0;
    }
    case O_COLOR: p->color = 1; return 0;
    case O_SEED: return args_u64(cmd, "--seed", v, &p->fit.opt.seed);
    case O_DELTA:
        return args_double(cmd, "--delta", v, NMF_DELTA_MIN, NMF_DELTA_MAX,
                           &p->fit.opt.delta);
    case O_THREADS:
        return args_int(cmd, "--threads", v, 1, 4096, &p->fit.opt.threads);
    case O_QUIET: ca->x->quiet = 1; return 0;
    default: return solver_args_parse(cmd, code, v, &p->fit.opt) != 0;
    }
}

int cmd_compress(int argc, char **argv)
{
    static const char *const cmd = "compress";
    size_t ranks[MAX_RANKS] = {5, 10, 20, 50, 100};
    nmfi_compress_params p;
    nmfi_compress_params_init(&p);
    p.ranks = ranks;
    p.nranks = 5;
    run x = {0};
    compress_args ca = {&p, ranks, &x, 0};
    char *image = NULL;
    size_t nargs;
    int rc = cli_parse(&spec, argc, argv, option, &ca, &image, &nargs);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    if (p.color && ca.channel_given) {
        cli_error(cmd, "--color uses all three channels; drop --channel");
        return EXIT_BAD_INPUT;
    }
    if (!p.outdir) {
        cli_error(cmd, "-o DIR is required (where the figures and the"
                  " report go)");
        return EXIT_BAD_INPUT;
    }
    char about[1200];
    if (nargs) {
        p.input = image;
        snprintf(about, sizeof about, "%s (given on the command line)",
                 p.input);
        p.input_about = about;
    } else {
        p.input = cli_default_data("sprite-mosaic.png");
        p.input_about = default_about;
        p.input_is_default = 1;
    }
    progress_init(&x.bar, cmd, x.quiet);
    p.fit.stage = progress_stage;
    p.fit.opt.progress = progress_update;
    p.fit.opt.progress_ctx = &x;
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
