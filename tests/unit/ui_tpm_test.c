/** @file
 * The TPM screen: properties, PCRs 0-23 with the profile marked, values
 * that differ from the event log's replay flagged, the log summary.
 *
 * The TPM is made up: an Infineon part whose firmware fields 0x00070055 and
 * 0x11CB0000 Windows would show as 7.85.4555.0; PCR values are a pattern
 * (byte i of a bank is i * 7 mod 256), not from a real TPM: the test is
 * about what is shown where.
 */
#include <string.h>
#include "check.h"
#include "ui_fixture.h"
#include "tpm/error.h"
#include "ui/frame.h"
#include "ui/tpm_screen.h"

static struct memscreen *m;
static struct tpm_info *info;
static struct tpm_eventlog *log;

static void fill_bank(struct tpm_bank *bank, uint16_t alg, uint16_t len)
{
	unsigned pcr, i;

	bank->alg = alg;
	bank->digest_len = len;
	bank->allocated = 0xffffff;
	bank->valid = 0xffffff;
	for (pcr = 0; pcr < TPM2_PCR_COUNT; pcr++)
		for (i = 0; i < len; i++)
			bank->pcr[pcr * len + i] = (uint8_t)((pcr * len + i) * 7);
}

static void fixture_tpm(void)
{
	memset(info, 0, sizeof(*info));
	info->version = TPM_VERSION_2_0;
	memcpy(info->manufacturer, "IFX", 4);
	memcpy(info->vendor, "SLB9670", 8);
	info->firmware_version[0] = 0x00070055;
	info->firmware_version[1] = 0x11cb0000;
	info->nbanks = 2;
	fill_bank(&info->banks[0], TPM2_ALG_SHA1, 20);
	fill_bank(&info->banks[1], TPM2_ALG_SHA256, 32);
	info->banks[1].valid &= ~(1u << 17);
	tpm_info_set_profile(info, 1u << 0 | 1u << 2 | 1u << 4 | 1u << 11);

	/* A log whose SHA-256 replay matches every PCR but 7. */
	memset(log, 0, sizeof(*log));
	log->nevents = 47;
	log->pcr_events[0] = 12;
	log->pcr_events[4] = 5;
	log->spec.nalgs = 2;
	log->spec.algs[0].alg = TPM2_ALG_SHA1;
	log->spec.algs[1].alg = TPM2_ALG_SHA256;
	log->banks[1].alg = TPM2_ALG_SHA256;
	log->banks[1].digest_len = 32;
	log->banks[1].replayed = 1;
	log->banks[1].extended = 0xffffff;
	memcpy(log->banks[1].pcr, info->banks[1].pcr, sizeof(log->banks[1].pcr));
	log->banks[1].pcr[7 * 32 + 0] ^= 1;
}

