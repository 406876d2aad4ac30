/** @file
 * AES-NI bulk decryption: CBC and XTS, eight blocks in flight.
 *
 * CBC decryption of block i needs only ciphertext blocks i and i-1, so
 * eight independent AESDEC chains hide the instruction latency; XTS
 * likewise, with the tweaks stepped by one GF(2^128) doubling per block.
 * Per-function target attributes keep the object buildable for UEFI.
 */
#if defined(__x86_64__)
#include <immintrin.h>
#include "crypto/aes_ni.h"

#define TARGET __attribute__((target("aes,sse4.1")))
#define LANES 8

static inline TARGET __m128i expand_step(__m128i key, __m128i assist)
{
	key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
	key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
	key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
	return _mm_xor_si128(key, assist);
}

/* AESKEYGENASSIST takes its round constant as an immediate. */
#define KEY128(i, rcon)                                                       \
	rk[i] = expand_step(rk[i - 1],                                        \
		_mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[i - 1], rcon), 0xff))
#define KEY256(i, rcon)                                                       \
	do {                                                                  \
		rk[i] = expand_step(rk[i - 2], _mm_shuffle_epi32(              \
			_mm_aeskeygenassist_si128(rk[i - 1], rcon), 0xff));    \
		if (i + 1 <= 14)                                              \
			rk[i + 1] = expand_step(rk[i - 1], _mm_shuffle_epi32(  \
				_mm_aeskeygenassist_si128(rk[i], 0), 0xaa));   \
	} while (0)

static TARGET void expand_enc(__m128i rk[15], const uint8_t *key, unsigned key_bytes)
{
	rk[0] = _mm_loadu_si128((const __m128i *)key);
	if (key_bytes == 16) {
		KEY128(1, 0x01); KEY128(2, 0x02); KEY128(3, 0x04); KEY128(4, 0x08);
		KEY128(5, 0x10); KEY128(6, 0x20); KEY128(7, 0x40); KEY128(8, 0x80);
		KEY128(9, 0x1b); KEY128(10, 0x36);
		return;
	}
	rk[1] = _mm_loadu_si128((const __m128i *)(key + 16));
	KEY256(2, 0x01); KEY256(4, 0x02); KEY256(6, 0x04); KEY256(8, 0x08);
	KEY256(10, 0x10); KEY256(12, 0x20); KEY256(14, 0x40);
}

TARGET void aes_ni_setkey(struct aes_keys *k, const uint8_t *key,
			  const uint8_t *tweak_key, unsigned key_bytes)
{
	__m128i rk[15];
	unsigned i, nr = key_bytes == 16 ? 10 : 14;

	k->rounds = nr;
	expand_enc(rk, key, key_bytes);
	for (i = 0; i <= nr; i++) {
		_mm_store_si128((__m128i *)k->enc[i], rk[i]);
		/* the equivalent inverse cipher's schedule, reversed */
		_mm_store_si128((__m128i *)k->dec[nr - i],
				i == 0 || i == nr ? rk[i] : _mm_aesimc_si128(rk[i]));
	}
	if (tweak_key) {
		expand_enc(rk, tweak_key, key_bytes);
		for (i = 0; i <= nr; i++)
			_mm_store_si128((__m128i *)k->tweak[i], rk[i]);
	}
	for (i = 0; i < 15; i++)
		rk[i] = _mm_setzero_si128();
	__asm__ __volatile__("" : : "r"(rk) : "memory");
}

static inline TARGET __m128i encrypt1(const uint8_t rk[][16], unsigned nr, __m128i x)
{
	unsigned r;

	x = _mm_xor_si128(x, _mm_load_si128((const __m128i *)rk[0]));
	for (r = 1; r < nr; r++)
		x = _mm_aesenc_si128(x, _mm_load_si128((const __m128i *)rk[r]));
	return _mm_aesenclast_si128(x, _mm_load_si128((const __m128i *)rk[nr]));
}

TARGET void aes_ni_encrypt_block(const struct aes_keys *k, const uint8_t rk[][16],
				 const uint8_t in[16], uint8_t out[16])
{
	_mm_storeu_si128((__m128i *)out,
			 encrypt1(rk, k->rounds, _mm_loadu_si128((const __m128i *)in)));
}

static inline TARGET __m128i decrypt1(const uint8_t dk[][16], unsigned nr, __m128i x)
{
	unsigned r;

	x = _mm_xor_si128(x, _mm_load_si128((const __m128i *)dk[0]));
	for (r = 1; r < nr; r++)
		x = _mm_aesdec_si128(x, _mm_load_si128((const __m128i *)dk[r]));
	return _mm_aesdeclast_si128(x, _mm_load_si128((const __m128i *)dk[nr]));
}

/* Eight blocks through the inverse cipher at once. */
static inline TARGET void decrypt8(const uint8_t dk[][16], unsigned nr, __m128i x[LANES])
{
	__m128i key = _mm_load_si128((const __m128i *)dk[0]);
	unsigned r;
	int j;

#pragma GCC unroll 8
	for (j = 0; j < LANES; j++)
		x[j] = _mm_xor_si128(x[j], key);
	for (r = 1; r < nr; r++) {
		key = _mm_load_si128((const __m128i *)dk[r]);
#pragma GCC unroll 8
		for (j = 0; j < LANES; j++)
			x[j] = _mm_aesdec_si128(x[j], key);
	}
	key = _mm_load_si128((const __m128i *)dk[nr]);
#pragma GCC unroll 8
	for (j = 0; j < LANES; j++)
		x[j] = _mm_aesdeclast_si128(x[j], key);
}

