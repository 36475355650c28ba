/* nmfkit_mpi.h -- the distributed fit, in a libnmfkit built with MPI
 * (./configure --with-mpi): A read by block from a .npy file, each rank
 * holding one block of it and fitting with the serial kernels and its
 * own OpenMP threads, W and H written by block into .npy files. The
 * layout and its communication are described in doc/distributed.md. */
#ifndef NMFKIT_MPI_H
#define NMFKIT_MPI_H

#include <mpi.h>

#include "nmfkit.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Collective over comm (MPI initialised, at least MPI_THREAD_FUNNELED
 * when OpenMP runs more than one thread). Factors the matrix in a_npy
 * (its transpose with `transpose`) as nmf_fit would, from the same
 * start: opt's Frobenius loss, random start, solvers, penalties,
 * tolerances and threads (per rank); no mask, NNDSVD or KL;
 * opt->init_w and opt->init_h must be NULL. opt->checkpoint is called on
 * every rank with that rank's part of the state (its rows of W, its
 * columns of H, the whole Gram matrices and history), and opt->resume
 * must be the part this rank saved, on the same grid. The ranks sit on
 * a pr x pc grid (pr = pc = 0: the grid that sends the fewest words).
 * W (m x d) and H (d x n) are written to w_npy and h_npy as
 * nmf_write_npy writes them (each rank its own rows and columns: a file
 * system every rank sees). *result gets the history, the stop and ||A||
 * on every rank, with result->w and result->h NULL. The status is the
 * same on every rank, and so is nmf_last_error(). */
nmf_status nmf_fit_mpi(MPI_Comm comm, const char *a_npy, int transpose,
                       const nmf_options *opt, int pr, int pc,
                       const char *w_npy, const char *h_npy,
                       nmf_result *result);

#ifdef __cplusplus
}
#endif

#endif /* NMFKIT_MPI_H */
