/** @file
 * The Elephant diffuser, on 32-bit little-endian words of the sector.
 *
 * Both diffusers mix each word with two others at fixed distances (A: the
 * words 2 and 5 before, B: 2 and 5 after, wrapping around the sector), one
 * of them rotated by a constant that depends on the word index mod 4.
 * Decryption walks forward adding; encryption walks backward subtracting,
 * which sees exactly the same neighbour values and so undoes it.
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

/* N words; neighbours at i-2 and i-5 (A) or i+2 and i+5 (B), mod N. */
static inline __attribute__((always_inline)) void diffuse(word_t *d, size_t n, int cycles, int dir_after,
		    const unsigned rot[4], int decrypt)
{
	size_t near_off = dir_after ? 2 : n - 2, far_off = dir_after ? 5 : n - 5;
	int c;

	for (c = 0; c < cycles; c++) {
		size_t k;

		for (k = 0; k < n; k++) {
			size_t i = decrypt ? k : n - 1 - k;
			size_t i2 = i + near_off, i5 = i + far_off;
			uint32_t mix;

			if (i2 >= n)
				i2 -= n;
			if (i5 >= n)
				i5 -= n;
			mix = d[i2] ^ rol(d[i5], rot[i & 3]);
			if (decrypt)
				d[i] += mix;
			else
				d[i] -= mix;
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
	diffuse((word_t *)sector, len / 4, B_CYCLES, 1, b_rot, 1);
	diffuse((word_t *)sector, len / 4, A_CYCLES, 0, a_rot, 1);
	xor_key(sector, len, key);
}

void elephant_encrypt(uint8_t *sector, size_t len,
		      const uint8_t key[ELEPHANT_SECTOR_KEY_LEN])
{
	xor_key(sector, len, key);
	diffuse((word_t *)sector, len / 4, A_CYCLES, 0, a_rot, 0);
	diffuse((word_t *)sector, len / 4, B_CYCLES, 1, b_rot, 0);
}
