/* fuzz_options.c -- the option parsers: the fuzzer's bytes, cut at NUL
 * bytes, are one command line for the shared parsing loop (cli/opts.c)
 * with the tables every fitting command takes (cli/solver_args.c,
 * cli/data_args.c, cli/run_control.c), and options that go through each
 * strict number parser (cli/args.c). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/data_args.h"
#include "cli/opts.h"
#include "cli/run_control.h"
#include "cli/solver_args.h"

enum { MAX_ARGS = 64, OPT_SIZE = 256, OPT_INT, OPT_U64, OPT_DOUBLE,
       OPT_LIST };

static const cli_opt number_opts[] = {
    {OPT_SIZE, "size", 'd', "K", "a size"},
    {OPT_INT, "int", 'n', "N", "an int"},
    {OPT_U64, "seed", 0, "S", "a 64-bit seed"},
    {OPT_DOUBLE, "delta", 0, "X", "a double"},
    {OPT_LIST, "ranks", 'r', "LIST", "a list of sizes"},
    {'q', "quiet", 'q', NULL, "a flag"},
    {0, NULL, 0, NULL, NULL},
};
static const cli_opt *const tables[] = {number_opts, solver_opts,
                                        objective_opts, data_opts, run_opts,
                                        NULL};
static const cli_spec spec = {
    "fuzz", "[OPTIONS] INPUT", "", tables, NULL, "INPUT", 0, 2,
};

typedef struct ctx {
    data_args da;
    nmf_options opt;
    run_control rc;
} ctx;

static int handle(void *p, int code, const char *v)
{
    ctx *c = p;
    size_t z, list[8], count;
    int i;
    uint64_t u;
    double x;
    switch (code) {
    case OPT_SIZE: return args_size("fuzz", "-d", v, 1, 1000000, &z);
    case OPT_INT: return args_int("fuzz", "-n", v, 1, 100000000, &i);
    case OPT_U64: return args_u64("fuzz", "--seed", v, &u);
    case OPT_DOUBLE: return args_double("fuzz", "--delta", v, 0, 1, &x);
    case OPT_LIST:
        return args_size_list("fuzz", "--ranks", v, 1, 4096, list, 8,
                              &count);
    case 'q': return 0;
    default: {
        int r = run_control_parse(&c->rc, code, v);
        return r != 1 ? r != 0
                      : fit_args_parse("fuzz", code, v, &c->da, &c->opt);
    }
    }
}

/* One command line: `len` bytes, NUL between arguments, parsed from a
 * buffer of its own that is freed after the parse; cli_parse's answer. */
static int parse_one(const uint8_t *data, size_t len)
{
    char *buf = malloc(len + 1), *argv[MAX_ARGS + 1];
    if (!buf)
        return -2;
    memcpy(buf, data, len);
    buf[len] = '\0';
    int argc = 0;
    argv[argc++] = (char *)"fuzz";
    for (size_t at = 0; at < len && argc < MAX_ARGS; argc++) {
        argv[argc] = buf + at;
        at += strlen(buf + at) + 1;
    }
    argv[argc] = NULL;
    ctx c;
    memset(&c, 0, sizeof c);
    nmf_options_init(&c.opt);
    run_control_init(&c.rc, "fuzz");
    char *args[2];
    size_t nargs;
    int r = cli_parse(&spec, argc, argv, handle, &c, args, &nargs);
    free(buf);
    return r;
}

/* Two command lines A and B, split at the first pair of NUL bytes. A
 * process may parse more than once, and a parse must not depend on how
 * the one before ended (getopt keeps state between calls): B is parsed,
 * then A, then B again, and B's two answers must agree. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t first = size;
    for (size_t i = 0; i + 1 < size; i++)
        if (data[i] == 0 && data[i + 1] == 0) {
            first = i;
            break;
        }
    if (first + 2 > size) {
        parse_one(data, first);
        return 0;
    }
    const uint8_t *b = data + first + 2;
    size_t blen = size - first - 2;
    int before = parse_one(b, blen);
    parse_one(data, first);
    if (parse_one(b, blen) != before)
        abort();   /* the first parse leaked into the next */
    return 0;
}
