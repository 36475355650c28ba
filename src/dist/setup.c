/* setup.c -- the grid, the communicators and each rank's block of A and
 * its given starts, read by offset from the .npy files. */
#include <config.h>

#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/timer.h"
#include "dist/dist.h"
#include "io/readers.h"
#include "kernels/reduce.h"
#include "nmf/fit_steps.h"

static int is_npy(const char *path)
{
    size_t len = strlen(path);
    return len >= 4 && !strcmp(path + len - 4, ".npy");
}

/* What the distributed loop does not do (yet), each in the words of the
 * option that asks for it. */
static nmf_status check_supported(const nmf_options *opt)
{
    if (opt->loss != NMF_LOSS_FROBENIUS)
        return nmfi_error(NMF_E_INVAL, "a distributed run fits the Frobenius"
                          " loss only (not %s)", nmf_loss_name(opt->loss));
    if (opt->init != NMF_INIT_RANDOM)
        return nmfi_error(NMF_E_INVAL, "a distributed run starts from the"
                          " random start or given .npy starts (not %s)",
                          nmf_init_name(opt->init));
    if (opt->mask)
        return nmfi_error(NMF_E_INVAL, "a distributed run takes no missing"
                          " entries");
    if (opt->init_w || opt->init_h)
        return nmfi_error(NMF_E_INVAL, "a distributed run reads its starts"
                          " by block from .npy files (nmfi_dist_input)");
    return nmfi_check_fit_options(opt);
}

/* A given start: its shape checked, then this rank's block read. */
static nmf_status read_start(const char *path, size_t rows, size_t cols,
                             size_t r0, size_t c0, size_t br, size_t bc,
                             const char *what, nmf_matrix **out)
{
    if (!is_npy(path))
        return nmfi_error(NMF_E_INVAL, "%s: a distributed run reads its"
                          " starts from .npy files", path);
    size_t fr, fc;
    nmf_status s = nmfi_npy_shape(path, 0, &fr, &fc);
    if (s == NMF_OK && (fr != rows || fc != cols))
        return nmfi_error(NMF_E_INVAL, "%s: shape %zu x %zu, expected %zu x"
                          " %zu (%s)", path, fr, fc, rows, cols, what);
    if (s == NMF_OK)
        s = nmfi_npy_read_block(path, 0, r0, c0, br, bc, out);
    if (s == NMF_OK)
        s = nmfi_matrix_check_nonneg_at(*out, path, r0, c0);
    return s;
}

static nmf_status read_blocks(const nmfi_dist_input *in, nmfi_dist *x)
{
    const nmfi_layout *l = &x->lay;
    size_t d = x->d;
    size_t mloc = nmfi_span_len(l->rows), nloc = nmfi_span_len(l->cols);
    size_t wr = nmfi_span_len(l->w_rows), hc = nmfi_span_len(l->h_cols);
    nmf_status s = nmfi_npy_read_block(in->path, in->transpose, l->rows.lo,
                                       l->cols.lo, mloc, nloc, &x->a);
    if (s == NMF_OK)
        s = nmfi_matrix_check_nonneg_at(x->a, in->path, l->rows.lo,
                                        l->cols.lo);
    if (s == NMF_OK && in->init_w)
        s = read_start(in->init_w, l->m, d, l->w_rows.lo, 0, wr, d, "m x d",
                       &x->w0);
    if (s == NMF_OK && in->init_h)
        s = read_start(in->init_h, d, l->n, 0, l->h_cols.lo, d, hc, "d x n",
                       &x->h0);
    if (s == NMF_OK) {
        x->w = nmf_matrix_new(wr, d);
        x->h = nmf_matrix_new(d, hc);
    }
    if (s == NMF_OK && (!x->w || !x->h))
        s = nmfi_error(NMF_E_NOMEM, "out of memory for this rank's rows of W"
                       " and columns of H");
    return s;
}

nmf_status nmfi_dist_setup(MPI_Comm comm, const nmfi_dist_input *in,
                           const nmf_options *opt, int pr, int pc,
                           nmfi_dist *x)
{
    memset(x, 0, sizeof *x);
    x->all = x->row = x->col = MPI_COMM_NULL;
    x->t0 = nmfi_now();
    x->d = opt->d;
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    size_t m = 0, n = 0;
    nmf_status s = check_supported(opt);
    if (s == NMF_OK && !is_npy(in->path))
        s = nmfi_error(NMF_E_INVAL, "%s: a distributed run reads A from a"
                       " .npy file (each rank its own block, by offset)",
                       in->path);
    if (s == NMF_OK)
        s = nmfi_npy_shape(in->path, in->transpose, &m, &n);
    if (s == NMF_OK && pr == 0)
        s = nmfi_grid_best(m, n, opt->d, size, &pr, &pc);
    else if (s == NMF_OK && pr * pc != size)
        s = nmfi_error(NMF_E_INVAL, "a %dx%d grid has %d places for %d"
                       " ranks", pr, pc, pr * pc, size);
    else if (s == NMF_OK && !nmfi_grid_fits(m, n, pr, pc))
        s = nmfi_error(NMF_E_INVAL, "the %dx%d grid is too large for a %zu"
                       " x %zu matrix: every rank needs a row of W and a"
                       " column of H", pr, pc, m, n);
    /* Every rank reads the same header and options: they agree, but a
     * file system may not serve every rank alike. */
    s = nmfi_dist_agree(comm, s);
    if (s != NMF_OK)
        return s;
    nmfi_layout_of(m, n, pr, pc, rank, &x->lay);
    MPI_Comm_dup(comm, &x->all);
    MPI_Comm_split(comm, x->lay.i, x->lay.j, &x->row);
    MPI_Comm_split(comm, x->lay.j, x->lay.i, &x->col);
    s = nmfi_dist_agree(comm, read_blocks(in, x));
    x->read_seconds = nmfi_now() - x->t0;
    if (s != NMF_OK) {
        nmfi_dist_free(x);
        return s;
    }
    /* ||A||^2 and mean(A), once for every fit of this A. */
    const nmf_matrix *a = x->a;
    double sums[2] = {nmfi_sumsq_matrix(a->rows, a->cols, a->data, a->ld),
                      nmfi_sum_matrix(a->rows, a->cols, a->data, a->ld)};
    MPI_Allreduce(MPI_IN_PLACE, sums, 2, MPI_DOUBLE, MPI_SUM, x->all);
    x->norm_a2 = sums[0];
    x->mean_a = sums[1] / ((double)m * (double)n);
    return NMF_OK;
}

void nmfi_dist_free(nmfi_dist *x)
{
    nmfi_dist_work_free(x);
    nmf_matrix_free(x->a);
    nmf_matrix_free(x->w);
    nmf_matrix_free(x->h);
    nmf_matrix_free(x->w0);
    nmf_matrix_free(x->h0);
    nmf_result_free(&x->res);
    MPI_Comm *c[3] = {&x->all, &x->row, &x->col};
    for (int k = 0; k < 3; k++)
        if (*c[k] != MPI_COMM_NULL)
            MPI_Comm_free(c[k]);
    x->a = x->w = x->h = x->w0 = x->h0 = NULL;
}
