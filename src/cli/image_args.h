/* image_args.h -- the options `images`, `denoise` and `sweep` share:
 * input and tiling, ranks, iterations, seed, threads, output, progress. */
#ifndef NMFKIT_IMAGE_ARGS_H
#define NMFKIT_IMAGE_ARGS_H

#include "cli/opts.h"
#include "cli/progress.h"
#include "cli/run_control.h"
#include "study/image_study.h"

enum { IMAGE_MAX_RANKS = 64 };

/* The codes of the options the three share, for their tables. Each
 * command lists its own first (-d with its own default, --d, --sigma),
 * then image_opts, solver_opts and image_opts_tail. */
enum {
    IMAGE_OPT_RANKS = 256, IMAGE_OPT_SIGMA, IMAGE_OPT_TILE, IMAGE_OPT_COUNT,
    IMAGE_OPT_OFFSET, IMAGE_OPT_SEED, IMAGE_OPT_DELTA, IMAGE_OPT_THREADS,
    IMAGE_OPT_PARTS, IMAGE_OPT_NO_PARTS, IMAGE_OPT_QUIET
};
extern const cli_opt image_opts[], image_opts_tail[];

/* The INPUT paragraph of their help. */
#define IMAGE_ARGS_INPUT                                                    \
    "INPUT is a sprite sheet (.png, cut into tiles) or a folder of PNGs;\n"  \
    "default: the generated sprites data/sprites.png.\n"

typedef struct image_args {
    nmfi_image_params p;
    size_t ranks[IMAGE_MAX_RANKS];
    int quiet;
    int parts_given;   /* --parts / --no-parts said explicitly */
    progress bar;
    char label[96];
    run_control rc;    /* sweep's --checkpoint, --resume, ...      */
} image_args;

/* Parse argv for the command of `spec` (whose name decides the defaults:
 * d for images/denoise, the rank list for images/sweep, sigma for
 * denoise/sweep). Returns 0, -1 after --help (exit 0), or an exit code. */
/* "--tile WxH": "24x24" -> 24, 24; -1 after the error line. */
int cli_parse_tile(const char *cmd, const char *text, size_t *w, size_t *h);

int image_args_parse(const cli_spec *spec, int argc, char **argv,
                     image_args *ia);

#endif
