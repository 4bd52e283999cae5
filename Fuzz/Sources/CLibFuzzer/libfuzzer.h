// libFuzzer's driver entry point (compiler-rt, LLVM 13 and later), linked in by
// `-sanitize=fuzzer`. The fuzz targets call it from their own `main`, because SwiftPM links
// an executable's `main` to the target's Swift entry point, so libFuzzer's `main` is not used.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
