/** @file
 * The PCR values of a normal start of Windows, from this start's event
 * log, and the causes tried when they do not open the sealed key.
 */
#include <string.h>
#include "crypto/sha256.h"
#include "tpm/error.h"
#include "tpm/predict.h"

#define DIGEST_LEN 32
#define PCR_BOOT_MANAGER 4
#define PCR_SECURE_BOOT 7
#define PCR_UNSEAL 11
/* what this file knows how to predict */
#define PREDICTABLE (0xffu | 1u << PCR_UNSEAL)
#define MAX_LOGGED_AUTHORITIES 32

static const char calling_action[] = "Calling EFI Application from Boot Option";
static const char returning_action[] = "Returning from EFI Application from Boot Option";
static const uint8_t secure_boot_name[20] = {
	'S', 0, 'e', 0, 'c', 0, 'u', 0, 'r', 0, 'e', 0, 'B', 0, 'o', 0, 'o', 0, 't', 0,
};

/* The events in the order firmware logged them: the main log's, then
 * those the final events table added. Indexes count from 1. */
struct walk {
	struct tpm_log_reader lr;
	const struct tpm_predict_input *in;
	int in_final;
	uint32_t index;
};

static int walk_start(struct walk *w, const struct tpm_predict_input *in)
{
	struct tpm_log_event header;

	w->in = in;
	w->in_final = 0;
	w->index = 0;
	if (tpm_log_open(&w->lr, in->log, in->parsed->length))
		return -1;
	return tpm_log_next(&w->lr, &header) == TPM_OK ? 0 : -1;
}

/* TPM_OK, TPM_LOG_END or an error. */
static int walk_next(struct walk *w, struct tpm_log_event *ev)
{
	int r = tpm_log_next(&w->lr, ev);

	if (r == TPM_LOG_END && !w->in_final && w->in->final_records) {
		struct tpm_log_spec spec = w->lr.spec;   /* opening clears lr */

		w->in_final = 1;
		tpm_log_open_records(&w->lr, &spec, w->in->final_records,
				     w->in->final_len);
		r = tpm_log_next(&w->lr, ev);
	}
	if (r == TPM_OK)
		w->index++;
	return r;
}

static const uint8_t *sha256_digest(const struct tpm_log_event *ev)
{
	return tpm_log_event_digest(ev, TPM2_ALG_SHA256, DIGEST_LEN);
}

static int is_action(const struct tpm_log_event *ev, const char *text)
{
	size_t n = strlen(text);

	return ev->type == EV_EFI_ACTION && ev->data_len == n &&
	       !memcmp(ev->data, (const uint8_t *)text, n);
}

/* Where things are in the log, found once. */
struct marks {
	uint32_t first_app;          /* the first boot application's event */
	uint32_t first_calling;      /* the first "Calling" action, 0: none */
	uint32_t boot_from;          /* firmware starts its boot options: that
				      * action or PCR 4's separator, 0: none */
	int attempts;                /* "Returning" and later "Calling" actions */
	int secure_boot;             /* the SecureBoot variable's value, 0 if absent */
	uint32_t sb_event;           /* its event, 0: none we can rewrite */
	uint8_t sb_flipped[DIGEST_LEN]; /* its digest with the other value */
};

/*
 * The SecureBoot variable's event: a UEFI_VARIABLE_DATA (GUID, name and
 * data lengths, UTF-16 name, data) whose SHA-256 is the logged digest, so
 * the same event with the other value can be hashed.
 */
static void read_secure_boot(const struct tpm_log_event *ev, uint32_t index,
			     struct marks *mk)
{
	const uint8_t *d = ev->data, *logged = sha256_digest(ev);
	uint8_t digest[DIGEST_LEN], other;
	struct sha256_ctx h;
	uint32_t value_at;

	if (ev->data_len != 16 + 16 + sizeof(secure_boot_name) + 1 ||
	    memcmp(d + 16, (const uint8_t *)"\x0a\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0", 16) ||
	    memcmp(d + 32, secure_boot_name, sizeof(secure_boot_name)))
		return;
	value_at = 32 + sizeof(secure_boot_name);
	mk->secure_boot = d[value_at] == 1;
	sha256(d, ev->data_len, digest);
	if (!logged || memcmp(digest, logged, DIGEST_LEN))
		return;
	other = mk->secure_boot ? 0 : 1;
	sha256_init(&h);
	sha256_update(&h, d, value_at);
	sha256_update(&h, &other, 1);
	sha256_final(&h, mk->sb_flipped);
	mk->sb_event = index;
}

