/* cmd_sweep.c -- `nmfkit sweep`: for each d, the clean fit and the fit to
 * noisy images, both measured against the clean images; the noisy fit's
 * U-curve names the best d. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/image_args.h"
#include "cli/run_control.h"
#include "cli/solver_args.h"

static const cli_opt own_opts[] = {
    {IMAGE_OPT_RANKS, "d", 0, "LIST", "ranks (default 16,32,64,128,256)"},
    {IMAGE_OPT_SIGMA, "sigma", 0, "S", "noise level (default 0.1)"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {
    own_opts, image_opts, solver_opts, image_opts_tail, study_run_opts,
    NULL};

static const cli_spec spec = {
    "sweep", "[INPUT] -o DIR [--d LIST] [--sigma S] [options]",
    "For each rank d, fit NMF to the clean and to the noisy images and measure\n"
    "both against the clean images; write DIR/sweep.csv, the plot and the\n"
    "report, and name the d with the lowest noisy-fit error.\n" IMAGE_ARGS_INPUT,
    tables, NULL, "INPUT", 0, 1,
};

int cmd_sweep(int argc, char **argv)
{
    image_args ia;
    int rc = image_args_parse(&spec, argc, argv, &ia);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    nmfi_image_results r;
    nmfi_journal journal;
    memset(&journal, 0, sizeof journal);
    ia.p.journal = &journal;
    ia.p.journal_save = ia.rc.checkpoint;
    ia.p.journal_resume = ia.rc.resume;
    run_control_watch(&ia.rc, &ia.p.fit.opt);
    nmf_status s = nmfi_study_sweep(&ia.p, &r);
    progress_done(&ia.bar);
    /* Two fits per d, each rank's pair journaled together. */
    int code = run_control_end_study(&ia.rc, s == NMF_OK && r.interrupted,
                                     2 * journal.count, 2 * ia.p.nds);
    nmfi_journal_free(&journal);
    if (s != NMF_OK)
        return cli_fail("sweep", s);
    if (r.interrupted)
        return code;
    if (!ia.quiet) {
        printf("%s: %zu images, sigma = %g; noisy images at relative error"
               " %.6f\n", ia.p.input, r.n_images, ia.p.sigma, r.noisy_rel);
        printf("best d = %zu: noisy fit at relative error %.6f against the"
               " clean images\n", r.best_d, r.best_noisy_fit_rel);
        printf("wall time %.2f s; table: %s/sweep.csv; report:"
               " %s/report/index.html\n", r.seconds, ia.p.outdir,
               ia.p.outdir);
    }
    return EXIT_OK;
}
