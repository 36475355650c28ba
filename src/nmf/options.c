/* options.c -- defaults of the solver options (the reference algorithm's)
 * and the names of the solvers, starts and stop reasons, as the command
 * line, run.json and the reports spell them. */
#include <config.h>

#include <string.h>

#include "core/error.h"
#include "nmfkit.h"

static const char *const solver_names[NMF_SOLVER_COUNT] = {
    [NMF_SOLVER_MU] = "mu", [NMF_SOLVER_HALS] = "hals",
    [NMF_SOLVER_AHALS] = "ahals", [NMF_SOLVER_AMU] = "amu",
};
static const char *const init_names[NMF_INIT_COUNT] = {
    [NMF_INIT_RANDOM] = "random", [NMF_INIT_NNDSVD] = "nndsvd",
    [NMF_INIT_NNDSVDA] = "nndsvda", [NMF_INIT_NNDSVDAR] = "nndsvdar",
};
static const char *const stop_names[NMF_STOP_COUNT] = {
    [NMF_STOP_ITERATIONS] = "iterations", [NMF_STOP_TOLERANCE] = "tolerance",
    [NMF_STOP_TIME] = "time",
};

void nmf_options_init(nmf_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->d = 1;
    opt->solver = NMF_SOLVER_MU;
    opt->init = NMF_INIT_RANDOM;
    opt->max_iter = 1000;
    opt->seed = 1;
    opt->delta = NMF_DELTA_DEFAULT;
    opt->epsilon = NMF_EPSILON_DEFAULT;
    opt->accel_alpha = -1;
    opt->accel_delta = NMF_ACCEL_DELTA_DEFAULT;
}

const char *nmf_solver_name(nmf_solver solver)
{
    return (unsigned)solver < NMF_SOLVER_COUNT ? solver_names[solver] : "?";
}

const char *nmf_init_name(nmf_init init)
{
    return (unsigned)init < NMF_INIT_COUNT ? init_names[init] : "?";
}

const char *nmf_stop_name(nmf_stop stop)
{
    return (unsigned)stop < NMF_STOP_COUNT ? stop_names[stop] : "?";
}

/* The index of `name` among n names, or -1. */
static int find(const char *const *names, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (!strcmp(names[i], name))
            return i;
    return -1;
}

nmf_status nmf_solver_parse(const char *name, nmf_solver *out)
{
    int i = find(solver_names, NMF_SOLVER_COUNT, name);
    if (i < 0)
        return nmfi_error(NMF_E_INVAL, "unknown solver '%s' (mu, hals,"
                          " ahals or amu)", name ? name : "");
    *out = (nmf_solver)i;
    return NMF_OK;
}

nmf_status nmf_init_parse(const char *name, nmf_init *out)
{
    int i = find(init_names, NMF_INIT_COUNT, name);
    if (i < 0)
        return nmfi_error(NMF_E_INVAL, "unknown start '%s' (random, nndsvd,"
                          " nndsvda or nndsvdar)", name ? name : "");
    *out = (nmf_init)i;
    return NMF_OK;
}
