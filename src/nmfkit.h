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

#include <signal.h>
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
    NMF_E_INTERNAL, /* a bug: please report                            */
    NMF_E_NUMERIC   /* the iteration broke down: NaN or Inf arose in a
                       fit from finite input (values too large for
                       nmf_real), named by iteration                   */
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

/* ---- NMF: solvers, starts and stopping rules ------------------------------ */

typedef enum nmf_solver {
    NMF_SOLVER_MU = 0,  /* Lee-Seung multiplicative updates: the reference  */
    NMF_SOLVER_HALS,    /* hierarchical ALS, exact coordinate descent
                           (Cichocki & Phan 2009)                          */
    NMF_SOLVER_AHALS,   /* HALS with repeated inner sweeps (Gillis &
                           Glineur 2012)                                   */
    NMF_SOLVER_AMU,     /* MU with repeated inner updates (the same)       */
    NMF_SOLVER_COUNT
} nmf_solver;

typedef enum nmf_init {
    NMF_INIT_RANDOM = 0, /* the reference uniform start (nmf_init_uniform) */
    NMF_INIT_NNDSVD,     /* Boutsidis & Gallopoulos (2008), zeros kept      */
    NMF_INIT_NNDSVDA,    /* NNDSVD with its zeros set to mean(A)            */
    NMF_INIT_NNDSVDAR,   /* NNDSVD with its zeros set to U(0, mean(A)/100)  */
    NMF_INIT_COUNT
} nmf_init;

/* What the fit minimises. */
typedef enum nmf_loss {
    NMF_LOSS_FROBENIUS = 0, /* ||A - WH||_F^2 / 2                          */
    NMF_LOSS_KL,            /* the generalized Kullback-Leibler divergence
                               D(A || WH) = sum a log(a / p) - a + p over
                               the entries a > 0, p the entry of WH taken
                               as max(p, delta), plus p itself for each
                               a = 0 (0 log 0 = 0). Lee & Seung's MU for
                               it (2001); solver mu only                 */
    NMF_LOSS_COUNT
} nmf_loss;

/* Why a run ended. */
typedef enum nmf_stop {
    NMF_STOP_ITERATIONS = 0, /* it made max_iter iterations              */
    NMF_STOP_TOLERANCE,      /* the tolerance rule (nmf_options.tol)      */
    NMF_STOP_TIME,           /* the wall-clock budget (max_time)          */
    NMF_STOP_INTERRUPTED,    /* *opt->interrupt was set (a signal)        */
    NMF_STOP_COUNT
} nmf_stop;

/* "frobenius", "kl"; "mu", "hals", "ahals", "amu"; "random", "nndsvd", "nndsvda", "nndsvdar";
 * "iterations", "tolerance", "time", "interrupted" ("?" for a value out
 * of range). */
const char *nmf_loss_name(nmf_loss loss);
const char *nmf_solver_name(nmf_solver solver);
const char *nmf_init_name(nmf_init init);
const char *nmf_stop_name(nmf_stop stop);
/* The value of a name above, or NMF_E_INVAL with the line "'NAME' is not
 * one of ..." listing them. */
nmf_status nmf_loss_parse(const char *name, nmf_loss *out);
nmf_status nmf_solver_parse(const char *name, nmf_solver *out);
nmf_status nmf_init_parse(const char *name, nmf_init *out);

/* Called after each iteration with the 1-based iteration number, the
 * upper bound max_iter and the error ||A - W_k H_k||_F (for progress
 * display). */
typedef void (*nmf_progress_fn)(void *ctx, int iter, int max_iter,
                                double error);

/* Where the time of a fit goes, summed over the run: one entry per step
 * of an iteration, each with its wall time and its floating-point work
 * (multiply and add counted separately, as GFLOP/s figures count them).
 * The updates' flops count every inner repeat of ahals and amu. */
