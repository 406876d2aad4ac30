/** @file
 * TCG event log, crypto-agile format (TCG PC Client Platform Firmware
 * Profile, section "Event Logging"): a first TCG_PCR_EVENT in SHA-1 format
 * whose data is the "Spec ID Event03" header naming the hash algorithms and
 * their digest sizes, then TCG_PCR_EVENT2 records.
 *
 * The log is untrusted: a truncated record, an absurd size or an algorithm
 * the header did not announce is an error, never a read out of bounds.
 *
 *   tpm_log_open() + tpm_log_next()  walk the records one by one
 *   tpm_eventlog_parse()             walk them all into a summary and a
 *                                    replay of the PCR values per bank
 */
#ifndef TPM_EVENTLOG_H
#define TPM_EVENTLOG_H

#include <stddef.h>
#include <stdint.h>
#include "tpm/tpm2.h"
#include "tpm/wire.h"

#define TPM_LOG_MAX_ALGS   8    /* banks a Spec ID header may announce */
#define TPM_LOG_MAX_TYPES  64   /* distinct (PCR, event type) pairs counted */
#define TPM_LOG_END        (-1) /* tpm_log_next(): no more records */

/* Event types from the PC Client PFP; the names come from tpm_event_type_name(). */
#define EV_PREBOOT_CERT                  0x00000000
#define EV_POST_CODE                     0x00000001
#define EV_NO_ACTION                     0x00000003
#define EV_SEPARATOR                     0x00000004
#define EV_ACTION                        0x00000005
#define EV_S_CRTM_VERSION                0x00000008
#define EV_EFI_VARIABLE_DRIVER_CONFIG    0x80000001
#define EV_EFI_VARIABLE_BOOT             0x80000002
#define EV_EFI_BOOT_SERVICES_APPLICATION 0x80000003
#define EV_EFI_ACTION                    0x80000007
#define EV_EFI_VARIABLE_AUTHORITY        0x800000E0

struct tpm_log_alg {
	uint16_t alg;         /* TPM2_ALG_* */
	uint16_t digest_len;  /* as the header states it */
};

/* What the Spec ID Event03 header says. */
struct tpm_log_spec {
	uint32_t platform_class;
	uint8_t version_major, version_minor, errata, uintn_size;
	unsigned nalgs;
	struct tpm_log_alg algs[TPM_LOG_MAX_ALGS];
};

/* One record. Pointers point into the log buffer. */
struct tpm_log_event {
	size_t offset;        /* of the record in the log */
	size_t size;          /* of the whole record */
	uint32_t pcr;
	uint32_t type;
	unsigned ndigests;
	struct {
		uint16_t alg;
		uint16_t len;
		const uint8_t *digest;
	} digests[TPM_LOG_MAX_ALGS];
	const uint8_t *data;
	uint32_t data_len;
};

struct tpm_log_reader {
	struct rd r;
	struct tpm_log_spec spec;
	int header_done;      /* the first record (the header) was returned */
	size_t padding_from;  /* the log's tail of equal 0x00 or 0xFF bytes */
};

/*
 * Check the header record of the LEN-byte log at LOG and fill LR->spec.
 * Returns an enum tpm_error (TPM_ERR_UNSUPPORTED for a SHA-1-only log).
 */
int tpm_log_open(struct tpm_log_reader *lr, const uint8_t *log, size_t len);

/*
 * The next record into EV (the header record first, as a TCG_PCR_EVENT
 * with one SHA-1 digest). Returns TPM_OK, TPM_LOG_END after the last one
 * (12 or more trailing bytes all 0x00 or all 0xFF are unused log space, not
 * a record), or an enum tpm_error.
 */
int tpm_log_next(struct tpm_log_reader *lr, struct tpm_log_event *ev);

/*
 * Walk LEN bytes of TCG_PCR_EVENT2 records with no header record of their
 * own (the TCG2 Final Events Table's), their digests sized by SPEC: the
 * main log's. tpm_log_next() then returns them, TPM_LOG_END at LEN.
 */
