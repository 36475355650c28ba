/* main.c -- the nmfkit program: finds the subcommand and hands over.
 * Options are parsed by each cmd_*.c; statuses become exit codes here
 * (0 ok, 2 bad input, 1 internal). */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "dist/grid.h"

#ifdef NMF_HAVE_MPI
#include <mpi.h>
#endif

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"factor", cmd_factor, "factor a non-negative matrix: A ~ W H (Lee-Seung MU)"},
    {"transform", cmd_transform, "H for new columns with a learned W fixed"},
    {"select", cmd_select, "choose d by cross-validation on held-out entries"},
    {"rank", cmd_rank, "singular values and numerical rank of a matrix"},
    {"images", cmd_images, "NMF of an image set: basis images, reconstructions, report"},
    {"denoise", cmd_denoise, "add noise to images, fit NMF, compare with the clean images"},
    {"sweep", cmd_sweep, "error against d for clean and noisy fits (the U-curve)"},
    {"compress", cmd_compress, "one image as a matrix: reconstructions, PSNR and size over ranks"},
    {"cluster", cmd_cluster, "cluster waveforms by the argmax of H (and k-means)"},
    {"ae", cmd_ae, "NMF against a convolutional autoencoder on faces, fairly"},
    {"toy", cmd_toy, "the reference text's first exercise on the toy matrices A1-A4"},
    {"bench", cmd_bench, "the GEMM lab: roofline, every step, iteration phases, thread scaling"},
    {"sprites", cmd_sprites, "generate the CryptoPunks-like sprite set with its true parts"},
};
static const size_t ncommands = sizeof commands / sizeof commands[0];

static void usage(FILE *out)
{
    fprintf(out, "Usage: nmfkit COMMAND [OPTIONS]\n"
                 "Non-negative matrix factorization without BLAS "
                 "(nmf_real = %s).\n\nCommands:\n", NMF_REAL_NAME);
    for (size_t i = 0; i < ncommands; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'nmfkit COMMAND --help' describes a command.\n");
}

/* Under an MPI launcher, `factor` runs distributed (cli/factor.h); the
 * other commands run on one rank only. A build without MPI refuses to
 * run one whole copy per rank, all writing the same files. */
static int run(const command *c, int argc, char **argv)
{
    int launched = nmfi_dist_launched_size();
#ifdef NMF_HAVE_MPI
    if (launched > 0) {
        int provided, rank, size;
        /* Only the main thread calls MPI; OpenMP works between calls. */
        MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        int code;
        if (size > 1 && c->run != cmd_factor) {
            if (rank == 0)
                fprintf(stderr, "nmfkit %s: runs on one rank; only factor"
                        " runs distributed (mpirun -np 1, or no mpirun)\n",
                        c->name);
            code = EXIT_BAD_INPUT;
        } else
            code = c->run(argc - 1, argv + 1);
        MPI_Finalize();
        return code;
    }
#else
    if (launched > 1) {
        fprintf(stderr, "nmfkit: started as %d ranks, but this build has no"
                " MPI (./configure --with-mpi): each would run the whole"
                " %s\n", launched, c->name);
        return EXIT_BAD_INPUT;
    }
#endif
    return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_BAD_INPUT;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(name, "--version")) {
        printf("%s (nmf_real = %s)\n", PACKAGE_STRING, NMF_REAL_NAME);
        return EXIT_OK;
    }
    for (size_t i = 0; i < ncommands; i++)
        if (!strcmp(name, commands[i].name))
            return run(&commands[i], argc, argv);
    fprintf(stderr, "nmfkit: unknown command '%s' (try 'nmfkit --help')\n",
            name);
    return EXIT_BAD_INPUT;
}
