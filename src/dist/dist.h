/* dist.h -- the distributed solver on MPI (./configure --with-mpi):
 * MPI-FAUN's MU and HALS (and their repeated-update forms) on a pr x pc
 * grid of ranks, each running the serial kernels on its block with its
 * own OpenMP threads.
 *
 * One iteration, for rank (i, j) holding A_ij, its rows of W and its
 * columns of H (dist/grid.h):
 *
 *   W_i   = all-gather of the W rows over grid row i        (pc ranks)
 *   W'A   = W_i' A_ij, reduce-scattered over grid column j   (pr ranks)
 *           to the rank's columns; H <- rule(H, W'A, W'W) forming its
 *           part of H H'; all-reduce of H H'                 (all P)
 *   H_j   = all-gather of the H columns over grid column j
 *   A H'  = H_j A_ij', reduce-scattered over grid row i to the rank's
 *           rows; W <- rule(W, A H', H H') forming its part of W'W and
 *           <W, A H'>; one all-reduce of both               (all P)
 *   error = sqrt(||A||^2 - 2 <W, AH'> + <W'W, HH'>), the serial loop's
 *           identity; rank 0's stopping decision is broadcast.
 *
 * Neither A nor a whole factor is ever held by one rank: A is read by
 * block from the .npy file, W.npy and H.npy are written by each rank at
 * its own offsets (MPI-IO). The start is the serial one, each rank
 * jumping to its entries in the seeded stream (nmf/init.h). Every
 * collective's summation order is fixed by P and the grid, and the local
 * kernels do not depend on the thread count: for a fixed P and grid the
 * results are bitwise the same for any thread count. Against the serial
 * fit they agree to rounding (the sums run in another order). */
#ifndef NMFI_DIST_H
#define NMFI_DIST_H

#include <mpi.h>

#include "dist/grid.h"
#include "nmfkit.h"

#if NMF_REAL_IS_DOUBLE
#define NMFI_MPI_REAL MPI_DOUBLE
#else
#define NMFI_MPI_REAL MPI_FLOAT
#endif

/* The steps of an iteration, computing and communicating apart. */
typedef enum nmfi_dist_step {
    NMFI_DIST_W_GATHER,   /* all-gather of W_i                      comm */
    NMFI_DIST_WTA,        /* W_i' A_ij                                   */
    NMFI_DIST_WTA_SUM,    /* reduce-scatter of W'A                  comm */
    NMFI_DIST_UPDATE_H,   /* H's update, its part of H H'                */
    NMFI_DIST_HHT_SUM,    /* all-reduce of H H'                     comm */
    NMFI_DIST_H_GATHER,   /* all-gather of H_j                      comm */
    NMFI_DIST_AHT,        /* H_j A_ij'                                   */
    NMFI_DIST_AHT_SUM,    /* reduce-scatter of A H'                 comm */
    NMFI_DIST_UPDATE_W,   /* W's update, its part of W'W, <W, AH'>       */
    NMFI_DIST_WTW_SUM,    /* all-reduce of W'W and <W, AH'>         comm */
    NMFI_DIST_STOP,       /* the error, rank 0's decision broadcast comm */
    NMFI_DIST_STEP_COUNT
} nmfi_dist_step;

const char *nmfi_dist_step_name(int step);
int nmfi_dist_step_is_comm(int step);

typedef struct nmfi_dist_profile {
    double seconds[NMFI_DIST_STEP_COUNT];  /* this rank, summed          */
    double flops[NMFI_DIST_STEP_COUNT];    /* this rank's local work     */
    double words[NMFI_DIST_STEP_COUNT];    /* words this rank sent, by
                                              the bandwidth terms       */
    int iterations;
    double loop_seconds;
    long updated_h, updated_w;             /* this rank's columns of H
                                              and rows of W updated,
                                              repeats included          */
} nmfi_dist_profile;

/* Where the data come from. */
typedef struct nmfi_dist_input {
    const char *path;       /* A, a .npy file                         */
    int transpose;          /* A is the file's transpose              */
    const char *init_w;     /* optional W0 (.npy, m x d), or NULL      */
    const char *init_h;     /* optional H0 (.npy, d x n), or NULL      */
} nmfi_dist_input;

/* One rank's part of a distributed fit. */
typedef struct nmfi_dist {
    MPI_Comm all, row, col;   /* the world, grid row i, grid column j  */
    nmfi_layout lay;
    size_t d;
    nmf_matrix *a;            /* A_ij                                  */
    nmf_matrix *w;            /* this rank's rows of W (w_rows x d)    */
    nmf_matrix *h;            /* its columns of H (d x h_cols)         */
    nmf_matrix *w0, *h0;      /* their given starts (init_w, init_h),
                                 or NULL: the random start's          */
    struct nmfi_dist_work *work; /* the loop's buffers and A', made by
                                    the first run, kept for restarts   */
    double norm_a2, mean_a;   /* ||A||^2 and mean(A), summed at setup   */
    double t0;                /* when the fit began (the read included) */
    double read_seconds;      /* reading A_ij and the starts            */
    nmf_result res;           /* history, stop, ||A||; res.w, res.h NULL */
    nmfi_dist_profile prof;
} nmfi_dist;

/* Every rank's status s, agreed: NMF_OK when all are, else the status of
 * the lowest failing rank, whose message becomes every rank's last error
 * (so rank 0 can print it). Collective over comm. */
nmf_status nmfi_dist_agree(MPI_Comm comm, nmf_status s);

/* The grid (pr = 0: the best for A and d), the communicators and this
 * rank's block of A and its given starts, read and checked; collective,
 * its status agreed. */
nmf_status nmfi_dist_setup(MPI_Comm comm, const nmfi_dist_input *in,
                           const nmf_options *opt, int pr, int pc,
                           nmfi_dist *x);

/* The fit, opt as nmf_fit takes it (Frobenius loss, random start or the
 * given ones, no mask; opt->progress is called on rank 0 only), from the
 * start again on every call (restarts: another seed); collective, its
 * status the same on every rank. A checkpoint or resume is per rank:
 * opt->checkpoint gets this rank's rows of W and columns of H with the
 * (global) Gram matrices and history, and opt->resume must be such a
 * state, saved by the same rank of the same grid. */
nmf_status nmfi_dist_run(nmfi_dist *x, const nmf_options *opt);

/* What this rank will hold for the fit, in bytes: its block of A as
 * read (input), A' (copies), its slices of W and H and the given starts
 * (factors), and the gathered factors, products and Gram matrices
 * (work); the GEMM's packing buffers are not counted. */
void nmfi_dist_memory(const nmfi_dist *x, const nmf_options *opt,
                      nmf_memory *mem);

/* W (m x d) and H (d x n) into the .npy files at wpath and hpath, as
 * nmf_write_npy writes them, each rank its own rows and columns;
 * collective, its status agreed. */
nmf_status nmfi_dist_write(nmfi_dist *x, const char *wpath,
                           const char *hpath);

void nmfi_dist_free(nmfi_dist *x);
/* The loop's buffers, for nmfi_dist_free (dist/fit.c). */
void nmfi_dist_work_free(nmfi_dist *x);

#endif
