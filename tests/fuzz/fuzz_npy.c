/* fuzz_npy.c -- the .npy reader (io/npy.c): header dictionary, dtypes,
 * byte orders, shapes and truncated data. */
#include <config.h>

#include "fuzz_input.h"
#include "nmfkit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".npy");
    nmf_matrix *a = NULL;
    if (nmf_read_npy(path, &a) == NMF_OK)
        nmf_matrix_free(a);
    remove(path);
    return 0;
}
