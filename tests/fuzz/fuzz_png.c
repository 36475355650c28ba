/* fuzz_png.c -- PNG through our libpng wrapper (io/png.c): every colour
 * type and depth to RGBA, corrupt chunks, and sizes the header claims. */
#include <config.h>

#include "fuzz_input.h"
#include "io/png.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".png");
    nmfi_image img = {0};
    if (nmfi_png_read(path, &img) == NMF_OK)
        nmfi_image_free(&img);
    remove(path);
    return 0;
}
