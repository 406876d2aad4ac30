/** @file
 * Which earlier start of Windows was the key sealed to? Windows keeps the
 * TCG logs of its earlier starts (\Windows\Logs\MeasuredBoot\*.log, the
 * crypto-agile format of tpm/eventlog.h). When the verdict on a sealed key
 * cannot explain a recovery, each such log is replayed as its start went
 * (tpm_replay_first_app(): PCRs 0-7 up to and with the first boot
 * application, PCR 11 zero), the PCRs the key selects hashed as
 * TPM2_PolicyPCR does (tpm_pcr_composite()), and the log whose value is the
 * key's stored digest is that start. Its events of PCRs 0-7, up to and with
 * the first boot application, are then compared with this start's, PCR by
 * PCR: what changed, was added or was removed.
 *
 * Portable: no allocation (the caller gives the work area), every list
 * bounded, the earlier log untrusted like any event log.
 */
#ifndef TPM_HISTORY_H
#define TPM_HISTORY_H

#include <stddef.h>
#include <stdint.h>
#include "tpm/eventlog.h"
#include "tpm/predict.h"
#include "tpm/sealed.h"
#include "tpm/verdict.h"

#define TPM_HISTORY_MAX_EVENTS 160  /* PCR 0-7 events kept per log */
#define TPM_HISTORY_MAX_DIFFS  24   /* differences kept */
#define TPM_HISTORY_DETAIL_MAX 28   /* "SecureBoot", "Calling EFI App..." */

enum tpm_history_status {
	TPM_HISTORY_MATCH = 0,       /* this log reproduces the sealed digest */
	TPM_HISTORY_NO_MATCH,        /* replayed, another digest */
	TPM_HISTORY_DAMAGED,         /* not a well-formed crypto-agile log */
	TPM_HISTORY_NO_SHA256,       /* no SHA-256 digests to replay */
	TPM_HISTORY_NO_BOOT_APP,     /* no boot application: no start to replay */
	TPM_HISTORY_PCRS_BEYOND,     /* the key selects PCRs other than 0-7, 11 */
	TPM_HISTORY_STATUSES
};

enum tpm_history_change {
	TPM_HISTORY_CHANGED = 1,     /* same place and type, another digest */
	TPM_HISTORY_ADDED,           /* only in this start */
	TPM_HISTORY_REMOVED,         /* only in the earlier start */
};

/* One event of PCRs 0-7 before the boot manager ran. */
struct tpm_history_event {
	uint8_t pcr;
	uint32_t type;
	uint8_t digest[32];
	char detail[TPM_HISTORY_DETAIL_MAX]; /* variable name or action text, "" */
};

struct tpm_history_diff {
	uint8_t pcr;
	uint8_t change;              /* enum tpm_history_change */
	uint32_t type;               /* tpm_event_type_name() names it */
	char detail[TPM_HISTORY_DETAIL_MAX];
};

struct tpm_history_result {
	uint8_t status;              /* enum tpm_history_status */
	int error;                   /* TPM_HISTORY_DAMAGED: the enum tpm_error */
	size_t error_offset;         /* and where in the log */
	uint8_t digest[32];          /* the replay's composite (MATCH, NO_MATCH) */
	unsigned ndiffs;
	int diffs_overflow;          /* more differences than the list holds */
	struct tpm_history_diff diffs[TPM_HISTORY_MAX_DIFFS];
};

/* The caller's work area (about 30 KiB: allocate it). */
struct tpm_history_work {
	struct tpm_eventlog parsed;
	uint8_t values[TPM2_PCR_COUNT * 32];
	unsigned nthen, nnow;
	struct tpm_history_event then[TPM_HISTORY_MAX_EVENTS];
	struct tpm_history_event now[TPM_HISTORY_MAX_EVENTS];
};

/*
 * Check the earlier start's log LOG (LEN bytes) against the sealed key S
 * (understood: TPM_SEALED_OK) and, on a match, list how it differs from
 * this start (NOW: its log, parse and final events, as for tpm_predict();
 * NULL, without a log or without events in it: the match only).
 * Returns OUT->status.
 */
int tpm_history_check(const uint8_t *log, size_t len, const struct tpm_predict_input *now,
		      const struct tpm_sealed *s, struct tpm_history_work *work,
		      struct tpm_history_result *out);

/*
 * Is the verdict V one the earlier starts may explain? "will not release"
 * with no named cause (the PCRs changed: which event?), and "cannot tell"
 * for a reason about this start's log, boot manager or db (no log, damaged,
 * SHA-1 only, no boot application, boot manager or db unreadable): an
 * earlier start's log may still name the start the key was sealed to. Not
 * for named causes (already explained), the TPM's own answers, a key not
 * understood or sealed to PCRs we do not replay.
 */
int tpm_history_wanted(const struct tpm_verdict *v);

/* "matches the sealed key", "another start", "damaged log", ... */
const char *tpm_history_status_text(int status);

/* "changed", "added" or "removed". */
const char *tpm_history_change_text(int change);

/*
 * One difference as a line, "PCR 7 changed: EV_EFI_VARIABLE_DRIVER_CONFIG
 * (db)", NUL-terminated in OUT (CAP bytes, cut if short). Returns its length.
 */
size_t tpm_history_diff_line(const struct tpm_history_diff *d, char *out, size_t cap);

#endif
