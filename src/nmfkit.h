/* nmfkit.h -- the one public header of libnmfkit.
 *
 * Non-negative matrix factorization A ~ W H (W, H >= 0) without BLAS.
 * Conventions (see DESIGN.md): A is m x n with samples as columns, W is m x d,
 * H is d x n; matrices are column-major with a leading dimension and 64-byte
 * aligned columns; nmf_real is float unless built with --enable-double.
 * Every exported symbol starts with nmf_.
 */
#ifndef NMFKIT_H
#define NMFKIT_H

#include <stddef.h>
#include <stdint.h>

#include "nmfkit_real.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status ------------------------------------------------------------ */

typedef enum nmf_status {
    NMF_OK = 0,
    NMF_E_INVAL,    /* bad argument or bad value in the input          */
    NMF_E_IO,       /* cannot open, read or write a file               */
    NMF_E_FORMAT,   /* file content is not what its format requires    */
    NMF_E_NOMEM,    /* allocation failed                               */
    NMF_E_INTERNAL  /* a bug: please report                            */
} nmf_status;

/* A one-line description of the last error raised in this thread, naming the
 * file and the problem where there is one ("" if none). */
const char *nmf_last_error(void);
const char *nmf_status_string(nmf_status s);

/* ---- Matrices ---------------------------------------------------------- */

/* Opaque: rows, cols, leading dimension and 64-byte aligned storage. */
typedef struct nmf_matrix nmf_matrix;

/* rows x cols, zero-filled; ld is rows rounded up to whole 64-byte lines. */
nmf_matrix *nmf_matrix_new(size_t rows, size_t cols);
void nmf_matrix_free(nmf_matrix *a);
nmf_matrix *nmf_matrix_copy(const nmf_matrix *a);

size_t nmf_matrix_rows(const nmf_matrix *a);
size_t nmf_matrix_cols(const nmf_matrix *a);
size_t nmf_matrix_ld(const nmf_matrix *a);
nmf_real *nmf_matrix_data(nmf_matrix *a);
const nmf_real *nmf_matrix_cdata(const nmf_matrix *a);
nmf_real nmf_matrix_get(const nmf_matrix *a, size_t i, size_t j);
void nmf_matrix_set(nmf_matrix *a, size_t i, size_t j, nmf_real v);

/* NMF_E_INVAL naming the first entry that is negative, NaN or infinite;
 * `what` names the matrix in the message (e.g. the file name). */
nmf_status nmf_matrix_check_nonneg(const nmf_matrix *a, const char *what);

/* Frobenius norm, accumulated in double. */
double nmf_matrix_norm(const nmf_matrix *a);

/* ---- Files -------------------------------------------------------------- */

/* CSV as numpy.savetxt writes it: one matrix row per line, separated by
 * commas (or blanks), '#' starts a comment. */
nmf_status nmf_read_csv(const char *path, nmf_matrix **out);
nmf_status nmf_write_csv(const char *path, const nmf_matrix *a);

/* NumPy .npy, 2-D (1-D read as a column), float32 or float64, C or Fortran
 * order; written as Fortran-order arrays of nmf_real. */
nmf_status nmf_read_npy(const char *path, nmf_matrix **out);
nmf_status nmf_write_npy(const char *path, const nmf_matrix *a);

/* Picks the reader by extension (.csv, .txt, .npy). */
nmf_status nmf_read_matrix(const char *path, nmf_matrix **out);

/* ---- Dense products ----------------------------------------------------- */

typedef enum nmf_trans { NMF_NOTRANS = 0, NMF_TRANS = 1 } nmf_trans;

/* C = op(A) op(B) + beta C, column-major, op(A) m x k, op(B) k x n.
 * beta = 0 overwrites C without reading it. Uses the fastest kernel step. */
void nmf_gemm(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k,
              const nmf_real *a, size_t lda, const nmf_real *b, size_t ldb,
              nmf_real beta, nmf_real *c, size_t ldc);

/* ---- Singular values ----------------------------------------------------- */

/* All min(m, n) singular values of A, descending, by one-sided Jacobi in
 * double precision. `s` must hold min(m, n) values. */
nmf_status nmf_singular_values(const nmf_matrix *a, double *s);

/* Numerical rank: count of s[i] > tol, with tol = max(m, n) * eps * s[0]
 * and eps the machine epsilon of nmf_real (numpy.linalg.matrix_rank's rule). */
size_t nmf_numerical_rank(const double *s, size_t count, size_t m, size_t n);

