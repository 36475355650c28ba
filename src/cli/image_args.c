/* image_args.c -- option parsing shared by `nmfkit images`, `denoise` and
 * `sweep`, so the three accept the same spelling of the same things. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/image_args.h"
#include "cli/solver_args.h"

void image_args_usage(FILE *out)
{
    fprintf(out,
"  INPUT               a sprite sheet (.png, cut into tiles) or a folder of\n"
"                      PNGs; default: the generated sprites data/sprites.png\n"
"  -o, --output DIR    output folder (required): figures and the page in\n"
"                      DIR/report/, numbers in DIR/summary.json\n"
"      --tile WxH      tile size of a sheet (default 24x24)\n"
"      --count N       number of images (default 500; 0: all)\n"
"      --offset I      first image (default 0)\n"
"  -n, --iterations N  iterations per fit, the upper bound with --tol or\n"
"                      --max-time (default 1000)\n");
    solver_args_usage(out);
    fprintf(out,
"      --seed S        seed of the start (default 1); the noise uses\n"
"                      seed + 1\n"
"      --delta D       MU's safe-division delta (default 1e-9)\n"
"      --threads T     OpenMP threads (default: all)\n"
"      --parts         report how well basis images match the true parts\n"
"                      of the generated sprites (default with no INPUT)\n"
"      --no-parts      do not\n"
"      --quiet         no progress line and no summary\n"
"  -h, --help          this text\n");
}

/* "24x24" -> 24, 24. */
static int parse_tile(const char *cmd, const char *text, size_t *w, size_t *h)
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

/* "16,32,64" -> ranks; each in [1, 100000]. */
static int parse_ranks(const char *cmd, const char *text, size_t *ranks,
                       size_t *count)
{
    char buf[512];
    if (strlen(text) >= sizeof buf) {
        cli_error(cmd, "--d: list too long");
        return -1;
    }
    strcpy(buf, text);
    *count = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (*count == IMAGE_MAX_RANKS) {
            cli_error(cmd, "--d: more than %d ranks", IMAGE_MAX_RANKS);
            return -1;
        }
        if (args_size(cmd, "--d", tok, 1, 100000, &ranks[*count]) != 0)
            return -1;
        (*count)++;
    }
    if (*count == 0) {
        cli_error(cmd, "--d: no ranks in '%s'", text);
        return -1;
    }
    return 0;
}

int image_args_parse(const char *cmd, int argc, char **argv, image_args *ia)
{
    enum { O_TILE = 256, O_COUNT, O_OFFSET, O_SEED, O_DELTA, O_SIGMA,
           O_THREADS, O_RANKS, O_PARTS, O_NO_PARTS, O_QUIET };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"rank", required_argument, NULL, 'd'},
        {"d", required_argument, NULL, O_RANKS},
        {"iterations", required_argument, NULL, 'n'},
        {"tile", required_argument, NULL, O_TILE},
        {"count", required_argument, NULL, O_COUNT},
        {"offset", required_argument, NULL, O_OFFSET},
        {"seed", required_argument, NULL, O_SEED},
        {"delta", required_argument, NULL, O_DELTA},
        {"sigma", required_argument, NULL, O_SIGMA},
        {"threads", required_argument, NULL, O_THREADS},
        {"parts", no_argument, NULL, O_PARTS},
        {"no-parts", no_argument, NULL, O_NO_PARTS},
        {"quiet", no_argument, NULL, O_QUIET},
        {"help", no_argument, NULL, 'h'},
        SOLVER_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    static const size_t images_ranks[] = {16, 32, 64};
    static const size_t sweep_ranks[] = {16, 32, 64, 128, 256};

    memset(ia, 0, sizeof *ia);
    nmfi_image_params *p = &ia->p;
    nmfi_image_params_init(p);
    int sweep = !strcmp(cmd, "sweep");
    const size_t *dr = sweep ? sweep_ranks : images_ranks;
    size_t ndr = sweep ? 5 : 3;
    memcpy(ia->ranks, dr, ndr * sizeof *dr);
    p->nds = strcmp(cmd, "denoise") ? ndr : 0;
    int with_parts = -1;

    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:d:n:h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'o': p->outdir = optarg; break;
        case 'd': bad = args_size(cmd, "-d", optarg, 1, 100000, &p->d); break;
        case O_RANKS:
            bad = parse_ranks(cmd, optarg, ia->ranks, &p->nds);
            break;
        case 'n':
            bad = args_int(cmd, "-n", optarg, 1, 100000000,
                           &p->fit.max_iter);
            break;
        case O_TILE:
            bad = parse_tile(cmd, optarg, &p->tile_w, &p->tile_h);
            break;
        case O_COUNT:
            bad = args_size(cmd, "--count", optarg, 0, 100000000, &p->count);
            break;
        case O_OFFSET:
            bad = args_size(cmd, "--offset", optarg, 0, 100000000, &p->offset);
            break;
        case O_SEED:
            bad = args_u64(cmd, "--seed", optarg, &p->fit.seed);
            break;
        case O_DELTA:
            bad = args_double(cmd, "--delta", optarg, NMF_DELTA_MIN,
                              NMF_DELTA_MAX, &p->fit.delta);
            break;
        case O_SIGMA:
            bad = args_double(cmd, "--sigma", optarg, 0, 10, &p->sigma);
            break;
        case O_THREADS:
            bad = args_int(cmd, "--threads", optarg, 1, 4096,
                           &p->fit.threads);
            break;
        case O_PARTS: with_parts = 1; break;
        case O_NO_PARTS: with_parts = 0; break;
        case O_QUIET: ia->quiet = 1; break;
        case 'h':
            return -1;
        case ':':
            cli_error(cmd, "option %s needs a value", argv[optind - 1]);
            return EXIT_BAD_INPUT;
        default:
            bad = solver_args_parse(cmd, c, optarg, &p->fit);
            if (bad > 0) {
                cli_error(cmd, "unknown option %s (try 'nmfkit %s --help')",
                          argv[optind - 1], cmd);
                return EXIT_BAD_INPUT;
            }
        }
        if (bad)
            return EXIT_BAD_INPUT;
    }
    if (argc - optind > 1) {
        cli_error(cmd, "more than one INPUT given");
        return EXIT_BAD_INPUT;
    }
    p->input = optind < argc ? argv[optind] : cli_default_data("sprites.png");
    if (!p->outdir) {
        cli_error(cmd, "-o DIR is required (where the figures and the"
                  " report go)");
        return EXIT_BAD_INPUT;
    }
    p->ds = ia->ranks;
    p->with_parts = with_parts >= 0 ? with_parts : optind == argc;
    progress_init(&ia->bar, cmd, ia->quiet);
    p->stage = progress_stage;
    p->progress = progress_update;
    p->progress_ctx = &ia->bar;
    return 0;
}
