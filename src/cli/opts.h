/* opts.h -- each subcommand declares its options once, in a table that
 * both the parser and --help read: one parsing loop for every command.
 *
 * A command gives a cli_spec: its name, usage line, the paragraphs
 * around the options, and its option tables (its own, and shared ones
 * such as solver_args.h's). cli_parse walks argv, hands every option to
 * the command's handler by code, collects the positional arguments, and
 * answers -h/--help from the same tables. */
#ifndef NMFKIT_OPTS_H
#define NMFKIT_OPTS_H

#include <stddef.h>
#include <stdio.h>

/* A macro's value as a string literal, for help text ("default "
 * CLI_XSTR(NMF_TOL_WINDOW)). */
#define CLI_STR(x) #x
#define CLI_XSTR(x) CLI_STR(x)

typedef struct cli_opt {
    int code;           /* what the handler is given: the short letter,
                         * or a code from 256 up; 0 ends a table */
    const char *name;   /* the long name, "rank"                      */
    char letter;        /* the short option, or 0                     */
    const char *arg;    /* the value's name in the help ("K"); NULL: a
                         * flag without a value                       */
    const char *help;   /* --help lines, '\n' between them; NULL: a
                         * hidden option, not in the help             */
} cli_opt;

typedef struct cli_spec {
    const char *cmd;            /* "factor"                               */
    const char *usage;          /* after "Usage: nmfkit CMD "             */
    const char *about;          /* paragraph(s) before the options        */
    const cli_opt *const *tables;  /* NULL-terminated                     */
    const char *after;          /* paragraph(s) after them, or NULL       */
    const char *args_name;      /* the positional argument ("INPUT"), or
                                 * NULL when the command takes none       */
    size_t min_args, max_args;
} cli_spec;

/* The command's handler: 0, or non-zero after printing the error line
 * ("nmfkit CMD: OPTION: ..."). */
typedef int (*cli_opt_fn)(void *ctx, int code, const char *value);

/* Parse argv[1..] (argv[0] is the command's name) against spec. The
 * positional arguments go to args (room for spec->max_args), their count
 * to *nargs. Returns 0 to run, -1 when --help was printed (exit 0), or
 * the exit code after printing one error line. */
int cli_parse(const cli_spec *spec, int argc, char **argv, cli_opt_fn handle,
              void *ctx, char **args, size_t *nargs);

/* The --help text. */
void cli_usage(const cli_spec *spec, FILE *out);

#endif