/* Returns an enum tpm_error; TPM_ERR_UNSUPPORTED: no boot application. */
static int find_marks(const struct tpm_predict_input *in, struct marks *mk)
{
	struct tpm_log_event ev;
	struct walk w;
	int r;

	memset(mk, 0, sizeof(*mk));
	if (walk_start(&w, in) < 0)
		return TPM_ERR_CORRUPT;
	while ((r = walk_next(&w, &ev)) == TPM_OK) {
		if (ev.type == EV_EFI_BOOT_SERVICES_APPLICATION) {
			mk->first_app = w.index;
			return TPM_OK;
		}
		if (ev.pcr == PCR_BOOT_MANAGER && is_action(&ev, calling_action)) {
			if (mk->first_calling)
				mk->attempts++;
			else
				mk->first_calling = w.index;
		}
		if (ev.pcr == PCR_BOOT_MANAGER && is_action(&ev, returning_action))
			mk->attempts++;
		/* both are logged at ReadyToBoot; some firmware logs no action */
		if (!mk->boot_from && ev.pcr == PCR_BOOT_MANAGER &&
		    (ev.type == EV_SEPARATOR || is_action(&ev, calling_action)))
			mk->boot_from = w.index;
		if (ev.pcr == PCR_SECURE_BOOT && ev.type == EV_EFI_VARIABLE_DRIVER_CONFIG &&
		    !mk->sb_event)
			read_secure_boot(&ev, w.index, mk);
	}
	return r == TPM_LOG_END ? TPM_ERR_UNSUPPORTED : r;
}

/* One way the normal start could go. */
struct scenario {
	int drop_attempts;           /* PCR 4 without this start's extra attempts */
	int flip_secure_boot;        /* the SecureBoot variable the other way */
	int secure_boot;             /* on, in this scenario */
	const struct tpm_db_cert *authority;  /* verifies the boot manager */
	/* verified the option ROMs before it: Secure Boot off logs none */
	const struct tpm_db_cert *earlier_authority;
	int as_logged;               /* every event kept, through the first
				      * boot application's (an earlier start) */
};

static void extend(uint8_t *pcr, const uint8_t *digest)
{
	struct sha256_ctx h;

	sha256_init(&h);
	sha256_update(&h, pcr, DIGEST_LEN);
	sha256_update(&h, digest, DIGEST_LEN);
	sha256_final(&h, pcr);
}

/* Does the event at index I of PCR 4 belong to a normal start? */
static int keep_pcr4(const struct tpm_log_event *ev, uint32_t i, const struct marks *mk,
		     const struct scenario *sc)
{
	if (!sc->drop_attempts)
		return 1;
	if (is_action(ev, returning_action))
		return 0;
	return !is_action(ev, calling_action) || i == mk->first_calling;
}

/*
 * PCR 7's authority events: those logged before firmware started its boot
 * options; later ones verified what this start booted.
 */
static int keep_authority(uint32_t i, const struct marks *mk, const struct scenario *sc)
{
	return sc->as_logged || (sc->secure_boot && (!mk->boot_from || i < mk->boot_from));
}

/* The 24 values (VALUES) of a normal start in scenario SC; -1: cannot. */
static int predict_pcrs(const struct tpm_predict_input *in, const struct marks *mk,
			const struct scenario *sc, const struct tpm_boot_manager *bm,
			uint8_t values[TPM2_PCR_COUNT * DIGEST_LEN])
{
	uint8_t logged[MAX_LOGGED_AUTHORITIES][DIGEST_LEN], digest[DIGEST_LEN];
	unsigned nlogged = 0, i;
	struct tpm_log_event ev;
	struct walk w;

	memset(values, 0, TPM2_PCR_COUNT * DIGEST_LEN);
	values[DIGEST_LEN - 1] = in->parsed->startup_locality;
	if (walk_start(&w, in) < 0)
		return -1;
	while (walk_next(&w, &ev) == TPM_OK && w.index < mk->first_app + !!sc->as_logged) {
		const uint8_t *d = sha256_digest(&ev);
		uint8_t *pcr = values + ev.pcr * DIGEST_LEN;

		if (ev.type == EV_NO_ACTION || ev.pcr >= TPM2_PCR_COUNT)
			continue;
		if (!d)
			return -1;
		switch (ev.pcr) {
		case PCR_BOOT_MANAGER:
			if (keep_pcr4(&ev, w.index, mk, sc))
				extend(pcr, d);
			break;
		case PCR_SECURE_BOOT:
			if (ev.type == EV_EFI_VARIABLE_AUTHORITY) {
				if (!keep_authority(w.index, mk, sc))
					break;
				if (nlogged < MAX_LOGGED_AUTHORITIES)
					memcpy(logged[nlogged++], d, DIGEST_LEN);
			}
			if (w.index == mk->sb_event && sc->flip_secure_boot)
				d = mk->sb_flipped;
			extend(pcr, d);
			break;
		case 0: case 1: case 2: case 3: case 5: case 6:
			extend(pcr, d);
			break;
		}
	}
	if (bm && bm->found)
		extend(values + PCR_BOOT_MANAGER * DIGEST_LEN, bm->digest);
	if (sc->secure_boot && sc->earlier_authority) {
		tpm_db_authority_digest(sc->earlier_authority, logged[0]);
		extend(values + PCR_SECURE_BOOT * DIGEST_LEN, logged[0]);
		nlogged = 1;
	}
	if (sc->secure_boot && sc->authority) {
		tpm_db_authority_digest(sc->authority, digest);
		for (i = 0; i < nlogged && memcmp(logged[i], digest, DIGEST_LEN); i++)
			;
		if (i == nlogged)
			extend(values + PCR_SECURE_BOOT * DIGEST_LEN, digest);
	}
	memset(values + PCR_UNSEAL * DIGEST_LEN, 0, DIGEST_LEN);
	return 0;
}

