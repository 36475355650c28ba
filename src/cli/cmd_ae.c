/* cmd_ae.c -- `nmfkit ae`: NMF against the reference homework's
 * convolutional autoencoder on the same faces (ae/study.h); this file
 * parses the options and prints a line per epoch and the table. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ae/study.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/image_args.h"
#include "cli/opts.h"
#include "cli/solver_args.h"
#include "core/threads.h"

static const char *const CMD = "ae";

enum { O_TILE = 256, O_COUNT, O_EPOCHS, O_BATCH, O_BOTTLENECK, O_SEED,
       O_NMF_D, O_TEST_FRACTION, O_NO_EQUAL, O_THREADS, O_QUIET };

static const cli_opt ae_opts[] = {
    {'o', "output", 'o', "DIR", "output folder (required)"},
    {O_TILE, "tile", 0, "WxH", "tile size of a sheet (default 24x24; the ORL\n"
     "sheet: 92x112)"},
    {O_COUNT, "count", 0, "N", "images (default 400; 0: all)"},
    {O_EPOCHS, "epochs", 0, "E", "autoencoder epochs (default 20)"},
    {O_BATCH, "batch", 0, "B", "mini-batch size (default 32)"},
    {O_BOTTLENECK, "bottleneck", 0, "C",
     "channels of the second conv, the code (default 32,\n"
     "as the reference)"},
    {O_SEED, "seed", 0, "S",
     "seed of the split, the weights, the shuffles and\n"
     "NMF's start (default 1)"},
    {O_NMF_D, "nmf-d", 0, "D", "NMF's rank (default 30)"},
    {'n', "iterations", 'n', "N", "NMF iterations (default 1000)"},
    {O_TEST_FRACTION, "test-fraction", 0, "F",
     "share of the images held out for testing (default 0.2)"},
    {O_NO_EQUAL, "no-equal-size", 0, NULL,
     "skip the pair at about equal code size"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt ae_opts_tail[] = {
    {O_THREADS, "threads", 0, "T", "OpenMP threads (default: all)"},
    {O_QUIET, "quiet", 'q', NULL, "no line per epoch and no table"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {ae_opts, solver_opts, ae_opts_tail,
                                        NULL};

static const cli_spec spec = {
    "ae", "[SHEET.png|DIR] -o DIR [--tile WxH] [--epochs E] [--bottleneck C]\n"
    "                 [--nmf-d D] [options]",
    "Train the reference homework's convolutional autoencoder (Conv 1->16->C,\n"
    "stride 2, ReLU; ConvTranspose C->16->1, sigmoid; MSE, Adam) and an NMF of\n"
    "rank D on the same training faces, and compare them on the held-out\n"
    "faces: the table of code size, parameters, train and test MSE and PSNR\n"
    "and training time, the reconstructions, NMF's basis, the loss per epoch\n"
    "and the time each needs to reach the same test MSE; also the pair at\n"
    "about equal code size. INPUT is a sheet (.png, cut into --tile tiles) or\n"
    "a folder of PGM (the ORL layout, s1/1.pgm ...) or PNG images; default:\n"
    "400 of the generated sprites data/sprites.png, in gray. Writes\n"
    "DIR/summary.json, DIR/ae_loss.csv and DIR/report/index.html.\n",
    tables, NULL, "INPUT", 0, 1,
};

typedef struct ae_args {
    nmfi_ae_params p;
    int quiet;
} ae_args;

static int option(void *ctx, int code, const char *v)
{
    ae_args *a = ctx;
    nmfi_ae_params *p = &a->p;
    switch (code) {
    case 'o': p->outdir = v; return 0;
    case O_TILE: return cli_parse_tile(CMD, v, &p->tile_w, &p->tile_h);
    case O_COUNT: return args_size(CMD, "--count", v, 0, 1000000, &p->count);
    case O_EPOCHS: return args_int(CMD, "--epochs", v, 1, 100000, &p->epochs);
    case O_BATCH: return args_size(CMD, "--batch", v, 1, 256, &p->batch);
    case O_BOTTLENECK:
        return args_size(CMD, "--bottleneck", v, 1, 1024, &p->bottleneck);
    case O_SEED: return args_u64(CMD, "--seed", v, &p->seed);
    case O_NMF_D: return args_size(CMD, "--nmf-d", v, 1, 100000, &p->nmf_d);
    case 'n':
        return args_int(CMD, "-n", v, 1, 100000000, &p->nmf.opt.max_iter);
    case O_TEST_FRACTION:
        return args_double(CMD, "--test-fraction", v, 1e-9, 0.9,
                           &p->test_fraction);
    case O_NO_EQUAL: p->equal_size = 0; return 0;
    case O_THREADS:
        return args_int(CMD, "--threads", v, 1, 4096, &p->nmf.opt.threads);
    case O_QUIET: a->quiet = 1; return 0;
    default: return solver_args_parse(CMD, code, v, &p->nmf.opt) != 0;
    }
}

static void on_epoch(void *ctx, const char *label, int epoch, int epochs,
                     double loss, double test_mse, double seconds)
{
    const ae_args *a = ctx;
    if (a->quiet)
        return;
    fprintf(stderr, "%s: epoch %d/%d: loss %.5f, test MSE %.5f, %.1f s\n",
            label, epoch, epochs, loss, test_mse, seconds);
}

/* The credit the ORL set asks for, when the input is it. */
static const char *about_of(const char *input, char *buf, size_t size)
{
    if (strstr(input, "orl"))
        snprintf(buf, size, "%s: the ORL Database of Faces (AT&T "
                 "Laboratories Cambridge; F. Samaria and A. Harter, 1994), "
                 "40 people, 10 photographs each", input);
    else
        snprintf(buf, size, "%s", input);
    return buf;
}

