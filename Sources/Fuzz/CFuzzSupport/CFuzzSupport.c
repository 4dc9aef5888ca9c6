#include "CFuzzSupport.h"

#include <stdio.h>

// A weak definition, so that a plain `swift build` links the fuzz targets; libFuzzer's own
// (strong) definition replaces it in builds with `-sanitize=fuzzer`. No logic beyond saying so.
__attribute__((weak)) int LLVMFuzzerRunDriver(int *argc, char ***argv,
                                              int (*callback)(const uint8_t *data, size_t size)) {
    (void)argc;
    (void)argv;
    (void)callback;
    fputs("built without -sanitize=fuzzer: run scripts/fuzz instead\n", stderr);
    return 1;
}
