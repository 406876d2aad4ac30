/** @file
 * The firmware's TPM: EFI_TCG2_PROTOCOL (TPM 2.0) and EFI_TCG_PROTOCOL
 * (TPM 1.2) glue. All parsing lives in tpm/; this file only calls the
 * firmware.
 */
#ifndef EFI_TCG2_H
#define EFI_TCG2_H

#include <efi.h>
#include "tpm/info.h"

/* The TCG event log as the firmware keeps it (boot services memory). */
struct efi_tpm_log {
	const uint8_t *data;   /* NULL when there is none */
	size_t len;            /* up to the end of the last record */
	int truncated;         /* the firmware ran out of log space */
	int error;             /* enum tpm_error from locating its end */
	/* The TCG2 Final Events Table (tpm/final_events.h), NULL if none; its
	 * length is its own records' business, read no further than this */
	const uint8_t *final_table;
	size_t final_max;
};

/*
 * Find the TPM and fill INFO: TPM 2.0 through EFI_TCG2_PROTOCOL (properties,
 * banks, PCRs 0-23 via SubmitCommand) and its crypto-agile event log into
 * LOG, with the final events table; TPM 1.2 when only EFI_TCG_PROTOCOL answers (version and deactivated
 * flag, no PCRs, no log). INFO->version is TPM_ABSENT when there is no TPM.
 * Query errors are in INFO->error; the function itself never fails.
 */
void efi_tpm_read(struct tpm_info *info, struct efi_tpm_log *log);

/*
 * The TPM 2.0 behind EFI_TCG2_PROTOCOL as a tpm2_submit_fn: *SUBMIT and
 * *CTX. Returns 0 when there is none.
 */
int efi_tpm2_submitter(tpm2_submit_fn *submit, void **ctx);

#endif
