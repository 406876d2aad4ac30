/** @file
 * SHA-256 with the ARMv8 Crypto Extension, and the stretch loop on it.
 *
 * Per-function target attributes, as crypto/sha256_ni.c: only called
 * after ID_AA64ISAR0_EL1 said yes (crypto/cpu.c).
 *
 * SHA256H and SHA256H2 keep the state as ABCD and EFGH (lane 0 first),
 * the order of the state words themselves: the stretch carries them from
 * round to round as the next round's first message words, unchanged.
 * Four rounds are one SHA256H and one SHA256H2, both reading the old ABCD
 * and EFGH, so they issue together; their latency chain is the bound.
 */
#if defined(__aarch64__)
#include <arm_neon.h>
#include "crypto/sha256_impl.h"

#define TARGET __attribute__((target("+crypto")))

/* Four rounds with message words MSG (W[4i] .. W[4i + 3]). */
#define ROUNDS4(abcd, efgh, msg, i)                                          \
	do {                                                                 \
		uint32x4_t wk = vaddq_u32((msg), vld1q_u32(&sha256_k[4 * (i)])); \
		uint32x4_t abcd_before = abcd;                               \
		abcd = vsha256hq_u32(abcd, efgh, wk);                        \
		efgh = vsha256h2q_u32(efgh, abcd_before, wk);                \
	} while (0)

/* Next four schedule words from the previous sixteen, M0 the oldest. */
#define SCHEDULE(m0, m1, m2, m3) vsha256su1q_u32(vsha256su0q_u32(m0, m1), m2, m3)

/* One block, message words in M0..M3; updates *ABCD and *EFGH. */
static inline TARGET void compress(uint32x4_t *abcd_io, uint32x4_t *efgh_io,
				   uint32x4_t m0, uint32x4_t m1, uint32x4_t m2, uint32x4_t m3)
{
	uint32x4_t abcd = *abcd_io, efgh = *efgh_io;
	int i;

	ROUNDS4(abcd, efgh, m0, 0);
	ROUNDS4(abcd, efgh, m1, 1);
	ROUNDS4(abcd, efgh, m2, 2);
	ROUNDS4(abcd, efgh, m3, 3);
#pragma GCC unroll 3
	for (i = 4; i < 16; i += 4) {
		m0 = SCHEDULE(m0, m1, m2, m3);
		ROUNDS4(abcd, efgh, m0, i);
		m1 = SCHEDULE(m1, m2, m3, m0);
		ROUNDS4(abcd, efgh, m1, i + 1);
		m2 = SCHEDULE(m2, m3, m0, m1);
		ROUNDS4(abcd, efgh, m2, i + 2);
		m3 = SCHEDULE(m3, m0, m1, m2);
		ROUNDS4(abcd, efgh, m3, i + 3);
	}
	*abcd_io = vaddq_u32(*abcd_io, abcd);
	*efgh_io = vaddq_u32(*efgh_io, efgh);
}

/* Four big-endian message words. */
static inline TARGET uint32x4_t load_be(const uint8_t *p)
{
	return vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p)));
}

TARGET void sha256_blocks_ce(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	uint32x4_t abcd = vld1q_u32(state), efgh = vld1q_u32(state + 4);

	for (; nblocks; nblocks--, data += 64)
		compress(&abcd, &efgh, load_be(data), load_be(data + 16),
			 load_be(data + 32), load_be(data + 48));
	vst1q_u32(state, abcd);
	vst1q_u32(state + 4, efgh);
}

TARGET void stretch_rounds_ce(struct stretch_block *b, uint64_t from, uint64_t to)
{
	const uint32x4_t hash_lo = vld1q_u32(b->first + 8);
	const uint32x4_t hash_hi = vld1q_u32(b->first + 12);
	const uint32x4_t salt = vld1q_u32(b->second);
	const uint32x4_t tail = vld1q_u32(b->second + 12);
	const uint32x4_t iv_abcd = vld1q_u32(sha256_iv), iv_efgh = vld1q_u32(sha256_iv + 4);
	const uint32x4_t zero = vdupq_n_u32(0);
	/* second[6..7]: the padding's first word, then zero */
	const uint32x2_t padding = vcreate_u32(b->second[6] | (uint64_t)b->second[7] << 32);
	uint32x4_t last_lo = vld1q_u32(b->first), last_hi = vld1q_u32(b->first + 4);
	uint64_t n;

	for (n = from; n < to; n++) {
		uint32x4_t abcd = iv_abcd, efgh = iv_efgh;
		/* the u64 counter is little-endian in a big-endian word stream */
		uint32x4_t counter = vcombine_u32(
			vcreate_u32(bswap32((uint32_t)n) |
				    (uint64_t)bswap32((uint32_t)(n >> 32)) << 32),
			padding);

		compress(&abcd, &efgh, last_lo, last_hi, hash_lo, hash_hi);
		compress(&abcd, &efgh, salt, counter, zero, tail);
		last_lo = abcd;
		last_hi = efgh;
	}
	vst1q_u32(b->first, last_lo);
	vst1q_u32(b->first + 4, last_hi);
}
#endif
