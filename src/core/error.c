/* error.c -- the thread-local last-error line and status names. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"

static _Thread_local char last_error[512];

/* `from` into last_error with its control characters written as C escapes
 * (\n, \x1b): messages quote bytes of the user's files, and a message is
 * one line that a terminal prints and never acts on. */
static void set_escaped(const char *from)
{
    static const char named[] = "\a\b\t\n\v\f\r", letter[] = "abtnvfr";
    size_t out = 0, room = sizeof last_error - 1;
    for (const unsigned char *c = (const unsigned char *)from; *c; c++) {
        char esc[5] = {(char)*c, 0};
        if (*c < 0x20 || *c == 0x7f) {
            const char *k = strchr(named, *c);  /* *c is never 0 here */
            if (k)
                snprintf(esc, sizeof esc, "\\%c", letter[k - named]);
            else
                snprintf(esc, sizeof esc, "\\x%02x", *c);
        }
        size_t len = strlen(esc);
        if (out + len > room)
            break;
        memcpy(last_error + out, esc, len);
        out += len;
    }
    last_error[out] = '\0';
}

nmf_status nmfi_error(nmf_status status, const char *fmt, ...)
{
    char message[sizeof last_error];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    set_escaped(message);
    return status;
}

void nmfi_error_clear(void)
{
    last_error[0] = '\0';
}

const char *nmf_last_error(void)
{
    return last_error;
}

const char *nmf_status_string(nmf_status s)
{
    switch (s) {
    case NMF_OK:         return "success";
    case NMF_E_INVAL:    return "invalid argument or input value";
    case NMF_E_IO:       return "input/output error";
    case NMF_E_FORMAT:   return "malformed file";
    case NMF_E_NOMEM:    return "out of memory";
    case NMF_E_INTERNAL: return "internal error";
    case NMF_E_NUMERIC:  return "numerical breakdown";
    }
    return "unknown status";
}
