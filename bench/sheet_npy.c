/* sheet_npy.c -- an image set as the matrix the image studies factor,
 * written as .npy, so `nmfkit factor` and the Python peers can be timed on
 * the very same A (bench/time-to-error uses it).
 *
 *   bench/sheet_npy SHEET.png|DIR OUT.npy [--tile WxH] [--count N]
 *                   [--offset I]
 *
 * A is (3 * width * height) x count, RGB in [0, 1], one image per column
 * (study/imageset.h); alpha is left out, as the studies leave it out. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nmfkit.h"
#include "study/imageset.h"

static int usage(void)
{
    fprintf(stderr, "usage: sheet_npy SHEET.png|DIR OUT.npy [--tile WxH]"
            " [--count N] [--offset I]\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    size_t tw = 24, th = 24, count = 500, offset = 0;
    for (int i = 3; i < argc; i++) {
        if (i + 1 >= argc)
            return usage();
        if (!strcmp(argv[i], "--tile")) {
            if (sscanf(argv[++i], "%zux%zu", &tw, &th) != 2 || !tw || !th)
                return usage();
        } else if (!strcmp(argv[i], "--count")) {
            count = strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--offset")) {
            offset = strtoul(argv[++i], NULL, 10);
        } else {
            return usage();
        }
    }
    nmfi_image_set set;
    nmf_status s = nmfi_image_set_load(argv[1], tw, th, offset, count, &set);
    if (s == NMF_OK)
        s = nmf_write_npy(argv[2], set.rgb);
    if (s != NMF_OK) {
        fprintf(stderr, "sheet_npy: %s\n", nmf_last_error());
        return 2;
    }
    printf("%s: %zu x %zu\n", argv[2], nmf_matrix_rows(set.rgb),
           nmf_matrix_cols(set.rgb));
    nmfi_image_set_free(&set);
    return 0;
}
