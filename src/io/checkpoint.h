/* checkpoint.h -- a fit's state in one file, to go on from after an
 * interruption (nmf_state; `nmfkit factor --checkpoint/--resume`).
 *
 * The file is a text header, then the numbers, then a checksum:
 *
 *   NMFKIT-CHECKPOINT 1
 *   KEY VALUE             the identity: every option that must match for
 *   ...                   the resumed fit to be the same fit (m, n, d,
 *                         the input's hash, solver, ...), then
 *   iterations K          the state's size
 *   grams 0|1
 *   end
 *   K doubles (errors), K doubles (seconds), W (m x d), H (d x n) and with
 *   grams W'W, H H' (d x d) as nmf_real, column by column, native order;
 *   8 bytes: nmfi_hash of everything before them.
 *
 * Written through a temporary and a rename, so the last good checkpoint
 * stays whole whatever happens during the next save. */
#ifndef NMFI_CHECKPOINT_H
#define NMFI_CHECKPOINT_H

#include <stdint.h>

#include "nmfkit.h"

enum { NMFI_CHECKPOINT_IDENTITY_MAX = 2048 };

/* The identity of a fit of the m x n matrix whose values (and mask) hash
 * to data_hash under opt: "KEY VALUE\n" lines, into buf. */
void nmfi_checkpoint_identity(const nmf_options *opt, size_t m, size_t n,
                              uint64_t data_hash,
                              char buf[NMFI_CHECKPOINT_IDENTITY_MAX]);

/* A's entries (with the mask's, if any) hashed: the input's identity. */
uint64_t nmfi_checkpoint_data_hash(const nmf_matrix *a,
                                   const nmf_matrix *mask);

nmf_status nmfi_checkpoint_save(const char *path, const char *identity,
                                const nmf_state *st);

/* A loaded checkpoint: its identity text and the state, all owned. */
typedef struct nmfi_checkpoint {
    char identity[NMFI_CHECKPOINT_IDENTITY_MAX];
    nmf_state st;
    double *error, *seconds;
    nmf_matrix *w, *h, *wtw, *hht;
} nmfi_checkpoint;

/* Reads and checks the whole file (format, sizes against the file's
 * length before any allocation, checksum); one error line naming the
 * file otherwise. */
nmf_status nmfi_checkpoint_load(const char *path, nmfi_checkpoint *c);
void nmfi_checkpoint_free(nmfi_checkpoint *c);

/* NMF_OK when the identities agree, else NMF_E_INVAL naming the first
 * key that differs: "PATH: saved with solver hals, this run has mu". */
nmf_status nmfi_checkpoint_match(const char *path, const char *saved,
                                 const char *now);

#endif
