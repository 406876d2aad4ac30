/** @file
 * The TPM's checks, then the prediction: one verdict per sealed key.
 */
#include <string.h>
#include "tpm/error.h"
#include "tpm/judge.h"
#include "tpm/pe_hash.h"

void tpm_boot_manager_read(const uint8_t *image, size_t len, struct tpm_boot_manager *bm)
{
	size_t at, certs_len;

	memset(bm, 0, sizeof(*bm));
	if (!image || tpm_pe_hash_certs(image, len, bm->digest, &at, &certs_len))
		return;
	bm->found = 1;
	if (certs_len) {
		bm->certs = image + at;
		bm->certs_len = certs_len;
	}
}

void tpm_judge(const struct tpm_predict_input *in, tpm2_submit_fn submit, void *ctx,
	       const uint8_t *value, size_t len, const struct tpm_sealed *s,
	       struct tpm_judgement *j)
{
	struct tpm_verdict *v = &j->verdict;

	memset(j, 0, sizeof(*j));
	j->prediction.candidate = -1;
	v->profile = s->pcr_bitmap;
	memcpy(v->stored, s->pcr_digest, TPM_VERDICT_DIGEST_LEN);
	v->kind = TPM_VERDICT_CANNOT_TELL;
	if (s->status != TPM_SEALED_OK) {
		v->cause = s->status == TPM_SEALED_SHA1_BANK ? TPM_WHY_SHA1_BANK :
			   TPM_WHY_NOT_UNDERSTOOD;
		return;
	}
	if (!submit) {
		v->cause = TPM_WHY_NO_TPM;
		return;
	}
	if (tpm2_check_key(submit, ctx, value, len, s, &j->check)) {
		/* the PCRs may still tell it will not; that it would, they cannot */
		tpm_predict(in, s, v, &j->prediction);
		j->predicted = 1;
		if (v->kind != TPM_VERDICT_WILL_NOT_RELEASE) {
			v->kind = TPM_VERDICT_CANNOT_TELL;
			v->cause = TPM_WHY_TPM_ERROR;
		}
		return;
	}
	if (tpm_key_check_verdict(&j->check, s, v)) {
		/* the PCRs no longer decide, but the expert still sees them */
		struct tpm_verdict pcrs;

		tpm_predict(in, s, &pcrs, &j->prediction);
		memcpy(v->predicted, pcrs.predicted, TPM_VERDICT_DIGEST_LEN);
		v->predicted_valid = pcrs.predicted_valid;
		return;
	}
	tpm_predict(in, s, v, &j->prediction);
	j->predicted = 1;
}
