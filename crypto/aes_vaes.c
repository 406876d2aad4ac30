/** @file
 * VAES bulk decryption: CBC and XTS on 256-bit registers, two blocks per
 * register and eight registers, so sixteen blocks in flight.
 *
 * Only used where the CPU has VAES, VPCLMULQDQ and AVX2 and the OS (or
 * firmware) enabled the AVX register state (crypto/cpu.c checks XCR0).
 * Sector IVs and tweaks still come from the AES-NI code, eight at a time.
 */
#if defined(__x86_64__)
#include <immintrin.h>
#include "crypto/aes_ni.h"

#define TARGET __attribute__((target("aes,vaes,vpclmulqdq,avx2")))
#define LANES 8			/* 256-bit registers per step */
#define STEP_BLOCKS (2 * LANES)
#define SECTORS_AT_ONCE 8	/* IVs and tweaks computed together */

static inline TARGET __m256i round_key(const uint8_t rk[16])
{
	return _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)rk));
}

static inline TARGET void decrypt16(const uint8_t dk[][16], unsigned nr, __m256i x[LANES])
{
	__m256i key = round_key(dk[0]);
	unsigned r;
	int j;

#pragma GCC unroll 8
	for (j = 0; j < LANES; j++)
		x[j] = _mm256_xor_si256(x[j], key);
	for (r = 1; r < nr; r++) {
		key = round_key(dk[r]);
#pragma GCC unroll 8
		for (j = 0; j < LANES; j++)
			x[j] = _mm256_aesdec_epi128(x[j], key);
	}
	key = round_key(dk[nr]);
#pragma GCC unroll 8
	for (j = 0; j < LANES; j++)
		x[j] = _mm256_aesdeclast_epi128(x[j], key);
}

static inline TARGET __m128i decrypt1(const uint8_t dk[][16], unsigned nr, __m128i x)
{
	unsigned r;

	x = _mm_xor_si128(x, _mm_load_si128((const __m128i *)dk[0]));
	for (r = 1; r < nr; r++)
		x = _mm_aesdec_si128(x, _mm_load_si128((const __m128i *)dk[r]));
	return _mm_aesdeclast_si128(x, _mm_load_si128((const __m128i *)dk[nr]));
}

static inline TARGET void cbc_decrypt(const struct aes_keys *k, __m128i prev,
				      uint8_t *buf, size_t len)
{
	size_t n = len / 16;
	int j;

	for (; n >= STEP_BLOCKS; n -= STEP_BLOCKS, buf += 16 * STEP_BLOCKS) {
		__m256i x[LANES];
		__m128i last = _mm_loadu_si128((const __m128i *)(buf + 16 * STEP_BLOCKS - 16));

#pragma GCC unroll 8
		for (j = 0; j < LANES; j++)
			x[j] = _mm256_loadu_si256((const __m256i *)(buf + 32 * j));
		decrypt16(k->dec, k->rounds, x);
		/* Each pair XORs the ciphertext 16 bytes before it; storing from
		 * the end keeps that ciphertext unwritten until read. */
#pragma GCC unroll 8
		for (j = LANES - 1; j > 0; j--)
			_mm256_storeu_si256((__m256i *)(buf + 32 * j), _mm256_xor_si256(x[j],
				_mm256_loadu_si256((const __m256i *)(buf + 32 * j - 16))));
		_mm256_storeu_si256((__m256i *)buf, _mm256_xor_si256(x[0],
			_mm256_inserti128_si256(_mm256_castsi128_si256(prev),
						_mm_loadu_si128((const __m128i *)buf), 1)));
		prev = last;
	}
	for (; n; n--, buf += 16) {
		__m128i c = _mm_loadu_si128((const __m128i *)buf);

		_mm_storeu_si128((__m128i *)buf, _mm_xor_si128(decrypt1(k->dec, k->rounds, c), prev));
		prev = c;
	}
}

