/** @file
 * The bulk AES fast paths (internal to crypto/): AES-NI and VAES on
 * x86-64, the ARMv8 Crypto Extension on AArch64. They share one round-key
 * layout, and crypto/sector.c reaches them through one table.
 */
#ifndef CRYPTO_AES_FAST_H
#define CRYPTO_AES_FAST_H

#include <stddef.h>
#include <stdint.h>

#define AES_MAX_ROUNDS 14

/*
 * Expanded round keys; position independent, so the struct may be copied.
 * DEC is the equivalent inverse cipher's schedule, in the order decryption
 * uses it: both instruction sets take that one.
 */
struct aes_keys {
	uint8_t enc[AES_MAX_ROUNDS + 1][16] __attribute__((aligned(16)));
	uint8_t dec[AES_MAX_ROUNDS + 1][16] __attribute__((aligned(16)));
	uint8_t tweak[AES_MAX_ROUNDS + 1][16] __attribute__((aligned(16)));
	unsigned rounds;	/* 10 or 14 */
};

/* One fast path's entry points (their meaning: crypto/aes_ni.h). */
struct aes_fast_path {
	const char *name;	/* as sector_implementation() reports it */
	void (*setkey)(struct aes_keys *k, const uint8_t *key,
		       const uint8_t *tweak_key, unsigned key_bytes);
	void (*encrypt_block)(const struct aes_keys *k, const uint8_t rk[][16],
			      const uint8_t in[16], uint8_t out[16]);
	void (*cbc_decrypt)(const struct aes_keys *k, const uint8_t iv[16],
			    uint8_t *buf, size_t len);
	void (*cbc_decrypt_sectors)(const struct aes_keys *k, uint64_t offset,
				    uint8_t *buf, size_t sector_size, size_t count);
	void (*xts_decrypt_sectors)(const struct aes_keys *k, uint64_t offset,
				    uint8_t *buf, size_t sector_size, size_t count);
};

/* The fastest path the CPU has and crypto_force_path() allows, or NULL. */
const struct aes_fast_path *aes_fast_path(void);

#endif
