/* fuzz_csv.c -- the CSV matrix reader (io/csv.c) under every option set:
 * the first byte picks --missing, --header and a --skip list, the rest is
 * the file. */
#include <config.h>

#include <string.h>

#include "fuzz_input.h"
#include "io/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const skips[4] = {NULL, "1", "2,x", "id,3"};
    uint8_t sel = size ? data[0] : 0;
    const char *path = fuzz_file(data + (size > 0), size - (size > 0),
                                 ".csv");
    nmfi_csv_opts o = {sel & 1, (sel >> 1) & 1, skips[(sel >> 2) & 3]};
    nmf_matrix *a = NULL;
    if (nmfi_read_csv_opts(path, &o, &a) == NMF_OK)
        nmf_matrix_free(a);
    remove(path);
    return 0;
}
