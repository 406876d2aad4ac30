/** @file
 * SHA-256 internals shared by the portable code and the fast paths
 * (SHA-NI on x86-64, the ARMv8 Crypto Extension on AArch64).
 */
#ifndef CRYPTO_SHA256_IMPL_H
#define CRYPTO_SHA256_IMPL_H

#include <stddef.h>
#include <stdint.h>

extern const uint32_t sha256_k[64];
extern const uint32_t sha256_iv[8];

/* One 64-byte block whose big-endian words are already loaded into W. */
void sha256_compress_words(uint32_t state[8], const uint32_t w[16]);

/* NBLOCKS 64-byte blocks from DATA. */
void sha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t nblocks);
void sha256_blocks_ni(uint32_t state[8], const uint8_t *data, size_t nblocks);
void sha256_blocks_ce(uint32_t state[8], const uint8_t *data, size_t nblocks);

/* The stretch input (88 bytes, padded to two blocks) as big-endian words. */
struct stretch_block {
	uint32_t first[16];	/* last hash (8 words) || input hash (8 words) */
	uint32_t second[16];	/* salt, counter, padding, bit length */
};
void stretch_init_block(struct stretch_block *b, const uint8_t hash[32],
			const uint8_t salt[16]);
/* Run rounds FROM..TO-1 on B (B->first[0..7] holds the last hash). */
void stretch_rounds_portable(struct stretch_block *b, uint64_t from, uint64_t to);
void stretch_rounds_ni(struct stretch_block *b, uint64_t from, uint64_t to);
void stretch_rounds_ce(struct stretch_block *b, uint64_t from, uint64_t to);

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static inline uint32_t bswap32(uint32_t v)
{
	return __builtin_bswap32(v);
}

#endif
