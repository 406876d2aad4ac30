/** @file
 * SHA-256 with the x86 SHA extensions (SHA-NI), and the stretch loop on it.
 *
 * Compiled with per-function target attributes so the object also builds
 * for UEFI; only called after CPUID said yes (crypto/cpu.c).
 *
 * SHA-NI keeps the eight state words as two vectors, ABEF and CDGH (lane 3
 * first). The stretch stays in that form across rounds and turns it
 * straight into the next round's first message words.
 */
#if defined(__x86_64__)
#include <immintrin.h>
#include "crypto/sha256_impl.h"

#define TARGET __attribute__((target("sha,sse4.1")))

/* Four rounds with message words MSG (already in lane order W0..W3). */
#define ROUNDS4(abef, cdgh, msg, i)                                          \
	do {                                                                 \
		__m128i wk = _mm_add_epi32((msg),                            \
			_mm_loadu_si128((const __m128i *)&sha256_k[4 * (i)]));  \
		cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);                 \
		wk = _mm_shuffle_epi32(wk, 0x0e);                            \
		abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);                 \
	} while (0)

/* Next four schedule words from the previous sixteen, M[0] the oldest. */
#define SCHEDULE(m0, m1, m2, m3)                                             \
	_mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(m0, m1),      \
					   _mm_alignr_epi8(m3, m2, 4)), m3)

/* One block, message words in M0..M3; updates *ABEF and *CDGH. */
static inline TARGET void compress(__m128i *abef_io, __m128i *cdgh_io,
				   __m128i m0, __m128i m1, __m128i m2, __m128i m3)
{
	__m128i abef = *abef_io, cdgh = *cdgh_io;
	int i;

	ROUNDS4(abef, cdgh, m0, 0);
	ROUNDS4(abef, cdgh, m1, 1);
	ROUNDS4(abef, cdgh, m2, 2);
	ROUNDS4(abef, cdgh, m3, 3);
#pragma GCC unroll 3
	for (i = 4; i < 16; i += 4) {
		m0 = SCHEDULE(m0, m1, m2, m3);
		ROUNDS4(abef, cdgh, m0, i);
		m1 = SCHEDULE(m1, m2, m3, m0);
		ROUNDS4(abef, cdgh, m1, i + 1);
		m2 = SCHEDULE(m2, m3, m0, m1);
		ROUNDS4(abef, cdgh, m2, i + 2);
		m3 = SCHEDULE(m3, m0, m1, m2);
		ROUNDS4(abef, cdgh, m3, i + 3);
	}
	*abef_io = _mm_add_epi32(*abef_io, abef);
	*cdgh_io = _mm_add_epi32(*cdgh_io, cdgh);
}

/* state[0..7] (A..H) to ABEF/CDGH. */
static inline TARGET void to_ni(const uint32_t state[8], __m128i *abef, __m128i *cdgh)
{
	__m128i abcd = _mm_loadu_si128((const __m128i *)state);
	__m128i efgh = _mm_loadu_si128((const __m128i *)(state + 4));
	__m128i badc = _mm_shuffle_epi32(abcd, 0xb1);
	__m128i hgfe = _mm_shuffle_epi32(efgh, 0x1b);

	*abef = _mm_alignr_epi8(badc, hgfe, 8);
	*cdgh = _mm_blend_epi16(hgfe, badc, 0xf0);
}

/* ABEF/CDGH back to state words, as lane vectors A..D and E..H. */
static inline TARGET void from_ni(__m128i abef, __m128i cdgh,
				  __m128i *abcd, __m128i *efgh)
{
	*abcd = _mm_shuffle_epi32(_mm_unpackhi_epi64(cdgh, abef), 0x1b);
	*efgh = _mm_shuffle_epi32(_mm_unpacklo_epi64(cdgh, abef), 0x1b);
}

TARGET void sha256_blocks_ni(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	const __m128i bswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11,
					   4, 5, 6, 7, 0, 1, 2, 3);
	const __m128i *p = (const __m128i *)data;
	__m128i abef, cdgh, abcd, efgh;

	to_ni(state, &abef, &cdgh);
	for (; nblocks; nblocks--, p += 4)
		compress(&abef, &cdgh,
			 _mm_shuffle_epi8(_mm_loadu_si128(p), bswap),
			 _mm_shuffle_epi8(_mm_loadu_si128(p + 1), bswap),
			 _mm_shuffle_epi8(_mm_loadu_si128(p + 2), bswap),
			 _mm_shuffle_epi8(_mm_loadu_si128(p + 3), bswap));
	from_ni(abef, cdgh, &abcd, &efgh);
	_mm_storeu_si128((__m128i *)state, abcd);
	_mm_storeu_si128((__m128i *)(state + 4), efgh);
}

TARGET void stretch_rounds_ni(struct stretch_block *b, uint64_t from, uint64_t to)
{
	const __m128i hash_lo = _mm_loadu_si128((const __m128i *)(b->first + 8));
	const __m128i hash_hi = _mm_loadu_si128((const __m128i *)(b->first + 12));
	const __m128i salt = _mm_loadu_si128((const __m128i *)b->second);
	const __m128i tail = _mm_loadu_si128((const __m128i *)(b->second + 12));
	const __m128i zero = _mm_setzero_si128();
	__m128i iv_abef, iv_cdgh, last_lo, last_hi;
	uint64_t n;

	to_ni(sha256_iv, &iv_abef, &iv_cdgh);
	last_lo = _mm_loadu_si128((const __m128i *)b->first);
	last_hi = _mm_loadu_si128((const __m128i *)(b->first + 4));
	for (n = from; n < to; n++) {
		__m128i abef = iv_abef, cdgh = iv_cdgh;
		__m128i counter = _mm_set_epi32(0, (int)0x80000000,
						(int)bswap32((uint32_t)(n >> 32)),
						(int)bswap32((uint32_t)n));

		compress(&abef, &cdgh, last_lo, last_hi, hash_lo, hash_hi);
		compress(&abef, &cdgh, salt, counter, zero, tail);
		from_ni(abef, cdgh, &last_lo, &last_hi);
	}
	_mm_storeu_si128((__m128i *)b->first, last_lo);
	_mm_storeu_si128((__m128i *)(b->first + 4), last_hi);
}
#endif
