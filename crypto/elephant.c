/** @file
 * The Elephant diffuser, on 32-bit little-endian words of the sector.
 *
 * Both diffusers mix each word with two others at fixed distances (A: the
 * words 2 and 5 before, B: 2 and 5 after, wrapping around the sector), one
 * of them rotated by a constant that depends on the word index mod 4.
 * Decryption walks forward adding; encryption walks backward subtracting,
 * which sees exactly the same neighbour values and so undoes it.
 *
 * Decryption is what runs over whole disks, so it has its own loops:
 * unrolled by four (fixed rotations), A keeping its five freshly written
 * predecessors in registers. Encryption (tests, test volumes) keeps the
 * plain form, and the self-tests check one undoes the other.
 */
#include "crypto/elephant.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the diffuser reads sector words in host order: little-endian only"
#endif

/* Sector buffers need not be 4-byte aligned. */
typedef uint32_t word_t __attribute__((aligned(1), may_alias));

#define A_CYCLES 5
#define B_CYCLES 3
static const unsigned a_rot[4] = { 9, 0, 13, 0 };
static const unsigned b_rot[4] = { 0, 10, 0, 25 };

static inline uint32_t rol(uint32_t x, unsigned n)
{
	return n ? x << n | x >> (32 - n) : x;
}

/* Diffuser A, decryption direction: d[i] += d[i-2] ^ rol(d[i-5], a_rot). */
static void diffuser_a_decrypt(word_t *d, size_t n)
{
	int c;

	for (c = 0; c < A_CYCLES; c++) {
		/* d[i-1] .. d[i-5]; for i = 0 they wrap to the sector's end */
		uint32_t m1 = d[n - 1], m2 = d[n - 2], m3 = d[n - 3];
		uint32_t m4 = d[n - 4], m5 = d[n - 5];
		size_t i;

		for (i = 0; i < n; i += 4) {
			uint32_t v0 = d[i] + (m2 ^ rol(m5, a_rot[0]));
			uint32_t v1 = d[i + 1] + (m1 ^ m4);
			uint32_t v2 = d[i + 2] + (v0 ^ rol(m3, a_rot[2]));
			uint32_t v3 = d[i + 3] + (v1 ^ m2);

			d[i] = v0, d[i + 1] = v1, d[i + 2] = v2, d[i + 3] = v3;
			m5 = m1, m4 = v0, m3 = v1, m2 = v2, m1 = v3;
		}
	}
}

/* Diffuser B, decryption direction: d[i] += d[i+2] ^ rol(d[i+5], b_rot). */
static void diffuser_b_decrypt(word_t *d, size_t n)
{
	int c;

	for (c = 0; c < B_CYCLES; c++) {
		size_t i;

		/* ahead of i nothing is rewritten yet: no chain through memory */
		for (i = 0; i + 8 < n; i += 4) {
			d[i] += d[i + 2] ^ d[i + 5];
			d[i + 1] += d[i + 3] ^ rol(d[i + 6], b_rot[1]);
			d[i + 2] += d[i + 4] ^ d[i + 7];
			d[i + 3] += d[i + 5] ^ rol(d[i + 8], b_rot[3]);
		}
		/* the last words read the sector's start, already rewritten */
		for (; i < n; i++) {
			size_t i2 = i + 2, i5 = i + 5;

			if (i2 >= n)
				i2 -= n;
			if (i5 >= n)
				i5 -= n;
			d[i] += d[i2] ^ rol(d[i5], b_rot[i & 3]);
		}
	}
}

/*
 * Either diffuser, encryption direction: backward over the N words,
 * d[i] -= d[i+near] ^ rol(d[i+far], rot[i mod 4]), indices mod N.
 * A: near = -2, far = -5; B: near = +2, far = +5 (passed mod N).
 */
static void diffuser_encrypt(word_t *d, size_t n, int cycles, size_t near,
			     size_t far, const unsigned rot[4])
{
	int c;

	for (c = 0; c < cycles; c++) {
		size_t i = n;

		while (i--) {
			size_t i2 = i + near, i5 = i + far;

			if (i2 >= n)
				i2 -= n;
			if (i5 >= n)
				i5 -= n;
			d[i] -= d[i2] ^ rol(d[i5], rot[i & 3]);
		}
	}
}

static void xor_key(uint8_t *sector, size_t len, const uint8_t *key)
{
	word_t *d = (word_t *)sector;
	const word_t *k = (const word_t *)key;
	size_t i;

	for (i = 0; i < len / 4; i++)
		d[i] ^= k[i & 7];
}

void elephant_decrypt(uint8_t *sector, size_t len,
		      const uint8_t key[ELEPHANT_SECTOR_KEY_LEN])
{
	diffuser_b_decrypt((word_t *)sector, len / 4);
	diffuser_a_decrypt((word_t *)sector, len / 4);
	xor_key(sector, len, key);
}

void elephant_encrypt(uint8_t *sector, size_t len,
		      const uint8_t key[ELEPHANT_SECTOR_KEY_LEN])
{
	size_t n = len / 4;

	xor_key(sector, len, key);
	diffuser_encrypt((word_t *)sector, n, A_CYCLES, n - 2, n - 5, a_rot);
	diffuser_encrypt((word_t *)sector, n, B_CYCLES, 2, 5, b_rot);
}