int cmd_ae(int argc, char **argv)
{
    ae_args a;
    memset(&a, 0, sizeof a);
    nmfi_ae_params *p = &a.p;
    nmfi_fit_block_init(&p->nmf);
    p->tile_w = p->tile_h = 24;
    p->count = 400;
    p->epochs = 20;
    p->batch = 32;
    p->bottleneck = 32;
    p->seed = 1;
    p->nmf_d = 30;
    p->test_fraction = 0.2;
    p->equal_size = 1;
    char *input = NULL;
    size_t nargs = 0;
    int rc = cli_parse(&spec, argc, argv, option, &a, &input, &nargs);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    if (!p->outdir) {
        cli_error(CMD, "-o DIR is required (where the report goes)");
        return EXIT_BAD_INPUT;
    }
    char about[1200];
    if (nargs) {
        p->input = input;
        p->input_about = about_of(input, about, sizeof about);
    } else {
        p->input = cli_default_data("sprites.png");
        p->input_about = "400 of our generated sprites (data/sprites.png), "
                         "in gray: the default without the faces";
    }
    p->nmf.opt.seed = p->seed;
    if (p->nmf.opt.threads > 0)
        nmfi_threads_set(p->nmf.opt.threads);
    p->epoch = on_epoch;
    p->ctx = &a;
    nmfi_ae_results r;
    nmf_status s = nmfi_study_ae(p, &r);
    if (s != NMF_OK)
        return cli_fail(CMD, s);
    if (!a.quiet) {
        printf("%zu x %zu images: %zu for training, %zu for testing\n",
               r.width, r.height, r.train, r.test);
        printf("%-22s %9s %10s %10s %10s %9s %9s %7s %10s\n", "method",
               "code", "parameters", "train MSE", "test MSE", "test PSNR",
               "seconds", "threads", "code zeros");
        for (size_t k = 0; k < r.nrows; k++) {
            const nmfi_ae_row *w = &r.rows[k];
            printf("%-22s %9zu %10zu %10.5f %10.5f %9.2f %9.2f %7d",
                   w->method, w->code_size, w->parameters, w->mse,
                   w->test_mse, w->test_psnr, w->seconds, w->threads);
            if (isnan(w->code_zeros))
                printf(" %10s\n", "-");
            else
                printf(" %9.0f%%\n", 100.0 * w->code_zeros);
        }
        printf("same test MSE %.5f: autoencoder after %.2f s, NMF after "
               "%.2f s\nreport: %s/report/index.html\n", r.same_mse,
               r.ae_seconds_to_same, r.nmf_seconds_to_same, p->outdir);
    }
    nmfi_ae_results_free(&r);
    return EXIT_OK;
}
