/* api.c -- nmf_fit_mpi, the library's distributed fit: setup, run and
 * write (dist/dist.h) in one call. */
#include <config.h>

#include <string.h>

#include "core/error.h"
#include "dist/dist.h"
#include "nmfkit_mpi.h"

nmf_status nmf_fit_mpi(MPI_Comm comm, const char *a_npy, int transpose,
                       const nmf_options *opt, int pr, int pc,
                       const char *w_npy, const char *h_npy,
                       nmf_result *result)
{
    memset(result, 0, sizeof *result);
    int size;
    MPI_Comm_size(comm, &size);
    nmf_status s = NMF_OK;
    if (!a_npy || !w_npy || !h_npy || !opt)
        s = nmfi_error(NMF_E_INVAL, "nmf_fit_mpi: a file name or the"
                       " options are NULL");
    else if ((pr == 0) != (pc == 0) || pr < 0 || pc < 0)
        s = nmfi_error(NMF_E_INVAL, "nmf_fit_mpi: the grid %d x %d is"
                       " neither 0 x 0 (the best) nor a grid", pr, pc);
    s = nmfi_dist_agree(comm, s);
    if (s != NMF_OK)
        return s;
    nmfi_dist x;
    nmfi_dist_input in = {a_npy, transpose, NULL, NULL};
    s = nmfi_dist_setup(comm, &in, opt, pr, pc, &x);
    if (s != NMF_OK)
        return s;
    s = nmfi_dist_run(&x, opt);
    if (s == NMF_OK)
        s = nmfi_dist_write(&x, w_npy, h_npy);
    if (s == NMF_OK) {
        *result = x.res;
        memset(&x.res, 0, sizeof x.res);
    }
    nmfi_dist_free(&x);
    return s;
}
