/* fits.h -- how every study runs and reports its fits: the solver block
 * (nmfi_fit_block) that each study's parameters embed, one sentence that
 * names it, its keys in summary.json, a record of each fit (iterations
 * made, why it stopped, seconds, error) for summary.json and the report,
 * and the convergence figure, against the iterations or the seconds. */
#ifndef NMFI_FITS_H
#define NMFI_FITS_H

#include <stddef.h>
#include <stdio.h>

#include "nmfkit.h"
#include "report/html.h"
#include "report/json.h"

/* "hals (hierarchical ALS) from the nndsvda start, at most 1000
 * iterations, tolerance 1e-4, seed 1" into buf (the delta of mu and amu,
 * the time limit and the tolerance only where they apply). */
/* The solver block every study's parameters embed: the library's options
 * (solver, start, stopping rules, iterations, seed, delta, threads, and
 * the progress callback with its context) and `stage`, which names each
 * fit before it runs ("d = 64, noisy"), given the same context. */
typedef struct nmfi_fit_block {
    nmf_options opt;
    void (*stage)(void *ctx, const char *what);
} nmfi_fit_block;

/* nmf_options_init's defaults, no stage. */
void nmfi_fit_block_init(nmfi_fit_block *b);

/* The one filling of a fit's options from a study's block: the block's,
 * with rank d and no profile; names the fit `label` first. */
nmf_options nmfi_fit_options(const nmfi_fit_block *b, size_t d,
                             const char *label);

void nmfi_fit_describe(const nmf_options *opt, char *buf, size_t size);

/* The block's keys in summary.json: solver, init, iterations (the bound),
 * tol, max_time, seed, delta, threads. */
void nmfi_fit_json(nmfi_json *j, const nmf_options *opt);

/* One fit's record. */
typedef struct nmfi_fit_record {
    char what[64];        /* "d = 64, noisy", "rank 5"                   */
    size_t d;
    int iterations;       /* made                                        */
    nmf_stop stop;
    double seconds;       /* the fit's wall time                         */
    double rel_error;     /* the last history value over ||A||           */
} nmfi_fit_record;

void nmfi_fit_record_of(const nmf_result *r, size_t d, const char *what,
                        nmfi_fit_record *out);

/* history.csv of a fit: "iter,error,seconds", then one line per
 * iteration k: k, ||A - W_k H_k||_F, the seconds since the fit began.
 * NMF_E_IO if the stream has failed so far (closing reports the rest). */
nmf_status nmfi_fit_history_fp(FILE *fp, const nmf_result *r);

/* The records as the array "fits" in summary.json, and as a table of the
 * report ("Fits": what, d, iterations, stopped by, seconds, error). */
void nmfi_fit_records_json(nmfi_json *j, const nmfi_fit_record *rec,
                           size_t n);
void nmfi_fit_records_html(nmfi_html *html, const nmfi_fit_record *rec,
                           size_t n);

/* Convergence: ||A - W_k H_k||_F / ||A||_F after every iteration of each
 * fit (lengths may differ: a tolerance or time stop), against the
 * iteration (by_seconds 0) or the fit's wall time (1), log y; fit i is
 * labelled `label` followed by ranks[i] ("d = 16", "rank 5"). */
nmf_status nmfi_fig_convergence(const char *path, const char *label,
                                const size_t *ranks, const nmf_result *fits,
                                size_t n, int by_seconds, const char *title);

#endif
