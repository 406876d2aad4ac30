/** @file
 * The verdict on a BitLocker TPM protector: would the TPM release its key
 * on a normal start of Windows, and if not, why (issue 11). The prediction
 * (tpm/predict.h) and the TPM's own checks (tpm/unseal_check.h) fill it;
 * this file only names it.
 *
 * One English line says it, the same in the report, in `--list --tpm` and
 * on the console (serial) when the app reads the TPM, one line per TPM
 * protector of each volume, in exactly this form:
 *
 *   TPM verdict (PCRs <profile>): would release
 *   TPM verdict (PCRs <profile>): will not release: <cause>
 *   TPM verdict (PCRs <profile>): cannot tell: <why>
 *
 * <profile> is the sealed key's PCR list as "0, 2, 4, 11" or "7, 11".
 * <cause> and <why> are the texts of tpm_verdict_cause_text() below, kept
 * stable: tests match them. A regular expression for the line:
 *
 *   TPM verdict \(PCRs ([0-9, ]+)\): (would release|will not release: .*|cannot tell: .*)
 */
#ifndef TPM_VERDICT_H
#define TPM_VERDICT_H

#include <stddef.h>
#include <stdint.h>

enum tpm_verdict_kind {
	TPM_VERDICT_CANNOT_TELL = 0,
	TPM_VERDICT_WOULD_RELEASE,
	TPM_VERDICT_WILL_NOT_RELEASE,
};

/* Why: a cause (will not release) or a reason (cannot tell). */
enum tpm_verdict_cause {
	TPM_CAUSE_NONE = 0,           /* would release */

	/* will not release: the PCRs differ */
	TPM_CAUSE_PCRS,               /* no named cause fits: the profile's PCRs
				       * (not 11) changed; worded by the profile */
	TPM_CAUSE_BOOT_ATTEMPT,       /* a failed network or CD/USB boot attempt
				       * before Windows (extra events in PCR 4) */
	TPM_CAUSE_OTHER_CA,           /* the boot manager is verified by another
				       * db certificate than the one sealed */
	TPM_CAUSE_SECURE_BOOT_OFF,    /* sealed with Secure Boot on, now off */
	TPM_CAUSE_SECURE_BOOT_ON,     /* sealed with Secure Boot off, now on */
	/* will not release: the TPM itself */
	TPM_CAUSE_TPM_CLEARED,        /* no storage root key at 0x81000001 */
	TPM_CAUSE_OTHER_TPM,          /* TPM2_Load of the sealed key fails */
	TPM_CAUSE_LOCKOUT,            /* dictionary-attack lockout, PIN protector */

	/* cannot tell */
	TPM_WHY_NO_TPM,               /* no TPM 2.0 answered */
	TPM_WHY_TPM_ERROR,            /* the TPM did not answer a check */
	TPM_WHY_NOT_UNDERSTOOD,       /* the sealed key is not understood */
	TPM_WHY_NO_LOG,               /* the firmware gave no event log */
	TPM_WHY_LOG_DAMAGED,          /* the event log is malformed or incomplete */
	TPM_WHY_SHA1_ONLY,            /* the log has no SHA-256 bank */
	TPM_WHY_NO_BOOT_MANAGER,      /* Windows Boot Manager not found or not a PE */
	TPM_WHY_NO_DB,                /* Secure Boot on, db not readable or no X.509 */
	TPM_WHY_PCR_UNKNOWN,          /* the profile holds a PCR we do not predict */
	TPM_WHY_NO_BOOT_EVENT,        /* the log has no boot application event */
	TPM_WHY_SHA1_BANK,            /* the key is sealed to the SHA-1 bank's PCRs */

	TPM_VERDICT_CAUSES
};

#define TPM_VERDICT_DIGEST_LEN 32

struct tpm_verdict {
	uint8_t kind;                 /* enum tpm_verdict_kind */
	uint8_t cause;                /* enum tpm_verdict_cause */
	uint8_t predicted_valid;      /* predicted[] holds the normal-boot prediction */
	uint32_t profile;             /* the sealed key's PCRs, bit N = PCR N */
	uint8_t stored[TPM_VERDICT_DIGEST_LEN];    /* the sealed pcrDigest */
	uint8_t predicted[TPM_VERDICT_DIGEST_LEN]; /* SHA-256 of the predicted PCRs */
};

/* "would release", "will not release" or "cannot tell". */
const char *tpm_verdict_kind_text(int kind);

/*
 * The cause as the line words it. TPM_CAUSE_PCRS depends on PROFILE:
 * "PCR 7 (Secure Boot settings or certificates changed)", "PCR 0, 2 or 4
 * (firmware, option ROMs or the boot manager changed)", ... Returns the
 * number of characters written to OUT (CAP bytes, NUL-terminated, cut if
 * short).
 */
size_t tpm_verdict_cause_text(int cause, uint32_t profile, char *out, size_t cap);

#define TPM_VERDICT_LINE_MAX 192

/* The whole line, without a newline, as the @file comment shows. */
size_t tpm_verdict_line(const struct tpm_verdict *v, char *out, size_t cap);

#endif
