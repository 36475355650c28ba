/* fuzz_table.c -- the labelled waveform table (io/table.c), as `nmfkit
 * cluster` reads it: the first byte picks the skip list and the label
 * column, the rest is the file. */
#include <config.h>

#include "fuzz_input.h"
#include "io/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const skips[4] = {NULL, "id", "id,t0", ","};
    static const char *const labels[4] = {NULL, "label", "id", ""};
    uint8_t sel = size ? data[0] : 0;
    const char *path = fuzz_file(data + (size > 0), size - (size > 0),
                                 ".csv");
    nmfi_table t;
    if (nmfi_table_read(path, skips[sel & 3], labels[(sel >> 2) & 3], &t)
        == NMF_OK)
        nmfi_table_free(&t);
    remove(path);
    return 0;
}
