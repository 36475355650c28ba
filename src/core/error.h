/* error.h -- one thread-local error line, set where the problem is found.
 * Library functions return an nmf_status and leave the human-readable line
 * ("FILE: line 3: ragged row (4 values, expected 5)") for nmf_last_error(). */
#ifndef NMFI_ERROR_H
#define NMFI_ERROR_H

#include "nmfkit.h"

#if defined(__GNUC__)
#define NMFI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define NMFI_PRINTF(a, b)
#endif

/* Records the message and returns status, so callers write
 * `return nmfi_error(NMF_E_IO, "%s: cannot open", path);`. */
nmf_status nmfi_error(nmf_status status, const char *fmt, ...) NMFI_PRINTF(2, 3);
void nmfi_error_clear(void);

#endif
