/* run_opts.c -- the options of run_control.h: the tables and their
 * parsing, apart from what they do so that the option fuzzer
 * (tests/fuzz/fuzz_options.c) links them alone. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/run_control.h"

#define EVERY_DEFAULT 100

const cli_opt run_opts[] = {
    {RUN_OPT_CHECKPOINT, "checkpoint", 0, "FILE",
     "save the fit's state to FILE every N iterations, at\n"
     "the end, and on SIGINT/SIGTERM (which end the run\n"
     "after the iteration in hand, outputs written)"},
    {RUN_OPT_EVERY, "checkpoint-every", 0, "N",
     "iterations between saves (default "
     CLI_XSTR(EVERY_DEFAULT) ")"},
    {RUN_OPT_RESUME, "resume", 0, "FILE",
     "go on from a checkpoint, with the input and options\n"
     "it was saved with: the result is exactly that of the\n"
     "run not interrupted (-n may be raised to go further)"},
    {RUN_OPT_DRY_RUN, "dry-run", 0, NULL,
     "read and check everything, print the memory the fit\n"
     "will hold (A, its copies, W and H, the work\n"
     "matrices), and stop"},
    {RUN_OPT_MAX_MEMORY, "max-memory", 0, "SIZE",
     "refuse to start a fit that would hold more than SIZE\n"
     "bytes (suffix K, M, G or T: powers of 1024)"},
    {RUN_OPT_KEEP_SUBNORMALS, "keep-subnormals", 0, NULL,
     "keep IEEE gradual underflow; by default the fit's\n"
     "threads flush values below the smallest normal to 0\n"
     "(where subnormal arithmetic is slow, long MU runs\n"
     "gain)"},
    {0, NULL, 0, NULL, NULL},
};

const cli_opt study_run_opts[] = {
    {RUN_OPT_CHECKPOINT, "checkpoint", 0, "FILE",
     "record each finished fit in FILE; SIGINT/SIGTERM end\n"
     "the study after the fit in hand (dropped)"},
    {RUN_OPT_RESUME, "resume", 0, "FILE",
     "go on from such a file, with the input and options\n"
     "it was made with: only the fits it lacks are made"},
    {RUN_OPT_KEEP_SUBNORMALS, "keep-subnormals", 0, NULL,
     "keep IEEE gradual underflow (see factor --help)"},
    {0, NULL, 0, NULL, NULL},
};

/* SIZE[K|M|G|T], a whole or decimal number of bytes >= 1. */
static int parse_bytes(run_control *rc, const char *arg)
{
    static const char units[] = "KMGT";
    char num[64];
    size_t len = strlen(arg);
    double scale = 1;
    const char *u = len ? strchr(units, arg[len - 1]) : NULL;
    if (u && *u) {
        for (const char *p = units; p <= u; p++)
            scale *= 1024;
        len--;
    }
    snprintf(num, sizeof num, "%.*s", (int)(len < 63 ? len : 63), arg);
    double x;
    if (len == 0 || len > 40
        || args_double(rc->cmd, "--max-memory", num, 1, 1e18, &x) != 0) {
        if (len == 0 || len > 40)
            cli_error(rc->cmd, "--max-memory: '%s' is not a size", arg);
        return -1;
    }
    rc->max_memory = x * scale;
    return 0;
}

void run_control_init(run_control *rc, const char *cmd)
{
    memset(rc, 0, sizeof *rc);
    rc->every = EVERY_DEFAULT;
    rc->cmd = cmd;
}

int run_control_parse(run_control *rc, int c, const char *arg)
{
    switch (c) {
    case RUN_OPT_CHECKPOINT: rc->checkpoint = arg; return 0;
    case RUN_OPT_EVERY:
        return args_int(rc->cmd, "--checkpoint-every", arg, 1, 100000000,
                        &rc->every);
    case RUN_OPT_RESUME: rc->resume = arg; return 0;
    case RUN_OPT_KEEP_SUBNORMALS: rc->keep_subnormals = 1; return 0;
    case RUN_OPT_DRY_RUN: rc->dry_run = 1; return 0;
    case RUN_OPT_MAX_MEMORY: return parse_bytes(rc, arg);
    default: return 1;
    }
}
