/* mask_npy.c -- write a 0/1 mask for `--mask`, each entry 0 (missing)
 * with probability SHARE from the library's seeded generator:
 *
 *   bench/mask_npy ROWS COLS SHARE SEED OUT.npy
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "core/rng.h"
#include "nmfkit.h"

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: mask_npy ROWS COLS SHARE SEED OUT.npy\n");
        return 2;
    }
    size_t m = strtoul(argv[1], NULL, 10), n = strtoul(argv[2], NULL, 10);
    double share = strtod(argv[3], NULL);
    nmf_matrix *mask = nmf_matrix_new(m, n);
    if (!mask || !(share >= 0 && share <= 1)) {
        fprintf(stderr, "mask_npy: bad size or share\n");
        return 2;
    }
    nmfi_rng rng;
    nmfi_rng_seed(&rng, strtoull(argv[4], NULL, 10));
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++)
            nmf_matrix_set(mask, i, j, nmfi_rng_uniform(&rng) < share ? 0 : 1);
    nmf_status s = nmf_write_npy(argv[5], mask);
    nmf_matrix_free(mask);
    if (s != NMF_OK) {
        fprintf(stderr, "mask_npy: %s\n", nmf_last_error());
        return 1;
    }
    return 0;
}
