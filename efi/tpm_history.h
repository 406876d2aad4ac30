/** @file
 * After an unlock: which earlier start of Windows was the TPM key sealed
 * to? The unlocked volume's \Windows\Logs\MeasuredBoot\*.log, read through
 * our NTFS, each checked by tpm/history.h, the newest first. Kept with the
 * device for the success screen and the report.
 */
#ifndef EFI_TPM_HISTORY_H
#define EFI_TPM_HISTORY_H

#include "efi/app.h"
#include "ntfs/ntfs.h"
#include "tpm/history.h"

#define APP_HISTORY_MAX_LOGS 24          /* the newest read, at most */
#define APP_HISTORY_MAX_LOG_BYTES (2u << 20)  /* Windows' logs: 20-200 KiB */
#define APP_HISTORY_NAME_MAX 64

enum app_history_state {
	APP_HISTORY_NO_FOLDER = 0,       /* not Windows' volume, or no such folder */
	APP_HISTORY_NO_MATCH,            /* logs read, none reproduces the key */
	APP_HISTORY_FOUND,
};

struct app_tpm_history {
	int state;                       /* enum app_history_state */
	unsigned protector;              /* the TPM protector looked at */
	unsigned listed, read, skipped;  /* *.log files; checked; too large or unreadable */
	char file[APP_HISTORY_NAME_MAX]; /* the matching log's name (FOUND) */
	uint64_t modified;               /* its FILETIME */
	struct tpm_history_result result;
};

/*
 * If a TPM protector of DEV's volume has a verdict tpm_history_wanted()
 * accepts and its NTFS (VOL) holds the folder, look through the logs
 * against that protector's sealed key, with NOW this start's log (its
 * fields may be NULL). Returns the result, allocated and kept in
 * DEV->tpm_history, or NULL when there was nothing to look for.
 */
const struct app_tpm_history *app_tpm_history_find(struct app_device *dev,
						   struct ntfs_volume *vol,
						   const struct tpm_predict_input *now);

#endif
