/* run_control.c -- checkpoints, resume, signals and the memory estimate
 * for a fit or a study (run_control.h); the options are run_opts.c's. */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/run_control.h"
#include "core/error.h"

/* The signal that asked the run to end, 0 while none has. */
static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
    caught = sig;
}

static struct sigaction old_int, old_term;

static void handlers_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* A second signal is not caught: it ends the process at once. */
    sa.sa_flags = SA_RESETHAND;
    caught = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
}

static const char *signal_name(int sig)
{
    return sig == SIGTERM ? "SIGTERM" : "SIGINT";
}

/* 128 + the signal, as a shell reports a process it ended. */
static int signal_exit(int sig)
{
    return sig == SIGTERM ? EXIT_SIGTERM : EXIT_SIGINT;
}

static void handlers_restore(void)
{
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
}

/* B bytes in the largest binary unit that keeps it >= 1. */
static char *bytes_text(char *buf, size_t size, double b)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (b >= 1024 && u < 4) {
        b /= 1024;
        u++;
    }
    snprintf(buf, size, "%.1f %s", b, units[u]);
    return buf;
}

static void print_bytes(const char *what, double b)
{
    char t[32];
    printf("  %-28s %12s\n", what, bytes_text(t, sizeof t, b));
}

/* The estimate, for --dry-run and --max-memory. */
static nmf_status check_memory(run_control *rc, const nmf_matrix *a,
                               const nmf_options *opt, int fits)
{
    if (!rc->dry_run && !(rc->max_memory > 0))
        return NMF_OK;
    nmf_memory mem;
    nmf_status s = nmf_fit_memory(a, opt, &mem);
    if (s != NMF_OK)
        return s;
    char title[160];
    snprintf(title, sizeof title, "memory a fit of %zu x %zu at d = %zu will"
             " hold (%s, %s)", nmf_matrix_rows(a), nmf_matrix_cols(a),
             opt->d, nmf_solver_name(opt->solver), NMF_REAL_NAME);
    return run_control_memory(rc, &mem, fits, title, "the fit",
                              opt->low_memory);
}

nmf_status run_control_memory(run_control *rc, const nmf_memory *mem,
                              int fits, const char *title, const char *who,
                              int low_memory)
{
    /* Side by side fits each hold their own copies, factors and work. */
    double each = mem->copies + mem->factors + mem->work;
    double total = mem->input + (fits > 1 ? fits : 1) * each;
    if (rc->dry_run) {
        printf("%s:\n", title);
        print_bytes("A (and its mask) as read", mem->input);
        print_bytes("the solver's copies of A", mem->copies);
        print_bytes("W and H", mem->factors);
        print_bytes("work matrices", mem->work);
        if (fits > 1)
            printf("  (each of %d fits side by side holds the last three)\n",
                   fits);
        print_bytes("total", total);
        printf("  (the GEMM's packing buffers, a few MiB per thread, are"
               " not counted)\n");
    }
    if (rc->max_memory > 0 && total > rc->max_memory) {
        char t[5][32];
        return nmfi_error(NMF_E_INVAL, "%s would hold %s (A %s, its"
                          " copies %s, factors and work %s), over"
                          " --max-memory %s%s", who,
                          bytes_text(t[0], sizeof t[0], total),
                          bytes_text(t[1], sizeof t[1], mem->input),
                          bytes_text(t[2], sizeof t[2], mem->copies),
                          bytes_text(t[3], sizeof t[3],
                                     total - mem->input - mem->copies),
                          bytes_text(t[4], sizeof t[4], rc->max_memory),
                          low_memory ? ""
                          : "; --low-memory drops the copy of A");
    }
    return NMF_OK;
}

static nmf_status save(void *ctx, const nmf_state *st)
{
    run_control *rc = ctx;
    nmf_status s = nmfi_checkpoint_save(rc->checkpoint, rc->identity, st);
    if (s == NMF_OK) {
        rc->saves++;
        rc->last_saved = st->iterations;
    }
    return s;
}

