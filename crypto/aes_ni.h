/** @file
 * Bulk AES-NI decryption for sectors (internal to crypto/): CBC and XTS
 * with eight blocks in flight. Call only when cpu_use_aes_ni() says so.
 */
#ifndef CRYPTO_AES_NI_H
#define CRYPTO_AES_NI_H

#include "crypto/aes_fast.h"

/* KEY_BYTES 16 or 32; TWEAK_KEY (same size) may be NULL. */
void aes_ni_setkey(struct aes_keys *k, const uint8_t *key,
		   const uint8_t *tweak_key, unsigned key_bytes);

/* One block with the encryption schedule RK (k->enc or k->tweak). */
void aes_ni_encrypt_block(const struct aes_keys *k, const uint8_t rk[][16],
			  const uint8_t in[16], uint8_t out[16]);

/* E(RK, first + j * step) for j < N <= 8, as 16-byte LE numbers, together. */
void aes_ni_sector_starts(const struct aes_keys *k, const uint8_t rk[][16],
			  uint64_t first, uint64_t step, size_t n, uint8_t out[][16]);

/* LEN (a multiple of 16) bytes in place, CBC with IV (the SP 800-38A tests). */
void aes_ni_cbc_decrypt(const struct aes_keys *k, const uint8_t iv[16],
			uint8_t *buf, size_t len);

/*
 * COUNT sectors of SECTOR_SIZE (a multiple of 16) in place, the first at
 * byte OFFSET: BitLocker CBC (IV = E(key, byte offset)) and XTS (data unit
 * = offset / sector size). IVs and tweaks of eight sectors are computed
 * together.
 */
void aes_ni_cbc_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
				uint8_t *buf, size_t sector_size, size_t count);
void aes_ni_xts_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
				uint8_t *buf, size_t sector_size, size_t count);

/* The same with VAES on 256-bit registers, 16 blocks in flight (crypto/
 * aes_vaes.c); only where cpu_use_vaes() says so. */
void aes_vaes_cbc_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
				  uint8_t *buf, size_t sector_size, size_t count);
void aes_vaes_xts_decrypt_sectors(const struct aes_keys *k, uint64_t offset,
				  uint8_t *buf, size_t sector_size, size_t count);

#endif
