/** @file
 * An earlier start's log against the sealed key, and how that start
 * differs from this one (tpm/history.h).
 */
#include <string.h>
#include "tpm/error.h"
#include "tpm/history.h"

#define DIGEST_LEN 32
#define LAST_PCR 7
#define PCR_UNSEAL 11
#define VARIABLE_NAME_AT 32   /* UEFI_VARIABLE_DATA: GUID, two UINT64 lengths */

static int is_variable(uint32_t type)
{
	return type == EV_EFI_VARIABLE_DRIVER_CONFIG || type == EV_EFI_VARIABLE_BOOT ||
	       type == EV_EFI_VARIABLE_AUTHORITY || type == 0x8000000C;
}

static int is_text(uint32_t type)
{
	return type == EV_EFI_ACTION || type == EV_ACTION || type == EV_POST_CODE ||
	       type == EV_S_CRTM_VERSION;
}

/* Printable ASCII of the COUNT characters of STEP bytes at P (UTF-16: 2). */
static void detail_copy(char *out, const uint8_t *p, size_t count, size_t step)
{
	size_t i, n = 0;

	for (i = 0; i < count && n + 1 < TPM_HISTORY_DETAIL_MAX; i++) {
		uint8_t c = p[i * step];

		if (step == 2 && p[i * step + 1])
			c = '?';
		if (c >= 0x20 && c < 0x7f)
			out[n++] = (char)c;
	}
	out[n] = 0;
}

/* The variable's name or the action's text: the event's data is untrusted. */
static void describe(const struct tpm_log_event *ev, char *out)
{
	uint64_t name_len = 0;
	unsigned i;

	out[0] = 0;
	if (is_variable(ev->type) && ev->data_len >= VARIABLE_NAME_AT) {
		for (i = 0; i < 8; i++)
			name_len |= (uint64_t)ev->data[16 + i] << (8 * i);
		if (name_len <= (ev->data_len - VARIABLE_NAME_AT) / 2)
			detail_copy(out, ev->data + VARIABLE_NAME_AT, (size_t)name_len, 2);
	} else if (is_text(ev->type)) {
		detail_copy(out, ev->data, ev->data_len, 1);
	}
}

/*
 * The events of PCRs 0-7 that IN logged up to and with its first boot
 * application, into LIST (at most TPM_HISTORY_MAX_EVENTS). Returns the
 * count; *OVERFLOW set if some did not fit.
 */
static unsigned collect(const struct tpm_predict_input *in, struct tpm_history_event *list,
			int *overflow)
{
	struct tpm_log_reader lr;
	struct tpm_log_event ev;
	unsigned n = 0, part;

	if (tpm_log_open(&lr, in->log, in->parsed->length) || tpm_log_next(&lr, &ev))
		return 0;
	for (part = 0; part < 2; part++) {
		if (part) {
			struct tpm_log_spec spec = lr.spec;

			if (!in->final_records)
				break;
			tpm_log_open_records(&lr, &spec, in->final_records, in->final_len);
		}
		while (tpm_log_next(&lr, &ev) == TPM_OK) {
			const uint8_t *d = tpm_log_event_digest(&ev, TPM2_ALG_SHA256, DIGEST_LEN);

			if (ev.type == EV_NO_ACTION || ev.pcr > LAST_PCR || !d)
				continue;
			if (n == TPM_HISTORY_MAX_EVENTS) {
				*overflow = 1;
				return n;
			}
			list[n].pcr = (uint8_t)ev.pcr;
			list[n].type = ev.type;
			memcpy(list[n].digest, d, DIGEST_LEN);
			describe(&ev, list[n].detail);
			n++;
			if (ev.type == EV_EFI_BOOT_SERVICES_APPLICATION)
				return n;
		}
	}
	return n;
}

static void add_diff(struct tpm_history_result *out, const struct tpm_history_event *e,
		     int change)
{
	struct tpm_history_diff *d;

	if (out->ndiffs == TPM_HISTORY_MAX_DIFFS) {
		out->diffs_overflow = 1;
		return;
	}
	d = &out->diffs[out->ndiffs++];
	d->pcr = e->pcr;
	d->change = (uint8_t)change;
	d->type = e->type;
	memcpy(d->detail, e->detail, TPM_HISTORY_DETAIL_MAX);
}