nmf_status run_control_begin(run_control *rc, const nmf_matrix *a,
                             const nmf_matrix *mask, nmf_options *opt,
                             int fits)
{
    opt->keep_subnormals = rc->keep_subnormals;
    nmf_status ms = check_memory(rc, a, opt, fits);
    if (ms != NMF_OK || rc->dry_run)
        return ms;
    if (rc->checkpoint || rc->resume)
        nmfi_checkpoint_identity(opt, nmf_matrix_rows(a),
                                 nmf_matrix_cols(a),
                                 nmfi_checkpoint_data_hash(a, mask),
                                 rc->identity);
    if (rc->resume) {
        nmf_status s = nmfi_checkpoint_load(rc->resume, &rc->loaded);
        if (s == NMF_OK)
            s = nmfi_checkpoint_match(rc->resume, rc->loaded.identity,
                                      rc->identity);
        if (s == NMF_OK && rc->loaded.st.iterations >= opt->max_iter)
            s = nmfi_error(NMF_E_INVAL, "%s: nothing to resume: it holds"
                           " %d iterations and -n is %d; a larger -n goes"
                           " on", rc->resume, rc->loaded.st.iterations,
                           opt->max_iter);
        if (s != NMF_OK)
            return s;
        opt->resume = &rc->loaded.st;
    }
    if (rc->checkpoint) {
        opt->checkpoint = save;
        opt->checkpoint_ctx = rc;
        opt->checkpoint_every = rc->every;
    }
    handlers_install();
    opt->interrupt = &caught;
    return NMF_OK;
}

int run_control_end(run_control *rc, nmf_status *s, const nmf_result *r)
{
    handlers_restore();
    int sig = caught;
    if (*s != NMF_OK) {
        if (rc->saves) {
            char why[512];
            snprintf(why, sizeof why, "%s", nmf_last_error());
            *s = nmfi_error(*s, "%s; the last good checkpoint (iteration %d)"
                            " is kept in %s", why, rc->last_saved,
                            rc->checkpoint);
        }
        return EXIT_OK;
    }
    if (r->stop != NMF_STOP_INTERRUPTED)
        return EXIT_OK;
    const char *name = signal_name(sig);
    if (rc->checkpoint)
        cli_error(rc->cmd, "interrupted (%s) after iteration %d; outputs so"
                  " far written, state saved in %s: the same command with"
                  " --resume %s goes on", name, r->iterations,
                  rc->checkpoint, rc->checkpoint);
    else
        cli_error(rc->cmd, "interrupted (%s) after iteration %d; outputs so"
                  " far written (--checkpoint FILE lets a run go on)", name,
                  r->iterations);
    return signal_exit(sig);
}

void run_control_watch(run_control *rc, nmf_options *opt)
{
    opt->keep_subnormals = rc->keep_subnormals;
    handlers_install();
    opt->interrupt = &caught;
}

nmf_status run_control_begin_study(run_control *rc, const nmf_matrix *a,
                                   const nmf_matrix *mask, nmf_options *opt,
                                   const char *study, nmfi_journal *j)
{
    nmfi_journal_identity(opt, nmf_matrix_rows(a), nmf_matrix_cols(a),
                          nmfi_checkpoint_data_hash(a, mask), study,
                          rc->identity);
    nmf_status s = nmfi_journal_open(j, rc->checkpoint, rc->resume,
                                     rc->identity);
    if (s == NMF_OK)
        run_control_watch(rc, opt);
    return s;
}

int run_control_end_study(run_control *rc, int interrupted, size_t done,
                          size_t total)
{
    handlers_restore();
    if (!interrupted)
        return EXIT_OK;
    int sig = caught;
    const char *name = signal_name(sig);
    if (rc->checkpoint)
        cli_error(rc->cmd, "interrupted (%s) after %zu of %zu fits, nothing"
                  " written; they are recorded in %s: the same command"
                  " with --resume %s goes on", name, done, total,
                  rc->checkpoint, rc->checkpoint);
    else
        cli_error(rc->cmd, "interrupted (%s) after %zu of %zu fits, nothing"
                  " written (--checkpoint FILE lets a study go on)", name,
                  done, total);
    return signal_exit(sig);
}

void run_control_free(run_control *rc)
{
    nmfi_checkpoint_free(&rc->loaded);
}
