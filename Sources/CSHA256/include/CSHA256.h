// SHA-256 block compression with the x86 SHA extensions (SHA-NI), for `TensorFiles.SHA256`.
//
// Why C: the SHA-NI instructions (`sha256rnds2`, `sha256msg1`, `sha256msg2`) are reachable only
// through the compiler's intrinsics in <immintrin.h>, compiled for a function with
// `__attribute__((target("sha")))`. Swift has neither: it cannot import those intrinsics
// portably nor compile one function for extra instruction sets, so the portable Swift code
// runs at about 300 MB/s where these instructions run at 1.5-2 GB/s on one core. This target
// builds for baseline x86-64 (and for any other architecture, where it reports "unsupported");
// the processor is asked at run time. The portable Swift implementation in
// `Sources/TensorFiles/SHA256.swift` stays the reference and the fallback.
#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 if this processor has the SHA extensions with SSSE3 and SSE4.1 (and this build can use
/// them), else 0. Asks the processor (`cpuid`) on every call; callers keep the answer.
int tracer_sha256_hardware_supported(void);

/// Compresses `blocks` consecutive 64-byte blocks at `data` into `state` (H0…H7, as in FIPS
/// 180-4). Call it only when `tracer_sha256_hardware_supported()` returned 1; elsewhere it
/// does nothing.
void tracer_sha256_compress(uint32_t state[8], const void *data, size_t blocks);

#endif