/* Index of the next event of PCR at or after I in LIST[0, N), N if none. */
static unsigned next_of(const struct tpm_history_event *list, unsigned n, unsigned i,
			unsigned pcr)
{
	while (i < n && list[i].pcr != pcr)
		i++;
	return i;
}

/* Is DIGEST among PCR's events in LIST from I on? Its index, or N. */
static unsigned find_digest(const struct tpm_history_event *list, unsigned n, unsigned i,
			    unsigned pcr, const uint8_t *digest)
{
	for (i = next_of(list, n, i, pcr); i < n; i = next_of(list, n, i + 1, pcr))
		if (!memcmp(list[i].digest, digest, DIGEST_LEN))
			return i;
	return n;
}

/* The next event of TYPE among PCR's in LIST from I on: its index, or N. */
static unsigned find_type(const struct tpm_history_event *list, unsigned n, unsigned i,
			  unsigned pcr, uint32_t type)
{
	for (i = next_of(list, n, i, pcr); i < n; i = next_of(list, n, i + 1, pcr))
		if (list[i].type == type)
			return i;
	return n;
}

/*
 * PCR by PCR, walk both starts' events in order: equal digests pair up; an
 * event found further on in the other start means the ones before it were
 * added (or removed); otherwise two events of one type changed.
 */
static void compare(const struct tpm_history_work *w, struct tpm_history_result *out)
{
	const struct tpm_history_event *a = w->then, *b = w->now;
	unsigned pcr, i, j, k;

	for (pcr = 0; pcr <= LAST_PCR; pcr++) {
		i = next_of(a, w->nthen, 0, pcr);
		j = next_of(b, w->nnow, 0, pcr);
		while (i < w->nthen || j < w->nnow) {
			if (i < w->nthen && j < w->nnow) {
				if (!memcmp(a[i].digest, b[j].digest, DIGEST_LEN)) {
					i = next_of(a, w->nthen, i + 1, pcr);
					j = next_of(b, w->nnow, j + 1, pcr);
					continue;
				}
				k = find_digest(b, w->nnow, j, pcr, a[i].digest);
				if (k < w->nnow) {
					for (; j < k; j = next_of(b, w->nnow, j + 1, pcr))
						add_diff(out, &b[j], TPM_HISTORY_ADDED);
					continue;
				}
				k = find_digest(a, w->nthen, i, pcr, b[j].digest);
				if (k < w->nthen) {
					for (; i < k; i = next_of(a, w->nthen, i + 1, pcr))
						add_diff(out, &a[i], TPM_HISTORY_REMOVED);
					continue;
				}
				if (a[i].type == b[j].type) {
					add_diff(out, &b[j], TPM_HISTORY_CHANGED);
					j = next_of(b, w->nnow, j + 1, pcr);
				} else if (find_type(b, w->nnow, j, pcr, a[i].type) < w->nnow) {
					/* its counterpart comes later: this one is new */
					add_diff(out, &b[j], TPM_HISTORY_ADDED);
					j = next_of(b, w->nnow, j + 1, pcr);
					continue;
				} else {
					add_diff(out, &a[i], TPM_HISTORY_REMOVED);
				}
				i = next_of(a, w->nthen, i + 1, pcr);
			} else if (i < w->nthen) {
				add_diff(out, &a[i], TPM_HISTORY_REMOVED);
				i = next_of(a, w->nthen, i + 1, pcr);
			} else {
				add_diff(out, &b[j], TPM_HISTORY_ADDED);
				j = next_of(b, w->nnow, j + 1, pcr);
			}
		}
	}
}

int tpm_history_check(const uint8_t *log, size_t len, const struct tpm_predict_input *now,
		      const struct tpm_sealed *s, struct tpm_history_work *work,
		      struct tpm_history_result *out)
{
	struct tpm_predict_input then;
	int err;

