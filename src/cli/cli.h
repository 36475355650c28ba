/* cli.h -- the subcommands of the nmfkit program and their exit codes.
 * Each subcommand lives in its own cmd_*.c, parses its own options and
 * returns one of the exit codes below; main.c only dispatches. */
#ifndef NMFKIT_CLI_H
#define NMFKIT_CLI_H

#include "nmfkit.h"

enum {
    EXIT_OK = 0,
    EXIT_INTERNAL = 1,   /* out of memory, a bug                     */
    EXIT_BAD_INPUT = 2,  /* bad option, bad file, bad value          */
    EXIT_NUMERIC = 3,    /* NaN or Inf arose mid-run (NMF_E_NUMERIC) */
    EXIT_SIGINT = 130,   /* interrupted, outputs so far written:     */
    EXIT_SIGTERM = 143   /*   128 + the signal, as a shell reports it */
};

int cmd_factor(int argc, char **argv);
int cmd_transform(int argc, char **argv);
int cmd_select(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_toy(int argc, char **argv);
int cmd_ae(int argc, char **argv);
int cmd_sprites(int argc, char **argv);
int cmd_images(int argc, char **argv);
int cmd_denoise(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_compress(int argc, char **argv);
int cmd_cluster(int argc, char **argv);

/* Exit code for a library status. */
int cli_exit_code(nmf_status s);

/* Print "nmfkit CMD: MESSAGE" on stderr as one line. */
void cli_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Print the library's last error for cmd and return its exit code. */
int cli_fail(const char *cmd, nmf_status s);

#endif
