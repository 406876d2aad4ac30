/** @file
 * libFuzzer target for what tpm/ reads from firmware and from the TPM.
 *
 * The first input byte picks the mode:
 * - 0: the rest is a TCG event log: tpm_eventlog_parse(), the record
 *   walker, tpm_log_span() with the last record where the log says, and
 *   the comparison of each replayed bank with made-up live values.
 * - 1: the rest is one TPM response, given to each response parser.
 * - 2: the rest is a TPM: each answer tpm2_query() gets is the next
 *   u16-length-prefixed piece of the input.
 * - 3: the rest is a BitLocker TPM protector's sealed key: tpm_sealed_read(),
 *   without and with a PIN.
 * - 4: a u16 length, that many bytes of event log, then a final events
 *   table: the log parsed, then tpm_final_events_merge().
 * - 5: the rest is a PE image: tpm_pe_hash().
 * - 6: the rest is a Secure Boot db (tpm_db_read(), each entry's authority
 *   digest and a search for it in the same bytes) and a Boot#### entry.
 * - 7: a profile choice, a u16 length, that many bytes of event log, then
 *   a db: tpm_predict() of a sealed key with that profile.
 * - 8: a profile choice, a u16 length, that many bytes of this start's
 *   event log, then an earlier start's (as read off the unlocked volume's
 *   \Windows\Logs\MeasuredBoot): tpm_history_check().
 * Beyond no crash: what a parser reports must lie inside its input.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sanitizer/asan_interface.h>
#include "tpm/eventlog.h"
#include "tpm/final_events.h"
#include "tpm/history.h"
#include "tpm/info.h"
#include "tpm/pe_hash.h"
#include "tpm/predict.h"
#include "tpm/secureboot_db.h"
#include "efi/load_option.h"
#include "tpm/sealed.h"
#include "tpm/tpm2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 0x10000  /* -max_len must stay below this */
#define SPAN_SLACK 0x1000

static struct tpm_eventlog summary;
static uint8_t span_buf[MAX_INPUT + SPAN_SLACK];
static struct tpm_info info;

static void inside(const void *p, size_t n, const uint8_t *data, size_t size)
{
	const uint8_t *q = p;

	if (n && (!q || q < data || q > data + size || n > (size_t)(data + size - q)))
		__builtin_trap();
}

static void fuzz_log(const uint8_t *data, size_t size)
{
	static const uint8_t live[TPM2_PCR_COUNT * TPM2_MAX_DIGEST];
	struct tpm_log_reader lr;
	struct tpm_log_event ev;
	size_t last = 0, total;
	unsigned i, n = 0;
	int err;

	tpm_eventlog_parse(data, size, &summary);
	if (summary.length > size)
		__builtin_trap();
	for (i = 0; i < summary.spec.nalgs; i++) {
		const struct tpm_log_bank *b = tpm_eventlog_bank(&summary,
								 summary.spec.algs[i].alg);
		uint32_t match, mismatch;

		if (b)
			tpm_eventlog_compare(b, live, 0xffffff, &match, &mismatch);
	}

	if (size > MAX_INPUT || tpm_log_open(&lr, data, size) != 0)
		return;
	while ((err = tpm_log_next(&lr, &ev)) == 0) {
		unsigned d;

		inside(data + ev.offset, ev.size, data, size);
		inside(ev.data, ev.data_len, data, size);
		for (d = 0; d < ev.ndigests; d++)
			inside(ev.digests[d].digest, ev.digests[d].len, data, size);
		last = ev.offset;
		if (++n > size)
			__builtin_trap();   /* every record is at least a byte */
	}
	/*
	 * In firmware the span is found before the log's end is known, with a
	 * generous MAX_LEN: nothing past the last record may be read (it may
	 * be unmapped memory or device registers), so poison what follows.
	 */
	memcpy(span_buf, data, size);
	ASAN_POISON_MEMORY_REGION(span_buf + size, SPAN_SLACK);
	err = tpm_log_span(span_buf, last, size + SPAN_SLACK, &total);
	ASAN_UNPOISON_MEMORY_REGION(span_buf + size, SPAN_SLACK);
	if (err == 0 && total > size)
		__builtin_trap();
}

