#ifndef BRIEFING_CFUZZSUPPORT_H
#define BRIEFING_CFUZZSUPPORT_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs that have their own `main`: parses libFuzzer's flags
/// from argv and runs `callback` on every input. Provided by libFuzzer when the program is
/// linked with `-sanitize=fuzzer`; otherwise a weak fallback in this target prints that the
/// program was built without libFuzzer and returns 1.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
