/** @file
 * AES-CCM unwrap of BitLocker's encrypted key blobs (VMK, FVEK).
 */
#ifndef CRYPTO_CCM_H
#define CRYPTO_CCM_H

#include <stddef.h>
#include <stdint.h>

#define CCM_NONCE_LEN 12
#define CCM_TAG_LEN 16

/*
 * Decrypt LEN bytes of CIPHERTEXT into PLAINTEXT with the AES key KEY
 * (KEY_LEN 16 or 32 bytes), a 12-byte nonce, no associated data, and check
 * the 16-byte TAG. Returns 0 on success, -1 if the tag does not match (wrong
 * key, or damaged data): PLAINTEXT is then zeroed.
 */
int aes_ccm_unwrap(const uint8_t *key, size_t key_len,
		   const uint8_t nonce[CCM_NONCE_LEN], const uint8_t tag[CCM_TAG_LEN],
		   const uint8_t *ciphertext, size_t len, uint8_t *plaintext);

#endif
