/** @file
 * Would the TPM release a BitLocker key on a normal start of Windows?
 * The PCR values Windows' boot manager would find when it unseals, built
 * from this start's TCG event log, against the digest the sealed key
 * stores (tpm/sealed.h), and the TPM's own state (tpm/key_check.h).
 *
 * A normal start of Windows, from this start's log (SHA-256 bank):
 *   PCRs 0-3, 5, 6  the events logged before the first boot application
 *                   (EV_EFI_BOOT_SERVICES_APPLICATION): the firmware's;
 *   PCR 4           the same, then that first boot application's event with
 *                   the Authenticode SHA-256 of Windows Boot Manager, and
 *                   nothing after (this app, shim, GRUB);
 *   PCR 7           the Secure Boot variables, separator and authority
 *                   events logged before it, but authority events logged
 *                   once the firmware started its boot options (from the
 *                   first "Calling EFI Application from Boot Option" or PCR
 *                   4's separator): those verified what this start booted. Then, Secure Boot being
 *                   on, the authority event of the db entry that verifies
 *                   Windows Boot Manager, unless the same event was logged
 *                   (firmware logs each certificate once). Each X.509 entry
 *                   of db is a candidate; the one the boot manager's
 *                   signature names is tried first;
 *   PCR 11          zero: the boot manager extends it after unsealing.
 * SHA-256 of the selected values, in ascending PCR order, must equal the
 * stored digest. When it does not, named causes are tried, the first that
 * matches wins: a failed boot attempt before Windows (PCR 4 without the
 * extra "Returning from"/"Calling" actions), another db certificate than
 * the one naming the boot manager (the 2023 CA instead of PCA 2011, or
 * the reverse), Secure Boot switched off or on (the SecureBoot variable's
 * event with the other value, and authority events with it).
 *
 * Nothing here talks to the TPM: never TPM2_Unseal, never a PIN.
 */
#ifndef TPM_PREDICT_H
#define TPM_PREDICT_H

#include <stddef.h>
#include <stdint.h>
#include "tpm/eventlog.h"
#include "tpm/sealed.h"
#include "tpm/secureboot_db.h"
#include "tpm/verdict.h"

/* Windows Boot Manager as read from the ESP. */
struct tpm_boot_manager {
	int found;                   /* read, and a PE whose hash was taken */
	uint8_t digest[32];          /* Authenticode SHA-256 */
	const uint8_t *certs;        /* its certificate table, NULL if unsigned */
	size_t certs_len;
};

/* What firmware gives: the event log and the inputs of the prediction. */
struct tpm_predict_input {
	const uint8_t *log;          /* the main event log, NULL if none */
	size_t log_len;
	const struct tpm_eventlog *parsed;  /* its parse, final events merged */
	int log_complete;            /* no events lost (not truncated, or the
				      * final events table makes up for it) */
	const uint8_t *final_records;/* records the final events table added */
	size_t final_len;
	const struct tpm_boot_manager *boot_manager;
	const struct tpm_db *db;     /* NULL: db could not be read */
	int windows_first;           /* BootOrder starts with Windows Boot
				      * Manager: 1, another entry: 0, unknown: -1 */
};

/* What the prediction found, beyond the verdict (for the expert). */
struct tpm_prediction {
	int secure_boot;             /* the SecureBoot variable's logged value */
	int candidate;               /* db entry of the matching prediction, -1: none */
	int attempts;                /* extra Calling/Returning actions in PCR 4 */
	int one_time_attempt;        /* would release: this start's extra boot
				      * attempt does not happen on a normal one */
};

/*
 * The PCR part of the verdict on sealed key S (understood: TPM_SEALED_OK):
 * V->kind, cause, predicted digest; P says more. Fills V->profile and
 * V->stored from S.
 */
void tpm_predict(const struct tpm_predict_input *in, const struct tpm_sealed *s,
		 struct tpm_verdict *v, struct tpm_prediction *p);

/*
 * The SHA-256 PCR values (VALUES, 24 back to back) a start logged in
 * IN->log had when its first boot application (EV_EFI_BOOT_SERVICES_
 * APPLICATION) ran: the events of PCRs 0-7 logged before it, as logged,
 * and its own event in PCR 4; the rest zero (PCR 11 as at unseal). For an
 * earlier start of Windows that application is the boot manager, and
 * these are the values it unsealed with (tpm/history.h). Returns an enum
 * tpm_error: TPM_ERR_UNSUPPORTED when the log has no boot application,
 * TPM_ERR_CORRUPT when an event before it lacks a SHA-256 digest.
 */
int tpm_replay_first_app(const struct tpm_predict_input *in,
			 uint8_t values[TPM2_PCR_COUNT * 32]);

/*
 * SHA-256 of the PCR values VALUES (24 SHA-256 values back to back) that
 * the selection SELECT (SELECT_LEN bytes, bit N of byte B = PCR 8B+N)
 * names, in ascending order: what TPM2_PolicyPCR compares.
 */
void tpm_pcr_composite(const uint8_t *values, const uint8_t *select,
		       unsigned select_len, uint8_t digest[32]);

#endif
