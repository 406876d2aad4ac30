/** @file
 * The TCG2 Final Events Table merged into the main log's replay
 * (tpm/final_events.h), on logs built here: ten events E0..E9, each
 * EV_EFI_ACTION "event N" on PCR N % 8 with its SHA-256 digest.
 *
 * The reference is the whole log replayed alone: a main log and a table
 * that together hold every event once must replay to the same PCRs and
 * counts, whichever way the firmware split them (EDK2 today: both, then
 * neither once the main log is full; EDK2 of 2015: the table only, after
 * GetEventLog). A main log that lost events says so; a table that meets
 * the main log in two places, or is malformed or cut anywhere, adds nothing.
 */
#include <string.h>
#include "check.h"
#include "tpm_test.h"
#include "crypto/sha256.h"
#include "tpm/error.h"
#include "tpm/eventlog.h"
#include "tpm/final_events.h"

#define BUF_LEN 2048
#define NEVENTS 10
#define SLACK_EVENTS 3       /* valid records past a cut table's end */

struct buf {
	uint8_t *p;          /* check_alloc'd, BUF_LEN bytes */
	size_t len;
};

static void put(struct buf *b, const void *p, size_t n)
{
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put_le32(struct buf *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	put(b, x, 4);
}

/* The header record: one bank, SHA-256 (TCG PC Client PFP, Spec ID Event03). */
static void log_header(struct buf *b)
{
	static const uint8_t zero[20];

	b->len = 0;
	put_le32(b, 0);
	put_le32(b, EV_NO_ACTION);
	put(b, zero, 20);
	put_le32(b, 16 + 4 + 4 + 4 + 4 + 1);
	put(b, "Spec ID Event03", 16);
	put_le32(b, 0);
	put(b, "\x00\x02\x00\x02", 4);
	put_le32(b, 1);
	put(b, "\x0b\x00\x20\x00", 4);   /* SHA-256, 32 bytes */
	put(b, "", 1);
}

/* Event N; SAME gives every event the data "event A" instead. */
static void log_event(struct buf *b, unsigned n, int same)
{
	char data[8] = "event 0";
	uint8_t digest[SHA256_LEN];

	data[6] = same ? 'A' : (char)('0' + n);
	sha256(data, 7, digest);
	put_le32(b, n % 8);
	put_le32(b, EV_EFI_ACTION);
	put_le32(b, 1);
	put(b, "\x0b\x00", 2);
	put(b, digest, sizeof(digest));
	put_le32(b, 7);
	put(b, data, 7);
}

/* Main log: events [0, end). */
static void main_log(struct buf *b, unsigned end)
{
	unsigned i;

	log_header(b);
	for (i = 0; i < end; i++)
		log_event(b, i, 0);
}

/* Final events table: version, count, events [first, end), then slack. */
static void table(struct buf *b, unsigned first, unsigned end, uint64_t version)
{
	unsigned i;

	b->len = 0;
	put_le32(b, (uint32_t)version);
	put_le32(b, (uint32_t)(version >> 32));
	put_le32(b, end - first);
	put_le32(b, 0);
	for (i = first; i < end + SLACK_EVENTS; i++)
		log_event(b, i, 0);
	b->len = 0;     /* the table's length is its walk's business */
}

static struct buf main_buf, table_buf;
static struct tpm_eventlog *whole, *merged;   /* check_alloc'd: 13 KiB each */

/* MERGED and WHOLE replay to the same PCRs, with the same counts. */
static int same_replay(void)
{
	const struct tpm_log_bank *a = tpm_eventlog_bank(merged, TPM2_ALG_SHA256);
	const struct tpm_log_bank *b = tpm_eventlog_bank(whole, TPM2_ALG_SHA256);

	return a && b && merged->nevents == whole->nevents &&
	       bytes_eq(merged->pcr_events, whole->pcr_events, sizeof(whole->pcr_events)) &&
	       a->extended == b->extended && bytes_eq(a->pcr, b->pcr, sizeof(a->pcr));
}

/* Merge the main log [0, main_end) and the table [first, end). */
static int merge(unsigned main_end, int truncated, unsigned first, unsigned end,
		 struct tpm_final_merge *m)
{
	main_log(&main_buf, main_end);
	table(&table_buf, first, end, TPM_FINAL_EVENTS_VERSION);
	check(tpm_eventlog_parse(main_buf.p, main_buf.len, merged) == TPM_OK);
	return tpm_final_events_merge(main_buf.p, main_buf.len, truncated, table_buf.p,
				      BUF_LEN, merged, m);
}

struct split {
	const char *what;
	unsigned main_end;
	int truncated;
	unsigned first, end;     /* the table's events */
	int status;
	unsigned repeated, added;
	int whole;               /* every event once: replays like the whole log */
};

static const struct split splits[] = {
	{ "EDK2 today, read after the last event: the table repeats the log's tail",
	  10, 0, 4, 10, TPM_FINAL_NOTHING_NEW, 6, 0, 1 },
	{ "EDK2 today, two events after our GetEventLog: only the table's last two",
	  8, 0, 4, 10, TPM_FINAL_MERGED, 4, 2, 1 },
	{ "EDK2 of 2015: after GetEventLog, events went to the table only",
	  4, 0, 4, 10, TPM_FINAL_MERGED, 0, 6, 1 },
	{ "the issue's firmware: the log full after E6, the table from E4 on",
	  7, 1, 4, 10, TPM_FINAL_MERGED, 3, 3, 1 },
	{ "the log full after E5, the table from E7: E6 is lost, and said to be",
	  6, 1, 7, 10, TPM_FINAL_INCOMPLETE, 0, 3, 0 },
	{ "EDK2 today, full after E6: the table stops there too, the rest is lost",
	  7, 1, 4, 7, TPM_FINAL_INCOMPLETE, 3, 0, 0 },
	{ "an empty table", 10, 0, 10, 10, TPM_FINAL_NOTHING_NEW, 0, 0, 1 },
};

static void test_splits(void)
{
	struct tpm_final_merge m;
	unsigned i;

	main_log(&main_buf, NEVENTS);
	check(tpm_eventlog_parse(main_buf.p, main_buf.len, whole) == TPM_OK);
	check(whole->nevents == NEVENTS + 1);
	for (i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		const struct split *s = &splits[i];

		check(merge(s->main_end, s->truncated, s->first, s->end, &m) == s->status);
		check(m.status == s->status && m.events == s->end - s->first);
		check(m.repeated == s->repeated && m.added == s->added);
		check(same_replay() == s->whole);
		check(merged->nevents == 1 + s->main_end + s->added);
	}
}

static void test_not_used(void)
{
	struct tpm_final_merge m;
	size_t cut, full;

	/* no table: the main log as it is */
	main_log(&main_buf, 7);
	check(tpm_eventlog_parse(main_buf.p, main_buf.len, merged) == TPM_OK);
	check(tpm_final_events_merge(main_buf.p, main_buf.len, 1, NULL, 0, merged, &m) ==
	      TPM_FINAL_NO_TABLE);
	check(merged->nevents == 8 && m.added == 0);

	/* the log ends "X A A", the table starts "A A": one A or two? */
	log_header(&main_buf);
	log_event(&main_buf, 1, 0);
	log_event(&main_buf, 2, 1);
	log_event(&main_buf, 2, 1);
	table(&table_buf, 0, 0, TPM_FINAL_EVENTS_VERSION);
	table_buf.p[8] = 3;
	table_buf.len = 16;
	log_event(&table_buf, 2, 1);
	log_event(&table_buf, 2, 1);
	log_event(&table_buf, 3, 0);
	check(tpm_eventlog_parse(main_buf.p, main_buf.len, merged) == TPM_OK);
	check(tpm_final_events_merge(main_buf.p, main_buf.len, 0, table_buf.p, BUF_LEN,
				     merged, &m) == TPM_FINAL_AMBIGUOUS);
	check(m.added == 0 && merged->nevents == 4);

	/* a version we do not know; more events than the bytes could hold */
	check(merge(7, 1, 4, 10, &m) == TPM_FINAL_MERGED);
	full = m.len;
	table(&table_buf, 4, 10, 2);
	check(tpm_eventlog_parse(main_buf.p, main_buf.len, merged) == TPM_OK);
	check(tpm_final_events_merge(main_buf.p, main_buf.len, 1, table_buf.p, BUF_LEN,
				     merged, &m) == TPM_FINAL_BAD);
	check(m.error == TPM_ERR_UNSUPPORTED && merged->nevents == 8);
	table(&table_buf, 4, 10, TPM_FINAL_EVENTS_VERSION);
	table_buf.p[12] = 1;        /* 2^32 + 6 events */
	check(tpm_final_events_merge(main_buf.p, main_buf.len, 1, table_buf.p, BUF_LEN,
				     merged, &m) == TPM_FINAL_BAD);
	check(m.error == TPM_ERR_CORRUPT && merged->nevents == 8);
	/* a digest of a bank the main log's header did not announce */
	table(&table_buf, 4, 10, TPM_FINAL_EVENTS_VERSION);
	table_buf.p[16 + 12] = 0x04;
	check(tpm_final_events_merge(main_buf.p, main_buf.len, 1, table_buf.p, BUF_LEN,
				     merged, &m) == TPM_FINAL_BAD);
	check(merged->nevents == 8);

	/* cut anywhere before its last record's end: valid records follow the
	 * cut, so a read past it would merge; none happens */
	table(&table_buf, 4, 10, TPM_FINAL_EVENTS_VERSION);
	for (cut = 0; cut < full; cut++) {
		check(tpm_final_events_merge(main_buf.p, main_buf.len, 1, table_buf.p, cut,
					     merged, &m) == TPM_FINAL_BAD);
		check(m.added == 0 && merged->nevents == 8);
	}
	check(tpm_final_events_merge(main_buf.p, main_buf.len, 1, table_buf.p, full,
				     merged, &m) == TPM_FINAL_MERGED);
	check(m.added == 3 && merged->nevents == 11);
}

SELFTEST(tpm_final_events)
{
	int st;

	main_buf.p = check_alloc(BUF_LEN);
	table_buf.p = check_alloc(BUF_LEN);
	whole = check_alloc(sizeof(*whole));
	merged = check_alloc(sizeof(*merged));
	if (main_buf.p && table_buf.p && whole && merged) {
		test_splits();
		test_not_used();
	}
	for (st = TPM_FINAL_NO_TABLE; st <= TPM_FINAL_BAD; st++)
		check(text_len(tpm_final_status_text(st)) > 0);
	check_free(main_buf.p, BUF_LEN);
	check_free(table_buf.p, BUF_LEN);
	check_free(whole, sizeof(*whole));
	check_free(merged, sizeof(*merged));
}
