/* grid.h -- who holds what in the distributed solver: the pr x pc grid of
 * ranks, each rank's block of A and its slices of W and H, and the words
 * an iteration sends, from which the default grid is chosen. No MPI here:
 * every build compiles and tests it.
 *
 * Following MPI-FAUN (Kannan, Ballard & Park, IEEE TKDE 2018): rank
 * r = i pc + j sits at grid row i, column j and holds the block A_ij,
 * rows R_i (part i of m among pr) by columns C_j (part j of n among pc).
 * The pc ranks of grid row i share W's rows R_i, each owning part j of
 * them; the pr ranks of grid column j share H's columns C_j, each owning
 * part i. Parts are as even as can be: the first (len mod parts) are one
 * longer, so any P works for any m and n not smaller than the grid. */
#ifndef NMFI_DIST_GRID_H
#define NMFI_DIST_GRID_H

#include <stddef.h>

#include "nmfkit.h"

/* [lo, hi): part k of 0 .. len-1 cut in `parts`. */
typedef struct nmfi_span {
    size_t lo, hi;
} nmfi_span;

nmfi_span nmfi_split(size_t len, size_t parts, size_t k);

static inline size_t nmfi_span_len(nmfi_span s)
{
    return s.hi - s.lo;
}

typedef struct nmfi_layout {
    size_t m, n;
    int pr, pc;          /* the grid, P = pr pc                        */
    int rank, i, j;      /* rank = i pc + j                            */
    nmfi_span rows;      /* R_i: A_ij's rows, W_i's rows               */
    nmfi_span cols;      /* C_j: A_ij's columns, H_j's columns         */
    nmfi_span w_rows;    /* the rows of W this rank owns (inside R_i)  */
    nmfi_span h_cols;    /* the columns of H it owns (inside C_j)      */
} nmfi_layout;

void nmfi_layout_of(size_t m, size_t n, int pr, int pc, int rank,
                    nmfi_layout *out);

/* Whether every rank of the pr x pc grid owns at least one row of W and
 * one column of H: each R_i at least pc rows, each C_j at least pr
 * columns. */
int nmfi_grid_fits(size_t m, size_t n, int pr, int pc);

/* Words one rank sends in an iteration on the pr x pc grid (rank d), by
 * the bandwidth terms of the collectives (doc/distributed.md):
 *   2 d [ (m/pr)(pc-1)/pc + (n/pc)(pr-1)/pr ] + 4 d^2 (P-1)/P. */
double nmfi_grid_words(size_t m, size_t n, size_t d, int pr, int pc);

/* The grid of P ranks that fits and sends the fewest words (ties: the
 * fewer grid rows). NMF_E_INVAL when no grid fits (P above m or n). */
nmf_status nmfi_grid_best(size_t m, size_t n, size_t d, int P, int *pr,
                          int *pc);

/* "PRxPC" (--grid) for P ranks: NMF_E_INVAL naming what is wrong. */
nmf_status nmfi_grid_parse(const char *text, int P, int *pr, int *pc);

/* The number of ranks an MPI launcher (mpirun, mpiexec, srun) started,
 * read from the environment it sets; 0 when none started this process
 * (dist/launch.c). */
int nmfi_dist_launched_size(void);

#endif
