/* memory.c -- nmf_fit_memory: the bytes a fit will hold, from the same
 * path rules the loops follow (fit.c, fit_tiles.c), counted as they
 * allocate: every matrix with its columns padded to 64 bytes. */
#include <config.h>

#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "kernels/blocking.h"
#include "kernels/update.h"
#include "core/threads.h"
#include "nmf/entries.h"
#include "nmf/entrywise.h"
#include "nmf/fit_loop.h"
#include "nmf/fit_tiles.h"
#include "nmf/kl_entries.h"
#include "nmf/missing.h"

/* Entry lists of q entries by column and by row (nmf/entries.h). */
static double entries(size_t m, size_t n, double q)
{
    return (double)(m + n + 2) * sizeof(size_t) + (double)m * sizeof(size_t)
           + 2.0 * q * (sizeof(uint32_t) + sizeof(nmf_real));
}

static double count_where(const nmf_matrix *x, int zero)
{
    double c = 0;
    for (size_t j = 0; j < x->cols; j++)
        for (size_t i = 0; i < x->rows; i++)
            c += (NMFI_AT(x, i, j) == 0) == zero;
    return c;
}

nmf_status nmf_fit_memory(const nmf_matrix *a, const nmf_options *opt,
                          nmf_memory *mem)
{
    memset(mem, 0, sizeof *mem);
    if (!a || opt->d < 1)
        return nmfi_error(NMF_E_INVAL, "nmf_fit_memory needs A and d >= 1");
    size_t m = a->rows, n = a->cols, d = opt->d;
    const nmf_matrix *mask = opt->mask;
    /* The shapes every path allocates: A and A', W and W', H, the Gram. */
    double amn = nmfi_matrix_bytes(m, n), anm = nmfi_matrix_bytes(n, m);
    double wmd = nmfi_matrix_bytes(m, d), wdm = nmfi_matrix_bytes(d, m);
    double hdn = nmfi_matrix_bytes(d, n), gdd = nmfi_matrix_bytes(d, d);
    mem->input = amn + (mask ? amn : 0);
    mem->factors = wmd + hdn;
    double missing = mask ? count_where(mask, 1) : 0;
    double big = m > n ? (double)m : (double)n;
    int corrected = mask && opt->loss == NMF_LOSS_FROBENIUS
                    && opt->solver == NMF_SOLVER_MU
                    && missing <= NMFI_MISSING_GRAM_SHARE * (double)m * n;
    if (mask)   /* the observed copy and the 0/1 mask (nmfi_observed) */
        mem->copies += 2 * amn;
    if (!nmfi_needs_tiles(opt) || corrected) {
        if (!opt->low_memory && nmfi_copy_pays(d))
            mem->copies += anm;
        size_t ph = nmfi_update_partials(n, d);
        size_t pw = nmfi_update_partials(m, d);
        mem->work = hdn + wmd + 3 * gdd
                    + (double)(ph > pw ? ph : pw) * sizeof(nmf_real)
                    + (double)d * sizeof(nmf_real);
        if (corrected)
            mem->work += hdn + wmd + 2 * wdm + (double)n * sizeof(double)
                         + entries(m, n, missing);
    } else {
        int sparse = opt->loss == NMF_LOSS_KL && !mask
                     && d <= NMFI_KL_ENTRIES_D_MAX && nmfi_kl_entries_pay(a);
        mem->work = hdn + big * sizeof(double) + 2 * wdm;
        if (sparse) {
            mem->work += entries(m, n, count_where(a, 0));
        } else {
            /* A' (and the mask's), H', and one block of scratch per
             * thread for the larger pass, kept by the thread's cache
             * (kernels/pack.h). */
            size_t sh = nmfi_pass_scratch(m, d), sw = nmfi_pass_scratch(n, d);
            int team = opt->threads > 0 ? opt->threads : nmfi_threads_max();
            mem->copies += anm + (mask ? anm : 0);
            mem->work += nmfi_matrix_bytes(n, d) + (double)d * sizeof(nmf_real)
                         + (double)team * (double)(sh > sw ? sh : sw);
        }
    }
    mem->total = mem->input + mem->copies + mem->factors + mem->work;
    return NMF_OK;
}
