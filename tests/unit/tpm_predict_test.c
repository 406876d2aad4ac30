/** @file
 * The PCR composite TPM2_PolicyPCR compares (tpm/predict.h), against the
 * two PCR sets ../shared/corpus/tpm2/README.md reproduces from Windows'
 * own TPM traces: win10-ovmf-swtpm (PCRs 0, 2, 4, 11 -> 1dd7e196...) and
 * real-hw-sb (PCRs 7, 11 -> 2ed600a2...). The values are facts from
 * there; the blobs are not copied.
 */
#include <string.h>
#include "check.h"
#include "tpm/judge.h"
#include "tpm/predict.h"

struct composite_vector {
	const char *source;
	uint8_t select[3];
	struct { unsigned pcr; const char *value; } pcrs[3];
	const char *digest;
};

static const struct composite_vector vectors[] = {
	{ "win10-ovmf-swtpm", { 0x15, 0x08, 0x00 },
	  { { 0, "447311a35463f33203a60ad62d6faff813363a74e8f0f474d99a4bc9b3e6871c" },
	    { 2, "7283db88208a98a77b841934355d717e583235fa544a682bdaafb2232278ea36" },
	    { 4, "43b4abd851c1daf30009f6ac9fa72c73376facca26724d23a87cd9db8f7c5cef" } },
	  "1dd7e196ce6e18af93075b00e733ed0c02210bb0043cf02a37d78e737ea3e918" },
	{ "real-hw-sb", { 0x80, 0x08, 0x00 },
	  { { 7, "0d6f99cfb1b95917f1c402f6744429141d974f95b033c0962f3b88e95c68967d" } },
	  "2ed600a212ca19863a2557aadf7594238074b6c584b318e3ddb28870137efe4a" },
};

/* A TPM that cannot be reached. */
static int broken_submit(void *ctx, const uint8_t *cmd, size_t cmd_len,
			 uint8_t *rsp, size_t *rsp_len)
{
	(void)ctx; (void)cmd; (void)cmd_len; (void)rsp; (void)rsp_len;
	return -1;
}

/* A cleared TPM: TPM_RC_HANDLE (handle 1) to everything. */
static int cleared_submit(void *ctx, const uint8_t *cmd, size_t cmd_len,
			  uint8_t *rsp, size_t *rsp_len)
{
	static const uint8_t answer[10] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x8b };

	(void)ctx; (void)cmd; (void)cmd_len;
	memcpy(rsp, answer, sizeof(answer));
	*rsp_len = sizeof(answer);
	return 0;
}

/* The order of tpm_judge(): the key, then the TPM, then the PCRs. */
static void test_judge(void)
{
	struct tpm_judgement *j = check_alloc(sizeof(*j));
	struct tpm_predict_input in;
	struct tpm_sealed s;

	if (!j)
		return;
	memset(&in, 0, sizeof(in));
	memset(&s, 0, sizeof(s));
	s.pcr_bitmap = 0x880;
	s.status = TPM_SEALED_POLICY_MISMATCH;
	tpm_judge(&in, cleared_submit, NULL, NULL, 0, &s, j);
	check(j->verdict.kind == TPM_VERDICT_CANNOT_TELL &&
	      j->verdict.cause == TPM_WHY_NOT_UNDERSTOOD);
	s.status = TPM_SEALED_OK;
	s.fields_read = 1;
	tpm_judge(&in, NULL, NULL, NULL, 0, &s, j);
	check(j->verdict.cause == TPM_WHY_NO_TPM);
	tpm_judge(&in, broken_submit, NULL, NULL, 0, &s, j);
	check(j->verdict.kind == TPM_VERDICT_CANNOT_TELL &&
	      j->verdict.cause == TPM_WHY_TPM_ERROR);
	tpm_judge(&in, cleared_submit, NULL, NULL, 0, &s, j);
	check(j->verdict.kind == TPM_VERDICT_WILL_NOT_RELEASE &&
	      j->verdict.cause == TPM_CAUSE_TPM_CLEARED);
	check(j->check.srk == TPM_CHECK_NO && j->check.loads == TPM_CHECK_NOT_ASKED);
	check_free(j, sizeof(*j));
}

SELFTEST(tpm_predict)
{
	uint8_t *values = check_alloc(TPM2_PCR_COUNT * 32);
	uint8_t digest[32];
	unsigned i, k;

	if (!values)
		return;
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct composite_vector *v = &vectors[i];

		/* PCRs outside the selection must not count: fill them */
		memset(values, 0xa5, TPM2_PCR_COUNT * 32);
		memset(values + 11 * 32, 0, 32);     /* PCR 11 zero at unseal */
		for (k = 0; k < 3 && v->pcrs[k].value; k++)
			check_unhex(v->pcrs[k].value, values + v->pcrs[k].pcr * 32, 32);
		tpm_pcr_composite(values, v->select, 3, digest);
		check(check_hex_equal(digest, 32, v->digest));
		/* one bit off in a selected PCR, and it no longer matches */
		values[11 * 32] ^= 1;
		tpm_pcr_composite(values, v->select, 3, digest);
		check(!check_hex_equal(digest, 32, v->digest));
	}
	check_free(values, TPM2_PCR_COUNT * 32);
	test_judge();
}