int tpm_replay_first_app(const struct tpm_predict_input *in,
			 uint8_t values[TPM2_PCR_COUNT * 32])
{
	struct scenario as_logged = { 0, 0, 1, NULL, NULL, 1 };
	struct marks mk;
	int err = find_marks(in, &mk);

	if (err)
		return err;
	return predict_pcrs(in, &mk, &as_logged, NULL, values) < 0 ? TPM_ERR_CORRUPT : TPM_OK;
}

void tpm_pcr_composite(const uint8_t *values, const uint8_t *select,
		       unsigned select_len, uint8_t digest[32])
{
	struct sha256_ctx h;
	unsigned pcr;

	sha256_init(&h);
	for (pcr = 0; pcr < TPM2_PCR_COUNT && pcr / 8 < select_len; pcr++)
		if (select[pcr / 8] >> (pcr % 8) & 1)
			sha256_update(&h, values + pcr * DIGEST_LEN, DIGEST_LEN);
	sha256_final(&h, digest);
}

/* The candidates for the db entry verifying the boot manager. */
struct candidates {
	unsigned n;
	int index[TPM_DB_MAX_CERTS];
};

struct attempt {
	const struct tpm_predict_input *in;
	const struct tpm_sealed *s;
	const struct marks *mk;
	struct tpm_verdict *v;
	int matched;                 /* db entry of the match, -1: none needed */
	uint8_t values[TPM2_PCR_COUNT * DIGEST_LEN];
};

/* Scenario SC with each candidate in C (none if C is empty): a match? */
static int try_candidates(struct attempt *a, struct scenario sc, const struct candidates *c)
{
	uint8_t digest[DIGEST_LEN];
	unsigned i = 0;

	do {
		sc.authority = c->n ? &a->in->db->certs[c->index[i]] : NULL;
		if (predict_pcrs(a->in, a->mk, &sc, a->in->boot_manager, a->values) < 0)
			return 0;
		tpm_pcr_composite(a->values, a->s->select, a->s->select_len, digest);
		if (!a->v->predicted_valid) {
			memcpy(a->v->predicted, digest, DIGEST_LEN);
			a->v->predicted_valid = 1;
		}
		if (!memcmp(digest, a->s->pcr_digest, DIGEST_LEN)) {
			a->matched = c->n ? c->index[i] : -1;
			return 1;
		}
	} while (++i < c->n);
	return 0;
}

/* The db entries the boot manager's signature names (NAMED) and the rest. */
static void sort_candidates(const struct tpm_predict_input *in, struct candidates *named,
			    struct candidates *others)
{
	const struct tpm_boot_manager *bm = in->boot_manager;
	unsigned i;

	named->n = others->n = 0;
	for (i = 0; in->db && i < in->db->ncerts; i++) {
		if (bm && bm->found &&
		    tpm_db_cert_named_in(&in->db->certs[i], bm->certs, bm->certs_len))
			named->index[named->n++] = (int)i;
		else
			others->index[others->n++] = (int)i;
	}
}

static void decide(struct tpm_verdict *v, int kind, int cause)
{
	v->kind = (uint8_t)kind;
	v->cause = (uint8_t)cause;
}

