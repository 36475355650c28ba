/* testtmp.c -- the one implementation of the Check suites' temporary folders
 * and whole-file helpers (see testtmp.h for how a suite uses them). */
#include <config.h>

#include <stdarg.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fs.h"
#include "testtmp.h"

static const char *prefix = "check";
static char basedir[1024];
static char tmpdir[1100];

void testtmp_init(const char *name)
{
    prefix = name;
}

void testtmp_setup_base(void)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    int n = snprintf(basedir, sizeof basedir, "%s/%s.XXXXXX", base, prefix);
    ck_assert_int_lt(n, (int)sizeof basedir);
    ck_assert_msg(mkdtemp(basedir) != NULL, "mkdtemp %s failed", basedir);
}

void testtmp_teardown_base(void)
{
    nmfi_remove_tree(basedir);
}

void testtmp_setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/test.XXXXXX", basedir);
    ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp %s failed", tmpdir);
}

void testtmp_teardown(void)
{
    nmfi_remove_tree(tmpdir);
}

void testtmp_add_fixtures(TCase *tc)
{
    tcase_add_unchecked_fixture(tc, testtmp_setup_base, testtmp_teardown_base);
    tcase_add_checked_fixture(tc, testtmp_setup, testtmp_teardown);
}

const char *testtmp_dir(void)
{
    return tmpdir;
}

const char *testtmp_path(char *buf, size_t size, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", tmpdir, name);
    ck_assert_msg(n >= 0 && (size_t)n < size, "path too long: %s/%s",
                  tmpdir, name);
    return buf;
}

void testtmp_write(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_msg(fp != NULL, "cannot create %s", path);
    ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
    ck_assert_int_eq(fclose(fp), 0);
}

unsigned char *testtmp_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 1 >= cap) {
            cap = cap ? 2 * cap : 4096;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
    }
    fclose(fp);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Entries of dir whose name contains `part` (every entry when NULL). */
static int count_named(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!part || strstr(e->d_name, part))
            n++;
    }
    closedir(d);
    return n;
}

int testtmp_count_entries(const char *dir)
{
    return count_named(dir, NULL);
}

int testtmp_count_leftovers(const char *dir)
{
    return count_named(dir, ".tmp-");
}

void testtmp_assert_error(nmf_status got, nmf_status want, const char *path,
                          ...)
{
    const char *msg = nmf_last_error();
    ck_assert_msg(got == want, "status %d (%s), expected %d; message: %s",
                  (int)got, nmf_status_string(got), (int)want, msg);
    ck_assert_msg(strncmp(msg, path, strlen(path)) == 0,
                  "message does not start with the path %s: %s", path, msg);
    ck_assert_msg(strchr(msg, '\n') == NULL, "message is not one line: %s",
                  msg);
    va_list ap;
    va_start(ap, path);
    const char *word;
    while ((word = va_arg(ap, const char *)) != NULL)
        ck_assert_msg(strstr(msg, word) != NULL, "'%s' not in: %s", word,
                      msg);
    va_end(ap);
}