static void fuzz_response(const uint8_t *data, size_t size)
{
	struct tpm2_property props[16];
	struct tpm2_pcr_select sel[TPM2_MAX_BANKS];
	struct tpm2_pcr_value vals[TPM2_PCR_READ_MAX];
	unsigned n, i;
	uint32_t counter;
	int more;

	tpm2_response_code(data, size);
	if (tpm2_parse_properties(data, size, props, 16, &n, &more) == 0 && n > 16)
		__builtin_trap();
	if (tpm2_parse_pcrs(data, size, sel, TPM2_MAX_BANKS, &n) == 0 && n > TPM2_MAX_BANKS)
		__builtin_trap();
	if (tpm2_parse_pcr_read(data, size, vals, TPM2_PCR_READ_MAX, &n, &counter) == 0) {
		if (n > TPM2_PCR_READ_MAX)
			__builtin_trap();
		for (i = 0; i < n; i++)
			if (vals[i].len > TPM2_MAX_DIGEST)
				__builtin_trap();
	}
}

struct fake_tpm {
	const uint8_t *p;
	size_t len, pos;
	unsigned calls;
};

/* Each answer: a u16 length, then that many bytes (cut at the end). */
static int fake_submit(void *ctx, const uint8_t *cmd, size_t cmd_len,
		       uint8_t *rsp, size_t *rsp_len)
{
	struct fake_tpm *t = ctx;
	size_t n;

	(void)cmd;
	if (!cmd_len || ++t->calls > 1000)
		__builtin_trap();   /* tpm2_query must not loop without bound */
	if (t->len - t->pos < 2)
		return -1;
	n = (size_t)t->p[t->pos] | (size_t)t->p[t->pos + 1] << 8;
	t->pos += 2;
	if (n > t->len - t->pos)
		n = t->len - t->pos;
	if (n > *rsp_len)
		n = *rsp_len;
	memcpy(rsp, t->p + t->pos, n);
	t->pos += n;
	*rsp_len = n;
	return 0;
}

static void fuzz_tpm(const uint8_t *data, size_t size)
{
	struct fake_tpm t = { data, size, 0, 0 };
	unsigned i;

	tpm2_query(&info, fake_submit, &t);
	if (info.nbanks > TPM_MAX_BANKS || strlen(info.vendor) > 16 ||
	    strlen(info.manufacturer) > 4 || strlen(info.family) > 4)
		__builtin_trap();
	for (i = 0; i < info.nbanks; i++)
		if (info.banks[i].digest_len > TPM2_MAX_DIGEST)
			__builtin_trap();
}

static void fuzz_sealed(const uint8_t *data, size_t size)
{
	struct tpm_sealed s;
	int pin;

	for (pin = 0; pin < 2; pin++) {
		tpm_sealed_read(data, size, pin, &s);
		/* fields only from a structure read to its end */
		if (s.status >= TPM_SEALED_STATUSES ||
		    s.fields_read != (s.status == TPM_SEALED_OK ||
				      s.status >= TPM_SEALED_ATTRIBUTES) ||
		    s.select_len > TPM_SEALED_SELECT_MAX)
			__builtin_trap();
	}
}

static void fuzz_final_events(const uint8_t *data, size_t size)
{
	struct tpm_final_merge m;
	uint32_t before;
	size_t log_len;

	if (size < 2)
		return;
	log_len = (size_t)data[0] | (size_t)data[1] << 8;
	data += 2;
	size -= 2;
	if (log_len > size)
		log_len = size;
	if (tpm_eventlog_parse(data, log_len, &summary) != 0)
		return;
	before = summary.nevents;
	tpm_final_events_merge(data, log_len, 1, data + log_len, size - log_len,
			       &summary, &m);
	if (m.len > size - log_len || summary.nevents != before + m.added ||
	    m.repeated > m.events || (m.added && m.added != m.events - m.repeated))
		__builtin_trap();
}

static struct tpm_db db;

