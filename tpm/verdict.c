/** @file
 * The verdict's words: the one English line of tpm/verdict.h.
 */
#include <string.h>
#include "tpm/verdict.h"

#define PCR_BOOT_MANAGER_SECURE_BOOT 7
#define PCR_UNSEAL 11   /* zero when Windows unseals: never a cause */

/* Appends to a NUL-terminated buffer, cutting what does not fit. */
struct line {
	char *p;
	size_t cap, len;
};

static void add(struct line *l, const char *s)
{
	while (*s && l->len + 1 < l->cap)
		l->p[l->len++] = *s++;
	if (l->cap)
		l->p[l->len] = '\0';
}

static void add_uint(struct line *l, unsigned v)
{
	char digits[12];
	unsigned n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < sizeof(digits));
	while (n) {
		char one[2] = { digits[--n], 0 };

		add(l, one);
	}
}

/* "0, 2, 4, 11", or with LAST_WORD " or " before the last one. */
static void add_pcr_list(struct line *l, uint32_t mask, const char *last_word)
{
	unsigned pcr, shown = 0, total = 0;

	for (pcr = 0; pcr < 32; pcr++)
		total += mask >> pcr & 1;
	for (pcr = 0; pcr < 32; pcr++) {
		if (!(mask >> pcr & 1))
			continue;
		if (shown++)
			add(l, shown == total ? last_word : ", ");
		add_uint(l, pcr);
	}
}

const char *tpm_verdict_kind_text(int kind)
{
	switch (kind) {
	case TPM_VERDICT_WOULD_RELEASE:    return "would release";
	case TPM_VERDICT_WILL_NOT_RELEASE: return "will not release";
	}
	return "cannot tell";
}

static const char *fixed_cause_text(int cause)
{
	switch (cause) {
	case TPM_CAUSE_NONE:          return "";
	case TPM_CAUSE_BOOT_ATTEMPT:  return "PCR 4 (a failed network or CD/USB boot "
					     "attempt before Windows)";
	case TPM_CAUSE_OTHER_CA:      return "PCR 7 (Windows Boot Manager is signed through "
					     "another certificate, such as the 2023 CA "
					     "instead of PCA 2011)";
	case TPM_CAUSE_SECURE_BOOT_OFF: return "PCR 7 (Secure Boot was switched off)";
	case TPM_CAUSE_SECURE_BOOT_ON:  return "PCR 7 (Secure Boot was switched on)";
	case TPM_CAUSE_TPM_CLEARED:   return "the TPM was cleared or replaced (its storage "
					     "root key is missing)";
	case TPM_CAUSE_OTHER_TPM:     return "the TPM was cleared or replaced (it cannot "
					     "load the key: another TPM)";
	case TPM_CAUSE_LOCKOUT:       return "the TPM is locked out after wrong PINs";
	case TPM_WHY_NO_TPM:          return "no TPM 2.0";
	case TPM_WHY_TPM_ERROR:       return "the TPM did not answer";
	case TPM_WHY_NOT_UNDERSTOOD:  return "the sealed key is not understood";
	case TPM_WHY_NO_LOG:          return "no event log";
	case TPM_WHY_LOG_DAMAGED:     return "the event log is damaged or incomplete";
	case TPM_WHY_SHA1_ONLY:       return "the event log has no SHA-256 bank (SHA-1 only)";
	case TPM_WHY_NO_BOOT_MANAGER: return "no Windows Boot Manager found";
	case TPM_WHY_NO_DB:           return "the Secure Boot db cannot be read";
	case TPM_WHY_PCR_UNKNOWN:     return "the profile holds a PCR this tool does not "
					     "predict";
	case TPM_WHY_NO_BOOT_EVENT:   return "the event log shows no boot application";
	case TPM_WHY_SHA1_BANK:       return "the key is sealed to the SHA-1 PCR bank, "
					     "which this tool does not predict";
	}
	return "unknown";
}

/* The profile's PCRs but 11, and what they measure. */
static void add_pcrs_cause(struct line *l, uint32_t profile)
{
	uint32_t changed = profile & ~(1u << PCR_UNSEAL);
	int secure_boot = changed >> PCR_BOOT_MANAGER_SECURE_BOOT & 1;

	if (!changed) {
		add(l, "the PCRs changed");
		return;
	}
	add(l, "PCR ");
	add_pcr_list(l, changed, " or ");
	if (changed == 1u << PCR_BOOT_MANAGER_SECURE_BOOT)
		add(l, " (Secure Boot settings or certificates changed)");
	else if (!secure_boot)
		add(l, " (firmware, option ROMs or the boot manager changed)");
	else
		add(l, " (firmware, Secure Boot settings or the boot manager changed)");
}

size_t tpm_verdict_cause_text(int cause, uint32_t profile, char *out, size_t cap)
{
	struct line l = { out, cap, 0 };

	add(&l, "");
	if (cause == TPM_CAUSE_PCRS)
		add_pcrs_cause(&l, profile);
	else
		add(&l, fixed_cause_text(cause));
	return l.len;
}

size_t tpm_verdict_line(const struct tpm_verdict *v, char *out, size_t cap)
{
	struct line l = { out, cap, 0 };

	add(&l, "TPM verdict (PCRs ");
	add_pcr_list(&l, v->profile, ", ");
	add(&l, "): ");
	add(&l, tpm_verdict_kind_text(v->kind));
	if (v->kind != TPM_VERDICT_WOULD_RELEASE) {
		add(&l, ": ");
		l.len += tpm_verdict_cause_text(v->cause, v->profile, out + l.len,
						cap - l.len);
	}
	return l.len;
}
