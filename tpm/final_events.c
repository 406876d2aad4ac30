/** @file
 * The TCG2 Final Events Table: the events it adds past a truncated main log.
 */
#include <string.h>
#include "tpm/error.h"
#include "tpm/final_events.h"

/* A record is at least PCR, type, digest count and event size. */
#define MIN_RECORD 16

/* The table's header and records: m->events and m->len, or an enum tpm_error. */
static int walk_table(const uint8_t *table, size_t max, const struct tpm_log_spec *spec,
		      struct tpm_final_merge *m)
{
	struct tpm_log_reader lr;
	struct tpm_log_event ev;
	uint64_t version, i;
	struct rd r;
	int err;

	rd_init(&r, table, max);
	version = rd_le32(&r);
	version |= (uint64_t)rd_le32(&r) << 32;
	m->events = rd_le32(&r);
	m->events |= (uint64_t)rd_le32(&r) << 32;
	if (r.bad)
		return TPM_ERR_TRUNCATED;
	if (version != TPM_FINAL_EVENTS_VERSION)
		return TPM_ERR_UNSUPPORTED;
	if (m->events > (max - TPM_FINAL_EVENTS_HEADER) / MIN_RECORD)
		return TPM_ERR_CORRUPT;
	m->len = TPM_FINAL_EVENTS_HEADER;
	tpm_log_open_records(&lr, spec, table + TPM_FINAL_EVENTS_HEADER,
			     max - TPM_FINAL_EVENTS_HEADER);
	for (i = 0; i < m->events; i++) {
		err = tpm_log_next(&lr, &ev);
		if (err)
			return err == TPM_LOG_END ? TPM_ERR_TRUNCATED : err;
		m->len = TPM_FINAL_EVENTS_HEADER + ev.offset + ev.size;
	}
	return TPM_OK;
}

/* Does a record of the main log's records MAIN[0, LEN) start at AT? */
static int record_starts_at(const uint8_t *main, size_t len, size_t at,
			    const struct tpm_log_spec *spec)
{
	struct tpm_log_reader lr;
	struct tpm_log_event ev;

	tpm_log_open_records(&lr, spec, main, len);
	while (lr.r.pos < at)
		if (tpm_log_next(&lr, &ev) != TPM_OK)
			return 0;
	return lr.r.pos == at;
}

/*
 * How many of the table's first records are the main log's last ones:
 * *K, and how many K fit (one, or the overlap is not known).
 */
static unsigned find_overlap(const uint8_t *main, size_t main_len,
			     const uint8_t *records, size_t records_len,
			     const struct tpm_final_merge *m,
			     const struct tpm_log_spec *spec, uint32_t *k)
{
	struct tpm_log_reader lr;
	struct tpm_log_event ev;
	unsigned fits = 0;
	uint64_t i;

	*k = 0;
	tpm_log_open_records(&lr, spec, records, records_len);
	for (i = 1; i <= m->events; i++) {
		size_t b;

		if (tpm_log_next(&lr, &ev) != TPM_OK)
			break;
		b = ev.offset + ev.size;    /* bytes of the first I records */
		if (b > main_len)
			break;
		if (!memcmp(main + main_len - b, records, b) &&
		    record_starts_at(main, main_len, main_len - b, spec)) {
			fits++;
			*k = (uint32_t)i;
		}
	}
	return fits;
}

/* The status once K of the table's events are known to be the main log's last. */
static int status_after(const struct tpm_final_merge *m, uint32_t k, int truncated)
{
	if (k == m->events)
		return truncated ? TPM_FINAL_INCOMPLETE : TPM_FINAL_NOTHING_NEW;
	/* no overlap: the main log stopped where the table starts, unless it
	 * ran out of room, when events may have been lost in between */
	if (k == 0 && truncated)
		return TPM_FINAL_INCOMPLETE;
	return TPM_FINAL_MERGED;
}

int tpm_final_events_merge(const uint8_t *log, size_t log_len, int truncated,
			   const uint8_t *table, size_t table_max,
			   struct tpm_eventlog *out, struct tpm_final_merge *m)
{
	struct tpm_log_reader lr;
	struct tpm_log_event ev;
	const uint8_t *records;
	size_t header_len, records_len;
	uint64_t i;

	memset(m, 0, sizeof(*m));
	m->status = TPM_FINAL_NO_TABLE;
	if (!table)
		return m->status;
	m->status = TPM_FINAL_BAD;
	m->error = TPM_ERR_CORRUPT;
	/* the main log's records: past its header record, up to its last */
	if (out->error || out->length > log_len || tpm_log_open(&lr, log, out->length) ||
	    tpm_log_next(&lr, &ev))
		return m->status;
	header_len = ev.size;
	m->error = walk_table(table, table_max, &out->spec, m);
	if (m->error)
		return m->status;

	records = table + TPM_FINAL_EVENTS_HEADER;
	records_len = m->len - TPM_FINAL_EVENTS_HEADER;
	if (find_overlap(log + header_len, out->length - header_len, records, records_len,
			 m, &out->spec, &m->repeated) > 1) {
		m->status = TPM_FINAL_AMBIGUOUS;
		m->repeated = 0;
		return m->status;
	}
	m->status = status_after(m, m->repeated, truncated);
	tpm_log_open_records(&lr, &out->spec, records, records_len);
	for (i = 0; i < m->events && tpm_log_next(&lr, &ev) == TPM_OK; i++)
		if (i >= m->repeated) {
			if (!m->added)
				m->added_at = TPM_FINAL_EVENTS_HEADER + ev.offset;
			tpm_eventlog_add(out, &ev);
			m->added++;
		}
	return m->status;
}

int tpm_final_events_complete(int truncated, const struct tpm_final_merge *m)
{
	return !truncated || m->status == TPM_FINAL_MERGED;
}

const char *tpm_final_status_text(int status)
{
	switch (status) {
	case TPM_FINAL_NO_TABLE:    return "none";
	case TPM_FINAL_NOTHING_NEW: return "nothing the event log lacks";
	case TPM_FINAL_MERGED:      return "its events past the event log's end replayed";
	case TPM_FINAL_INCOMPLETE:  return "the event log ran out of room: events may "
					   "be missing";
	case TPM_FINAL_AMBIGUOUS:   return "where it meets the event log is not clear: "
					   "not used";
	case TPM_FINAL_BAD:         return "malformed: not used";
	}
	return "unknown";
}
