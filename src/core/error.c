/* error.c -- the thread-local last-error line and status names. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>

#include "core/error.h"

static _Thread_local char last_error[512];

nmf_status nmfi_error(nmf_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
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
    }
    return "unknown status";
}