	memset(out, 0, sizeof(*out));
	out->status = TPM_HISTORY_PCRS_BEYOND;
	if (s->pcr_bitmap & ~(0xffu | 1u << PCR_UNSEAL))
		return out->status;
	out->status = TPM_HISTORY_DAMAGED;
	err = tpm_eventlog_parse(log, len, &work->parsed);
	if (err) {
		out->error = err;
		out->error_offset = work->parsed.error_offset;
		return out->status;
	}
	out->status = TPM_HISTORY_NO_SHA256;
	if (!tpm_eventlog_bank(&work->parsed, TPM2_ALG_SHA256))
		return out->status;
	memset(&then, 0, sizeof(then));
	then.log = log;
	then.log_len = len;
	then.parsed = &work->parsed;
	then.log_complete = 1;
	err = tpm_replay_first_app(&then, work->values);
	if (err) {
		out->status = err == TPM_ERR_UNSUPPORTED ? TPM_HISTORY_NO_BOOT_APP :
			      TPM_HISTORY_NO_SHA256;
		return out->status;
	}
	tpm_pcr_composite(work->values, s->select, s->select_len, out->digest);
	out->status = TPM_HISTORY_NO_MATCH;
	if (memcmp(out->digest, s->pcr_digest, DIGEST_LEN))
		return out->status;
	out->status = TPM_HISTORY_MATCH;
	work->nthen = collect(&then, work->then, &out->diffs_overflow);
	/* without this start's events there is nothing to compare with:
	 * listing all of the earlier start's as removed would mislead */
	work->nnow = 0;
	if (now && now->log && now->parsed)
		work->nnow = collect(now, work->now, &out->diffs_overflow);
	if (work->nnow)
		compare(work, out);
	return out->status;
}

int tpm_history_wanted(const struct tpm_verdict *v)
{
	if (v->kind == TPM_VERDICT_WILL_NOT_RELEASE)
		return v->cause == TPM_CAUSE_PCRS;
	if (v->kind != TPM_VERDICT_CANNOT_TELL)
		return 0;
	switch (v->cause) {
	case TPM_WHY_NO_LOG: case TPM_WHY_LOG_DAMAGED: case TPM_WHY_SHA1_ONLY:
	case TPM_WHY_NO_BOOT_MANAGER: case TPM_WHY_NO_DB: case TPM_WHY_NO_BOOT_EVENT:
		return 1;
	default:
		return 0;
	}
}

const char *tpm_history_status_text(int status)
{
	static const char *const texts[TPM_HISTORY_STATUSES] = {
		"matches the sealed key", "another start", "damaged log",
		"no SHA-256 digests", "no boot application", "the key selects PCRs beyond 0-7",
	};

	return status >= 0 && status < TPM_HISTORY_STATUSES ? texts[status] : "?";
}

const char *tpm_history_change_text(int change)
{
	return change == TPM_HISTORY_CHANGED ? "changed" :
	       change == TPM_HISTORY_ADDED ? "added" : "removed";
}

/* Append TEXT to OUT at *N, leaving room for the NUL. */
static void append(char *out, size_t cap, size_t *n, const char *text)
{
	while (*text && *n + 1 < cap)
		out[(*n)++] = *text++;
	out[*n] = 0;
}

size_t tpm_history_diff_line(const struct tpm_history_diff *d, char *out, size_t cap)
{
	const char *name = tpm_event_type_name(d->type);
	char pcr[2] = { (char)('0' + d->pcr % 10), 0 };
	size_t n = 0;

	if (!cap)
		return 0;
	out[0] = 0;
	append(out, cap, &n, "PCR ");
	append(out, cap, &n, pcr);
	append(out, cap, &n, " ");
	append(out, cap, &n, tpm_history_change_text(d->change));
	append(out, cap, &n, ": ");
	append(out, cap, &n, name ? name : "unknown event type");
	if (d->detail[0]) {
		append(out, cap, &n, " (");
		append(out, cap, &n, d->detail);
		append(out, cap, &n, ")");
	}
	return n;
}
