/* fuzz_pgm.c -- the PGM reader (io/pgm.c): header numbers and comments,
 * maxval and sample widths, samples above maxval, cut files. */
#include <config.h>

#include "fuzz_input.h"
#include "io/pgm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".pgm");
    nmfi_gray g;
    if (nmfi_pgm_read(path, &g) == NMF_OK)
        nmfi_gray_free(&g);
    remove(path);
    return 0;
}
