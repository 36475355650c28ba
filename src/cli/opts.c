/* opts.c -- the one option-parsing loop (opts.h). */
#include <config.h>

#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"

/* Options per command at most, all tables together (--help included). */
enum { MAX_OPTS = 64, HELP_CODE = 'h', HELP_COLUMN = 22 };

static const cli_opt help_opt[] = {
    {HELP_CODE, "help", 'h', NULL, "this text"},
    {0, NULL, 0, NULL, NULL},
};

/* The option with this code, or NULL. */
static const cli_opt *find(const cli_spec *spec, int code)
{
    for (size_t t = 0; spec->tables[t]; t++)
        for (const cli_opt *o = spec->tables[t]; o->code; o++)
            if (o->code == code)
                return o;
    return code == HELP_CODE ? help_opt : NULL;
}

/* getopt gives a short option as its letter: the code of the option with
 * that letter (most options' code is their letter, but not all: -q is
 * --quiet's letter, whose code is above 255). */
static int code_of(const cli_spec *spec, int c)
{
    for (size_t t = 0; spec->tables[t]; t++)
        for (const cli_opt *o = spec->tables[t]; o->code; o++)
            if (o->letter && o->letter == c)
                return o->code;
    return c;
}

static void print_option(const cli_opt *o, FILE *out)
{
    char label[64];
    int n = snprintf(label, sizeof label, "  %c%c%s--%s%s%s",
                     o->letter ? '-' : ' ', o->letter ? o->letter : ' ',
                     o->letter ? ", " : "  ", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
    fputs(label, out);
    int col = n < HELP_COLUMN ? HELP_COLUMN : n + 1;
    fprintf(out, "%*s", col - n, "");
    for (const char *p = o->help; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(out, "%.*s\n", (int)len, p);
        if (!nl)
            break;
        p = nl + 1;
        fprintf(out, "%*s", HELP_COLUMN, "");
    }
}

void cli_usage(const cli_spec *spec, FILE *out)
{
    fprintf(out, "Usage: nmfkit %s %s\n%s\n", spec->cmd, spec->usage,
            spec->about);
    for (size_t t = 0; spec->tables[t]; t++)
        for (const cli_opt *o = spec->tables[t]; o->code; o++)
            if (o->help)
                print_option(o, out);
    print_option(help_opt, out);
    if (spec->after)
        fprintf(out, "\n%s", spec->after);
}

int cli_parse(const cli_spec *spec, int argc, char **argv, cli_opt_fn handle,
              void *ctx, char **args, size_t *nargs)
{
    struct option longopts[MAX_OPTS + 1];
    char shorts[3 * MAX_OPTS + 2] = ":";
    size_t n = 0, ns = 1;
    for (size_t t = 0; spec->tables[t]; t++)
        for (const cli_opt *o = spec->tables[t]; o->code; o++) {
            if (n == MAX_OPTS - 1) {
                cli_error(spec->cmd, "internal: more than %d options",
                          MAX_OPTS - 1);
                return EXIT_INTERNAL;
            }
            longopts[n++] = (struct option){
                o->name, o->arg ? required_argument : no_argument, NULL,
                o->code};
            if (o->letter) {
                shorts[ns++] = o->letter;
                if (o->arg)
                    shorts[ns++] = ':';
            }
        }
    longopts[n++] = (struct option){"help", no_argument, NULL, HELP_CODE};
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    shorts[ns++] = 'h';
    shorts[ns] = '\0';

    opterr = 0;
    /* A full restart of getopt: glibc keeps its place inside a cluster of
     * short options ("-qd5") between calls, and optind = 1 alone leaves
     * it pointing into the previous argv (the option fuzzer found the
     * read after free); 0 makes glibc start afresh, elsewhere 1 does. */
#ifdef __GLIBC__
    optind = 0;
#else
    optind = 1;
#endif
    int c;
    while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
        if (c > 0 && c < 256 && c != ':' && c != '?')
            c = code_of(spec, c);
        if (c == HELP_CODE) {
            cli_usage(spec, stdout);
            return -1;
        }
        if (c == ':') {
            cli_error(spec->cmd, "option %s needs a value", argv[optind - 1]);
            return EXIT_BAD_INPUT;
        }
        if (c == '?' || !find(spec, c)) {
            /* A short option inside a cluster ("-qz") is named alone:
             * argv[optind - 1] may be an earlier argument then. */
            if (c == '?' && optopt > 0 && optopt < 256)
                cli_error(spec->cmd, "unknown option -%c (try 'nmfkit %s"
                          " --help')", optopt, spec->cmd);
            else
                cli_error(spec->cmd, "unknown option %s (try 'nmfkit %s"
                          " --help')", argv[optind - 1], spec->cmd);
            return EXIT_BAD_INPUT;
        }
        if (handle(ctx, c, optarg) != 0)
            return EXIT_BAD_INPUT;
    }
    size_t count = (size_t)(argc - optind);
    if (count < spec->min_args) {
        cli_error(spec->cmd, "no %s given", spec->args_name);
        return EXIT_BAD_INPUT;
    }
    if (count > spec->max_args) {
        if (spec->max_args == 0)
            cli_error(spec->cmd, "unexpected argument '%s'", argv[optind]);
        else
            cli_error(spec->cmd, "more than one %s given", spec->args_name);
        return EXIT_BAD_INPUT;
    }
    for (size_t i = 0; i < count; i++)
        args[i] = argv[optind + (int)i];
    *nargs = count;
    return 0;
}
