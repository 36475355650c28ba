/* run_control.h -- what keeps a long run safe, for the commands that fit:
 * --checkpoint FILE [--checkpoint-every N], --resume FILE, the SIGINT and
 * SIGTERM handlers that end a fit between iterations, and
 * --keep-subnormals.
 *
 * A command parses these with run_control_parse, calls run_control_begin
 * once A is read (it hashes A, loads and checks the checkpoint to resume
 * from, and wires nmf_options), and after the fit run_control_end, which
 * says what happened and gives the exit code: 0, or 130/143 when a
 * signal ended the fit (its outputs so far written). */
#ifndef NMFKIT_RUN_CONTROL_H
#define NMFKIT_RUN_CONTROL_H

#include "cli/opts.h"
#include "io/checkpoint.h"
#include "io/journal.h"

#include "nmfkit.h"

enum { RUN_OPT_CHECKPOINT = 700, RUN_OPT_EVERY, RUN_OPT_RESUME,
       RUN_OPT_KEEP_SUBNORMALS, RUN_OPT_DRY_RUN, RUN_OPT_MAX_MEMORY };

extern const cli_opt run_opts[];
/* The studies' (select, sweep): --checkpoint, --resume, --keep-subnormals,
 * a fit at a time. */
extern const cli_opt study_run_opts[];

typedef struct run_control {
    const char *checkpoint;   /* where to save, or NULL                 */
    int every;                /* --checkpoint-every (default 100)       */
    const char *resume;       /* the checkpoint to go on from, or NULL  */
    int keep_subnormals;
    int dry_run;              /* print the memory estimate, fit nothing */
    double max_memory;        /* bytes; 0: no limit                     */
    const char *cmd;
    char identity[NMFI_CHECKPOINT_IDENTITY_MAX];
    nmfi_checkpoint loaded;   /* --resume's state                       */
    int saves;                /* checkpoints written                    */
    int last_saved;           /* the iteration of the latest            */
} run_control;

void run_control_init(run_control *rc, const char *cmd);

/* 1 when the code is not one of run_opts, 0 when handled, -1 on a bad
 * value (the error printed). */
int run_control_parse(run_control *rc, int c, const char *arg);

/* After A (and its mask) are read and opt is final: the memory estimate
 * for `fits` fits side by side (printed for --dry-run, refused over
 * --max-memory), the identity, the resumed state (refused with one line
 * when it belongs to another fit), the signal handlers and opt's
 * interrupt, checkpoint and resume. With --dry-run the command then
 * stops with 0 (rc->dry_run). */
nmf_status run_control_begin(run_control *rc, const nmf_matrix *a,
                             const nmf_matrix *mask, nmf_options *opt,
                             int fits);

/* --dry-run's table of mem under `title`, for `fits` fits side by side,
 * and --max-memory's refusal naming `who` ("the fit", "a rank") with
 * the --low-memory hint unless low_memory. */
nmf_status run_control_memory(run_control *rc, const nmf_memory *mem,
                              int fits, const char *title, const char *who,
                              int low_memory);

/* After the fit (status *s, result r when it is NMF_OK): the signal
 * handlers put back; a failed fit's error line gains where the last good
 * checkpoint is; an interrupted one gets its line. The exit code for a
 * fit that succeeded: 0, or 130/143 when a signal ended it. */
int run_control_end(run_control *rc, nmf_status *s, const nmf_result *r);

/* The signal handlers, opt's interrupt and --keep-subnormals: for a
 * study that opens its journal itself (sweep, which reads its images). */
void run_control_watch(run_control *rc, nmf_options *opt);

/* A study's start, once its input is read: the identity
 * (nmfi_journal_identity with the study's lines), the journal j (written
 * to --checkpoint, read from --resume and refused if it belongs to
 * another study), then run_control_watch. */
nmf_status run_control_begin_study(run_control *rc, const nmf_matrix *a,
                                   const nmf_matrix *mask, nmf_options *opt,
                                   const char *study, nmfi_journal *j);

/* A study's end: the handlers put back; when a signal stopped it, the
 * line saying how far it got (`done` of `total` fits) and how to go on,
 * and 130/143; otherwise 0. */
int run_control_end_study(run_control *rc, int interrupted, size_t done,
                          size_t total);

void run_control_free(run_control *rc);

#endif
