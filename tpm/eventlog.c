/** @file
 * Crypto-agile TCG event log: record walker, summary and PCR replay.
 */
#include <string.h>
#include "tpm/eventlog.h"
#include "tpm/error.h"
#include "tpm/sha1.h"
#include "crypto/sha256.h"

static const char spec_id_signature[16] = "Spec ID Event03";   /* NUL included */
static const char startup_locality_signature[16] = "StartupLocality";

/* The header's data: the Spec ID Event03 structure (TCG_EfiSpecIdEvent). */
static int parse_spec_id(const uint8_t *data, uint32_t len, struct tpm_log_spec *spec)
{
	struct rd r;
	const uint8_t *sig;
	uint32_t nalgs, i, j;
	uint8_t vendor_len;

	rd_init(&r, data, len);
	sig = rd_take(&r, sizeof(spec_id_signature));
	if (!sig || memcmp(sig, spec_id_signature, sizeof(spec_id_signature)))
		return TPM_ERR_UNSUPPORTED;   /* a SHA-1-only (TCG 1.2 style) log */
	spec->platform_class = rd_le32(&r);
	spec->version_minor = rd_u8(&r);
	spec->version_major = rd_u8(&r);
	spec->errata = rd_u8(&r);
	spec->uintn_size = rd_u8(&r);
	nalgs = rd_le32(&r);
	if (r.bad)
		return TPM_ERR_CORRUPT;
	if (nalgs == 0 || nalgs > rd_left(&r) / 4)
		return TPM_ERR_CORRUPT;
	if (nalgs > TPM_LOG_MAX_ALGS)
		return TPM_ERR_TOO_LARGE;
	for (i = 0; i < nalgs; i++) {
		struct tpm_log_alg *a = &spec->algs[i];
		unsigned known;

		a->alg = rd_le16(&r);
		a->digest_len = rd_le16(&r);
		known = tpm2_alg_digest_len(a->alg);
		if (a->digest_len == 0 || (known && a->digest_len != known))
			return TPM_ERR_CORRUPT;
		if (a->digest_len > TPM2_MAX_DIGEST)
			return TPM_ERR_UNSUPPORTED;
		for (j = 0; j < i; j++)
			if (spec->algs[j].alg == a->alg)
				return TPM_ERR_CORRUPT;
	}
	spec->nalgs = nalgs;
	vendor_len = rd_u8(&r);
	rd_take(&r, vendor_len);
	return r.bad ? TPM_ERR_CORRUPT : TPM_OK;
}

/* The first record: TCG_PCR_EVENT, SHA-1 digest, EV_NO_ACTION on PCR 0. */
static int read_header_record(struct rd *r, struct tpm_log_event *ev)
{
	ev->offset = r->pos;
	ev->pcr = rd_le32(r);
	ev->type = rd_le32(r);
	ev->ndigests = 1;
	ev->digests[0].alg = TPM2_ALG_SHA1;
	ev->digests[0].len = SHA1_LEN;
	ev->digests[0].digest = rd_take(r, SHA1_LEN);
	ev->data_len = rd_le32(r);
	ev->data = rd_take(r, ev->data_len);
	if (r->bad)
		return TPM_ERR_TRUNCATED;
	ev->size = r->pos - ev->offset;
	if (ev->pcr != 0 || ev->type != EV_NO_ACTION)
		return TPM_ERR_UNSUPPORTED;
	return TPM_OK;
}

/* One TCG_PCR_EVENT2, digests sized by the header's table. */
static int read_record(struct rd *r, const struct tpm_log_spec *spec,
		       struct tpm_log_event *ev)
{
	uint32_t count, i, j, k;

	ev->offset = r->pos;
	ev->pcr = rd_le32(r);
	ev->type = rd_le32(r);
	count = rd_le32(r);
	if (r->bad)
		return TPM_ERR_TRUNCATED;
	if (count > spec->nalgs)
		return TPM_ERR_CORRUPT;
	ev->ndigests = count;
	for (i = 0; i < count; i++) {
		uint16_t alg = rd_le16(r);

		if (r->bad)
			return TPM_ERR_TRUNCATED;
		for (j = 0; j < spec->nalgs && spec->algs[j].alg != alg; j++)
			;
		/* Without the header's size we cannot step over it. */
		if (j == spec->nalgs)
			return TPM_ERR_UNSUPPORTED;
		for (k = 0; k < i; k++)
			if (ev->digests[k].alg == alg)
				return TPM_ERR_CORRUPT;
		ev->digests[i].alg = alg;
		ev->digests[i].len = spec->algs[j].digest_len;
		ev->digests[i].digest = rd_take(r, spec->algs[j].digest_len);
	}
	ev->data_len = rd_le32(r);
	ev->data = rd_take(r, ev->data_len);
	if (r->bad)
		return TPM_ERR_TRUNCATED;
	ev->size = r->pos - ev->offset;
	return TPM_OK;
}

