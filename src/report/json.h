/* json.h -- summary.json for scripts: one object of named numbers,
 * strings and arrays, nested objects allowed. Non-finite numbers are
 * written as null (JSON has no NaN). */
#ifndef NMFI_JSON_H
#define NMFI_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "nmfkit.h"

typedef struct nmfi_json nmfi_json;

nmfi_json *nmfi_json_new(void);  /* the outer { */
void nmfi_json_free(nmfi_json *j);
/* key is NULL inside arrays. */
void nmfi_json_number(nmfi_json *j, const char *key, double v);
void nmfi_json_int(nmfi_json *j, const char *key, long long v);
void nmfi_json_string(nmfi_json *j, const char *key, const char *v);
void nmfi_json_numbers(nmfi_json *j, const char *key, const double *v,
                       size_t n);
void nmfi_json_ints(nmfi_json *j, const char *key, const long long *v,
                    size_t n);
void nmfi_json_begin_object(nmfi_json *j, const char *key);
void nmfi_json_begin_array(nmfi_json *j, const char *key);
void nmfi_json_end(nmfi_json *j);  /* closes the innermost object/array */
/* Closes the outer object and writes it (through a temporary). */
nmf_status nmfi_json_write(nmfi_json *j, const char *path);
/* The same onto an open stream (a staged output, cli/outdir.h); `name`
 * is what an error names. */
nmf_status nmfi_json_write_fp(nmfi_json *j, FILE *fp, const char *name);

#endif