/* The named causes, in order, once the normal start does not match. */
static void try_causes(struct attempt *a, const struct scenario *base,
		       const struct candidates *first, const struct candidates *others,
		       const struct candidates *all, struct tpm_prediction *p)
{
	uint32_t profile = a->s->pcr_bitmap;
	struct scenario sc = *base;
	unsigned i;

	if (a->mk->attempts && profile >> PCR_BOOT_MANAGER & 1) {
		sc.drop_attempts = 1;
		if (try_candidates(a, sc, first)) {
			p->one_time_attempt = a->in->windows_first == 1;
			if (p->one_time_attempt)
				decide(a->v, TPM_VERDICT_WOULD_RELEASE, TPM_CAUSE_NONE);
			else
				decide(a->v, TPM_VERDICT_WILL_NOT_RELEASE,
				       TPM_CAUSE_BOOT_ATTEMPT);
			return;
		}
		sc.drop_attempts = 0;
	}
	if (base->secure_boot && first != all && others->n &&
	    try_candidates(a, sc, others)) {
		decide(a->v, TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_OTHER_CA);
		return;
	}
	if (a->mk->sb_event && profile >> PCR_SECURE_BOOT & 1) {
		struct candidates none = { 0, { 0 } };

		sc.flip_secure_boot = 1;
		sc.secure_boot = !base->secure_boot;
		if (!sc.secure_boot && try_candidates(a, sc, &none)) {
			decide(a->v, TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_SECURE_BOOT_ON);
			return;
		}
		/* switched off: nothing was verified in this start, so the option
		 * ROMs' certificate (any db entry, or none) is tried too */
		for (i = 0; sc.secure_boot && i <= all->n; i++) {
			sc.earlier_authority = i ? &a->in->db->certs[all->index[i - 1]] : NULL;
			if (try_candidates(a, sc, all)) {
				decide(a->v, TPM_VERDICT_WILL_NOT_RELEASE,
				       TPM_CAUSE_SECURE_BOOT_OFF);
				return;
			}
		}
	}
	decide(a->v, TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_PCRS);
}

/* A reason the prediction cannot be made, or TPM_CAUSE_NONE. */
static int cannot_predict(const struct tpm_predict_input *in, const struct tpm_sealed *s)
{
	if (s->status != TPM_SEALED_OK)
		return s->status == TPM_SEALED_SHA1_BANK ? TPM_WHY_SHA1_BANK :
		       TPM_WHY_NOT_UNDERSTOOD;
	if (!in->log || !in->parsed)
		return TPM_WHY_NO_LOG;
	/* a log without the crypto-agile header is the SHA-1-only format */
	if (in->parsed->error == TPM_ERR_UNSUPPORTED && !in->parsed->nevents)
		return TPM_WHY_SHA1_ONLY;
	if (in->parsed->error || !in->log_complete)
		return TPM_WHY_LOG_DAMAGED;
	if (!tpm_eventlog_bank(in->parsed, TPM2_ALG_SHA256))
		return TPM_WHY_SHA1_ONLY;
	if (s->pcr_bitmap & ~PREDICTABLE)
		return TPM_WHY_PCR_UNKNOWN;
	if (s->pcr_bitmap >> PCR_BOOT_MANAGER & 1 &&
	    !(in->boot_manager && in->boot_manager->found))
		return TPM_WHY_NO_BOOT_MANAGER;
	return TPM_CAUSE_NONE;
}

void tpm_predict(const struct tpm_predict_input *in, const struct tpm_sealed *s,
		 struct tpm_verdict *v, struct tpm_prediction *p)
{
	struct candidates named, others, all;
	struct scenario base = { 0, 0, 0, NULL, NULL, 0 };
	struct marks mk;
	struct attempt a;
	unsigned i;
	int why, err;

	memset(v, 0, sizeof(*v));
	memset(p, 0, sizeof(*p));
	p->candidate = -1;
	v->profile = s->pcr_bitmap;
	memcpy(v->stored, s->pcr_digest, DIGEST_LEN);
	v->kind = TPM_VERDICT_CANNOT_TELL;
	why = cannot_predict(in, s);
	if (why) {
		v->cause = (uint8_t)why;
		return;
	}
	err = find_marks(in, &mk);
	if (err) {
		v->cause = err == TPM_ERR_UNSUPPORTED ? TPM_WHY_NO_BOOT_EVENT :
			   TPM_WHY_LOG_DAMAGED;
		return;
	}
	p->secure_boot = base.secure_boot = mk.secure_boot;
	p->attempts = mk.attempts;
	if (mk.secure_boot && s->pcr_bitmap >> PCR_SECURE_BOOT & 1 && !in->db) {
		v->cause = TPM_WHY_NO_DB;
		return;
	}
	sort_candidates(in, &named, &others);
	all.n = 0;
	for (i = 0; i < named.n; i++)
		all.index[all.n++] = named.index[i];
	for (i = 0; i < others.n; i++)
		all.index[all.n++] = others.index[i];

	a.in = in;
	a.s = s;
	a.mk = &mk;
	a.v = v;
	a.matched = -1;
	/* the entry the boot manager's signature names; if none does, any */
	if (try_candidates(&a, base, named.n ? &named : &all))
		decide(v, TPM_VERDICT_WOULD_RELEASE, TPM_CAUSE_NONE);
	else if (!v->predicted_valid)
		v->cause = TPM_WHY_LOG_DAMAGED;   /* an event without a SHA-256 digest */
	else
		try_causes(&a, &base, named.n ? &named : &all, &others, &all, p);
	p->candidate = a.matched;
}
