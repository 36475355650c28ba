/* options.c -- defaults of the solver options (the reference algorithm's)
 * and the names of the solvers, starts and stop reasons, as the command
 * line, run.json and the reports spell them. */
#include <config.h>

#include <string.h>

#include "core/error.h"
#include "nmfkit.h"

static const char *const loss_names[NMF_LOSS_COUNT] = {
    [NMF_LOSS_FROBENIUS] = "frobenius", [NMF_LOSS_KL] = "kl",
};
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
    [NMF_STOP_TIME] = "time", [NMF_STOP_INTERRUPTED] = "interrupted",
};

void nmf_options_init(nmf_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->d = 1;
    opt->solver = NMF_SOLVER_MU;
    opt->loss = NMF_LOSS_FROBENIUS;
    opt->init = NMF_INIT_RANDOM;
    opt->max_iter = 1000;
    opt->seed = 1;
    opt->delta = NMF_DELTA_DEFAULT;
    opt->epsilon = NMF_EPSILON_DEFAULT;
    opt->accel_alpha = -1;
    opt->accel_delta = NMF_ACCEL_DELTA_DEFAULT;
}

const char *nmf_loss_name(nmf_loss loss)
{
    return (unsigned)loss < NMF_LOSS_COUNT ? loss_names[loss] : "?";
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

/* The index of `name` among n names, or NMF_E_INVAL with the line
 * "'NAME' is not one of a, b, c", the choices read from the same table. */
static nmf_status parse(const char *const *names, int n, const char *name,
                        int *out)
{
    for (int i = 0; name && i < n; i++)
        if (!strcmp(names[i], name)) {
            *out = i;
            return NMF_OK;
        }
    char list[128] = "";
    for (int i = 0; i < n; i++) {
        strncat(list, names[i], sizeof list - strlen(list) - 1);
        if (i + 1 < n)
            strncat(list, ", ", sizeof list - strlen(list) - 1);
    }
    return nmfi_error(NMF_E_INVAL, "'%s' is not one of %s", name ? name : "",
                      list);
}

nmf_status nmf_loss_parse(const char *name, nmf_loss *out)
{
    int i = 0;
    nmf_status s = parse(loss_names, NMF_LOSS_COUNT, name, &i);
    if (s == NMF_OK)
        *out = (nmf_loss)i;
    return s;
}

nmf_status nmf_solver_parse(const char *name, nmf_solver *out)
{
    int i = 0;
    nmf_status s = parse(solver_names, NMF_SOLVER_COUNT, name, &i);
    if (s == NMF_OK)
        *out = (nmf_solver)i;
    return s;
}

nmf_status nmf_init_parse(const char *name, nmf_init *out)
{
    int i = 0;
    nmf_status s = parse(init_names, NMF_INIT_COUNT, name, &i);
    if (s == NMF_OK)
        *out = (nmf_init)i;
    return s;
}
