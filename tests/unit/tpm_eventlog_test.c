/** @file
 * Crypto-agile event log: a small synthetic log (SHA-1 + SHA-256 banks,
 * H-CRTM startup locality 3), its summary and replay, and broken variants
 * (every truncation, absurd sizes, an unannounced algorithm, a bad header).
 *
 * Expected PCR values computed independently with Python hashlib from the
 * same events: PCR := H(PCR || H(event data)), PCR 0 starting at 00..03.
 */
#include <string.h>
#include "check.h"
#include "tpm_test.h"
#include "crypto/sha256.h"
#include "tpm/error.h"
#include "tpm/eventlog.h"
#include "tpm/sha1.h"

#define LOG_BUF_LEN 2048
static uint8_t *log_buf;   /* check_alloc'd, LOG_BUF_LEN bytes */
static size_t log_len;
static size_t record_end[16];   /* offset after each record */
static unsigned nrecords;

static void put(const void *p, size_t n)
{
	memcpy(log_buf + log_len, p, n);
	log_len += n;
}

static void put_le32(uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	put(b, 4);
}

static void put_le16(uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	put(b, 2);
}

static void add_header(uint32_t nalgs)
{
	static const uint8_t zero[20];

	log_len = 0;
	nrecords = 0;
	put_le32(0);                    /* PCR 0 */
	put_le32(EV_NO_ACTION);
	put(zero, 20);
	put_le32(16 + 4 + 4 + 4 + 2 * 4 + 1);
	put("Spec ID Event03", 16);
	put_le32(0);                    /* platform class: client */
	put("\x00\x02\x00\x02", 4);     /* 2.0, errata 0, UINTN of 8 bytes */
	put_le32(nalgs);
	put_le16(TPM2_ALG_SHA1);
	put_le16(20);
	put_le16(TPM2_ALG_SHA256);
	put_le16(32);
	put("", 1);                     /* no vendor info */
	record_end[nrecords++] = log_len;
}

static void add_event(uint32_t pcr, uint32_t type, const void *data, uint32_t len)
{
	uint8_t d1[SHA1_LEN], d256[SHA256_LEN];

	if (type == EV_NO_ACTION) {
		memset(d1, 0, sizeof(d1));
		memset(d256, 0, sizeof(d256));
	} else {
		sha1(data, len, d1);
		sha256(data, len, d256);
	}
	put_le32(pcr);
	put_le32(type);
	put_le32(2);
	put_le16(TPM2_ALG_SHA1);
	put(d1, sizeof(d1));
	put_le16(TPM2_ALG_SHA256);
	put(d256, sizeof(d256));
	put_le32(len);
	put(data, len);
	record_end[nrecords++] = log_len;
}

static void build_log(void)
{
	add_header(2);
	add_event(0, EV_NO_ACTION, "StartupLocality\0\x03", 17);
	add_event(0, EV_S_CRTM_VERSION, "bitrescue-crtm", 14);
	add_event(0, EV_POST_CODE, "POST CODE", 9);
	add_event(7, EV_EFI_VARIABLE_DRIVER_CONFIG, "SecureBoot", 10);
	add_event(0, EV_SEPARATOR, "\0\0\0\0", 4);
	add_event(4, EV_SEPARATOR, "\0\0\0\0", 4);
	add_event(7, EV_SEPARATOR, "\0\0\0\0", 4);
	add_event(4, EV_EFI_BOOT_SERVICES_APPLICATION, "bootmgfw.efi", 12);
	add_event(5, EV_EFI_ACTION, "Exit Boot Services Invocation", 29);
}

static struct tpm_eventlog *ev_log;   /* check_alloc'd: 13 KiB */

static unsigned type_count(uint32_t pcr, uint32_t type)
{
	unsigned i;

	for (i = 0; i < ev_log->ntypes; i++)
		if (ev_log->types[i].pcr == pcr && ev_log->types[i].type == type)
			return ev_log->types[i].count;
	return 0;
}

