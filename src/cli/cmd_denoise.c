/* cmd_denoise.c -- `nmfkit denoise`: the reference noise model on an image
 * set, NMF fitted to the noisy images, and its error against the clean
 * ones: does a low-rank fit remove noise? */
#include <config.h>

#include <stdio.h>

#include "cli/cli.h"
#include "cli/image_args.h"

static void usage(FILE *out)
{
    fprintf(out,
"Usage: nmfkit denoise [INPUT] -o DIR [--sigma S] [-d K] [options]\n"
"Add Gaussian noise sigma N(0,1) to the visible, non-zero colour channels\n"
"(clipped to [0, 1]), fit NMF to the noisy images and measure the fit\n"
"against the clean images.\n\n"
"      --sigma S       noise level (default 0.1)\n"
"  -d, --rank K        rank (default 64)\n");
    image_args_usage(out);
}

int cmd_denoise(int argc, char **argv)
{
    image_args ia;
    int rc = image_args_parse("denoise", argc, argv, &ia);
    if (rc != 0) {
        if (rc < 0)
            usage(stdout);
        return rc < 0 ? EXIT_OK : rc;
    }
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