typedef enum nmf_profile_step {
    NMF_STEP_WTA,       /* W'A       (GEMM, 2 m n d)                       */
    NMF_STEP_UPDATE_H,  /* H's update (MU: H <- H .* W'A ./ (W'W H +
                           delta); HALS: the sweep over H's rows; 2 d^2 n
                           each), then H H' of the new H from the same
                           tiles (2 d^2 n)                                 */
    NMF_STEP_AHT,       /* A H'      (GEMM, 2 m n d)                       */
    NMF_STEP_UPDATE_W,  /* W's update (2 m d^2 each), then W'W of the new
                           W (2 m d^2) and <W, A H'> (2 m d)               */
    NMF_STEP_WTW,       /* W'W of the start, once (GEMM, 2 m d^2)          */
    NMF_STEP_ERROR,     /* ||A - WH||_F from the terms at hand (2 d^2),
                           and ||A||^2 once (2 m n)                        */
    NMF_STEP_COPY_A,    /* A' for A H', once unless low_memory (no flops)  */
    NMF_STEP_TILES_H,   /* KL, or missing entries past masked MU's
                           Gram path: H from tiles of WH (WH 2 m n d,
                           W'(tile) 2 m n d per product), or for KL on
                           sparse A from its non-zeros (4 d each), the
                           loss on the way                             */
    NMF_STEP_TILES_W,   /* the same for W                              */
    NMF_STEP_COUNT
} nmf_profile_step;

typedef struct nmf_profile {
    double seconds[NMF_STEP_COUNT];
    double flops[NMF_STEP_COUNT];
    int iterations;       /* made by this call (a resumed fit's own) */
    double loop_seconds;  /* wall time of the iterations alone: no input
                             check, start, allocation, first W'W or
                             ||A||^2 (what a per-iteration figure means) */
    long updated_h;       /* columns of H updated, summed over the
                             iterations, repeats included: n per
                             iteration unless ahals or amu repeat      */
    long updated_w;       /* rows of W, the same                       */
} nmf_profile;

/* A short name of the step ("W'A", "update H+HH'", ...). */
const char *nmf_profile_step_name(nmf_profile_step step);

/* A fit between two iterations: all that another fit needs to go on
 * exactly as this one would have (nmf_options.resume), and what a
 * checkpoint saves. Everything is the fit's, valid during the call only. */
typedef struct nmf_state {
    int iterations;           /* k, the iterations made (>= 1)             */
    const double *error;      /* the history so far, k values each          */
    const double *seconds;
    const nmf_matrix *w;      /* W_k, m x d                                 */
    const nmf_matrix *h;      /* H_k, d x n                                 */
    /* The d x d Gram matrices W_k'W_k and H_k H_k' as the Frobenius loop
     * holds them (formed by the updates, so their rounding is not that of
     * a fresh product); NULL in the loop of the losses taken entry by
     * entry, which keeps none. */
    const nmf_matrix *wtw;
    const nmf_matrix *hht;
} nmf_state;

/* Called by the fit with its state (nmf_options.checkpoint); anything but
 * NMF_OK ends the fit with that status. */
typedef nmf_status (*nmf_checkpoint_fn)(void *ctx, const nmf_state *state);

