/** @file
 * AES-CCM unwrap of BitLocker key blobs, on mbedTLS.
 */
#include <string.h>
#include "mbedtls/ccm.h"
#include "crypto/ccm.h"
#include "crypto/wipe.h"

int aes_ccm_unwrap(const uint8_t *key, size_t key_len,
		   const uint8_t nonce[CCM_NONCE_LEN], const uint8_t tag[CCM_TAG_LEN],
		   const uint8_t *ciphertext, size_t len, uint8_t *plaintext)
{
	mbedtls_ccm_context ccm;
	int ret = -1;

	if (key_len != 16 && key_len != 32) {
		memset(plaintext, 0, len);
		return -1;
	}
	mbedtls_ccm_init(&ccm);
	if (mbedtls_ccm_setkey(&ccm, MBEDTLS_CIPHER_ID_AES, key,
			       (unsigned int)key_len * 8) == 0 &&
	    mbedtls_ccm_auth_decrypt(&ccm, len, nonce, CCM_NONCE_LEN, NULL, 0,
				     ciphertext, plaintext, tag, CCM_TAG_LEN) == 0)
		ret = 0;
	mbedtls_ccm_free(&ccm);		/* zeroes the expanded key */
	if (ret)
		wipe(plaintext, len);	/* mbedTLS does too; be sure */
	return ret;
}
