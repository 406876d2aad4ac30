/** @file
 * The earlier starts' logs on an unlocked Windows volume
 * (\Windows\Logs\MeasuredBoot\*.log) against a TPM key, read through our
 * NTFS: list the folder, newest first by modification time, read the
 * newest few whole (bounded in number and size), stop at the first that
 * reproduces the key (tpm/history.h). Knows no UEFI: the app
 * (efi/tpm_history.c) and the host tool (tpm-tool mboot) run the same.
 */
#ifndef EFI_MEASURED_BOOT_H
#define EFI_MEASURED_BOOT_H

#include "ntfs/ntfs.h"
#include "tpm/history.h"

#define MEASURED_BOOT_FOLDER "\\Windows\\Logs\\MeasuredBoot"
#define MEASURED_BOOT_MAX_LOGS 24              /* the newest read, at most */
#define MEASURED_BOOT_MAX_LOG_BYTES (2u << 20) /* Windows' logs: 20-200 KiB */
#define MEASURED_BOOT_MAX_LISTED 256           /* *.log entries sorted */
#define MEASURED_BOOT_NAME_MAX 64

enum app_history_state {
	APP_HISTORY_NO_FOLDER = 0,       /* not Windows' volume, or no such folder */
	APP_HISTORY_NO_MATCH,            /* logs read, none reproduces the key */
	APP_HISTORY_FOUND,
};

struct app_tpm_history {
	int state;                       /* enum app_history_state */
	unsigned protector;              /* the TPM protector looked at */
	unsigned listed, read, skipped;  /* *.log files; checked; too large or unreadable */
	char file[MEASURED_BOOT_NAME_MAX]; /* the matching log's name (FOUND) */
	uint64_t modified;               /* its FILETIME */
	struct tpm_history_result result;
};

struct measured_boot_log {
	uint64_t ref, size, modified;
	char name[MEASURED_BOOT_NAME_MAX];
};

/* The caller's work area (about 70 KiB: allocate it), and a log buffer of
 * MEASURED_BOOT_MAX_LOG_BYTES. */
struct measured_boot_work {
	struct tpm_history_work history;
	struct tpm_history_result result;
	struct ntfs_info entry;
	struct ntfs_dir dir;
	struct ntfs_file file;
	unsigned nfiles;
	struct measured_boot_log files[MEASURED_BOOT_MAX_LISTED];
	uint8_t *buf;
};

/* Told each log checked (its name and result), or skipped (RESULT NULL). */
typedef void (*measured_boot_note_fn)(void *ctx, const char *name,
				      const struct tpm_history_result *result);

/*
 * Look through VOL's folder for the start sealed key S was made on, this
 * start being NOW (as tpm_history_check() takes it). OUT is filled
 * (OUT->protector left as it is).
 */
void measured_boot_find(struct ntfs_volume *vol, const struct tpm_sealed *s,
			const struct tpm_predict_input *now, struct measured_boot_work *w,
			measured_boot_note_fn note, void *ctx, struct app_tpm_history *out);

#endif
