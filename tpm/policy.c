/** @file
 * TPM 2.0 policy digests (PolicyAuthValue, PolicyPCR) for SHA-256 sessions.
 */
#include <string.h>
#include "crypto/sha256.h"
#include "tpm/policy.h"
#include "tpm/tpm2.h"
#include "tpm/wire.h"

void tpm_policy_start(uint8_t digest[TPM_POLICY_LEN])
{
	memset(digest, 0, TPM_POLICY_LEN);
}

void tpm_policy_auth_value(uint8_t digest[TPM_POLICY_LEN])
{
	uint8_t cc[4];
	struct sha256_ctx h;
	struct wr w;

	wr_init(&w, cc, sizeof(cc));
	wr_be32(&w, TPM2_CC_POLICY_AUTH_VALUE);
	sha256_init(&h);
	sha256_update(&h, digest, TPM_POLICY_LEN);
	sha256_update(&h, cc, sizeof(cc));
	sha256_final(&h, digest);
}

void tpm_policy_pcr(uint8_t digest[TPM_POLICY_LEN], const uint8_t *select,
		    uint8_t select_len, const uint8_t pcr_digest[TPM_POLICY_LEN])
{
	tpm_policy_pcr_bank(digest, TPM2_ALG_SHA256, select, select_len, pcr_digest);
}

void tpm_policy_pcr_bank(uint8_t digest[TPM_POLICY_LEN], uint16_t bank,
			 const uint8_t *select, uint8_t select_len,
			 const uint8_t pcr_digest[TPM_POLICY_LEN])
{
	/* commandCode, then TPML_PCR_SELECTION: count 1, hash, sizeofSelect */
	uint8_t head[4 + 4 + 2 + 1];
	struct sha256_ctx h;
	struct wr w;

	wr_init(&w, head, sizeof(head));
	wr_be32(&w, TPM2_CC_POLICY_PCR);
	wr_be32(&w, 1);
	wr_be16(&w, bank);
	wr_u8(&w, select_len);
	sha256_init(&h);
	sha256_update(&h, digest, TPM_POLICY_LEN);
	sha256_update(&h, head, sizeof(head));
	sha256_update(&h, select, select_len);
	sha256_update(&h, pcr_digest, TPM_POLICY_LEN);
	sha256_final(&h, digest);
}
