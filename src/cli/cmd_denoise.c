/* cmd_denoise.c -- `nmfkit denoise`: the reference noise model on an image
 * set, NMF fitted to the noisy images, and its error against the clean
 * ones: does a low-rank fit remove noise? */
#include <config.h>

#include <stdio.h>

#include "cli/cli.h"
#include "cli/image_args.h"
#include "cli/solver_args.h"

static const cli_opt own_opts[] = {
    {IMAGE_OPT_SIGMA, "sigma", 0, "S", "noise level (default 0.1)"},
    {'d', "rank", 'd', "K", "rank (default 64)"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {
    own_opts, image_opts, solver_opts, image_opts_tail, NULL};

static const cli_spec spec = {
    "denoise", "[INPUT] -o DIR [--sigma S] [-d K] [options]",
    "Add Gaussian noise sigma N(0,1) to the visible, non-zero colour channels\n"
    "(clipped to [0, 1]), fit NMF to the noisy images and measure the fit\n"
    "against the clean images.\n" IMAGE_ARGS_INPUT,
    tables, NULL, "INPUT", 0, 1,
};

int cmd_denoise(int argc, char **argv)
{
    image_args ia;
    int rc = image_args_parse(&spec, argc, argv, &ia);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    nmfi_image_results r;
    nmf_status s = nmfi_study_denoise(&ia.p, &r);
    progress_done(&ia.bar);
    if (s != NMF_OK)
        return cli_fail("denoise", s);
    if (!ia.quiet) {
        printf("%s: %zu images, sigma = %g, d = %zu\n", ia.p.input,
               r.n_images, ia.p.sigma, ia.p.d);
        printf("||A_noisy - A||_F = %.6g (relative %.6f)\n", r.noisy_error,
               r.noisy_rel);
        printf("||A - WH||_F      = %.6g (relative %.6f), W H fitted to the"
               " noisy images\n", r.denoised_error, r.denoised_rel);
        printf("wall time %.2f s; report: %s/report/index.html\n", r.seconds,
               ia.p.outdir);
    }
    return EXIT_OK;
}
