/* cmd_images.c -- `nmfkit images`: NMF of an image set (the generated
 * sprites by default, or a sheet or folder of PNGs): originals, mean image,
 * basis images, reconstructions, convergence for several d, the parts table
 * for the generated sprites, and the report page. */
#include <config.h>

#include <stdio.h>

#include "cli/cli.h"
#include "cli/image_args.h"
#include "cli/solver_args.h"

static const cli_opt own_opts[] = {
    {'d', "rank", 'd', "K", "rank of the main fit (default 64)"},
    {IMAGE_OPT_RANKS, "d", 0, "LIST",
     "ranks of the convergence plot (default 16,32,64)"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {
    own_opts, image_opts, solver_opts, image_opts_tail, NULL};

static const cli_spec spec = {
    "images", "[INPUT] -o DIR [-d K] [options]",
    "Factor the RGB of a set of RGBA images (alpha is kept aside and restored\n"
    "when drawing) and write figures, DIR/report/index.html and\n"
    "DIR/summary.json.\n" IMAGE_ARGS_INPUT,
    tables, NULL, "INPUT", 0, 1,
};

int cmd_images(int argc, char **argv)
{
    image_args ia;
    int rc = image_args_parse(&spec, argc, argv, &ia);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
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
               nmf_solver_name(ia.p.fit.opt.solver), nmf_stop_name(r.stop));
        printf("pixels transparent in every image: %zu\n",
               r.transparent_everywhere);
        printf("wall time %.2f s; report: %s/report/index.html\n", r.seconds,
               ia.p.outdir);
    }
    return EXIT_OK;
}