static void test_summary_and_replay(void)
{
	const struct tpm_log_bank *b1, *b256;

	build_log();
	check(tpm_eventlog_parse(log_buf, log_len, ev_log) == TPM_OK);
	check(ev_log->spec.nalgs == 2 && ev_log->spec.version_major == 2);
	check(ev_log->nevents == 10 && ev_log->length == log_len);
	check(ev_log->pcr_events[0] == 5 && ev_log->pcr_events[4] == 2);
	check(ev_log->pcr_events[5] == 1 && ev_log->pcr_events[7] == 2);
	check(ev_log->startup_locality == 3);
	check(type_count(0, EV_NO_ACTION) == 2);
	check(type_count(4, EV_SEPARATOR) == 1);
	check(type_count(4, EV_EFI_BOOT_SERVICES_APPLICATION) == 1);
	check(type_count(5, EV_EFI_ACTION) == 1);

	b1 = tpm_eventlog_bank(ev_log, TPM2_ALG_SHA1);
	b256 = tpm_eventlog_bank(ev_log, TPM2_ALG_SHA256);
	check(b1 && b256 && !tpm_eventlog_bank(ev_log, TPM2_ALG_SHA384));
	if (!b1 || !b256)
		return;
	check(b256->extended == (1u << 0 | 1u << 4 | 1u << 5 | 1u << 7));
	check(b256->missing == 0);
	check_hex(tpm_log_bank_pcr(b256, 0), 32, "e822c8bb2e5a18308f1e0a02add31dfa54ca57ca116e8b49c16854088b684bfa");
	check_hex(tpm_log_bank_pcr(b256, 4), 32, "c8324771a2d27804bea55ad5ed43e53626e826af8098c79e4b799a2c46d20d4a");
	check_hex(tpm_log_bank_pcr(b256, 5), 32, "3411834de5a5cd9c37411d5d8e529ad2cb1f559cf75d6cd7879dd45978a72635");
	check_hex(tpm_log_bank_pcr(b256, 7), 32, "86716e7d63f661e78364de0db2d8bf3036f342c5f184999432755208254392ad");
	check_hex(tpm_log_bank_pcr(b1, 0), 20, "0eed6758134fa73dff1089d3595247eefc686a4a");
	check_hex(tpm_log_bank_pcr(b1, 4), 20, "b0ea05f6890fe4b49d5a6c1095ea161e735972d8");
	check_hex(tpm_log_bank_pcr(b1, 5), 20, "9b4017718c0888d483a2b0d4f41cc9da26fadf63");
	check_hex(tpm_log_bank_pcr(b1, 7), 20, "455ca622364f25dd2f2c0a186d1a60966714eb47");
	check_hex(tpm_log_bank_pcr(b1, 1), 20, "0000000000000000000000000000000000000000");
}

static void test_compare(void)
{
	static uint8_t live[TPM2_PCR_COUNT * 32];
	const struct tpm_log_bank *b = tpm_eventlog_bank(ev_log, TPM2_ALG_SHA256);
	uint32_t match, mismatch;
	unsigned pcr;

	if (!b)
		return;
	for (pcr = 0; pcr < TPM2_PCR_COUNT; pcr++)
		memcpy(live + 32 * pcr, tpm_log_bank_pcr(b, pcr), 32);
	memset(live + 32 * 17, 0xff, 32);  /* reset value of an untouched PCR 17 */
	live[32 * 7] ^= 1;                 /* PCR 7 differs from the log */
	tpm_eventlog_compare(b, live, 0xffffff & ~(1u << 9), &match, &mismatch);
	check(mismatch == 1u << 7);
	check(match == (0xffffff & ~(1u << 9) & ~(1u << 7)));
}

