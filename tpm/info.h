/** @file
 * What we learn about the machine's TPM, for the UI to show: version,
 * maker, firmware, PCR banks and PCR values, and which PCRs a BitLocker TPM
 * protector's validation profile covers.
 *
 * Filled by tpm2_query() over any transport (EFI_TCG2_PROTOCOL in the app,
 * a TCP socket to swtpm in host tests).
 */
#ifndef TPM_INFO_H
#define TPM_INFO_H

#include <stddef.h>
#include <stdint.h>
#include "tpm/tpm2.h"

#define TPM_MAX_BANKS 5   /* sha1, sha256, sha384, sha512, sm3_256 */

enum tpm_version {
	TPM_ABSENT = 0,
	TPM_VERSION_1_2,
	TPM_VERSION_2_0,
};

struct tpm_bank {
	uint16_t alg;            /* TPM2_ALG_* */
	uint16_t digest_len;     /* 0: an algorithm we cannot name */
	uint32_t allocated;      /* PCRs the TPM has in this bank (bit N = PCR N) */
	uint32_t valid;          /* PCRs whose value below was read */
	/* Values back to back: PCR N at N * digest_len (tpm_bank_pcr()). */
	uint8_t pcr[TPM2_PCR_COUNT * TPM2_MAX_DIGEST];
};

struct tpm_info {
	enum tpm_version version;
	char manufacturer[5];        /* e.g. "IFX", "INTC", "IBM": printable ASCII */
	uint32_t manufacturer_id;    /* TPM_PT_MANUFACTURER, raw */
	uint32_t firmware_version[2];/* TPM_PT_FIRMWARE_VERSION_1 and _2 */
	char family[5];              /* TPM_PT_FAMILY_INDICATOR: "2.0" */
	uint32_t spec_revision;      /* TPM_PT_REVISION: 138 is 1.38 */
	char vendor[17];             /* TPM_PT_VENDOR_STRING_1..4 */
	unsigned nbanks;
	struct tpm_bank banks[TPM_MAX_BANKS];
	int deactivated;             /* TPM 1.2 only: present but deactivated */
	uint32_t profile;            /* BitLocker PCR validation profile, 0 if none */
	int error;                   /* first enum tpm_error met while querying */
	uint32_t tpm_rc;             /* the TPM's response code when error is TPM_ERR_TPM_RC */
};

/*
 * Send CMD (CMD_LEN bytes) to the TPM and put its answer in RSP. *RSP_LEN
 * holds RSP's size on entry and the bytes written (or RSP's size, if the
 * transport cannot tell) on return. Returns 0 on success.
 */
typedef int (*tpm2_submit_fn)(void *ctx, const uint8_t *cmd, size_t cmd_len,
			      uint8_t *rsp, size_t *rsp_len);

/*
 * Round trip of a command the caller built (CMD_LEN 0: it did not fit).
 * A TPM still testing itself or asking for a retry gets a few more tries.
 * Returns an enum tpm_error (the TPM's answer may still carry an error code).
 */
int tpm2_transact(tpm2_submit_fn submit, void *ctx, const uint8_t *cmd,
		  size_t cmd_len, uint8_t *rsp, size_t *rsp_len);

/*
 * Ask a TPM 2.0 for its properties, banks and the values of PCRs 0-23 in
 * every allocated bank. INFO is cleared first; what could be read stays
 * filled even when a later step fails. Returns the first enum tpm_error.
 */
int tpm2_query(struct tpm_info *info, tpm2_submit_fn submit, void *ctx);

/*
 * Read the PCRs in MASK of bank ALG into BANK (its valid mask grows).
 * Loops because PCR_Read returns at most 8 values per call and may return
 * fewer than asked; stops when a call brings nothing new.
 */
int tpm2_read_bank(struct tpm_bank *bank, uint32_t mask,
		   tpm2_submit_fn submit, void *ctx);

/* The bank for ALG, NULL if the TPM has none. */
const struct tpm_bank *tpm_info_bank(const struct tpm_info *info, uint16_t alg);

/* PCR N's value in BANK, NULL if it was not read. */
const uint8_t *tpm_bank_pcr(const struct tpm_bank *bank, unsigned pcr);

#define TPM_FIRMWARE_TEXT 24

/*
 * The firmware version the way Windows (Get-Tpm, tpm.msc) prints it: the
 * 16-bit halves of FIRMWARE_VERSION_1 then _2, e.g. "7.85.4555.0".
 */
void tpm_firmware_text(const struct tpm_info *info, char out[TPM_FIRMWARE_TEXT]);

/* "2.0", "1.2" or "absent". */
const char *tpm_version_name(enum tpm_version version);

/*
 * Mark the PCRs a BitLocker TPM protector binds to (its PCR validation
 * profile, bit N = PCR N) so the UI can flag them.
 */
void tpm_info_set_profile(struct tpm_info *info, uint32_t profile);

/* Whether PCR N is in the marked profile. */
int tpm_pcr_in_profile(const struct tpm_info *info, unsigned pcr);

/*
 * PCR mask from a TPMS_PCR_SELECT-style byte array (byte 0 bit 0 = PCR 0),
 * as BitLocker and TPM 2.0 policies store it. Bits past PCR 23 are dropped.
 */
uint32_t tpm_pcr_mask_from_select(const uint8_t *select, size_t len);

#endif