typedef struct nmf_options {
    size_t d;                /* inner dimension (rank), >= 1              */
    nmf_solver solver;       /* NMF_SOLVER_MU                              */
    nmf_loss loss;           /* NMF_LOSS_FROBENIUS; KL needs solver mu     */
    /* Penalties, each >= 0, added to the loss (nmf_objective):
     * l1_w sum(W) + l2_w ||W||_F^2 / 2 + l1_h sum(H) + l2_h ||H||_F^2 / 2.
     * scikit-learn's alpha_W, alpha_H, l1_ratio on X = A' (samples as
     * rows, its W our H', its H our W') are l1_h = m alpha_W l1_ratio,
     * l2_h = m alpha_W (1 - l1_ratio), l1_w = n alpha_H l1_ratio,
     * l2_w = n alpha_H (1 - l1_ratio). */
    double l1_w, l1_h, l2_w, l2_h;
    /* Optional m x n: an entry 0 marks A's entry missing, any other value
     * observed. Missing entries of A are not read (they may be NaN); the
     * loss, the history and the uniform start's mean use the observed
     * entries only. NULL: every entry is observed. */
    const nmf_matrix *mask;
    nmf_init init;           /* NMF_INIT_RANDOM                            */
    int max_iter;            /* upper bound on the iterations, >= 1        */
    double tol;              /* 0: off; T > 0: stop after iteration k > 10
                                when e_{k-10} - e_k <= T e_k, e_k the error
                                ||A - W_k H_k||_F: the last ten iterations
                                lowered it by at most a fraction T of it   */
    double max_time;         /* 0: no limit; S > 0: stop after the
                                iteration that ends S seconds or more after
                                nmf_fit began (the start included)         */
    uint64_t seed;           /* seed of the random start and of the
                                randomized SVD of the NNDSVD starts        */
    double delta;            /* MU's safe-division delta, in [1e-12, 1e-3] */
    double epsilon;          /* hals, ahals: no entry of W or H falls below
                                epsilon * sqrt(mean(A)/d), the scale of the
                                uniform start; in (0, 1e-3], default 1e-9 */
    double accel_alpha;      /* ahals, amu: Gillis & Glineur's alpha, the
                                inner repeats' cap as a share of the flop
                                ratio; < 0 (default): the paper's choice,
                                0.5 for ahals and 2 for amu                */
    double accel_delta;      /* their delta: repeats stop once one changes
                                the factor by <= delta times the first did;
                                in [0, 1], default 0.1                     */
    int threads;             /* 0: OpenMP's default                        */
    int low_memory;          /* 1: no transposed copy of A (as big as A);
                                A H' then reads A along its rows, slower   */
    const nmf_matrix *init_w; /* optional m x d start (copied, not owned),
                                 replacing that part of `init`'s start     */
    const nmf_matrix *init_h; /* optional d x n start                      */
    nmf_progress_fn progress; /* optional                                  */
    void *progress_ctx;
    nmf_profile *profile;     /* optional: filled by the fit (timing costs
                                 one clock read per step)                 */
    /* Interruption and checkpoints (all optional). The fit reads
     * *interrupt between iterations: non-zero ends it after the iteration
     * in hand (stop NMF_STOP_INTERRUPTED; a signal handler sets it). The
     * checkpoint callback gets the state after every checkpoint_every-th
     * iteration (0: none of those) and after the last one, however the
     * fit ends, but never after an iteration whose error is not finite. */
    const volatile sig_atomic_t *interrupt;
    nmf_checkpoint_fn checkpoint;
    void *checkpoint_ctx;
    int checkpoint_every;
    /* Go on from this state instead of the start (W and H are copied; the
     * history is taken as the result's first k values). The fit then ends
     * with exactly the W, H and history of the fit that saved it had it
     * gone on, given the same A and options (threads may differ). */
    const nmf_state *resume;
    /* 0 (default): the fit's threads flush subnormal numbers to zero
     * (x86's FTZ and DAZ, set for the fit and restored after it), since
     * MU drives entries towards zero and the subnormal range is many
     * times slower; 1: IEEE gradual underflow, as the reference text. */
    int keep_subnormals;
} nmf_options;

#define NMF_DELTA_DEFAULT 1e-9
#define NMF_DELTA_MIN 1e-12
#define NMF_DELTA_MAX 1e-3
#define NMF_EPSILON_DEFAULT 1e-9
#define NMF_EPSILON_MAX 1e-3
#define NMF_ACCEL_DELTA_DEFAULT 0.1
/* The tolerance rule's window: e_{k-10} against e_k. */
#define NMF_TOL_WINDOW 10

/* d = 1, solver mu, loss frobenius, no penalties, no mask, init random,
 * max_iter = 1000, tol = 0, max_time = 0,
 * seed = 1, delta = 1e-9, epsilon = 1e-9, accel_alpha = -1 (the paper's),
 * accel_delta = 0.1, threads = 0, low_memory = 0. */
void nmf_options_init(nmf_options *opt);

/* What a fit returns. error[k-1] and seconds[k-1] belong to iteration k:
 * ||A - W_k H_k||_F, from ||A||^2 - 2<W, AH'> + <W'W, HH'> in double (with
 * a mask, over the observed entries; with the KL loss, D(A || W_k H_k)
 * instead; penalties are not included), and the wall time since nmf_fit
 * began (the start included). */
typedef struct nmf_result {
    nmf_matrix *w;           /* m x d, owned                               */
    nmf_matrix *h;           /* d x n, owned                               */
    int iterations;          /* made, 1 .. max_iter                        */
    nmf_stop stop;
    double *error;           /* `iterations` values, owned                 */
    double *seconds;         /* `iterations` values, owned                 */
    double norm_a;           /* ||A||_F                                    */
    double start_seconds;    /* the start: draw or SVD, before iteration 1 */
} nmf_result;