static void test_tpm(void)
{
	unsigned i, row, col, row11, col11;

	fixture_tpm();
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, log, 0);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "TPM 2.0   Manufacturer: IFX (SLB9670)   Firmware: "
			     "7.85.4555.0", NULL, NULL));
	check(memscreen_find(m, "PCR banks: sha1, sha256", NULL, NULL));
	check(memscreen_find(m, "profile: 0, 2, 4, 11 (marked *)", NULL, NULL));
	check(memscreen_find(m, "PCR values (sha256", NULL, NULL));
	/* SHA-256 PCR 0 is 00 07 0E ...; PCR 1 starts at 32 * 7 = 0xE0. */
	check(memscreen_find(m, "*PCR 0: 00070E151C232A31383F464D545B...", &row, &col));
	check(m->colours[row][col] == UI_HIGHLIGHT);
	check(memscreen_find(m, " PCR 1: E0E7EEF5", &row, &col));
	check(m->colours[row][col + 1] == UI_NORMAL);
	check(memscreen_find(m, "*PCR11: ", &row11, &col11));
	check(memscreen_find(m, " PCR17: (not read)", NULL, NULL));
	check(memscreen_find(m, " PCR23: ", &row, &col));
	check(row == row11 && col > col11);
	for (i = 0; i < TPM2_PCR_COUNT; i++) {
		char name[6] = "PCR  ";

		name[3] = i < 10 ? ' ' : (char)('0' + i / 10);
		name[4] = (char)('0' + i % 10);
		check(memscreen_find(m, name, NULL, NULL));
	}
	/* PCR 7 differs from the replay: '!' in words and in red. */
	check(memscreen_find(m, " PCR 7! ", &row, &col));
	check(m->colours[row][col + 1] == UI_ERROR);
	check(memscreen_find(m, "Event log: 47 events, banks sha1, sha256", NULL, NULL));
	check(memscreen_find(m, "PCR 7 differs from the log's replay (marked !).", NULL, NULL));
	check(memscreen_find(m, "Events in profile PCRs:  0: 12  2: 0  4: 5  11: 0",
			     NULL, NULL));

	/* A profile PCR that differs is called out. */
	log->banks[1].pcr[4 * 32 + 31] ^= 0x80;
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, log, 0);
	check(memscreen_find(m, "PCRs 4, 7 differ from the log's replay (marked !), "
			     "some in the profile.", NULL, NULL));
	check(memscreen_find(m, "*PCR 4! ", NULL, NULL));

	/* All matching; then a damaged log says so. */
	memcpy(log->banks[1].pcr, info->banks[1].pcr, sizeof(log->banks[1].pcr));
	log->error = TPM_ERR_TRUNCATED;
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, log, 0);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Every PCR read matches the log's replay.", NULL, NULL));
	check(memscreen_find(m, "The log is damaged (", NULL, NULL));
	check(!memscreen_find(m, "!", NULL, NULL));

	/* A damaged log's replay is incomplete: no claim the TPM differs. */
	log->banks[1].pcr[9 * 32] ^= 1;
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, log, 0);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "PCR 9 does not match the incomplete replay (marked !).",
			     NULL, NULL));
	check(!memscreen_find(m, "differ", NULL, NULL));
	log->error = 0;

	/* Many differ: the line wraps, nothing is cut off at the edge. */
	for (i = 0; i < TPM2_PCR_COUNT; i += 2)
		log->banks[1].pcr[i * 32] ^= 1;
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, log, 0);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "PCRs 0, 2, 4, 6, 8-10, 12, 14, 16, 18, 20, 22 differ from",
			     &row, NULL));
	check(memscreen_find(m, "some in the profile.", &row11, NULL) && row11 == row + 1);
	/* Runs of three or more are ranges, two in a row are not. */
	memcpy(log->banks[1].pcr, info->banks[1].pcr, sizeof(log->banks[1].pcr));
	for (i = 0; i < TPM2_PCR_COUNT; i++)
		if (i != 5 && i != 9)
			log->banks[1].pcr[i * 32] ^= 1;
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, log, 0);
	/* PCR 17 is not read (fixture_tpm), so not compared either. */
	check(memscreen_find(m, "PCRs 0-4, 6-8, 10-16, 18-23 differ", NULL, NULL));
	log->banks[1].pcr[7 * 32] ^= 1;
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, log, 0);
	check(memscreen_find(m, "PCRs 0-4, 6, 8, 10-16, 18-23 differ", NULL, NULL));
	check(memscreen_find(m, "Esc: back", &row, NULL) && row == UI_ROWS - 1);
	memcpy(log->banks[1].pcr, info->banks[1].pcr, sizeof(log->banks[1].pcr));

	/* No SHA-256 bank read: SHA-1 values, 20 bytes, PCR 1 from 20 * 7. */
	info->banks[1].valid = 0;
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, NULL, 0);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "PCR values (sha1", NULL, NULL));
	check(memscreen_find(m, " PCR 1: 8C939AA1", NULL, NULL));
	check(memscreen_find(m, "Event log: not available", NULL, NULL));
}

static void test_no_tpm(void)
{
	fixture_tpm();
	info->version = TPM_ABSENT;
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, NULL, 0);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "No TPM found.", NULL, NULL));
	check(memscreen_find(m, "disabled in", NULL, NULL));

	/* Present, but the query failed early: nothing invented. */
	fixture_tpm();
	info->nbanks = 0;
	info->profile = 0;
	info->error = TPM_ERR_TPM_RC;
	info->tpm_rc = 0x101;
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, NULL, 0);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Not all could be read: ", NULL, NULL));
	check(memscreen_find(m, " 0x00000101", NULL, NULL));
	check(memscreen_find(m, "PCR banks: none allocated", NULL, NULL));
	check(memscreen_find(m, "PCR values (none read", NULL, NULL));
	check(memscreen_find(m, " PCR 0: (not read)", NULL, NULL));
	check(!memscreen_find(m, "*PCR", NULL, NULL));
	check(memscreen_find(m, "profile: none", NULL, NULL));

	/* TPM 1.2: its state, and no made-up maker, firmware or PCRs. */
	fixture_tpm();
	info->version = TPM_VERSION_1_2;
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, NULL, 0);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "TPM 1.2, active", NULL, NULL));
	check(memscreen_find(m, "recovery key", NULL, NULL));
	check(!memscreen_find(m, "Firmware", NULL, NULL));
	check(!memscreen_find(m, "PCR 0", NULL, NULL));
	info->deactivated = 1;
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, NULL, 0);
	check(memscreen_find(m, "TPM 1.2, deactivated", NULL, NULL));
	check(memscreen_find(m, "switched off in the firmware setup", NULL, NULL));
}

