/** @file
 * What the TPM itself says about a sealed BitLocker key, asked without
 * risk: is its storage root key (0x81000001, Windows' parent for sealed
 * keys) there, does the key load under it, is the TPM locked out after
 * wrong authorisations? Never TPM2_Unseal, never a PIN: a loaded key is
 * flushed at once, and nothing here counts toward the lockout (Load under
 * the storage root key uses its empty password, which Windows uses too).
 */
#ifndef TPM_KEY_CHECK_H
#define TPM_KEY_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include "tpm/info.h"
#include "tpm/sealed.h"
#include "tpm/verdict.h"

#define TPM_SRK_HANDLE 0x81000001u

enum tpm_check_answer {
	TPM_CHECK_NOT_ASKED = 0,
	TPM_CHECK_YES,
	TPM_CHECK_NO,
	TPM_CHECK_UNKNOWN,           /* asked; the answer does not say */
};

struct tpm_key_check {
	uint8_t srk;                 /* enum tpm_check_answer: SRK present */
	uint8_t loads;               /* enum tpm_check_answer: the key loads */
	uint8_t lockout;             /* enum tpm_check_answer: in lockout */
	uint32_t lockout_counter, max_tries;
	uint32_t read_public_rc, load_rc;  /* the TPM's answers, 0: success */
	int error;                   /* enum tpm_error: could not ask */
};

/*
 * Ask the TPM (through SUBMIT) about the sealed key whose datum value is
 * VALUE (LEN bytes, read into S with fields_read set). Returns C->error.
 */
int tpm2_check_key(tpm2_submit_fn submit, void *ctx, const uint8_t *value, size_t len,
		   const struct tpm_sealed *s, struct tpm_key_check *c);

/*
 * The TPM's part of the verdict: V becomes "will not release" with the
 * cause when C shows one that S is subject to. Returns whether it did.
 */
int tpm_key_check_verdict(const struct tpm_key_check *c, const struct tpm_sealed *s,
			  struct tpm_verdict *v);

#endif
