/* image_args.c -- option parsing shared by `nmfkit images`, `denoise` and
 * `sweep`, so the three accept the same spelling of the same things. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/image_args.h"
#include "cli/solver_args.h"

const cli_opt image_opts[] = {
    {'o', "output", 'o', "DIR",
     "output folder (required): figures and the page in\n"
     "DIR/report/, numbers in DIR/summary.json"},
    {IMAGE_OPT_TILE, "tile", 0, "WxH", "tile size of a sheet (default 24x24)"},
    {IMAGE_OPT_COUNT, "count", 0, "N",
     "number of images (default 500; 0: all)"},
    {IMAGE_OPT_OFFSET, "offset", 0, "I", "first image (default 0)"},
    {'n', "iterations", 'n', "N",
     "iterations per fit, the upper bound with --tol or\n"
     "--max-time (default 1000)"},
    {0, NULL, 0, NULL, NULL},
};

const cli_opt image_opts_tail[] = {
    {IMAGE_OPT_SEED, "seed", 0, "S",
     "seed of the start (default 1); the noise uses\n"
     "seed + 1"},
    {IMAGE_OPT_DELTA, "delta", 0, "D",
     "MU's safe-division delta (default 1e-9)"},
    {IMAGE_OPT_THREADS, "threads", 0, "T", "OpenMP threads (default: all)"},
    {IMAGE_OPT_PARTS, "parts", 0, NULL,
     "report how well basis images match the true parts\n"
     "of the generated sprites (default with no INPUT)"},
    {IMAGE_OPT_NO_PARTS, "no-parts", 0, NULL, "do not"},
    {IMAGE_OPT_QUIET, "quiet", 0, NULL, "no progress line and no summary"},
    {0, NULL, 0, NULL, NULL},
};

int cli_parse_tile(const char *cmd, const char *text, size_t *w, size_t *h)
{
    char *x = strchr(text, 'x');
    if (!x) {
        cli_error(cmd, "--tile: '%s' is not WIDTHxHEIGHT", text);
        return -1;
    }
    char wtext[32];
    size_t len = (size_t)(x - text);
    if (len == 0 || len >= sizeof wtext) {
        cli_error(cmd, "--tile: '%s' is not WIDTHxHEIGHT", text);
        return -1;
    }
    memcpy(wtext, text, len);
    wtext[len] = '\0';
    if (args_size(cmd, "--tile", wtext, 1, 4096, w) != 0
        || args_size(cmd, "--tile", x + 1, 1, 4096, h) != 0)
        return -1;
    return 0;
}

typedef struct parse_ctx {
    const char *cmd;
    image_args *ia;
    int with_parts;
} parse_ctx;

static int option(void *ctx, int code, const char *v)
{
    parse_ctx *c = ctx;
    const char *cmd = c->cmd;
    nmfi_image_params *p = &c->ia->p;
    switch (code) {
    case 'o': p->outdir = v; return 0;
    case 'd': return args_size(cmd, "-d", v, 1, 100000, &p->d);
    case IMAGE_OPT_RANKS:
        return args_size_list(cmd, "--d", v, 1, 100000, c->ia->ranks,
                              IMAGE_MAX_RANKS, &p->nds);
    case 'n': return args_int(cmd, "-n", v, 1, 100000000, &p->fit.opt.max_iter);
    case IMAGE_OPT_TILE: return cli_parse_tile(cmd, v, &p->tile_w, &p->tile_h);
    case IMAGE_OPT_COUNT:
        return args_size(cmd, "--count", v, 0, 100000000, &p->count);
    case IMAGE_OPT_OFFSET:
        return args_size(cmd, "--offset", v, 0, 100000000, &p->offset);
    case IMAGE_OPT_SEED: return args_u64(cmd, "--seed", v, &p->fit.opt.seed);
    case IMAGE_OPT_DELTA:
        return args_double(cmd, "--delta", v, NMF_DELTA_MIN, NMF_DELTA_MAX,
                           &p->fit.opt.delta);
    case IMAGE_OPT_SIGMA:
        return args_double(cmd, "--sigma", v, 0, 10, &p->sigma);
    case IMAGE_OPT_THREADS:
        return args_int(cmd, "--threads", v, 1, 4096, &p->fit.opt.threads);
    case IMAGE_OPT_PARTS: c->with_parts = 1; return 0;
    case IMAGE_OPT_NO_PARTS: c->with_parts = 0; return 0;
    case IMAGE_OPT_QUIET: c->ia->quiet = 1; return 0;
    default: {
        int r = run_control_parse(&c->ia->rc, code, v);
        return r != 1 ? r != 0
                      : solver_args_parse(cmd, code, v, &p->fit.opt) != 0;
    }
    }
}

int image_args_parse(const cli_spec *spec, int argc, char **argv,
                     image_args *ia)
{
    static const size_t images_ranks[] = {16, 32, 64};
    static const size_t sweep_ranks[] = {16, 32, 64, 128, 256};
    const char *cmd = spec->cmd;

    memset(ia, 0, sizeof *ia);
    nmfi_image_params *p = &ia->p;
    nmfi_image_params_init(p);
    int sweep = !strcmp(cmd, "sweep");
    const size_t *dr = sweep ? sweep_ranks : images_ranks;
    size_t ndr = sweep ? 5 : 3;
    memcpy(ia->ranks, dr, ndr * sizeof *dr);
    p->nds = strcmp(cmd, "denoise") ? ndr : 0;

    run_control_init(&ia->rc, cmd);
    parse_ctx ctx = {cmd, ia, -1};
    char *input = NULL;
    size_t nargs;
    int r = cli_parse(spec, argc, argv, option, &ctx, &input, &nargs);
    if (r != 0)
        return r;
    p->input = nargs ? input : cli_default_data("sprites.png");
    if (!p->outdir) {
        cli_error(cmd, "-o DIR is required (where the figures and the"
                  " report go)");
        return EXIT_BAD_INPUT;
    }
    p->ds = ia->ranks;
    p->with_parts = ctx.with_parts >= 0 ? ctx.with_parts : nargs == 0;
    progress_init(&ia->bar, cmd, ia->quiet);
    p->fit.stage = progress_stage;
    p->fit.opt.progress = progress_update;
    p->fit.opt.progress_ctx = &ia->bar;
    return 0;
}
