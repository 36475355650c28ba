/* args.c -- option value parsing that never silently clamps or truncates. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/args.h"
#include "cli/cli.h"

static int parse_u64(const char *text, uint64_t *out)
{
    if (!text || *text < '0' || *text > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

int args_u64(const char *cmd, const char *opt, const char *text,
             uint64_t *out)
{
    if (parse_u64(text, out) != 0) {
        cli_error(cmd, "%s: '%s' is not a non-negative integer", opt, text);
        return -1;
    }
    return 0;
}

int args_size(const char *cmd, const char *opt, const char *text,
              size_t min, size_t max, size_t *out)
{
    uint64_t v;
    if (parse_u64(text, &v) != 0 || v < min || v > max) {
        cli_error(cmd, "%s: '%s' is not an integer in [%zu, %zu]", opt, text,
                  min, max);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

int args_int(const char *cmd, const char *opt, const char *text,
             int min, int max, int *out)
{
    uint64_t v;
    if (parse_u64(text, &v) != 0 || v < (uint64_t)(min < 0 ? 0 : min)
        || v > (uint64_t)max) {
        cli_error(cmd, "%s: '%s' is not an integer in [%d, %d]", opt, text,
                  min, max);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int args_double(const char *cmd, const char *opt, const char *text,
                double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = text ? strtod(text, &end) : NAN;
    if (!text || end == text || *end != '\0' || errno == ERANGE
        || !(v >= min && v <= max)) {
        cli_error(cmd, "%s: '%s' is not a number in [%g, %g]", opt,
                  text ? text : "", min, max);
        return -1;
    }
    *out = v;
    return 0;
}

const char *cli_default_data(const char *name)
{
    static char paths[2][1024];
    snprintf(paths[0], sizeof paths[0], "data/%s", name);
    snprintf(paths[1], sizeof paths[1], "%s/%s", PKGDATADIR, name);
    struct stat st;
    for (size_t i = 0; i < 2; i++)
        if (stat(paths[i], &st) == 0)
            return paths[i];
    return paths[0];  /* the error will name the expected place */
}

int args_size_list(const char *cmd, const char *opt, const char *text,
                   size_t min, size_t max, size_t *out, size_t max_count,
                   size_t *count)
{
    char buf[512];
    if (strlen(text) >= sizeof buf) {
        cli_error(cmd, "%s: list too long", opt);
        return -1;
    }
    strcpy(buf, text);
    size_t n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (n == max_count) {
            cli_error(cmd, "%s: more than %zu values", opt, max_count);
            return -1;
        }
        if (args_size(cmd, opt, tok, min, max, &out[n]) != 0)
            return -1;
        n++;
    }
    if (n == 0) {
        cli_error(cmd, "%s: no values in '%s'", opt, text);
        return -1;
    }
    *count = n;
    return 0;
}
