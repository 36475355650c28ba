/* cmd_images.c -- `nmfkit images`: NMF of an image set (the generated
 * sprites by default, or a sheet or folder of PNGs): originals, mean image,
 * basis images, reconstructions, convergence for several d, the parts table
 * for the generated sprites, and the report page. */
#include <config.h>

#include <stdio.h>

#include "cli/cli.h"
#include "cli/image_args.h"

static void usage(FILE *out)
{
    fprintf(out,
"Usage: nmfkit images [INPUT] -o DIR [-d K] [options]\n"
"Factor the RGB of a set of RGBA images (alpha is kept aside and restored\n"
"when drawing) and write figures, DIR/report/index.html and\n"
"DIR/summary.json.\n\n"
"  -d, --rank K        rank of the main fit (default 64)\n"
"      --d LIST        ranks of the convergence plot (default 16,32,64)\n");
    image_args_usage(out);
}

int cmd_images(int argc, char **argv)
{
    image_args ia;
    int rc = image_args_parse("images", argc, argv, &ia);
    if (rc != 0) {
        if (rc < 0)
            usage(stdout);
        return rc < 0 ? EXIT_OK : rc;
    }
    nmfi_image_results r;
    nmf_status s = nmfi_study_images(&ia.p, &r);
    progress_done(&ia.bar);
    if (s != NMF_OK)
        return cli_fail("images", s);
    if (!ia.quiet) {
        printf("%s: %zu images, A is %zu x %zu\n", ia.p.input, r.n_images,
               r.m, r.n_images);
        printf("d = %zu: ||A - WH||_F / ||A||_F = %.6f after %d iterations"
               " of %s (stopped by %s)\n", ia.p.d, r.rel_error, r.iterations,
               nmf_solver_name(ia.p.fit.solver), nmf_stop_name(r.stop));
        printf("pixels transparent in every image: %zu\n",
               r.transparent_everywhere);
        printf("wall time %.2f s; report: %s/report/index.html\n", r.seconds,
               ia.p.outdir);
    }
    return EXIT_OK;
}
