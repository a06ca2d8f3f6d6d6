#ifndef LMARENA2API_CFUZZERDRIVER_SHIM_H
#define LMARENA2API_CFUZZERDRIVER_SHIM_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver, for a program that keeps its own `main` (linked by -sanitize=fuzzer;
/// declared only, never called, in a build without it).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
