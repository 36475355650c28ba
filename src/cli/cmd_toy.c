/* cmd_toy.c -- `nmfkit toy`: the reference text's first exercise on the
 * shipped toy matrices A1-A4 (study/toy.h); this file parses the options
 * and prints the table a student compares with the hint. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "study/toy.h"

static const char *const CMD = "toy";

enum { O_SEED = 256, O_DATA };

static const cli_opt toy_opts[] = {
    {'o', "output", 'o', "DIR", "output folder (default out/toy)"},
    {'n', "iterations", 'n', "N", "MU iterations of every fit (default 2000)"},
    {O_SEED, "seed", 0, "S", "seeds of the two starts: S and S+1 (default 1)"},
    {O_DATA, "data", 0, "DIR",
     "where A1.csv ... A4.csv are (default: data/ in the\n"
     "source tree, else the installed copies)"},
    {0, NULL, 0, NULL, NULL},
};

static const cli_opt *const tables[] = {toy_opts, NULL};

static const cli_spec spec = {
    "toy", "[-o DIR] [-n N] [--seed S]",
    "The reference text's first exercise: fit the toy matrices A1 (the 2 x 2\n"
    "identity), A2 (3 x 2), A3 (3 x 3, rank 2) and A4 (3 x 3, rank 3) by MU at\n"
    "d = 1 and 2 from two random starts, to see what comes out unique (W H)\n"
    "and what does not (W and H); their singular values and rank; and the\n"
    "error against the iteration for d = 1, 2, 3 on A3 and A4. Writes\n"
    "DIR/summary.json, DIR/toy.csv and DIR/report/index.html.\n",
    tables, NULL, NULL, 0, 0,
};

typedef struct toy_args {
    nmfi_toy_params p;
    const char *data;
} toy_args;

static int option(void *ctx, int code, const char *v)
{
    toy_args *t = ctx;
    switch (code) {
    case 'o': t->p.outdir = v; return 0;
    case 'n':
        return args_int(CMD, "-n", v, 1, 10000000, &t->p.iterations)
                   ? EXIT_BAD_INPUT : 0;
    case O_SEED:
        return args_u64(CMD, "--seed", v, &t->p.seed) ? EXIT_BAD_INPUT : 0;
    case O_DATA: t->data = v; return 0;
    }
    return EXIT_BAD_INPUT;
}

int cmd_toy(int argc, char **argv)
{
    toy_args t;
    memset(&t, 0, sizeof t);
    t.p.outdir = "out/toy";
    t.p.iterations = 2000;
    t.p.seed = 1;
    size_t nargs = 0;
    int rc = cli_parse(&spec, argc, argv, option, &t, NULL, &nargs);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;

    char paths[NMFI_TOY_MATRICES][1024];
    for (int i = 0; i < NMFI_TOY_MATRICES; i++) {
        char name[16];
        snprintf(name, sizeof name, "A%d.csv", i + 1);
        if (t.data)
            snprintf(paths[i], sizeof paths[i], "%s/%s", t.data, name);
        else
            snprintf(paths[i], sizeof paths[i], "%s", cli_default_data(name));
        t.p.paths[i] = paths[i];
    }
    nmfi_toy_results r;
    nmf_status s = nmfi_study_toy(&t.p, &r);
    if (s == NMF_OK) {
        printf("%-3s %2s %5s %13s  %-9s %-9s\n", "A", "d", "seed",
               "||A - WH||_F", "same WH", "same W, H");
        for (int i = 0; i < NMFI_TOY_MATRICES; i++)
            for (int d = 0; d < NMFI_TOY_TABLE_D; d++)
                for (int k = 0; k < NMFI_TOY_STARTS; k++) {
                    const nmfi_toy_fit *f = &r.m[i].fit[d][k];
                    printf("%-3s %2zu %5llu %13.6g  %-9s %-9s\n",
                           r.m[i].name, f->d, (unsigned long long)f->seed,
                           f->error, r.m[i].same_wh[d] ? "yes" : "no",
                           r.m[i].same_factors[d] ? "yes" : "no");
                }
        for (int i = 0; i < NMFI_TOY_MATRICES; i++) {
            printf("%s: singular values", r.m[i].name);
            for (size_t k = 0; k < r.m[i].nsv; k++)
                printf(" %.6g", r.m[i].sv[k]);
            printf(", rank %zu\n", r.m[i].rank);
        }
        fprintf(stderr, "nmfkit toy: wrote %s/report/index.html\n",
                t.p.outdir);
    }
    nmfi_toy_results_free(&r);
    return s == NMF_OK ? EXIT_OK : cli_fail(CMD, s);
}
