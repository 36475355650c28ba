/* options.c -- defaults of the solver options (the reference algorithm's). */
#include <config.h>

#include <string.h>

#include "nmfkit.h"

void nmf_options_init(nmf_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->d = 1;
    opt->max_iter = 1000;
    opt->seed = 1;
    opt->delta = NMF_DELTA_DEFAULT;
    opt->threads = 0;
    opt->low_memory = 0;
}
