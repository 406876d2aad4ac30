/** @file
 * Which earlier start was the key sealed to (tpm/history.h): synthetic
 * crypto-agile logs (SHA-256 bank only) built from event tables, the
 * sealed digest replayed here on its own (PCR := SHA-256(PCR || SHA-256(
 * data)) for PCRs 0-7 through the first boot application, PCR 11 zero,
 * then SHA-256 of the selected PCRs in order), and the differences
 * expected, event by event.
 */
#include <string.h>
#include "check.h"
#include "tpm_test.h"
#include "crypto/sha256.h"
#include "tpm/history.h"

#define LOG_MAX 16384
#define MANY 200                     /* more than TPM_HISTORY_MAX_EVENTS */
#define APP EV_EFI_BOOT_SERVICES_APPLICATION
#define SELECT_7_11 { 0x80, 0x08, 0x00 }
#define SELECT_0_2_4_11 { 0x15, 0x08, 0x00 }

struct ev { uint32_t pcr, type; const char *data; };

/* Events of a start: the firmware's, then Windows Boot Manager's. */
static const struct ev windows[] = {
	{ 0, EV_S_CRTM_VERSION, "1.0" }, { 0, EV_POST_CODE, "firmware" },
	{ 7, EV_EFI_VARIABLE_DRIVER_CONFIG, "SecureBoot=1" }, { 7, EV_SEPARATOR, "sep" },
	{ 2, 0x80000004, "option rom" }, { 4, EV_EFI_ACTION, "Calling" },
	{ 4, EV_SEPARATOR, "sep" }, { 7, EV_EFI_VARIABLE_AUTHORITY, "PCA 2011" },
	{ 4, APP, "bootmgfw" }, { 11, EV_EFI_ACTION, "after the app" },
	{ 0, 0, NULL } };
static const struct ev updated[] = {   /* firmware 2.0, no option ROM */
	{ 0, EV_S_CRTM_VERSION, "2.0" }, { 0, EV_POST_CODE, "firmware" },
	{ 7, EV_EFI_VARIABLE_DRIVER_CONFIG, "SecureBoot=1" }, { 7, EV_SEPARATOR, "sep" },
	{ 4, EV_EFI_ACTION, "Calling" }, { 4, EV_EFI_ACTION, "Returning" },
	{ 4, EV_SEPARATOR, "sep" }, { 7, EV_EFI_VARIABLE_AUTHORITY, "PCA 2011" },
	{ 4, APP, "bitrescue" }, { 0, 0, NULL } };
static const struct ev no_app[] = {
	{ 0, EV_S_CRTM_VERSION, "1.0" }, { 4, EV_SEPARATOR, "sep" }, { 0, 0, NULL } };

struct diff { uint8_t pcr, change; uint32_t type; };

struct history_case {
	const char *name;
	const struct ev *sealed_on, *then, *now;
	uint8_t select[3];
	size_t cut;                  /* then's log cut to this many bytes, 0: whole */
	int status;
	unsigned ndiffs;
	struct diff diffs[6];
};

static const struct history_case cases[] = {
	{ "same start", windows, windows, windows, SELECT_0_2_4_11, 0, TPM_HISTORY_MATCH, 0, { { 0 } } },
	{ "updated firmware", windows, windows, updated, SELECT_0_2_4_11, 0, TPM_HISTORY_MATCH, 4,
	  { { 0, TPM_HISTORY_CHANGED, EV_S_CRTM_VERSION },
	    { 2, TPM_HISTORY_REMOVED, 0x80000004 },
	    { 4, TPM_HISTORY_ADDED, EV_EFI_ACTION },
	    { 4, TPM_HISTORY_CHANGED, APP } } },
	{ "PCR 7 key, firmware unseen", windows, updated, windows, SELECT_7_11, 0,
	  TPM_HISTORY_MATCH, 4,
	  { { 0, TPM_HISTORY_CHANGED, EV_S_CRTM_VERSION },
	    { 2, TPM_HISTORY_ADDED, 0x80000004 },
	    { 4, TPM_HISTORY_REMOVED, EV_EFI_ACTION },
	    { 4, TPM_HISTORY_CHANGED, APP } } },
	{ "another start", updated, windows, windows, SELECT_0_2_4_11, 0, TPM_HISTORY_NO_MATCH, 0, { { 0 } } },
	{ "no boot application", windows, no_app, windows, SELECT_0_2_4_11, 0,
	  TPM_HISTORY_NO_BOOT_APP, 0, { { 0 } } },
	{ "cut inside a record", windows, windows, windows, SELECT_0_2_4_11, 200,
	  TPM_HISTORY_DAMAGED, 0, { { 0 } } },
	{ "header only, cut", windows, windows, windows, SELECT_0_2_4_11, 20,
	  TPM_HISTORY_DAMAGED, 0, { { 0 } } },
};

