/** @file
 * The TCG2 Final Events Table (TCG EFI Protocol Specification for TPM 2.0,
 * EFI_TCG2_FINAL_EVENTS_TABLE): u64 version (1), u64 number of events,
 * then that many TCG_PCR_EVENT2 records, their digests sized by the main
 * log's Spec ID header.
 *
 * Firmware writes events there once anyone has called GetEventLog, and
 * not all of it the same way: EDK2 today writes each event to the main log
 * and, from then on, to this table too, and once the main log is full to
 * neither (Tcg2Dxe's TcgDxeLogEvent); older EDK2 wrote such events to this
 * table only. So the table's first events may be the main log's last ones,
 * and the events after those, and only those, continue the replay: no event
 * is extended twice, whichever the firmware did.
 *
 * Where they meet is found from the bytes: the table's first K records
 * equal, byte for byte, the main log's last K records. A K that is not the
 * only one that fits is not guessed at.
 */
#ifndef TPM_FINAL_EVENTS_H
#define TPM_FINAL_EVENTS_H

#include <stddef.h>
#include <stdint.h>
#include "tpm/eventlog.h"

#define TPM_FINAL_EVENTS_VERSION 1
#define TPM_FINAL_EVENTS_HEADER  16

enum tpm_final_status {
	TPM_FINAL_NO_TABLE,    /* the firmware has none */
	TPM_FINAL_NOTHING_NEW, /* its events are all the main log's last ones */
	TPM_FINAL_MERGED,      /* its events past the main log's end were replayed */
	TPM_FINAL_INCOMPLETE,  /* the main log ran out of room and the table does not
				* meet its end: events between may be lost (what the
				* table adds was replayed) */
	TPM_FINAL_AMBIGUOUS,   /* several overlaps fit: nothing was added */
	TPM_FINAL_BAD,         /* the table is malformed: nothing was added */
};

struct tpm_final_merge {
	int status;            /* enum tpm_final_status */
	int error;             /* TPM_FINAL_BAD: the enum tpm_error */
	uint64_t events;       /* records the table holds */
	uint32_t repeated;     /* of them, the main log's last ones */
	uint32_t added;        /* replayed from the table */
	size_t len;            /* the table's bytes, header to last record */
	size_t added_at;       /* where the first replayed record starts in the
				* table: the added records are [added_at, len) */
};

/*
 * OUT holds tpm_eventlog_parse() of the LOG_LEN-byte main log LOG, without
 * error; TRUNCATED is GetEventLog's EventLogTruncated. Add to OUT the
 * events of the final events TABLE (NULL if there is none; never read past
 * TABLE_MAX bytes) that the main log lacks. M says what was done. Returns
 * M->status.
 */
int tpm_final_events_merge(const uint8_t *log, size_t log_len, int truncated,
			   const uint8_t *table, size_t table_max,
			   struct tpm_eventlog *out, struct tpm_final_merge *m);

/*
 * After the merge: no event is missing from OUT (the main log was not
 * TRUNCATED, or the table carried on from its end).
 */
int tpm_final_events_complete(int truncated, const struct tpm_final_merge *m);

/* What STATUS means, in a few words. */
const char *tpm_final_status_text(int status);

#endif
