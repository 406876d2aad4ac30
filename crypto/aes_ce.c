/** @file
 * ARMv8 Crypto Extension bulk decryption: CBC and XTS, eight blocks in
 * flight, with the ACLE intrinsics of <arm_neon.h>.
 *
 * AESD is AddRoundKey, InvShiftRows and InvSubBytes; AESIMC is
 * InvMixColumns. Chained, they are the equivalent inverse cipher with each
 * round key XORed at the start of a round rather than at its end, so the
 * schedule is the one AES-NI takes (crypto/aes_fast.h) and the last key is
 * a plain XOR. CBC decryption and XTS are parallel across blocks: eight
 * independent AESD/AESIMC chains hide the latency (cores fuse each pair).
 * There is no key-expansion instruction: SubWord is AESE, with a zero
 * round key, on a vector of four equal words (ShiftRows then moves
 * nothing). Per-function target attributes: no -march flag needed.
 */
#if defined(__aarch64__)
#include <arm_neon.h>
#include <string.h>
#include "crypto/aes_ce.h"
#include "crypto/wipe.h"

#define TARGET __attribute__((target("+crypto")))
#define LANES 8

static inline TARGET uint32_t sub_word(uint32_t w)
{
	uint8x16_t x = vreinterpretq_u8_u32(vdupq_n_u32(w));

	return vgetq_lane_u32(vreinterpretq_u32_u8(vaeseq_u8(x, vdupq_n_u8(0))), 0);
}

/* FIPS-197 5.2 on little-endian words: key byte 0 is bits 0..7 of w[0]. */
static TARGET void expand_enc(uint8_t rk[][16], const uint8_t *key, unsigned key_bytes)
{
	uint32_t w[4 * (AES_MAX_ROUNDS + 1)], rcon = 1;
	unsigned nk = key_bytes / 4, total = 4 * (nk + 7), i;	/* nk + 6 rounds */

	memcpy(w, key, key_bytes);
	for (i = nk; i < total; i++) {
		uint32_t t = w[i - 1];

		if (i % nk == 0) {
			t = sub_word(t >> 8 | t << 24) ^ rcon;	/* RotWord */
			rcon = rcon << 1 ^ (rcon & 0x80 ? 0x11b : 0);
		} else if (nk == 8 && i % nk == 4) {
			t = sub_word(t);
		}
		w[i] = w[i - nk] ^ t;
	}
	memcpy(rk, w, 4 * total);
	wipe(w, sizeof(w));
}

TARGET void aes_ce_setkey(struct aes_keys *k, const uint8_t *key,
			  const uint8_t *tweak_key, unsigned key_bytes)
{
	unsigned i, nr = key_bytes == 16 ? 10 : 14;

	k->rounds = nr;
	expand_enc(k->enc, key, key_bytes);
	/* the equivalent inverse cipher's schedule, reversed */
	for (i = 0; i <= nr; i++) {
		uint8x16_t rk = vld1q_u8(k->enc[i]);

		vst1q_u8(k->dec[nr - i], i == 0 || i == nr ? rk : vaesimcq_u8(rk));
	}
	if (tweak_key)
		expand_enc(k->tweak, tweak_key, key_bytes);
}

static inline TARGET uint8x16_t encrypt1(const uint8_t rk[][16], unsigned nr, uint8x16_t x)
{
	unsigned r;

	for (r = 0; r + 1 < nr; r++)
		x = vaesmcq_u8(vaeseq_u8(x, vld1q_u8(rk[r])));
	return veorq_u8(vaeseq_u8(x, vld1q_u8(rk[nr - 1])), vld1q_u8(rk[nr]));
}

TARGET void aes_ce_encrypt_block(const struct aes_keys *k, const uint8_t rk[][16],
				 const uint8_t in[16], uint8_t out[16])
{
	vst1q_u8(out, encrypt1(rk, k->rounds, vld1q_u8(in)));
}

static inline TARGET uint8x16_t decrypt1(const uint8_t dk[][16], unsigned nr, uint8x16_t x)
{
	unsigned r;

	for (r = 0; r + 1 < nr; r++)
		x = vaesimcq_u8(vaesdq_u8(x, vld1q_u8(dk[r])));
	return veorq_u8(vaesdq_u8(x, vld1q_u8(dk[nr - 1])), vld1q_u8(dk[nr]));
}

/* Eight blocks through the inverse cipher at once. */
static inline TARGET void decrypt8(const uint8_t dk[][16], unsigned nr, uint8x16_t x[LANES])
{
	uint8x16_t key;
	unsigned r;
	int j;

	for (r = 0; r + 1 < nr; r++) {
		key = vld1q_u8(dk[r]);
#pragma GCC unroll 8
		for (j = 0; j < LANES; j++)
			x[j] = vaesimcq_u8(vaesdq_u8(x[j], key));
	}
	key = vld1q_u8(dk[nr - 1]);
#pragma GCC unroll 8
	for (j = 0; j < LANES; j++)
		x[j] = vaesdq_u8(x[j], key);
	key = vld1q_u8(dk[nr]);
#pragma GCC unroll 8
	for (j = 0; j < LANES; j++)
		x[j] = veorq_u8(x[j], key);
}

