/** @file
 * Bulk AES-NI decryption for sectors (internal to crypto/): CBC and XTS
 * with eight blocks in flight. Call only when cpu_use_aes_ni() says so.
 */
#ifndef CRYPTO_AES_NI_H
#define CRYPTO_AES_NI_H

#include <stddef.h>
#include <stdint.h>

#define AES_NI_MAX_ROUNDS 14

/* Expanded round keys; position independent, so the struct may be copied. */
struct aes_ni_keys {
	uint8_t enc[AES_NI_MAX_ROUNDS + 1][16] __attribute__((aligned(16)));
	uint8_t dec[AES_NI_MAX_ROUNDS + 1][16] __attribute__((aligned(16)));
	uint8_t tweak[AES_NI_MAX_ROUNDS + 1][16] __attribute__((aligned(16)));
	unsigned rounds;	/* 10 or 14 */
};

/* KEY_BYTES 16 or 32; TWEAK_KEY (same size) may be NULL. */
void aes_ni_setkey(struct aes_ni_keys *k, const uint8_t *key,
		   const uint8_t *tweak_key, unsigned key_bytes);

/* One block with the encryption schedule RK (k->enc or k->tweak). */
void aes_ni_encrypt_block(const struct aes_ni_keys *k, const uint8_t rk[][16],
			  const uint8_t in[16], uint8_t out[16]);

/* LEN (a multiple of 16) bytes in place, CBC with IV. */
void aes_ni_cbc_decrypt(const struct aes_ni_keys *k, const uint8_t iv[16],
			uint8_t *buf, size_t len);

/* LEN (a multiple of 16) bytes in place, XTS with the 16-byte data unit
 * number UNIT (encrypted with the tweak key here). */
void aes_ni_xts_decrypt(const struct aes_ni_keys *k, const uint8_t unit[16],
			uint8_t *buf, size_t len);

#endif
