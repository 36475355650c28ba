/* journal.h -- the finished fits of a study, one line each, so that an
 * interrupted study (`select`, `sweep`) goes on with the fits it lacks
 * (--checkpoint FILE, --resume FILE).
 *
 *   NMFKIT-JOURNAL 1
 *   KEY VALUE        the study's identity (input hash, options), as a
 *   ...              checkpoint's (io/checkpoint.h), then
 *   end
 *   fit NAME X1 X2 ...   one finished fit: its name ("d=8 fold=2") and
 *   ...                  its numbers as C99 hex floats (exact)
 *
 * Every add rewrites the file through a temporary and a rename, so it is
 * always whole; a study's few dozen fits keep it small. */
#ifndef NMFI_JOURNAL_H
#define NMFI_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "io/checkpoint.h"
#include "nmfkit.h"

enum { NMFI_JOURNAL_VALUES = 16, NMFI_JOURNAL_NAME = 64 };

typedef struct nmfi_journal_fit {
    char name[NMFI_JOURNAL_NAME];
    int count;
    double v[NMFI_JOURNAL_VALUES];
} nmfi_journal_fit;

typedef struct nmfi_journal {
    const char *path;        /* where adds go; NULL: nowhere          */
    char identity[NMFI_CHECKPOINT_IDENTITY_MAX];
    nmfi_journal_fit *fits;
    size_t count, cap;
    size_t resumed;          /* fits read from the file resumed from  */
} nmfi_journal;

/* A study's identity: opt's (io/checkpoint.h) with d left out (each fit
 * has its own), the stopping rules every fit follows, then the study's
 * own "KEY VALUE\n" lines, which must name everything else its fits
 * depend on. */
void nmfi_journal_identity(const nmf_options *opt, size_t m, size_t n,
                           uint64_t data_hash, const char *study,
                           char buf[NMFI_CHECKPOINT_IDENTITY_MAX]);

/* save: where to write (NULL: keep nothing); resume: a journal to go on
 * from (NULL: none), refused with one line if its identity differs. */
nmf_status nmfi_journal_open(nmfi_journal *j, const char *save,
                             const char *resume, const char *identity);

/* The fit named `name`, or NULL. */
const nmfi_journal_fit *nmfi_journal_find(const nmfi_journal *j,
                                          const char *name);

/* Records a finished fit and rewrites the file (if any). */
nmf_status nmfi_journal_add(nmfi_journal *j, const char *name,
                            const double *v, int count);

void nmfi_journal_free(nmfi_journal *j);

#endif