/*
 * The per-sector starting values of up to eight sectors, encrypted
 * together so their latency overlaps: E(RK, (first + i * step) as LE128).
 */
static inline TARGET void sector_starts(const uint8_t rk[][16], unsigned nr,
					uint64_t first, uint64_t step, size_t n,
					uint8x16_t out[LANES])
{
	uint8x16_t key;
	unsigned r;
	size_t j;

#pragma GCC unroll 8
	for (j = 0; j < LANES; j++)
		out[j] = vreinterpretq_u8_u64(vcombine_u64(
			vcreate_u64(first + (j < n ? j : 0) * step), vcreate_u64(0)));
	for (r = 0; r + 1 < nr; r++) {
		key = vld1q_u8(rk[r]);
#pragma GCC unroll 8
		for (j = 0; j < LANES; j++)
			out[j] = vaesmcq_u8(vaeseq_u8(out[j], key));
	}
	key = vld1q_u8(rk[nr - 1]);
#pragma GCC unroll 8
	for (j = 0; j < LANES; j++)
		out[j] = veorq_u8(vaeseq_u8(out[j], key), vld1q_u8(rk[nr]));
}

static inline TARGET void cbc_decrypt(const struct aes_keys *k, uint8x16_t prev,
				      uint8_t *buf, size_t len)
{
	size_t n = len / 16;
	int j;

	for (; n >= LANES; n -= LANES, buf += 16 * LANES) {
		uint8x16_t c[LANES], x[LANES];

#pragma GCC unroll 8
		for (j = 0; j < LANES; j++)
			x[j] = c[j] = vld1q_u8(buf + 16 * j);
		decrypt8(k->dec, k->rounds, x);
		vst1q_u8(buf, veorq_u8(x[0], prev));
#pragma GCC unroll 8
		for (j = 1; j < LANES; j++)
			vst1q_u8(buf + 16 * j, veorq_u8(x[j], c[j - 1]));
		prev = c[LANES - 1];
	}
	for (; n; n--, buf += 16) {
		uint8x16_t c = vld1q_u8(buf);

		vst1q_u8(buf, veorq_u8(decrypt1(k->dec, k->rounds, c), prev));
		prev = c;
	}
}

TARGET void aes_ce_cbc_decrypt(const struct aes_keys *k, const uint8_t iv[16],
			       uint8_t *buf, size_t len)
{
	cbc_decrypt(k, vld1q_u8(iv), buf, len);
}

TARGET void aes_ce_cbc_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
				       uint8_t *buf, size_t sector_size, size_t count)
{
	uint8x16_t iv[LANES];
	size_t i, j;

	for (i = 0; i < count; i += LANES) {
		size_t n = count - i < LANES ? count - i : LANES;

		sector_starts(k->enc, k->rounds, offset + i * sector_size, sector_size, n, iv);
		for (j = 0; j < n; j++)
			cbc_decrypt(k, iv[j], buf + (i + j) * sector_size, sector_size);
	}
}

/* Multiply the tweak by x in GF(2^128), XTS (little-endian) convention. */
static inline TARGET uint8x16_t xts_double(uint8x16_t t)
{
	const uint64x2_t carries = vcombine_u64(vcreate_u64(1), vcreate_u64(0x87));
	uint64x2_t v = vreinterpretq_u64_u8(t);
	/* each half's top bit, as a mask; bit 63 carries into the high half as
	 * 1, bit 127 folds back into the low byte as 0x87 */
	uint64x2_t top = vreinterpretq_u64_s64(vshrq_n_s64(vreinterpretq_s64_u64(v), 63));
	uint64x2_t carry = vandq_u64(top, carries);

	return vreinterpretq_u8_u64(veorq_u64(vshlq_n_u64(v, 1), vextq_u64(carry, carry, 1)));
}

static inline TARGET void xts_decrypt(const struct aes_keys *k, uint8x16_t t,
				      uint8_t *buf, size_t len)
{
	size_t n = len / 16;
	int j;

	for (; n >= LANES; n -= LANES, buf += 16 * LANES) {
		uint8x16_t tw[LANES], x[LANES];

#pragma GCC unroll 8
		for (j = 0; j < LANES; j++) {
			tw[j] = t;
			x[j] = veorq_u8(vld1q_u8(buf + 16 * j), t);
			t = xts_double(t);
		}
		decrypt8(k->dec, k->rounds, x);
#pragma GCC unroll 8
		for (j = 0; j < LANES; j++)
			vst1q_u8(buf + 16 * j, veorq_u8(x[j], tw[j]));
	}
	for (; n; n--, buf += 16) {
		uint8x16_t x = veorq_u8(vld1q_u8(buf), t);

		vst1q_u8(buf, veorq_u8(decrypt1(k->dec, k->rounds, x), t));
		t = xts_double(t);
	}
}

TARGET void aes_ce_xts_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
				       uint8_t *buf, size_t sector_size, size_t count)
{
	uint8x16_t tweak[LANES];
	size_t i, j;

	for (i = 0; i < count; i += LANES) {
		size_t n = count - i < LANES ? count - i : LANES;

		sector_starts(k->tweak, k->rounds, offset / sector_size + i, 1, n, tweak);
		for (j = 0; j < n; j++)
			xts_decrypt(k, tweak[j], buf + (i + j) * sector_size, sector_size);
	}
}
#endif
