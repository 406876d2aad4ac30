/** @file
 * BitLocker's key stretch: 2^20 chained SHA-256 of an 88-byte block.
 *
 * The block (last hash || input hash || salt || u64 LE counter) is two
 * SHA-256 blocks once padded. It is kept as big-endian words so each
 * round only rewrites the last hash and the counter, never the rest.
 */
#include <string.h>
#include "crypto/cpu.h"
#include "crypto/sha256.h"
#include "crypto/sha256_impl.h"
#include "crypto/wipe.h"

#define STRETCH_BLOCK_BITS (88 * 8)
#define PROGRESS_EVERY 0x10000u

void stretch_init_block(struct stretch_block *b, const uint8_t hash[32],
			const uint8_t salt[16])
{
	int i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < 8; i++)
		b->first[8 + i] = load_be32(hash + 4 * i);
	for (i = 0; i < 4; i++)
		b->second[i] = load_be32(salt + 4 * i);
	/* second[4..5]: the counter, set per round */
	b->second[6] = 0x80000000;	/* padding starts right after the counter */
	b->second[15] = STRETCH_BLOCK_BITS;
}

void stretch_rounds_portable(struct stretch_block *b, uint64_t from, uint64_t to)
{
	uint32_t state[8];
	uint64_t n;

	for (n = from; n < to; n++) {
		/* the counter is little-endian in a big-endian word stream */
		b->second[4] = bswap32((uint32_t)n);
		b->second[5] = bswap32((uint32_t)(n >> 32));
		memcpy(state, sha256_iv, sizeof(state));
		sha256_compress_words(state, b->first);
		sha256_compress_words(state, b->second);
		memcpy(b->first, state, sizeof(state));
	}
	wipe(state, sizeof(state));
}

void stretch_key(const uint8_t hash[SHA256_LEN], const uint8_t salt[16],
		 uint32_t rounds, uint8_t key[SHA256_LEN],
		 stretch_progress_fn progress, void *progress_ctx)
{
	struct stretch_block b;
	uint32_t done = 0;
	int i;

	stretch_init_block(&b, hash, salt);
	while (done < rounds) {
		uint32_t step = rounds - done < PROGRESS_EVERY ? rounds - done
							       : PROGRESS_EVERY;
#if defined(__x86_64__)
		if (cpu_use_sha_ni())
			stretch_rounds_ni(&b, done, done + step);
		else
#elif defined(__aarch64__)
		if (cpu_use_sha2_ce())
			stretch_rounds_ce(&b, done, done + step);
		else
#endif
			stretch_rounds_portable(&b, done, done + step);
		done += step;
		if (progress)
			progress(progress_ctx, done, rounds);
	}
	for (i = 0; i < 8; i++)
		store_be32(key + 4 * i, b.first[i]);
	wipe(&b, sizeof(b));
}
