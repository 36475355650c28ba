/* cmd_sprites.c -- `nmfkit sprites`: write the generated CryptoPunks-like
 * sprite sheet, the CSV naming each sprite's parts, and the sheet of the
 * parts themselves (the ground truth the image study scores NMF against).
 * The three files appear together or not at all (study/sprites.c). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "core/error.h"
#include "study/sprites.h"

static const char *const CMD = "sprites";

enum { O_COUNT = 256, O_SEED, O_COLUMNS, O_CSV, O_PARTS };

static const cli_opt sprites_opts[] = {
    {'o', "output", 'o', "FILE", "the sprite sheet (required)"},
    {O_COUNT, "count", 0, "N",
     "number of sprites, 1 to 100000 (default 2000)"},
    {O_SEED, "seed", 0, "S", "seed of the part choices (default 1)"},
    {O_COLUMNS, "columns", 0, "N",
     "sprites per row of the sheet (default "
     CLI_XSTR(NMFI_SPRITE_SHEET_COLUMNS) ")"},
    {O_CSV, "csv", 0, "FILE",
     "the parts of each sprite (default: sprites.csv\n"
     "beside the sheet)"},
    {O_PARTS, "parts", 0, "FILE",
     "every part alone, 10 per row, in library order\n"
     "(default: sprite-parts.png beside the sheet)"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {sprites_opts, NULL};

static const cli_spec spec = {
    "sprites", "-o SHEET.png [options]",
    "Generate the CryptoPunks-like sprite set: " CLI_XSTR(NMFI_SPRITE_SIZE) " x "
    CLI_XSTR(NMFI_SPRITE_SIZE) " RGBA faces (head shape,\n"
    "skin tone, optional hair or hat, eyewear, mouth item, beard, earring)\n"
    "with the parts each one is made of.\n",
    tables,
    "The same count and seed always give the same bytes. Exit status 0 on\n"
    "success, 2 on bad input, 1 on an internal error.\n",
    NULL, 0, 0,
};

typedef struct sprites_args {
    const char *sheet;
    const char *csv;
    const char *parts;
    size_t count;
    size_t columns;
    uint64_t seed;
} sprites_args;

static int option(void *ctx, int code, const char *v)
{
    sprites_args *sa = ctx;
    switch (code) {
    case 'o': sa->sheet = v; return 0;
    case O_COUNT: return args_size(CMD, "--count", v, 1, 100000, &sa->count);
    case O_SEED: return args_u64(CMD, "--seed", v, &sa->seed);
    case O_COLUMNS:
        return args_size(CMD, "--columns", v, 1, 100000, &sa->columns);
    case O_CSV: sa->csv = v; return 0;
    default: sa->parts = v; return 0;   /* O_PARTS */
    }
}

/* 0 on success, -1 after --help, otherwise the exit code. */
static int parse(int argc, char **argv, sprites_args *sa)
{
    memset(sa, 0, sizeof *sa);
    sa->count = 2000;
    sa->columns = NMFI_SPRITE_SHEET_COLUMNS;
    sa->seed = 1;
    size_t nargs;
    int r = cli_parse(&spec, argc, argv, option, sa, NULL, &nargs);
    if (r != 0)
        return r;
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