/* B goes through the banks read; a bank the log lacks is not "matching". */
static void test_banks(void)
{
	uint16_t alg;

	fixture_tpm();
	alg = ui_tpm_next_bank(info, 0);
	check(alg == TPM2_ALG_SHA1);
	memscreen_init(m);
	ui_tpm_draw(&m->screen, info, log, alg);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "PCR values (sha1", NULL, NULL));
	check(memscreen_find(m, "The log holds no sha1 digests", NULL, NULL));
	check(!memscreen_find(m, "matches", NULL, NULL));
	check(memscreen_find(m, "B: next PCR bank  E: events per PCR", NULL, NULL));
	check(ui_tpm_next_bank(info, alg) == TPM2_ALG_SHA256);
	/* A bank not read is skipped. */
	info->banks[0].valid = 0;
	check(ui_tpm_next_bank(info, TPM2_ALG_SHA256) == TPM2_ALG_SHA256);
}

/* The event log page: each PCR's count and types in the log's order. */
static void test_events_page(void)
{
	static const struct tpm_log_type_count types[] = {
		{ 0, 0x00000008, 1 },            /* EV_S_CRTM_VERSION */
		{ 7, 0x80000001, 5 },            /* EV_EFI_VARIABLE_DRIVER_CONFIG */
		{ 0, 0x80000008, 3 },            /* EV_EFI_PLATFORM_FIRMWARE_BLOB */
		{ 7, 0x00000004, 1 },            /* EV_SEPARATOR */
		{ 14, 0x00001234, 2 },           /* not a known type */
	};
	unsigned row0, row7, row14;

	fixture_tpm();
	memset(log->pcr_events, 0, sizeof(log->pcr_events));
	log->pcr_events[0] = 4;
	log->pcr_events[7] = 6;
	log->pcr_events[14] = 2;
	memcpy(log->types, types, sizeof(types));
	log->ntypes = sizeof(types) / sizeof(types[0]);
	memscreen_init(m);
	ui_tpm_events_draw(&m->screen, log);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "PCR 0:  4 events: S_CRTM_VERSION, "
			     "EFI_PLATFORM_FIRMWARE_BLOB x3", &row0, NULL));
	check(memscreen_find(m, "PCR 7:  6 events: EFI_VARIABLE_DRIVER_CONFIG x5, "
			     "SEPARATOR", &row7, NULL));
	check(memscreen_find(m, "PCR 14: 2 events: type 0x00001234 x2", &row14, NULL));
	check(row0 < row7 && row7 < row14);
	check(!memscreen_find(m, "PCR 1:", NULL, NULL));

	/* Every PCR with many types: two lines each at most, no overflow. */
	for (row0 = 0; row0 < TPM2_PCR_COUNT; row0++)
		log->pcr_events[row0] = 9;
	for (row0 = 0; row0 < TPM_LOG_MAX_TYPES; row0++) {
		log->types[row0].pcr = row0 % TPM2_PCR_COUNT;
		log->types[row0].type = 0x80000003;   /* the longest name */
		log->types[row0].count = 2;
	}
	log->ntypes = TPM_LOG_MAX_TYPES;
	memscreen_init(m);
	ui_tpm_events_draw(&m->screen, log);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "saves them all", &row0, NULL) && row0 == UI_LAST_ROW);

	memscreen_init(m);
	ui_tpm_events_draw(&m->screen, NULL);
	check(memscreen_find(m, "no event log", NULL, NULL));
}

SELFTEST(ui_tpm)
{
	m = check_alloc(sizeof(*m));
	info = check_alloc(sizeof(*info));
	log = check_alloc(sizeof(*log));
	if (m && info && log) {
		test_tpm();
		test_no_tpm();
		test_banks();
		test_events_page();
	}
	check_free(log, sizeof(*log));
	check_free(info, sizeof(*info));
	check_free(m, sizeof(*m));
}
