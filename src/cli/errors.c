/* errors.c -- the one way a subcommand reports: one line on stderr, and
 * the exit code of a library status (cli.h). Apart from main.c so that
 * the fuzz harnesses (tests/fuzz/) link the option parsers without it. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>

#include "cli/cli.h"

void cli_error(const char *cmd, const char *fmt, ...)
{
    /* One line whatever the user typed: a value holding a newline or
     * another control byte shows it as '?'. */
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    for (char *p = line; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    fprintf(stderr, "nmfkit %s: %s\n", cmd, line);
}

int cli_exit_code(nmf_status s)
{
    switch (s) {
    case NMF_OK:
        return EXIT_OK;
    case NMF_E_INVAL:
    case NMF_E_IO:
    case NMF_E_FORMAT:
        return EXIT_BAD_INPUT;
    case NMF_E_NOMEM:
    case NMF_E_INTERNAL:
        break;
    case NMF_E_NUMERIC:
        return EXIT_NUMERIC;
    }
    return EXIT_INTERNAL;
}

int cli_fail(const char *cmd, nmf_status s)
{
    const char *msg = nmf_last_error();
    cli_error(cmd, "%s", *msg ? msg : nmf_status_string(s));
    return cli_exit_code(s);
}