/* Eight blocks through the cipher at once (IVs, tweaks of eight sectors). */
static inline TARGET void encrypt8(const uint8_t rk[][16], unsigned nr, __m128i x[LANES])
{
	__m128i key = _mm_load_si128((const __m128i *)rk[0]);
	unsigned r;
	int j;

#pragma GCC unroll 8
	for (j = 0; j < LANES; j++)
		x[j] = _mm_xor_si128(x[j], key);
	for (r = 1; r < nr; r++) {
		key = _mm_load_si128((const __m128i *)rk[r]);
#pragma GCC unroll 8
		for (j = 0; j < LANES; j++)
			x[j] = _mm_aesenc_si128(x[j], key);
	}
	key = _mm_load_si128((const __m128i *)rk[nr]);
#pragma GCC unroll 8
	for (j = 0; j < LANES; j++)
		x[j] = _mm_aesenclast_si128(x[j], key);
}

/*
 * The per-sector starting values of up to eight sectors, encrypted
 * together so their latency overlaps: E(RK, (first + i * step) as LE128).
 */
static inline TARGET void sector_starts(const uint8_t rk[][16], unsigned nr,
					uint64_t first, uint64_t step, size_t n,
					__m128i out[LANES])
{
	size_t j;

#pragma GCC unroll 8
	for (j = 0; j < LANES; j++)
		out[j] = _mm_set_epi64x(0, (long long)(first + (j < n ? j : 0) * step));
	encrypt8(rk, nr, out);
}

static inline TARGET void cbc_decrypt(const struct aes_keys *k, __m128i prev,
				      uint8_t *buf, size_t len)
{
	__m128i *p = (__m128i *)buf;
	size_t n = len / 16;
	int j;

	for (; n >= LANES; n -= LANES, p += LANES) {
		__m128i c[LANES], x[LANES];

#pragma GCC unroll 8
		for (j = 0; j < LANES; j++)
			x[j] = c[j] = _mm_loadu_si128(p + j);
		decrypt8(k->dec, k->rounds, x);
		_mm_storeu_si128(p, _mm_xor_si128(x[0], prev));
#pragma GCC unroll 8
		for (j = 1; j < LANES; j++)
			_mm_storeu_si128(p + j, _mm_xor_si128(x[j], c[j - 1]));
		prev = c[LANES - 1];
	}
	for (; n; n--, p++) {
		__m128i c = _mm_loadu_si128(p);

		_mm_storeu_si128(p, _mm_xor_si128(decrypt1(k->dec, k->rounds, c), prev));
		prev = c;
	}
}

TARGET void aes_ni_sector_starts(const struct aes_keys *k, const uint8_t rk[][16],
				 uint64_t first, uint64_t step, size_t n,
				 uint8_t out[][16])
{
	__m128i x[LANES];
	size_t j;

	sector_starts(rk, k->rounds, first, step, n, x);
	for (j = 0; j < n; j++)
		_mm_storeu_si128((__m128i *)out[j], x[j]);
}

TARGET void aes_ni_cbc_decrypt(const struct aes_keys *k, const uint8_t iv[16],
			       uint8_t *buf, size_t len)
{
	cbc_decrypt(k, _mm_loadu_si128((const __m128i *)iv), buf, len);
}

TARGET void aes_ni_cbc_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
				       uint8_t *buf, size_t sector_size, size_t count)
{
	__m128i iv[LANES];
	size_t i, j;

	for (i = 0; i < count; i += LANES) {
		size_t n = count - i < LANES ? count - i : LANES;

		sector_starts(k->enc, k->rounds, offset + i * sector_size, sector_size, n, iv);
		for (j = 0; j < n; j++)
			cbc_decrypt(k, iv[j], buf + (i + j) * sector_size, sector_size);
	}
}

/* Multiply the tweak by x in GF(2^128), XTS (little-endian) convention. */
static inline TARGET __m128i xts_double(__m128i t)
{
	/* each 32-bit lane takes the top bit of the lane below; bit 127 folds
	 * back into the low byte as 0x87 */
	__m128i carry = _mm_srai_epi32(_mm_shuffle_epi32(t, 0x93), 31);

	carry = _mm_and_si128(carry, _mm_set_epi32(1, 1, 1, 0x87));
	return _mm_xor_si128(_mm_slli_epi32(t, 1), carry);
}

static inline TARGET void xts_decrypt(const struct aes_keys *k, __m128i t,
				      uint8_t *buf, size_t len)
{
	__m128i *p = (__m128i *)buf;
	size_t n = len / 16;
	int j;

	for (; n >= LANES; n -= LANES, p += LANES) {
		__m128i tw[LANES], x[LANES];

#pragma GCC unroll 8
		for (j = 0; j < LANES; j++) {
			tw[j] = t;
			x[j] = _mm_xor_si128(_mm_loadu_si128(p + j), t);
			t = xts_double(t);
		}
		decrypt8(k->dec, k->rounds, x);
#pragma GCC unroll 8
		for (j = 0; j < LANES; j++)
			_mm_storeu_si128(p + j, _mm_xor_si128(x[j], tw[j]));
	}
	for (; n; n--, p++) {
		__m128i x = _mm_xor_si128(_mm_loadu_si128(p), t);

		_mm_storeu_si128(p, _mm_xor_si128(decrypt1(k->dec, k->rounds, x), t));
		t = xts_double(t);
	}
}

TARGET void aes_ni_xts_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
				       uint8_t *buf, size_t sector_size, size_t count)
{
	__m128i tweak[LANES];
	size_t i, j;

	for (i = 0; i < count; i += LANES) {
		size_t n = count - i < LANES ? count - i : LANES;

		sector_starts(k->tweak, k->rounds, offset / sector_size + i, 1, n, tweak);
		for (j = 0; j < n; j++)
			xts_decrypt(k, tweak[j], buf + (i + j) * sector_size, sector_size);
	}
}
#endif
