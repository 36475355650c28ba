/* check_opts.c -- the option parser's own bugs, kept fixed: a short
 * letter reaches its option's code (-q for --quiet, code 256 and up), and
 * a parse does not depend on how the one before it ended (glibc's getopt
 * keeps its place inside a cluster such as "-qzr12" between calls; the
 * option fuzzer found the second parse reading the first's freed argv). */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"

enum { OPT_QUIET = 300, OPT_RANKS };

static const cli_opt opts[] = {
    {'d', "rank", 'd', "K", "a rank"},
    {OPT_QUIET, "quiet", 'q', NULL, "quiet"},
    {OPT_RANKS, "ranks", 'r', "LIST", "ranks"},
    {0, NULL, 0, NULL, NULL},
};
static const cli_opt *const tables[] = {opts, NULL};
static const cli_spec spec = {"test", "", "", tables, NULL, "INPUT", 0, 2};

typedef struct seen {
    int quiet;
    char d[16], ranks[16];
} seen;

static int handle(void *ctx, int code, const char *v)
{
    seen *s = ctx;
    switch (code) {
    case OPT_QUIET: s->quiet = 1; return 0;
    case OPT_RANKS: snprintf(s->ranks, sizeof s->ranks, "%s", v); return 0;
    case 'd':
        snprintf(s->d, sizeof s->d, "%s", v);
        return strcmp(v, "0") == 0;   /* 0 is a bad rank */
    default: return 1;
    }
}

/* argv from NUL-separated text in a buffer of its own, freed (and the
 * memory scribbled over first) once parsed. */
static int parse(const char *text, size_t len, seen *s)
{
    char *buf = malloc(len + 1), *argv[8];
    ck_assert_ptr_nonnull(buf);
    memcpy(buf, text, len);
    buf[len] = '\0';
    int argc = 0;
    argv[argc++] = (char *)"test";
    for (size_t at = 0; at < len && argc < 7; argc++) {
        argv[argc] = buf + at;
        at += strlen(buf + at) + 1;
    }
    argv[argc] = NULL;
    memset(s, 0, sizeof *s);
    char *args[2];
    size_t nargs;
    int r = cli_parse(&spec, argc, argv, handle, s, args, &nargs);
    memset(buf, 'Q', len);
    free(buf);
    return r;
}

START_TEST(short_letters_reach_their_codes)
{
    seen s;
    ck_assert_int_eq(parse("-q\0-d\0" "5", 7, &s), 0);
    ck_assert_int_eq(s.quiet, 1);
    ck_assert_str_eq(s.d, "5");
    ck_assert_int_eq(parse("-qr3,4", 6, &s), 0);
    ck_assert_int_eq(s.quiet, 1);
    ck_assert_str_eq(s.ranks, "3,4");
}
END_TEST

START_TEST(a_parse_does_not_leak_into_the_next)
{
    seen alone, after;
    int r_alone = parse("-d\0" "0", 4, &alone);
    ck_assert_int_eq(r_alone, EXIT_BAD_INPUT);
    /* Ends on the unknown -z with "r12" left in its cluster. */
    ck_assert_int_eq(parse("-qzr12", 6, &after), EXIT_BAD_INPUT);
    int r_after = parse("-d\0" "0", 4, &after);
    ck_assert_int_eq(r_after, r_alone);
    ck_assert_str_eq(after.d, "0");
    ck_assert_str_eq(after.ranks, "");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("opts");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, short_letters_reach_their_codes);
    tcase_add_test(tc, a_parse_does_not_leak_into_the_next);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