void tpm_log_open_records(struct tpm_log_reader *lr, const struct tpm_log_spec *spec,
			  const uint8_t *records, size_t len);

/*
 * Total length of a log whose last record starts at LAST_OFFSET, as
 * EFI_TCG2_PROTOCOL.GetEventLog reports it (start and last entry). Reads the
 * header record and the last record's fixed fields only, never past
 * MAX_LEN. Returns an enum tpm_error.
 */
int tpm_log_span(const uint8_t *log, size_t last_offset, size_t max_len,
		 size_t *total);

/* Replayed PCR values of one bank. */
struct tpm_log_bank {
	uint16_t alg;
	uint16_t digest_len;
	int replayed;         /* 0: no hash for this algorithm here */
	uint32_t extended;    /* PCRs at least one event extended */
	uint32_t missing;     /* PCRs where an event lacked this bank's digest */
	/* Values back to back: PCR N at N * digest_len (tpm_log_bank_pcr()). */
	uint8_t pcr[TPM2_PCR_COUNT * TPM2_MAX_DIGEST];
};

struct tpm_log_type_count {
	uint32_t pcr;
	uint32_t type;
	uint32_t count;
};

struct tpm_eventlog {
	struct tpm_log_spec spec;
	size_t length;              /* bytes of records walked */
	uint32_t nevents;           /* records, the header record included */
	uint32_t pcr_events[TPM2_PCR_COUNT];
	uint32_t other_events;      /* records for a PCR beyond 23 (not replayed) */
	uint8_t startup_locality;   /* from a StartupLocality EV_NO_ACTION */
	unsigned ntypes;            /* (PCR, type) pairs in first-seen order */
	struct tpm_log_type_count types[TPM_LOG_MAX_TYPES];
	int types_overflow;         /* more distinct pairs than the table holds */
	struct tpm_log_bank banks[TPM_LOG_MAX_ALGS]; /* same order as spec.algs */
	int error;                  /* enum tpm_error that stopped the walk */
	size_t error_offset;        /* where */
};

/*
 * Walk the whole log into OUT: counts, event types per PCR and the replay
 * (SHA-1 and SHA-256 banks; others are listed but not replayed). On error
 * OUT keeps what was walked before it. Returns an enum tpm_error.
 */
int tpm_eventlog_parse(const uint8_t *log, size_t len, struct tpm_eventlog *out);

/*
 * Count and replay one more record EV into OUT, as tpm_eventlog_parse()
 * does each of the log's (for the records the final events table adds).
 */
void tpm_eventlog_add(struct tpm_eventlog *out, const struct tpm_log_event *ev);

/* The replayed bank for ALG, NULL if the log has none or cannot replay it. */
const struct tpm_log_bank *tpm_eventlog_bank(const struct tpm_eventlog *log,
					     uint16_t alg);

/* Replayed value of PCR N (BANK->digest_len bytes); NULL past PCR 23. */
const uint8_t *tpm_log_bank_pcr(const struct tpm_log_bank *bank, unsigned pcr);

/*
 * Compare live PCR values with the replay of the same bank. LIVE holds 24
 * values of BANK->digest_len bytes back to back (struct tpm_bank's pcr),
 * VALID says which were read. *MATCH and *MISMATCH get the PCRs that agree
 * and those that do not; PCRs the log never extended count as matching when
 * they hold a reset value (all zero, or all 0xFF for PCRs 17-22).
 */
void tpm_eventlog_compare(const struct tpm_log_bank *bank, const uint8_t *live,
			  uint32_t valid, uint32_t *match, uint32_t *mismatch);

/* EV's digest of algorithm ALG if it is LEN bytes long, else NULL. */
const uint8_t *tpm_log_event_digest(const struct tpm_log_event *ev, uint16_t alg,
				    uint16_t len);

/* "EV_SEPARATOR", "EV_EFI_ACTION", ...; NULL for a type we do not know. */
const char *tpm_event_type_name(uint32_t type);

#endif