/* Factor A (non-negative, m x n) as W H with the solver, start and
 * stopping rules of `opt`. On success *result holds new W, H and the
 * history, to be released by nmf_result_free; on failure it is left
 * empty (nmf_result_free is harmless on it). */
nmf_status nmf_fit(const nmf_matrix *a, const nmf_options *opt,
                   nmf_result *result);
void nmf_result_free(nmf_result *result);

/* R fits from seeds opt->seed, opt->seed + 1, ..., seed + R - 1, keeping
 * in *best the one whose last history value is lowest (the first such);
 * finals[r] (R values, or NULL) gets each fit's last value. With more
 * than one thread the fits run side by side, one thread each (a fit is
 * the same for any thread count, so the result is too); opt->progress is
 * not called then. */
nmf_status nmf_fit_restarts(const nmf_matrix *a, const nmf_options *opt,
                            int restarts, nmf_result *best, double *finals);

/* The objective opt's loss and penalties define, at W, H (opt->mask
 * honoured): the loss (||M .* (A - WH)||_F^2 / 2, or D(A || WH)) plus
 * the penalties above; computed exactly in double, column by column, no
 * m x n temporary. NaN with nmf_last_error set on shapes that do not
 * match. */
double nmf_objective(const nmf_matrix *a, const nmf_matrix *w,
                     const nmf_matrix *h, const nmf_options *opt);

/* What nmf_fit of A with opt will hold in memory, in bytes, before it
 * runs (`nmfkit factor --dry-run`, `--max-memory`): A and its mask as
 * the caller holds them, the solver's copies of A (A' for the Frobenius
 * loop unless low_memory; with a mask the masked copy, the mask and, in
 * the entrywise loop, their transposes), W and H, and the work matrices
 * (products, Gram matrices, entry lists, scratch). The GEMM's packing
 * buffers, a few MB per thread, are not counted. */
typedef struct nmf_memory {
    double input;
    double copies;
    double factors;
    double work;
    double total;
} nmf_memory;
nmf_status nmf_fit_memory(const nmf_matrix *a, const nmf_options *opt,
                          nmf_memory *mem);

/* H for new columns with W fixed: A (non-negative, m x n) ~ W H, W
 * (m x d, non-negative) given, H (d x n) fitted by opt's solver and
 * stopping rules from opt's start (whose W part is not used; d is W's
 * column count, opt->d and opt->init_w are ignored). W'A and W'W are
 * formed once; the history is ||A - W H_k||_F. result->w is a copy of W. */
nmf_status nmf_transform(const nmf_matrix *a, const nmf_matrix *w,
                         const nmf_options *opt, nmf_result *result);

/* The reference Lee-Seung MU through nmf_fit, with opt's solver taken as
 * NMF_SOLVER_MU: W0, H0 ~ U(0,1) scaled by sqrt(mean(A)/d) unless given
 * (or opt's init), then at most max_iter times H <- H.*(W'A)./(W'WH+delta),
 * W <- W.*(AH')./(WHH'+delta). On success *w (m x d) and *h (d x n) are
 * new matrices owned by the caller, and history[k-1] = ||A - W_k H_k||_F
 * for every iteration k made if history is not NULL (it must hold
 * max_iter values; those past a tolerance or time stop are NaN). */
nmf_status nmf_mu(const nmf_matrix *a, const nmf_options *opt,
                  nmf_matrix **w, nmf_matrix **h, double *history);

/* Non-negative truncated SVD start of Boutsidis & Gallopoulos (2008) into
 * w (m x d) and h (d x n), d = columns of w, from a randomized SVD of A
 * (range finder with power iterations on the GEMM, Jacobi on the small
 * projected matrix), seeded by seed; `init` is NMF_INIT_NNDSVD, _NNDSVDA
 * or _NNDSVDAR. */
nmf_status nmf_init_nndsvd(const nmf_matrix *a, nmf_init init, uint64_t seed,
                           nmf_matrix *w, nmf_matrix *h);

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
