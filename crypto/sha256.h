/** @file
 * SHA-256, and BitLocker's key stretch built on it.
 */
#ifndef CRYPTO_SHA256_H
#define CRYPTO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

/* One-shot SHA-256. */
void sha256(const void *data, size_t len, uint8_t digest[SHA256_LEN]);

/* Incremental SHA-256 (for hashing a whole decrypted volume). sha256_final
 * wipes CTX: call sha256_init again to reuse it. */
struct sha256_ctx {
	uint32_t state[8];
	uint64_t length;
	uint8_t block[64];
	size_t used;
};
void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_LEN]);

/* Called now and then during the stretch; DONE counts rounds of TOTAL. */
typedef void (*stretch_progress_fn)(void *ctx, uint32_t done, uint32_t total);

#define BDE_STRETCH_ROUNDS 0x100000

/*
 * BitLocker key stretch: ROUNDS times, last = SHA-256(last || hash || salt ||
 * counter), last starting at zero and the u64 LE counter at zero.
 * HASH is SHA-256 of the recovery key (or the double SHA-256 of a user
 * password). Uses SHA-NI, or the ARMv8 SHA-256 instructions, when the CPU
 * has them. PROGRESS may be NULL.
 */
void stretch_key(const uint8_t hash[SHA256_LEN], const uint8_t salt[16],
		 uint32_t rounds, uint8_t key[SHA256_LEN],
		 stretch_progress_fn progress, void *progress_ctx);

/* Which implementation runs here: "sha-ni", "sha2-ce" or "portable". */
const char *sha256_implementation(void);

#endif