static void fuzz_db(const uint8_t *data, size_t size)
{
	struct load_option o;
	uint8_t digest[32];
	unsigned i;

	tpm_db_read(data, size, &db);
	if (db.ncerts > TPM_DB_MAX_CERTS)
		__builtin_trap();
	for (i = 0; i < db.ncerts; i++) {
		inside(db.certs[i].entry, db.certs[i].entry_len, data, size);
		inside(db.certs[i].subject, db.certs[i].subject_len, data, size);
		tpm_db_authority_digest(&db.certs[i], digest);
		tpm_db_cert_named_in(&db.certs[i], data, size);
	}
	if (load_option_read(data, size, "Windows Boot Manager", &o) &&
	    o.path[LOAD_OPTION_PATH_MAX - 1])
		__builtin_trap();
}

/*
 * The input's first 3 bytes: a profile choice for *S (a sealed key
 * understood), the u16 length of this start's log, parsed into *IN. Returns
 * the log's length (what follows it is the mode's), or -1 if too short.
 */
static long sealed_and_log(const uint8_t *data, size_t size, struct tpm_sealed *s,
			   struct tpm_predict_input *in)
{
	static const uint32_t profiles[] = { 0x815, 0x880, 0x895, 0x8ff, 0x980 };
	size_t log_len;

	if (size < 3)
		return -1;
	memset(s, 0, sizeof(*s));
	s->status = TPM_SEALED_OK;
	s->fields_read = 1;
	s->pcr_bitmap = profiles[data[0] % 5];
	s->select_len = 3;
	memcpy(s->select, &s->pcr_bitmap, 3);
	log_len = (size_t)data[1] | (size_t)data[2] << 8;
	if (log_len > size - 3)
		log_len = size - 3;
	memset(in, 0, sizeof(*in));
	tpm_eventlog_parse(data + 3, log_len, &summary);
	in->log = data + 3;
	in->log_len = log_len;
	in->parsed = &summary;
	in->log_complete = 1;
	in->windows_first = (int)(log_len % 3) - 1;
	return (long)log_len;
}

static void fuzz_predict(const uint8_t *data, size_t size)
{
	struct tpm_predict_input in;
	struct tpm_boot_manager bm;
	struct tpm_prediction p;
	struct tpm_verdict v;
	struct tpm_sealed s;
	long n = sealed_and_log(data, size, &s, &in);
	size_t log_len = (size_t)n;

	if (n < 0)
		return;
	data += 3;
	size -= 3;
	memset(&bm, 0, sizeof(bm));
	bm.found = 1;
	bm.certs = data + log_len;
	bm.certs_len = size - log_len;
	in.boot_manager = &bm;
	if (tpm_db_read(data + log_len, size - log_len, &db) == 0)
		in.db = &db;
	tpm_predict(&in, &s, &v, &p);
	if (v.kind > TPM_VERDICT_WILL_NOT_RELEASE || v.cause >= TPM_VERDICT_CAUSES ||
	    p.candidate >= (int)db.ncerts)
		__builtin_trap();
}

/* An earlier start's log against the sealed key and this start's log. */
static void fuzz_history(const uint8_t *data, size_t size)
{
	static struct tpm_history_work work;
	static struct tpm_history_result r;
	struct tpm_predict_input in;
	struct tpm_sealed s;
	long n = sealed_and_log(data, size, &s, &in);
	size_t earlier;

	if (n < 0)
		return;
	earlier = size - 3 - (size_t)n;
	tpm_history_check(data + 3 + n, earlier, &in, &s, &work, &r);
	if (r.status >= TPM_HISTORY_STATUSES || r.ndiffs > TPM_HISTORY_MAX_DIFFS ||
	    (r.status == TPM_HISTORY_DAMAGED && r.error_offset > earlier))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 9) {
	case 0:
		fuzz_log(data + 1, size - 1);
		break;
	case 1:
		fuzz_response(data + 1, size - 1);
		break;
	case 2:
		fuzz_tpm(data + 1, size - 1);
		break;
	case 3:
		fuzz_sealed(data + 1, size - 1);
		break;
	case 4:
		fuzz_final_events(data + 1, size - 1);
		break;
	case 6:
		fuzz_db(data + 1, size - 1);
		break;
	case 7:
		fuzz_predict(data + 1, size - 1);
		break;
	case 8:
		fuzz_history(data + 1, size - 1);
		break;
	default: {
		uint8_t digest[32];

		tpm_pe_hash(data + 1, size - 1, digest);
		break;
	}
	}
	return 0;
}
