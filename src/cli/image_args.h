/* image_args.h -- the options `images`, `denoise` and `sweep` share:
 * input and tiling, ranks, iterations, seed, threads, output, progress. */
#ifndef NMFKIT_IMAGE_ARGS_H
#define NMFKIT_IMAGE_ARGS_H

#include "cli/progress.h"
#include "study/image_study.h"

enum { IMAGE_MAX_RANKS = 64 };

typedef struct image_args {
    nmfi_image_params p;
    size_t ranks[IMAGE_MAX_RANKS];
    int quiet;
    int parts_given;   /* --parts / --no-parts said explicitly */
    progress bar;
    char label[96];
} image_args;

/* Parse argv for `cmd` (which decides the defaults: d for images/denoise,
 * the rank list for images/sweep, sigma for denoise/sweep). Returns 0, -1
 * after --help (exit 0), or an exit code. */
int image_args_parse(const char *cmd, int argc, char **argv, image_args *ia);

/* The usage text of the shared options. */
void image_args_usage(FILE *out);

#endif
