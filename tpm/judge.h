/** @file
 * The whole verdict on one sealed BitLocker key (tpm/verdict.h): first
 * what the key and the TPM say (not understood, no TPM, storage root key
 * gone, the key does not load, lockout), then the PCR prediction
 * (tpm/predict.h). A TPM that cannot be asked leaves "will not release"
 * to the PCRs, and "would release" unsaid (cannot tell). Shared by the app
 * and the host tool, so both decide the same way.
 */
#ifndef TPM_JUDGE_H
#define TPM_JUDGE_H

#include "tpm/key_check.h"
#include "tpm/predict.h"

/* Windows Boot Manager's file into BM (pointing into IMAGE). */
void tpm_boot_manager_read(const uint8_t *image, size_t len, struct tpm_boot_manager *bm);

struct tpm_judgement {
	struct tpm_verdict verdict;
	struct tpm_prediction prediction;
	struct tpm_key_check check;
	int predicted;               /* the prediction ran */
};

/*
 * Judge the sealed key S read from VALUE (LEN bytes). SUBMIT is NULL when
 * no TPM 2.0 answered. J is filled whatever happens.
 */
void tpm_judge(const struct tpm_predict_input *in, tpm2_submit_fn submit, void *ctx,
	       const uint8_t *value, size_t len, const struct tpm_sealed *s,
	       struct tpm_judgement *j);

#endif
