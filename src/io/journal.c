/* journal.c -- a study's finished fits (journal.h). */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/atomic_file.h"
#include "io/journal.h"

#define MAGIC "NMFKIT-JOURNAL 1"
enum { LINE_MAX_LEN = 1024, MAX_FITS = 100000 };

static nmf_status grow(nmfi_journal *j)
{
    if (j->count < j->cap)
        return NMF_OK;
    size_t cap = j->cap ? 2 * j->cap : 32;
    nmfi_journal_fit *f = realloc(j->fits, cap * sizeof *f);
    if (!f)
        return nmfi_error(NMF_E_NOMEM, "out of memory for the journal");
    j->fits = f;
    j->cap = cap;
    return NMF_OK;
}

/* "fit NAME X1 X2 ..." into *f. */
static int parse_fit(char *line, nmfi_journal_fit *f)
{
    char *save = NULL, *tok = strtok_r(line, " ", &save);
    if (!tok || strcmp(tok, "fit"))
        return -1;
    tok = strtok_r(NULL, " ", &save);
    if (!tok || strlen(tok) >= sizeof f->name)
        return -1;
    snprintf(f->name, sizeof f->name, "%s", tok);
    f->count = 0;
    while ((tok = strtok_r(NULL, " ", &save))) {
        if (f->count == NMFI_JOURNAL_VALUES)
            return -1;
        char *end;
        errno = 0;
        double x = strtod(tok, &end);
        if (*end || errno == ERANGE || !isfinite(x))
            return -1;
        f->v[f->count++] = x;
    }
    return 0;
}

static nmf_status load(nmfi_journal *j, const char *path, FILE *fp,
                       char *saved)
{
    char line[LINE_MAX_LEN + 2];
    size_t used = 0;
    int lineno = 0, header = 1;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        size_t len = strlen(line);
        if (len == 0 || line[len - 1] != '\n')
            return nmfi_error(NMF_E_FORMAT, "%s: line %d is longer than %d"
                              " bytes, unterminated or holds a NUL byte",
                              path, lineno, LINE_MAX_LEN);
        line[--len] = '\0';
        if (lineno == 1) {
            if (strcmp(line, MAGIC))
                return nmfi_error(NMF_E_FORMAT, "%s: not an nmfkit study"
                                  " journal (its first line is not '" MAGIC
                                  "')", path);
            continue;
        }
        if (header) {
            if (!strcmp(line, "end")) {
                header = 0;
                continue;
            }
            if (used + len + 2 > NMFI_CHECKPOINT_IDENTITY_MAX)
                return nmfi_error(NMF_E_FORMAT, "%s: the identity is longer"
                                  " than %d bytes", path,
                                  NMFI_CHECKPOINT_IDENTITY_MAX - 1);
            memcpy(saved + used, line, len);
            saved[used + len] = '\n';
            used += len + 1;
            saved[used] = '\0';
            continue;
        }
        nmf_status s = j->count >= MAX_FITS
                       ? nmfi_error(NMF_E_FORMAT, "%s: more than %d fits",
                                    path, MAX_FITS)
                       : grow(j);
        if (s != NMF_OK)
            return s;
        if (parse_fit(line, &j->fits[j->count]) != 0)
            return nmfi_error(NMF_E_FORMAT, "%s: line %d is not 'fit NAME"
                              " NUMBER...'", path, lineno);
        if (nmfi_journal_find(j, j->fits[j->count].name))
            return nmfi_error(NMF_E_FORMAT, "%s: line %d: fit '%s' twice",
                              path, lineno, j->fits[j->count].name);
        j->count++;
    }
    if (ferror(fp))
        return nmfi_error(NMF_E_IO, "%s: read failed", path);
    if (header)
        return nmfi_error(NMF_E_FORMAT, "%s: the journal's header ends"
                          " before its 'end' line", path);
    return NMF_OK;
}

static nmf_status write_all(const nmfi_journal *j)
{
    nmfi_atomic_file f;
    nmf_status s = nmfi_atomic_open(&f, j->path);
    if (s != NMF_OK)
        return s;
    fprintf(f.fp, MAGIC "\n%send\n", j->identity);
    for (size_t i = 0; i < j->count; i++) {
        fprintf(f.fp, "fit %s", j->fits[i].name);
        for (int k = 0; k < j->fits[i].count; k++)
            fprintf(f.fp, " %a", j->fits[i].v[k]);
        fputc('\n', f.fp);
    }
    s = nmfi_atomic_commit(&f);
    nmfi_atomic_discard(&f);
    return s;
}

void nmfi_journal_identity(const nmf_options *opt, size_t m, size_t n,
                           uint64_t data_hash, const char *study,
                           char buf[NMFI_CHECKPOINT_IDENTITY_MAX])
{
    nmf_options o = *opt;
    o.d = 0;
    nmfi_checkpoint_identity(&o, m, n, data_hash, buf);
    size_t used = strlen(buf);
    snprintf(buf + used, NMFI_CHECKPOINT_IDENTITY_MAX - used,
             "max_iter %d\ntol %.17g\nmax_time %.17g\n%s", opt->max_iter,
             opt->tol, opt->max_time, study);
}

nmf_status nmfi_journal_open(nmfi_journal *j, const char *save,
                             const char *resume, const char *identity)
{
    memset(j, 0, sizeof *j);
    j->path = save;
    snprintf(j->identity, sizeof j->identity, "%s", identity);
    if (!resume)   /* written at once: a study stopped early resumes too */
        return save ? write_all(j) : NMF_OK;
    FILE *fp = fopen(resume, "r");
    if (!fp)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", resume,
                          strerror(errno));
    char saved[NMFI_CHECKPOINT_IDENTITY_MAX] = "";
    nmf_status s = load(j, resume, fp, saved);
    fclose(fp);
    if (s == NMF_OK)
        s = nmfi_checkpoint_match(resume, saved, identity);
    if (s != NMF_OK) {
        nmfi_journal_free(j);
        return s;
    }
    j->resumed = j->count;
    return save ? write_all(j) : NMF_OK;
}

const nmfi_journal_fit *nmfi_journal_find(const nmfi_journal *j,
                                          const char *name)
{
    for (size_t i = 0; i < j->count; i++)
        if (!strcmp(j->fits[i].name, name))
            return &j->fits[i];
    return NULL;
}

nmf_status nmfi_journal_add(nmfi_journal *j, const char *name,
                            const double *v, int count)
{
    if (count > NMFI_JOURNAL_VALUES || strlen(name) >= NMFI_JOURNAL_NAME
        || strchr(name, ' ') || !*name)
        return nmfi_error(NMF_E_INTERNAL, "journal: bad fit '%s' (%d"
                          " values)", name, count);
    nmf_status s = grow(j);
    if (s != NMF_OK)
        return s;
    nmfi_journal_fit *f = &j->fits[j->count++];
    snprintf(f->name, sizeof f->name, "%s", name);
    f->count = count;
    memcpy(f->v, v, (size_t)count * sizeof *v);
    return j->path ? write_all(j) : NMF_OK;
}

void nmfi_journal_free(nmfi_journal *j)
{
    free(j->fits);
    memset(j, 0, sizeof *j);
}
