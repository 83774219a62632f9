// SHA-256 compression with the x86 SHA extensions (see CSHA256.h for why this is C).
//
// The instructions work on the state split as ABEF and CDGH; `sha256rnds2` does two rounds,
// `sha256msg1` and `sha256msg2` extend the message schedule four words at a time. The layout
// follows Intel's "Intel SHA Extensions" paper (Gulley et al., 2013).
#include "CSHA256.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))

#include <cpuid.h>
#include <immintrin.h>

int tracer_sha256_hardware_supported(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  int ssse3 = (ecx >> 9) & 1;
  int sse41 = (ecx >> 19) & 1;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  int sha = (ebx >> 29) & 1;
  return ssse3 && sse41 && sha;
}

static const uint32_t round_constants[64] __attribute__((aligned(16))) = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// Four rounds (group g, rounds 4g … 4g+3) on the schedule words `cur` (words 4g … 4g+3).
// `prev` holds words 4g-4 … 4g-1 and `next` words 4g-12 … 4g-9 on the way to 4g+4 … 4g+7:
// groups 3-14 finish `next` (sha256msg2), groups 1-12 start `prev` on its way (sha256msg1).
#define GROUP(g, cur, prev, next)                                                       \
  do {                                                                                  \
    __m128i m = _mm_add_epi32(cur, _mm_load_si128((const __m128i *)&round_constants[4 * (g)])); \
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);                                        \
    if ((g) >= 3 && (g) <= 14) {                                                        \
      next = _mm_add_epi32(next, _mm_alignr_epi8(cur, prev, 4));                        \
      next = _mm_sha256msg2_epu32(next, cur);                                           \
    }                                                                                   \
    m = _mm_shuffle_epi32(m, 0x0E);                                                     \
    abef = _mm_sha256rnds2_epu32(abef, cdgh, m);                                        \
    if ((g) >= 1 && (g) <= 12) prev = _mm_sha256msg1_epu32(prev, cur);                  \
  } while (0)

__attribute__((target("sha,sse4.1,ssse3")))
void tracer_sha256_compress(uint32_t state[8], const void *data, size_t blocks) {
  const unsigned char *bytes = (const unsigned char *)data;
  // Reverses the bytes of each 32-bit word: the message is big-endian.
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

  __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);  // H3 H2 H1 H0 (high to low)
  __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);  // H7 H6 H5 H4
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

  for (size_t block = 0; block < blocks; block++, bytes += 64) {
    __m128i abef_saved = abef;
    __m128i cdgh_saved = cdgh;
    __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(bytes + 0)), byte_swap);
    __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(bytes + 16)), byte_swap);
    __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(bytes + 32)), byte_swap);
    __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(bytes + 48)), byte_swap);

    GROUP(0, w0, w3, w1);
    GROUP(1, w1, w0, w2);
    GROUP(2, w2, w1, w3);
    GROUP(3, w3, w2, w0);
    GROUP(4, w0, w3, w1);
    GROUP(5, w1, w0, w2);
    GROUP(6, w2, w1, w3);
    GROUP(7, w3, w2, w0);
    GROUP(8, w0, w3, w1);
    GROUP(9, w1, w0, w2);
    GROUP(10, w2, w1, w3);
    GROUP(11, w3, w2, w0);
    GROUP(12, w0, w3, w1);
    GROUP(13, w1, w0, w2);
    GROUP(14, w2, w1, w3);
    GROUP(15, w3, w2, w0);

    abef = _mm_add_epi32(abef, abef_saved);
    cdgh = _mm_add_epi32(cdgh, cdgh_saved);
  }

  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  dcba = _mm_blend_epi16(feba, dchg, 0xF0);
  hgfe = _mm_alignr_epi8(dchg, feba, 8);
  _mm_storeu_si128((__m128i *)&state[0], dcba);
  _mm_storeu_si128((__m128i *)&state[4], hgfe);
}

#else

int tracer_sha256_hardware_supported(void) { return 0; }

void tracer_sha256_compress(uint32_t state[8], const void *data, size_t blocks) {
  (void)state;
  (void)data;
  (void)blocks;
}

#endif