/*
 * Start of the log's tail of unused space: the longest run of equal 0x00
 * or 0xFF bytes at its end. Found once, so that records of zeros do not
 * each rescan the rest of the log (quadratic in its length).
 */
static size_t padding_start(const uint8_t *log, size_t len)
{
	size_t start = len;

	if (len && (log[len - 1] == 0x00 || log[len - 1] == 0xFF))
		while (start > 0 && log[start - 1] == log[len - 1])
			start--;
	return start;
}

int tpm_log_open(struct tpm_log_reader *lr, const uint8_t *log, size_t len)
{
	struct tpm_log_event ev;
	int err;

	memset(lr, 0, sizeof(*lr));
	rd_init(&lr->r, log, len);
	err = read_header_record(&lr->r, &ev);
	if (!err)
		err = parse_spec_id(ev.data, ev.data_len, &lr->spec);
	/* tpm_log_next() hands out the header record again, first. */
	lr->r.pos = 0;
	lr->r.bad = 0;
	return err;
}

void tpm_log_open_records(struct tpm_log_reader *lr, const struct tpm_log_spec *spec,
			  const uint8_t *records, size_t len)
{
	memset(lr, 0, sizeof(*lr));
	rd_init(&lr->r, records, len);
	lr->spec = *spec;
	lr->header_done = 1;
	lr->padding_from = len;   /* counted records: no unused tail to guess at */
}

/*
 * Rest of the log all 0x00 or all 0xFF, at least a record header's worth
 * (PCR, type, digest count: a real record never has all three zero or all
 * ones): unused log area, not a record. Shorter is a truncated record.
 */
static int only_padding(const struct tpm_log_reader *lr)
{
	return rd_left(&lr->r) >= 12 && lr->r.pos >= lr->padding_from;
}

int tpm_log_next(struct tpm_log_reader *lr, struct tpm_log_event *ev)
{
	if (!lr->header_done) {
		lr->header_done = 1;
		/* here, not in tpm_log_open(): tpm_log_span() must not read
		 * past the last record, into memory that may not be the log */
		lr->padding_from = padding_start(lr->r.p, lr->r.len);
		return read_header_record(&lr->r, ev);
	}
	if (rd_left(&lr->r) == 0 || only_padding(lr))
		return TPM_LOG_END;
	return read_record(&lr->r, &lr->spec, ev);
}

int tpm_log_span(const uint8_t *log, size_t last_offset, size_t max_len,
		 size_t *total)
{
	struct tpm_log_reader lr;
	struct tpm_log_event ev;
	int err = tpm_log_open(&lr, log, max_len);

	*total = 0;
	if (err)
		return err;
	err = read_header_record(&lr.r, &ev);
	if (err)
		return err;
	/* Only the header: the last entry is the first one. */
	if (last_offset == 0) {
		*total = ev.size;
		return TPM_OK;
	}
	if (last_offset < ev.size || last_offset >= max_len)
		return TPM_ERR_CORRUPT;
	lr.r.pos = last_offset;
	err = read_record(&lr.r, &lr.spec, &ev);
	if (!err)
		*total = ev.offset + ev.size;
	return err;
}

/* PCR := H(PCR || digest), for the banks we can hash. */
static void extend(struct tpm_log_bank *b, unsigned pcr, const uint8_t *digest)
{
	uint8_t *v = b->pcr + pcr * b->digest_len;

	if (b->alg == TPM2_ALG_SHA256) {
		struct sha256_ctx c;

		sha256_init(&c);
		sha256_update(&c, v, SHA256_LEN);
		sha256_update(&c, digest, SHA256_LEN);
		sha256_final(&c, v);
	} else {
		struct sha1_ctx c;

		sha1_init(&c);
		sha1_update(&c, v, SHA1_LEN);
		sha1_update(&c, digest, SHA1_LEN);
		sha1_final(&c, v);
	}
}

static void count_type(struct tpm_eventlog *out, uint32_t pcr, uint32_t type)
{
	unsigned i;

	for (i = 0; i < out->ntypes; i++) {
		if (out->types[i].pcr == pcr && out->types[i].type == type) {
			out->types[i].count++;
			return;
		}
	}
	if (out->ntypes == TPM_LOG_MAX_TYPES) {
		out->types_overflow = 1;
		return;
	}
	out->types[out->ntypes].pcr = pcr;
	out->types[out->ntypes].type = type;
	out->types[out->ntypes].count = 1;
	out->ntypes++;
}

/*
 * A StartupLocality event sets PCR 0's starting value: the locality in
 * the last byte (an H-CRTM or locality-3 start), before any extend.
 */