static void le(uint8_t *p, uint32_t v, unsigned n)
{
	while (n--) {
		*p++ = (uint8_t)v;
		v >>= 8;
	}
}

/* The log of EVENTS into BUF: a Spec ID header naming SHA-256, then records. */
static size_t build(const struct ev *events, uint8_t *buf)
{
	static const uint8_t spec[] = "Spec ID Event03\0\0\0\0\0\x00\x02\x00\x02";
	size_t n = 0, len;

	memset(buf, 0, 32);
	le(buf + 4, EV_NO_ACTION, 4);
	le(buf + 28, sizeof(spec) - 1 + 4 + 4 + 1, 4);
	n = 32;
	memcpy(buf + n, spec, sizeof(spec) - 1);
	n += sizeof(spec) - 1;
	le(buf + n, 1, 4);
	le(buf + n + 4, TPM2_ALG_SHA256, 2);
	le(buf + n + 6, 32, 2);
	buf[n + 8] = 0;
	n += 9;
	for (; events->data; events++) {
		len = strlen(events->data);
		le(buf + n, events->pcr, 4);
		le(buf + n + 4, events->type, 4);
		le(buf + n + 8, 1, 4);
		le(buf + n + 12, TPM2_ALG_SHA256, 2);
		sha256((const uint8_t *)events->data, len, buf + n + 14);
		le(buf + n + 46, (uint32_t)len, 4);
		memcpy(buf + n + 50, events->data, len);
		n += 50 + len;
	}
	return n;
}

/* What the key sealed on EVENTS stores, replayed without tpm/. */
static void sealed_digest(const struct ev *events, const uint8_t select[3], uint8_t out[32])
{
	uint8_t pcrs[24][32], d[32];
	struct sha256_ctx h;
	unsigned p;

	memset(pcrs, 0, sizeof(pcrs));
	for (; events->data; events++) {
		if (events->pcr > 7)
			continue;
		sha256((const uint8_t *)events->data, strlen(events->data), d);
		sha256_init(&h);
		sha256_update(&h, pcrs[events->pcr], 32);
		sha256_update(&h, d, 32);
		sha256_final(&h, pcrs[events->pcr]);
		if (events->type == APP)
			break;
	}
	sha256_init(&h);
	for (p = 0; p < 24; p++)
		if (select[p / 8] >> (p % 8) & 1)
			sha256_update(&h, pcrs[p], 32);
	sha256_final(&h, out);
}

static void run_case(const struct history_case *c, uint8_t *then_log, uint8_t *now_log,
		     struct tpm_eventlog *parsed, struct tpm_history_work *work,
		     struct tpm_history_result *res)
{
	struct tpm_predict_input now;
	struct tpm_sealed s;
	size_t then_len = build(c->then, then_log);
	unsigned k;

	memset(&s, 0, sizeof(s));
	s.status = TPM_SEALED_OK;
	s.select_len = 3;
	memcpy(s.select, c->select, 3);
	s.pcr_bitmap = c->select[0] | (uint32_t)c->select[1] << 8;
	sealed_digest(c->sealed_on, c->select, s.pcr_digest);
	memset(&now, 0, sizeof(now));
	now.log = now_log;
	now.log_len = build(c->now, now_log);
	tpm_eventlog_parse(now.log, now.log_len, parsed);
	now.parsed = parsed;
	tpm_history_check(then_log, c->cut ? c->cut : then_len, &now, &s, work, res);
	check(res->status == c->status);
	check(res->ndiffs == c->ndiffs);
	/* the differences the case names (a bounds case names only the first) */
	for (k = 0; k < res->ndiffs && k < 6 && c->diffs[k].change; k++)
		check(res->diffs[k].pcr == c->diffs[k].pcr &&
		      res->diffs[k].change == c->diffs[k].change &&
		      res->diffs[k].type == c->diffs[k].type);
}

