/* testtmp.h -- private temporary folders and file helpers for Check suites.
 *
 * A suite registers both fixture pairs on each tcase that writes files:
 *
 *     testtmp_init("check_io");
 *     testtmp_add_fixtures(tc);
 *
 * The tcase's base folder ($TMPDIR or /tmp, then PREFIX.XXXXXX) is made and
 * removed by the unchecked pair, in the parent process, so it goes even when
 * a failed check ends a forked test before its checked teardown; each test
 * then gets an empty folder of its own inside it (the checked pair).
 * Helpers that fail do so with a Check assertion, so tests need not. */
#ifndef TESTTMP_H
#define TESTTMP_H

#include <check.h>
#include <stddef.h>

#include "nmfkit.h"

/* The base folder's name prefix, usually the program's name. */
void testtmp_init(const char *prefix);

void testtmp_setup_base(void);
void testtmp_teardown_base(void);
void testtmp_setup(void);
void testtmp_teardown(void);

/* Both pairs above on one tcase. */
void testtmp_add_fixtures(TCase *tc);

/* The current test's folder. */
const char *testtmp_dir(void);

/* DIR/name into buf; returns buf. */
const char *testtmp_path(char *buf, size_t size, const char *name);

void testtmp_write(const char *path, const void *data, size_t len);

/* The whole file, with a NUL after its last byte so text can be read as a
 * string; *len (if len is not NULL) excludes the NUL. free() it. */
unsigned char *testtmp_slurp(const char *path, size_t *len);

/* Entries in dir other than . and .. */
int testtmp_count_entries(const char *dir);

/* Entries in dir named like the atomic writer's temporary (PATH.tmp-...):
 * a writer that failed or finished must leave none. */
int testtmp_count_leftovers(const char *dir);

/* Asserts the status, that nmf_last_error() is one line starting with
 * `path`, and that it contains each of the NULL-terminated key words. */
void testtmp_assert_error(nmf_status got, nmf_status want, const char *path,
                          ...);

#endif