static void apply_startup_locality(struct tpm_eventlog *out,
				   const struct tpm_log_event *ev)
{
	unsigned i;

	if (ev->pcr != 0 || ev->data_len < sizeof(startup_locality_signature) + 1 ||
	    memcmp(ev->data, startup_locality_signature,
			sizeof(startup_locality_signature)))
		return;
	out->startup_locality = ev->data[sizeof(startup_locality_signature)];
	for (i = 0; i < out->spec.nalgs; i++) {
		struct tpm_log_bank *b = &out->banks[i];

		if (!(b->extended & 1))
			b->pcr[b->digest_len - 1] = out->startup_locality;
	}
}

static void replay(struct tpm_eventlog *out, const struct tpm_log_event *ev)
{
	unsigned i, j;

	for (i = 0; i < out->spec.nalgs; i++) {
		struct tpm_log_bank *b = &out->banks[i];

		if (!b->replayed)
			continue;
		for (j = 0; j < ev->ndigests && ev->digests[j].alg != b->alg; j++)
			;
		if (j == ev->ndigests) {
			b->missing |= 1u << ev->pcr;
			continue;
		}
		extend(b, ev->pcr, ev->digests[j].digest);
		b->extended |= 1u << ev->pcr;
	}
}

void tpm_eventlog_add(struct tpm_eventlog *out, const struct tpm_log_event *ev)
{
	out->nevents++;
	if (ev->pcr >= TPM2_PCR_COUNT) {
		out->other_events++;
		return;
	}
	out->pcr_events[ev->pcr]++;
	count_type(out, ev->pcr, ev->type);
	/* EV_NO_ACTION is logged, never extended. */
	if (ev->type == EV_NO_ACTION)
		apply_startup_locality(out, ev);
	else
		replay(out, ev);
}

int tpm_eventlog_parse(const uint8_t *log, size_t len, struct tpm_eventlog *out)
{
	struct tpm_log_reader lr;
	struct tpm_log_event ev;
	unsigned i;
	int err;

	memset(out, 0, sizeof(*out));
	err = tpm_log_open(&lr, log, len);
	if (err) {
		out->error = err;
		return err;
	}
	out->spec = lr.spec;
	for (i = 0; i < lr.spec.nalgs; i++) {
		out->banks[i].alg = lr.spec.algs[i].alg;
		out->banks[i].digest_len = lr.spec.algs[i].digest_len;
		out->banks[i].replayed = lr.spec.algs[i].alg == TPM2_ALG_SHA1 ||
					 lr.spec.algs[i].alg == TPM2_ALG_SHA256;
	}
	while ((err = tpm_log_next(&lr, &ev)) == TPM_OK) {
		out->length = ev.offset + ev.size;
		tpm_eventlog_add(out, &ev);
	}
	if (err == TPM_LOG_END)
		return TPM_OK;
	out->error = err;
	out->error_offset = ev.offset;
	return err;
}

const struct tpm_log_bank *tpm_eventlog_bank(const struct tpm_eventlog *log,
					     uint16_t alg)
{
	unsigned i;

	for (i = 0; i < log->spec.nalgs; i++)
		if (log->banks[i].alg == alg && log->banks[i].replayed)
			return &log->banks[i];
	return NULL;
}

/* All bytes equal to BYTE. */
static int all_bytes(const uint8_t *p, size_t n, uint8_t byte)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != byte)
			return 0;
	return 1;
}

const uint8_t *tpm_log_bank_pcr(const struct tpm_log_bank *bank, unsigned pcr)
{
	return pcr < TPM2_PCR_COUNT ? bank->pcr + pcr * bank->digest_len : NULL;
}

void tpm_eventlog_compare(const struct tpm_log_bank *bank, const uint8_t *live,
			  uint32_t valid, uint32_t *match, uint32_t *mismatch)
{
	unsigned pcr;

	*match = *mismatch = 0;
	for (pcr = 0; pcr < TPM2_PCR_COUNT; pcr++) {
		const uint8_t *v = live + pcr * bank->digest_len;
		int same;

		if (!(valid >> pcr & 1))
			continue;
		same = !memcmp(v, tpm_log_bank_pcr(bank, pcr), bank->digest_len);
		/* Untouched PCRs 17-22 reset to all ones outside a DRTM launch. */
		if (!same && !(bank->extended >> pcr & 1) && pcr >= 17 && pcr <= 22)
			same = all_bytes(v, bank->digest_len, 0xFF);
		if (same)
			*match |= 1u << pcr;
		else
			*mismatch |= 1u << pcr;
	}
}

const uint8_t *tpm_log_event_digest(const struct tpm_log_event *ev, uint16_t alg,
				    uint16_t len)
{
	unsigned i;

	for (i = 0; i < ev->ndigests && i < TPM_LOG_MAX_ALGS; i++)
		if (ev->digests[i].alg == alg && ev->digests[i].len == len)
			return ev->digests[i].digest;
	return NULL;
}
