/** @file
 * Bulk AES decryption with the ARMv8 Crypto Extension (internal to
 * crypto/): CBC and XTS with eight blocks in flight, as crypto/aes_ni.h
 * does on x86-64 (same meanings, same round-key layout). Call only when
 * cpu_use_aes_ce() says so.
 */
#ifndef CRYPTO_AES_CE_H
#define CRYPTO_AES_CE_H

#include "crypto/aes_fast.h"

void aes_ce_setkey(struct aes_keys *k, const uint8_t *key,
		   const uint8_t *tweak_key, unsigned key_bytes);
void aes_ce_encrypt_block(const struct aes_keys *k, const uint8_t rk[][16],
			  const uint8_t in[16], uint8_t out[16]);
void aes_ce_cbc_decrypt(const struct aes_keys *k, const uint8_t iv[16],
			uint8_t *buf, size_t len);
void aes_ce_cbc_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
				uint8_t *buf, size_t sector_size, size_t count);
void aes_ce_xts_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
				uint8_t *buf, size_t sector_size, size_t count);

#endif