static void test_walk_and_span(void)
{
	struct tpm_log_reader lr;
	struct tpm_log_event ev;
	size_t total;
	unsigned n = 0;
	int err;

	build_log();
	check(tpm_log_open(&lr, log_buf, log_len) == TPM_OK);
	while ((err = tpm_log_next(&lr, &ev)) == TPM_OK)
		check(ev.offset + ev.size == record_end[n++]);
	check(err == TPM_LOG_END && n == nrecords);
	check(ev.type == EV_EFI_ACTION && ev.data_len == 29 && ev.ndigests == 2);
	check(text_eq(tpm_event_type_name(ev.type), "EV_EFI_ACTION"));
	check(text_eq(tpm_event_type_name(EV_EFI_BOOT_SERVICES_APPLICATION),
		     "EV_EFI_BOOT_SERVICES_APPLICATION"));
	check(tpm_event_type_name(0x7fffffff) == NULL);

	/* The log's end from its last record, as GetEventLog reports it. */
	check(tpm_log_span(log_buf, record_end[nrecords - 2], LOG_BUF_LEN, &total) == TPM_OK);
	check(total == log_len);
	check(tpm_log_span(log_buf, 0, LOG_BUF_LEN, &total) == TPM_OK);
	check(total == record_end[0]);
	/* A last entry inside the header is no entry. */
	check(tpm_log_span(log_buf, 8, LOG_BUF_LEN, &total) == TPM_ERR_CORRUPT);
}

static void test_truncated(void)
{
	size_t cut;
	unsigned r = 0;
	int bad = 0;

	build_log();
	/* Every prefix: fine exactly at a record's end, an error elsewhere. */
	for (cut = 0; cut < log_len; cut++) {
		int err = tpm_eventlog_parse(log_buf, cut, ev_log);

		while (r < nrecords && record_end[r] < cut)
			r++;
		if (r < nrecords && record_end[r] == cut)
			bad |= err != TPM_OK || ev_log->nevents != r + 1;
		else
			bad |= err == TPM_OK;
	}
	check(!bad);
	/* Unused log space after the last record is not a record. */
	memset(log_buf + log_len, 0xff, 64);
	check(tpm_eventlog_parse(log_buf, log_len + 64, ev_log) == TPM_OK);
	check(ev_log->nevents == nrecords);
}

static void test_garbage(void)
{
	size_t first = 0;

	/* A record with an algorithm the header never announced. */
	build_log();
	first = record_end[0];
	log_buf[first + 12] = 0x0c;             /* sha1 -> sha384 */
	check(tpm_eventlog_parse(log_buf, log_len, ev_log) == TPM_ERR_UNSUPPORTED);
	check(ev_log->nevents == 1 && ev_log->error_offset == first);

	/* A digest count beyond the banks. */
	build_log();
	log_buf[first + 8] = 9;
	check(tpm_eventlog_parse(log_buf, log_len, ev_log) == TPM_ERR_CORRUPT);

	/* An event size of 4 GiB. */
	build_log();
	memset(log_buf + record_end[1] - 17 - 4, 0xff, 4);
	check(tpm_eventlog_parse(log_buf, log_len, ev_log) == TPM_ERR_TRUNCATED);

	/* A header announcing a million algorithms. */
	build_log();
	log_buf[32 + 24 + 2] = 0x0f;
	check(tpm_eventlog_parse(log_buf, log_len, ev_log) == TPM_ERR_CORRUPT);

	/* SHA-256 said to be 20 bytes. */
	build_log();
	log_buf[32 + 28 + 6] = 20;
	check(tpm_eventlog_parse(log_buf, log_len, ev_log) == TPM_ERR_CORRUPT);

	/* A SHA-1-only log (no Spec ID Event03). */
	build_log();
	log_buf[32 + 13] = '2';
	check(tpm_eventlog_parse(log_buf, log_len, ev_log) == TPM_ERR_UNSUPPORTED);

	/* The first record is not EV_NO_ACTION. */
	build_log();
	log_buf[4] = EV_SEPARATOR;
	check(tpm_eventlog_parse(log_buf, log_len, ev_log) == TPM_ERR_UNSUPPORTED);
}

SELFTEST(tpm_eventlog)
{
	ev_log = check_alloc(sizeof(*ev_log));
	log_buf = check_alloc(LOG_BUF_LEN);
	if (ev_log && log_buf) {
		test_summary_and_replay();
		test_compare();
		test_walk_and_span();
		test_truncated();
		test_garbage();
	}
	check_free(log_buf, LOG_BUF_LEN);
	check_free(ev_log, sizeof(*ev_log));
}
