/* cmd_sprites.c -- `nmfkit sprites`: write the generated CryptoPunks-like
 * sprite sheet, the CSV naming each sprite's parts, and the sheet of the
 * parts themselves (the ground truth the image study scores NMF against).
 * The three files appear together or not at all (study/sprites.c). */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "core/error.h"
#include "study/sprites.h"

static const char *const CMD = "sprites";

static void usage(FILE *out)
{
    fprintf(out,
"Usage: nmfkit sprites -o SHEET.png [options]\n"
"Generate the CryptoPunks-like sprite set: %d x %d RGBA faces (head shape,\n"
"skin tone, optional hair or hat, eyewear, mouth item, beard, earring)\n"
"with the parts each one is made of.\n"
"\n"
"  -o, --output FILE   the sprite sheet (required)\n"
"      --count N       number of sprites, 1 to 100000 (default 2000)\n"
"      --seed S        seed of the part choices (default 1)\n"
"      --columns N     sprites per row of the sheet (default 50)\n"
"      --csv FILE      the parts of each sprite (default: sprites.csv\n"
"                      beside the sheet)\n"
"      --parts FILE    every part alone, 10 per row, in library order\n"
"                      (default: sprite-parts.png beside the sheet)\n"
"  -h, --help          this text\n"
"\n"
"The same count and seed always give the same bytes. Exit status 0 on\n"
"success, 2 on bad input, 1 on an internal error.\n",
            NMFI_SPRITE_SIZE, NMFI_SPRITE_SIZE);
}

typedef struct sprites_args {
    const char *sheet;
    const char *csv;
    const char *parts;
    size_t count;
    size_t columns;
    uint64_t seed;
} sprites_args;

/* 0 on success, -1 after --help, otherwise the exit code. */
static int parse(int argc, char **argv, sprites_args *sa)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"count", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 'S'},
        {"columns", required_argument, NULL, 'c'},
        {"csv", required_argument, NULL, 'C'},
        {"parts", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(sa, 0, sizeof *sa);
    sa->count = 2000;
    sa->columns = NMFI_SPRITE_SHEET_COLUMNS;
    sa->seed = 1;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'o': sa->sheet = optarg; break;
        case 'n':
            bad = args_size(CMD, "--count", optarg, 1, 100000, &sa->count);
            break;
        case 'S':
            bad = args_u64(CMD, "--seed", optarg, &sa->seed);
            break;
        case 'c':
            bad = args_size(CMD, "--columns", optarg, 1, 100000, &sa->columns);
            break;
        case 'C': sa->csv = optarg; break;
        case 'P': sa->parts = optarg; break;
        case 'h':
            usage(stdout);
            return -1;
        case ':':
            cli_error(CMD, "option %s needs a value", argv[optind - 1]);
            return EXIT_BAD_INPUT;
        default:
            cli_error(CMD, "unknown option %s (try 'nmfkit sprites --help')",
                      argv[optind - 1]);
            return EXIT_BAD_INPUT;
        }
        if (bad)
            return EXIT_BAD_INPUT;
    }
    if (optind != argc) {
        cli_error(CMD, "unexpected argument '%s' (the sheet goes after -o)",
                  argv[optind]);
        return EXIT_BAD_INPUT;
    }
    if (!sa->sheet || !*sa->sheet) {
        cli_error(CMD, "-o SHEET.png is required");
        return EXIT_BAD_INPUT;
    }
    return 0;
}

/* NAME in the folder of `beside` (none when it has no slash). */
static char *sibling(const char *beside, const char *name)
{
    const char *slash = strrchr(beside, '/');
    size_t dir = slash ? (size_t)(slash - beside) + 1 : 0;
    char *path = malloc(dir + strlen(name) + 1);
    if (path) {
        memcpy(path, beside, dir);
        strcpy(path + dir, name);
    }
    return path;
}

int cmd_sprites(int argc, char **argv)
{
    sprites_args sa;
    int rc = parse(argc, argv, &sa);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;

    char *csv = sa.csv ? NULL : sibling(sa.sheet, "sprites.csv");
    char *parts = sa.parts ? NULL : sibling(sa.sheet, "sprite-parts.png");
    nmf_status s = NMF_OK;
    if ((!sa.csv && !csv) || (!sa.parts && !parts))
        s = nmfi_error(NMF_E_NOMEM, "out of memory");
    const char *csv_path = sa.csv ? sa.csv : csv;
    const char *parts_path = sa.parts ? sa.parts : parts;
    if (s == NMF_OK)
        s = nmfi_sprites_write(sa.count, sa.seed, sa.columns, sa.sheet, csv_path,
                               parts_path);
    if (s == NMF_OK)
        printf("wrote %zu sprites (seed %llu) to %s, their parts to %s and "
               "the parts library to %s\n", sa.count,
               (unsigned long long)sa.seed, sa.sheet, csv_path, parts_path);
    free(csv);
    free(parts);
    return s == NMF_OK ? EXIT_OK : cli_fail(CMD, s);
}