/* Which verdicts the earlier starts are looked at for. */
static const struct { uint8_t kind, cause, wanted; } wanted_cases[] = {
	{ TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_PCRS, 1 },
	{ TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_SECURE_BOOT_OFF, 0 },
	{ TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_TPM_CLEARED, 0 },
	{ TPM_VERDICT_WOULD_RELEASE, TPM_CAUSE_NONE, 0 },
	{ TPM_VERDICT_CANNOT_TELL, TPM_WHY_LOG_DAMAGED, 1 },
	{ TPM_VERDICT_CANNOT_TELL, TPM_WHY_NO_BOOT_MANAGER, 1 },
	{ TPM_VERDICT_CANNOT_TELL, TPM_WHY_NO_LOG, 1 },
	{ TPM_VERDICT_CANNOT_TELL, TPM_WHY_NO_TPM, 0 },
	{ TPM_VERDICT_CANNOT_TELL, TPM_WHY_SHA1_BANK, 0 },
};

static void test_wanted(void)
{
	struct tpm_verdict v;
	unsigned i;

	memset(&v, 0, sizeof(v));
	for (i = 0; i < sizeof(wanted_cases) / sizeof(wanted_cases[0]); i++) {
		v.kind = wanted_cases[i].kind;
		v.cause = wanted_cases[i].cause;
		check(tpm_history_wanted(&v) == wanted_cases[i].wanted);
	}
}

/* A start of MANY firmware events: the lists stay bounded, and say so. */
static void test_bounds(uint8_t *then_log, uint8_t *now_log, struct tpm_eventlog *parsed,
			struct tpm_history_work *work, struct tpm_history_result *res)
{
	struct ev *many = check_alloc((MANY + 2) * sizeof(*many));
	char *names = check_alloc(MANY * 5);
	struct history_case c;
	unsigned i;

	if (many && names) {
		for (i = 0; i < MANY; i++) {
			names[i * 5] = 'e';
			names[i * 5 + 1] = (char)('0' + i / 100);
			names[i * 5 + 2] = (char)('0' + i / 10 % 10);
			names[i * 5 + 4] = 0;
			many[i].pcr = i % 8 == 4 ? 0 : i % 8;
			many[i].type = EV_POST_CODE;
			many[i].data = names + i * 5;
		}
		for (i = 0; i < MANY; i++)
			names[i * 5 + 3] = (char)('0' + i % 10);
		many[MANY].pcr = 4;
		many[MANY].type = APP;
		many[MANY].data = "bootmgfw";
		memset(&c, 0, sizeof(c));
		c.sealed_on = windows;
		c.then = windows;
		c.now = many;
		c.select[0] = 0x15;
		c.select[1] = 0x08;
		c.status = TPM_HISTORY_MATCH;
		c.ndiffs = TPM_HISTORY_MAX_DIFFS;
		/* the first difference: PCR 0's version became a POST code */
		c.diffs[0].pcr = 0;
		c.diffs[0].change = TPM_HISTORY_REMOVED;
		c.diffs[0].type = EV_S_CRTM_VERSION;
		run_case(&c, then_log, now_log, parsed, work, res);
		check(res->diffs_overflow && work->nnow == TPM_HISTORY_MAX_EVENTS);
	}
	check_free(many, (MANY + 2) * sizeof(*many));
	check_free(names, MANY * 5);
}

SELFTEST(tpm_history)
{
	uint8_t *then_log = check_alloc(LOG_MAX), *now_log = check_alloc(LOG_MAX);
	struct tpm_eventlog *parsed = check_alloc(sizeof(*parsed));
	struct tpm_history_work *work = check_alloc(sizeof(*work));
	struct tpm_history_result *res = check_alloc(sizeof(*res));
	char line[96];
	unsigned i;

	test_wanted();
	if (then_log && now_log && parsed && work && res) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			run_case(&cases[i], then_log, now_log, parsed, work, res);
		/* the detail and the line a difference is shown as */
		run_case(&cases[1], then_log, now_log, parsed, work, res);
		tpm_history_diff_line(&res->diffs[0], line, sizeof(line));
		check(text_eq(line, "PCR 0 changed: EV_S_CRTM_VERSION (2.0)"));
		tpm_history_diff_line(&res->diffs[2], line, 20);
		check(text_len(line) == 19);
		test_bounds(then_log, now_log, parsed, work, res);
	}
	check_free(then_log, LOG_MAX);
	check_free(now_log, LOG_MAX);
	check_free(parsed, sizeof(*parsed));
	check_free(work, sizeof(*work));
	check_free(res, sizeof(*res));
}