/* Multiply each 128-bit lane by x^K in GF(2^128), XTS convention, K <= 56. */
static inline __attribute__((always_inline)) TARGET __m256i mul_xk(__m256i t, int k)
{
	const __m256i poly = _mm256_set_epi64x(0, 0x87, 0, 0x87);
	__m256i top = _mm256_srli_epi64(t, 64 - k);	/* each half's top K bits */
	__m256i shifted = _mm256_or_si256(_mm256_slli_epi64(t, k),
					  _mm256_bslli_epi128(top, 8));

	/* the lane's top K bits fold back in as (bits * x^128 mod P) */
	return _mm256_xor_si256(shifted,
		_mm256_clmulepi64_epi128(_mm256_bsrli_epi128(top, 8), poly, 0x00));
}

static inline TARGET __m128i double128(__m128i t)
{
	__m128i carry = _mm_srai_epi32(_mm_shuffle_epi32(t, 0x93), 31);

	carry = _mm_and_si128(carry, _mm_set_epi32(1, 1, 1, 0x87));
	return _mm_xor_si128(_mm_slli_epi32(t, 1), carry);
}

static inline TARGET void xts_decrypt(const struct aes_keys *k, __m128i t,
				      uint8_t *buf, size_t len)
{
	size_t n = len / 16;
	int j;

	if (n >= STEP_BLOCKS) {
		__m256i tw[LANES];

		/* tweaks T*x^0 .. T*x^15, pairwise; then each register steps
		 * by x^16 on its own, eight independent chains */
		tw[0] = _mm256_inserti128_si256(_mm256_castsi128_si256(t), double128(t), 1);
		tw[1] = mul_xk(tw[0], 2);
		tw[2] = mul_xk(tw[0], 4);
		tw[3] = mul_xk(tw[1], 4);
#pragma GCC unroll 4
		for (j = 4; j < LANES; j++)
			tw[j] = mul_xk(tw[j - 4], 8);
		for (; n >= STEP_BLOCKS; n -= STEP_BLOCKS, buf += 16 * STEP_BLOCKS) {
			__m256i x[LANES];

#pragma GCC unroll 8
			for (j = 0; j < LANES; j++)
				x[j] = _mm256_xor_si256(tw[j],
					_mm256_loadu_si256((const __m256i *)(buf + 32 * j)));
			decrypt16(k->dec, k->rounds, x);
#pragma GCC unroll 8
			for (j = 0; j < LANES; j++) {
				_mm256_storeu_si256((__m256i *)(buf + 32 * j),
						    _mm256_xor_si256(x[j], tw[j]));
				tw[j] = mul_xk(tw[j], 16);
			}
		}
		t = _mm256_castsi256_si128(tw[0]);
	}
	for (; n; n--, buf += 16) {
		__m128i x = _mm_xor_si128(_mm_loadu_si128((const __m128i *)buf), t);

		_mm_storeu_si128((__m128i *)buf, _mm_xor_si128(decrypt1(k->dec, k->rounds, x), t));
		t = double128(t);
	}
}

TARGET void aes_vaes_cbc_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
					 uint8_t *buf, size_t sector_size, size_t count)
{
	uint8_t iv[SECTORS_AT_ONCE][16];
	size_t i, j;

	for (i = 0; i < count; i += SECTORS_AT_ONCE) {
		size_t n = count - i < SECTORS_AT_ONCE ? count - i : SECTORS_AT_ONCE;

		aes_ni_sector_starts(k, k->enc, offset + i * sector_size, sector_size, n, iv);
		for (j = 0; j < n; j++)
			cbc_decrypt(k, _mm_loadu_si128((const __m128i *)iv[j]),
				    buf + (i + j) * sector_size, sector_size);
	}
}

TARGET void aes_vaes_xts_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
					 uint8_t *buf, size_t sector_size, size_t count)
{
	uint8_t tweak[SECTORS_AT_ONCE][16];
	size_t i, j;

	for (i = 0; i < count; i += SECTORS_AT_ONCE) {
		size_t n = count - i < SECTORS_AT_ONCE ? count - i : SECTORS_AT_ONCE;

		aes_ni_sector_starts(k, k->tweak, offset / sector_size + i, 1, n, tweak);
		for (j = 0; j < n; j++)
			xts_decrypt(k, _mm_loadu_si128((const __m128i *)tweak[j]),
				    buf + (i + j) * sector_size, sector_size);
	}
}
#endif
