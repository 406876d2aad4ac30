/** @file
 * The verdict line (tpm/verdict.h): its exact words, which the report,
 * the console and the end-to-end tests share.
 */
#include <string.h>
#include "check.h"
#include "tpm_test.h"
#include "tpm/verdict.h"

#define PROFILE_0_2_4_11 0x815
#define PROFILE_7_11     0x880

struct line_vector {
	uint8_t kind, cause;
	uint32_t profile;
	const char *line;
};

static const struct line_vector lines[] = {
	{ TPM_VERDICT_WOULD_RELEASE, TPM_CAUSE_NONE, PROFILE_0_2_4_11,
	  "TPM verdict (PCRs 0, 2, 4, 11): would release" },
	{ TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_PCRS, PROFILE_7_11,
	  "TPM verdict (PCRs 7, 11): will not release: PCR 7 (Secure Boot settings "
	  "or certificates changed)" },
	{ TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_PCRS, PROFILE_0_2_4_11,
	  "TPM verdict (PCRs 0, 2, 4, 11): will not release: PCR 0, 2 or 4 (firmware, "
	  "option ROMs or the boot manager changed)" },
	{ TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_PCRS, 0x895,
	  "TPM verdict (PCRs 0, 2, 4, 7, 11): will not release: PCR 0, 2, 4 or 7 "
	  "(firmware, Secure Boot settings or the boot manager changed)" },
	{ TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_BOOT_ATTEMPT, PROFILE_0_2_4_11,
	  "TPM verdict (PCRs 0, 2, 4, 11): will not release: PCR 4 (a failed network "
	  "or CD/USB boot attempt before Windows)" },
	{ TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_TPM_CLEARED, PROFILE_7_11,
	  "TPM verdict (PCRs 7, 11): will not release: the TPM was cleared or "
	  "replaced (its storage root key is missing)" },
	{ TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_SECURE_BOOT_OFF, PROFILE_7_11,
	  "TPM verdict (PCRs 7, 11): will not release: PCR 7 (Secure Boot was "
	  "switched off)" },
	{ TPM_VERDICT_CANNOT_TELL, TPM_WHY_NO_LOG, PROFILE_7_11,
	  "TPM verdict (PCRs 7, 11): cannot tell: no event log" },
};

SELFTEST(tpm_verdict)
{
	char out[TPM_VERDICT_LINE_MAX];
	struct tpm_verdict v;
	unsigned i;
	int cause;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		memset(&v, 0, sizeof(v));
		v.kind = lines[i].kind;
		v.cause = lines[i].cause;
		v.profile = lines[i].profile;
		check(tpm_verdict_line(&v, out, sizeof(out)) == text_len(lines[i].line));
		check(text_eq(out, lines[i].line));
	}
	/* every cause has words, and every line fits the line buffer */
	for (cause = 1; cause < TPM_VERDICT_CAUSES; cause++) {
		memset(&v, 0, sizeof(v));
		v.kind = cause < TPM_WHY_NO_TPM ? TPM_VERDICT_WILL_NOT_RELEASE :
			 TPM_VERDICT_CANNOT_TELL;
		v.cause = (uint8_t)cause;
		v.profile = 0x8bf;
		check(tpm_verdict_line(&v, out, sizeof(out)) < sizeof(out) - 1);
		check(!text_eq(out + text_len(out) - 7, "unknown"));
	}
	/* a short buffer is cut, never overrun */
	out[8] = 'x';
	tpm_verdict_line(&v, out, 8);
	check(out[7] == '\0' && out[8] == 'x');
}
