/* fuzz_checkpoint.c -- the checkpoint reader (io/checkpoint.c): header
 * lines, sizes against the file's length, checksum, the saved history;
 * a file that loads is matched against an identity, as --resume does. */
#include <config.h>

#include "fuzz_input.h"
#include "io/checkpoint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".ck");
    nmfi_checkpoint c;
    if (nmfi_checkpoint_load(path, &c) == NMF_OK) {
        nmf_options opt;
        nmf_options_init(&opt);
        opt.d = 2;
        char id[NMFI_CHECKPOINT_IDENTITY_MAX];
        nmfi_checkpoint_identity(&opt, 3, 4, 1, id);
        (void)nmfi_checkpoint_match(path, c.identity, id);
        nmfi_checkpoint_free(&c);
    }
    remove(path);
    return 0;
}