/* ---- NMF: Lee-Seung multiplicative updates ------------------------------- */

/* Called after each iteration with the 1-based iteration number and the
 * error ||A - W_k H_k||_F (for progress display; the run always makes
 * max_iter iterations, as the reference algorithm does). */
typedef void (*nmf_progress_fn)(void *ctx, int iter, int max_iter,
                                double error);

/* Where the time of nmf_mu goes, summed over the run: one entry per step
 * of an iteration, each with its wall time and its floating-point work
 * (multiply and add counted separately, as GFLOP/s figures count them). */
typedef enum nmf_profile_step {
    NMF_STEP_WTA,       /* W'A       (GEMM, 2 m n d)                       */
    NMF_STEP_UPDATE_H,  /* H <- H .* W'A ./ (W'W H + delta), then H H' of
                           the new H from the same tiles      (4 d^2 n)    */
    NMF_STEP_AHT,       /* A H'      (GEMM, 2 m n d)                       */
    NMF_STEP_UPDATE_W,  /* W <- W .* A H' ./ (W H H' + delta), then W'W
                           of the new W and <W, A H'>  (4 m d^2 + 2 m d)   */
    NMF_STEP_WTW,       /* W'W of the start, once (GEMM, 2 m d^2)          */
    NMF_STEP_ERROR,     /* ||A - WH||_F from the terms at hand (2 d^2),
                           and ||A||^2 once (2 m n)                        */
    NMF_STEP_COPY_A,    /* A' for A H', once unless low_memory (no flops)  */
    NMF_STEP_COUNT
} nmf_profile_step;

typedef struct nmf_profile {
    double seconds[NMF_STEP_COUNT];
    double flops[NMF_STEP_COUNT];
    int iterations;
    double loop_seconds;  /* wall time of the iterations alone: no input
                             check, start, allocation, first W'W or
                             ||A||^2 (what a per-iteration figure means) */
} nmf_profile;

/* A short name of the step ("W'A", "update H+HH'", ...). */
const char *nmf_profile_step_name(nmf_profile_step step);

typedef struct nmf_options {
    size_t d;                /* inner dimension (rank), >= 1              */
    int max_iter;            /* fixed number of iterations, >= 1           */
    uint64_t seed;           /* seed of the uniform initialisation         */
    double delta;            /* safe-division delta, in [1e-12, 1e-3]      */
    int threads;             /* 0: OpenMP's default                        */
    int low_memory;          /* 1: no transposed copy of A (as big as A);
                                A H' then reads A along its rows, slower   */
    const nmf_matrix *init_w; /* optional m x d start (copied, not owned)  */
    const nmf_matrix *init_h; /* optional d x n start                      */
    nmf_progress_fn progress; /* optional                                  */
    void *progress_ctx;
    nmf_profile *profile;     /* optional: filled by nmf_mu (timing costs
                                 one clock read per step)                 */
} nmf_options;

#define NMF_DELTA_DEFAULT 1e-9
#define NMF_DELTA_MIN 1e-12
#define NMF_DELTA_MAX 1e-3

/* d = 1, max_iter = 1000, seed = 1, delta = 1e-9, threads = 0,
 * low_memory = 0. */
void nmf_options_init(nmf_options *opt);

/* Factor A (non-negative, m x n) with Lee-Seung MU: W0, H0 ~ U(0,1) scaled
 * by sqrt(mean(A)/d) unless given; then max_iter times H <- H.*(W'A)./(W'WH+delta),
 * W <- W.*(AH')./(WHH'+delta). On success *w (m x d) and *h (d x n) are new
 * matrices owned by the caller, and history[k-1] = ||A - W_k H_k||_F for
 * k = 1..max_iter if history is not NULL (it must hold max_iter values). */
nmf_status nmf_mu(const nmf_matrix *a, const nmf_options *opt,
                  nmf_matrix **w, nmf_matrix **h, double *history);

/* Uniform start of the reference algorithm: entries U(0,1) * sqrt(mean/d),
 * W filled column by column first, then H, from one stream seeded by seed. */
nmf_status nmf_init_uniform(double mean_a, uint64_t seed,
                            nmf_matrix *w, nmf_matrix *h);

/* ||A - W H||_F computed exactly, tile by tile (no m x n temporary);
 * NaN (with nmf_last_error set) if the shapes do not match. */
double nmf_residual_norm(const nmf_matrix *a, const nmf_matrix *w,
                         const nmf_matrix *h);

#ifdef __cplusplus
}
#endif

#endif /* NMFKIT_H */
