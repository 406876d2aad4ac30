/** @file
 * What the app found, as plain text: `--list` prints it on the console,
 * the report saves it (and the raw TCG event log) on the boot device for
 * whoever has to look at the machine later.
 *
 * The text is line-oriented and stable (tests read it):
 *
 *   dev Disk 2 part 1: BitLocker, 104857600 bytes
 *     path PciRoot(0x0)/Pci(0x4,0x0)/HD(1,GPT)
 *     volume {8F595209-F5B9-49A0-85D4-CB8F80258C27}
 *     method AES-XTS 128-bit
 *     metadata copy 1 at 0x2100000: ok (in use)
 *     recovery key ID 64311DEA
 *     Numerical Password {64311DEA-4587-4029-924A-BA299647998E}
 *     TPM {...}
 *       PCR profile 0, 2, 4, 11
 *   dev Disk 3: no media
 *   devices 9, BitLocker 3, damaged 1
 *
 * and with the TPM: "tpm ...", "pcr BANK N HEX", "eventlog ..." lines.
 */
#ifndef EFI_REPORT_H
#define EFI_REPORT_H

#include "efi/app.h"

/* The build's version (efi/main.c has it). */
extern const char bitrescue_version[];

#define REPORT_PATH L"\\bitrescue\\report.txt"
#define EVENTLOG_PATH L"\\bitrescue\\eventlog.bin"

/* Every device and volume on the console; the TPM too if WITH_TPM. */
void report_print(const struct app *app, int with_tpm);

/* DEV's earlier start the TPM key was sealed to (efi/tpm_history.h), when
 * it was looked for, on the console as the report has it. */
void report_print_history(const struct app_device *dev);

struct report_saved {
	EFI_STATUS report;      /* writing REPORT_PATH */
	UINTN report_len;
	EFI_STATUS eventlog;    /* writing EVENTLOG_PATH (EFI_NOT_FOUND: no log) */
	UINTN eventlog_len;
};

/*
 * Write REPORT_PATH (devices, volumes, TPM, PCRs, event-log summary) and
 * EVENTLOG_PATH (the raw log, when there is one) on the file system the
 * app was loaded from, and nowhere else. Says nothing: the caller shows
 * *SAVED (file_error_text() words a failure). Returns SAVED->report.
 */
EFI_STATUS report_save(const struct app *app, struct report_saved *saved);

#endif
