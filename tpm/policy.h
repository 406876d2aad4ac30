/** @file
 * TPM 2.0 policy digests as a trial session computes them (TPM 2.0 Part 3,
 * TPM2_PolicyAuthValue and TPM2_PolicyPCR), for SHA-256 sessions: what
 * an object's authPolicy must be if it was made from those commands.
 */
#ifndef TPM_POLICY_H
#define TPM_POLICY_H

#include <stddef.h>
#include <stdint.h>

#define TPM2_CC_POLICY_AUTH_VALUE 0x0000016B
#define TPM2_CC_POLICY_PCR        0x0000017F
#define TPM_POLICY_LEN            32   /* SHA-256 */

/* A new session's digest: all zeros. */
void tpm_policy_start(uint8_t digest[TPM_POLICY_LEN]);

/* digest = SHA-256(digest || TPM_CC_PolicyAuthValue) */
void tpm_policy_auth_value(uint8_t digest[TPM_POLICY_LEN]);

/*
 * digest = SHA-256(digest || TPM_CC_PolicyPCR || pcrs || PCR_DIGEST), pcrs
 * being a TPML_PCR_SELECTION of one SHA-256 bank whose pcrSelect is the
 * SELECT_LEN bytes at SELECT (bit N of byte B = PCR 8B+N).
 */
void tpm_policy_pcr(uint8_t digest[TPM_POLICY_LEN], const uint8_t *select,
		    uint8_t select_len, const uint8_t pcr_digest[TPM_POLICY_LEN]);

/* The same for the PCRs of another BANK (TPM2_ALG_SHA1, ...). */
void tpm_policy_pcr_bank(uint8_t digest[TPM_POLICY_LEN], uint16_t bank,
			 const uint8_t *select, uint8_t select_len,
			 const uint8_t pcr_digest[TPM_POLICY_LEN]);

#endif
