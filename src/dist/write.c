/* write.c -- W.npy and H.npy in one piece each, the serial writer's
 * format (io/writers.h: Fortran order, little-endian nmf_real), every
 * rank writing its own rows of W and columns of H at their offsets by
 * MPI-IO; no rank holds a whole factor. */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "dist/dist.h"
#include "io/writers.h"

static nmf_status io_error(const char *path, int code)
{
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(code, text, &len);
    return nmfi_error(NMF_E_IO, "%s: write failed: %s", path, text);
}

/* The matrix rows x cols of which this rank holds block `part` at
 * (r0, c0): the header by rank 0, then each column of the block. */
static nmf_status write_matrix(MPI_Comm comm, const char *path, size_t rows,
                               size_t cols, const nmf_matrix *part,
                               size_t r0, size_t c0)
{
    MPI_File fh;
    int rc = MPI_File_open(comm, (char *)path, MPI_MODE_WRONLY
                           | MPI_MODE_CREATE, MPI_INFO_NULL, &fh);
    /* Open is collective and so is what follows: every rank goes on or
     * none does. */
    nmf_status s = nmfi_dist_agree(comm, rc == MPI_SUCCESS ? NMF_OK
                                         : io_error(path, rc));
    if (s != NMF_OK) {
        if (rc == MPI_SUCCESS)
            MPI_File_close(&fh);
        return s;
    }
    unsigned char head[NMFI_NPY_HEADER_MAX];
    size_t hlen = nmfi_npy_header(rows, cols, head);
    size_t es = sizeof(nmf_real);
    rc = MPI_File_set_size(fh, (MPI_Offset)(hlen + rows * cols * es));
    int rank;
    MPI_Comm_rank(comm, &rank);
    if (rc == MPI_SUCCESS && rank == 0)
        rc = MPI_File_write_at(fh, 0, head, (int)hlen, MPI_BYTE,
                               MPI_STATUS_IGNORE);
    /* Entry (i, j) at hlen + (i + j rows) es: a column of the block is
     * one run; whole columns (H's) are one run together when unpadded. */
    int whole = part->rows == rows && part->ld == rows;
    size_t runs = whole ? 1 : part->cols;
    size_t len = whole ? rows * part->cols : part->rows;
    for (size_t k = 0; k < runs && rc == MPI_SUCCESS; k++) {
        MPI_Offset at = (MPI_Offset)(hlen + (r0 + (c0 + k) * rows) * es);
        rc = MPI_File_write_at(fh, at, &NMFI_AT(part, 0, k), (int)len,
                               NMFI_MPI_REAL, MPI_STATUS_IGNORE);
    }
    s = rc == MPI_SUCCESS ? NMF_OK : io_error(path, rc);
    rc = MPI_File_close(&fh);
    if (s == NMF_OK && rc != MPI_SUCCESS)
        s = io_error(path, rc);
    return nmfi_dist_agree(comm, s);
}

nmf_status nmfi_dist_write(nmfi_dist *x, const char *wpath,
                           const char *hpath)
{
    const nmfi_layout *l = &x->lay;
    /* A column of a block must fit one MPI count. */
    if (nmfi_host_big_endian() || (size_t)x->h->cols * x->d > INT32_MAX
        || x->w->rows > INT32_MAX)
        return nmfi_dist_agree(x->all, nmfi_error(NMF_E_INTERNAL, "%s: the"
                               " distributed writer needs a little-endian"
                               " host and blocks under 2^31 entries",
                               wpath));
    nmf_status s = write_matrix(x->all, wpath, l->m, x->d, x->w,
                                l->w_rows.lo, 0);
    if (s == NMF_OK)
        s = write_matrix(x->all, hpath, x->d, l->n, x->h, 0, l->h_cols.lo);
    return s;
}
