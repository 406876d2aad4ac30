/** @file
 * The TPM screen: properties, PCRs 0-23 with the profile marked, event log.
 *
 * The PCR values are a made-up pattern (byte i of the table is i * 7 mod
 * 256), not from a real TPM: the test is about layout, not values.
 */
#include "check.h"
#include "ui_fixture.h"
#include "ui/tpm_screen.h"

static struct memscreen m;
static uint8_t pcrs[UI_TPM_PCRS * 32];

static const char *const event_log[] = {
	"47 events (crypto-agile log: SHA1, SHA256)",
	"PCR 7: Secure Boot enabled",
	"PCR 4: \\EFI\\Microsoft\\Boot\\bootmgfw.efi",
	"PCR 0: CRTM version",
	"PCR 2: option ROM",
};

static void test_tpm(void)
{
	struct ui_tpm_view v = {
		.present = 1, .version = "2.0", .manufacturer = "IFX",
		.firmware = "7.85.4555.0", .banks = "SHA1, SHA256",
		.pcr_bank = "SHA256", .pcr_values = pcrs, .pcr_len = 32,
		.pcr_valid = 0xffffff & ~(1u << 17),
		.profile = 1u << 0 | 1u << 2 | 1u << 4 | 1u << 11,
		.event_log = event_log, .n_event_log = 2,
	};
	unsigned i, row, col, row11, col11;

	for (i = 0; i < sizeof(pcrs); i++)
		pcrs[i] = (uint8_t)(i * 7);
	memscreen_init(&m);
	ui_tpm_draw(&m.screen, &v);
	check(fixture_screen_clean(&m));
	check(memscreen_find(&m, "TPM 2.0   Manufacturer: IFX   Firmware: 7.85.4555.0",
			     NULL, NULL));
	check(memscreen_find(&m, "PCR banks: SHA1, SHA256", NULL, NULL));
	check(memscreen_find(&m, "profile: 0, 2, 4, 11 (marked *)", NULL, NULL));
	/* PCR 0 is 00 07 0E ...; PCR 1 starts at byte 32: 32 * 7 = 0xE0. */
	check(memscreen_find(&m, "*PCR 0: 00070E151C232A31383F464D545B...", &row, &col));
	check(m.colours[row][col] == UI_HIGHLIGHT);
	check(memscreen_find(&m, " PCR 1: E0E7EEF5", &row, &col));
	check(m.colours[row][col + 1] == UI_NORMAL);
	check(memscreen_find(&m, "*PCR11: ", &row11, &col11));
	check(memscreen_find(&m, " PCR17: (not read)", NULL, NULL));
	check(memscreen_find(&m, " PCR23: ", &row, &col));
	check(row == row11 && col > col11);
	for (i = 0; i < UI_TPM_PCRS; i++) {
		char name[7] = "PCR  :";

		name[3] = i < 10 ? ' ' : (char)('0' + i / 10);
		name[4] = (char)('0' + i % 10);
		check(memscreen_find(&m, name, NULL, NULL));
	}
	check(memscreen_find(&m, "47 events", NULL, NULL));
	check(memscreen_find(&m, "PCR 7: Secure Boot enabled", NULL, NULL));

	/* More log than rows: the overflow is counted, not drawn. */
	v.n_event_log = 5;
	memscreen_init(&m);
	ui_tpm_draw(&m.screen, &v);
	check(fixture_screen_clean(&m));
	check(memscreen_find(&m, "(3 more lines)", NULL, NULL));
	check(!memscreen_find(&m, "option ROM", NULL, NULL));

	/* A SHA1 bank: 20-byte values, PCR 1 from byte 20 (20 * 7 = 0x8C). */
	v.pcr_len = 20;
	v.pcr_bank = "SHA1";
	memscreen_init(&m);
	ui_tpm_draw(&m.screen, &v);
	check(memscreen_find(&m, "PCR values (SHA1", NULL, NULL));
	check(memscreen_find(&m, " PCR 1: 8C939AA1", NULL, NULL));
	check(fixture_screen_clean(&m));
}

static void test_no_tpm(void)
{
	struct ui_tpm_view v = { .present = 0 };

	memscreen_init(&m);
	ui_tpm_draw(&m.screen, &v);
	check(fixture_screen_clean(&m));
	check(memscreen_find(&m, "No TPM found.", NULL, NULL));
	check(memscreen_find(&m, "disabled in", NULL, NULL));

	v.error = "TPM2_GetCapability failed: TPM_RC_FAILURE";
	memscreen_init(&m);
	ui_tpm_draw(&m.screen, &v);
	check(memscreen_find(&m, "TPM_RC_FAILURE", NULL, NULL));

	/* Present but nothing read: no values invented. */
	v.present = 1;
	memscreen_init(&m);
	ui_tpm_draw(&m.screen, &v);
	check(fixture_screen_clean(&m));
	check(memscreen_find(&m, "TPM unknown", NULL, NULL));
	check(memscreen_find(&m, "*PCR", NULL, NULL) == 0);
	check(memscreen_find(&m, " PCR 0: (not read)", NULL, NULL));
	check(memscreen_find(&m, "profile: none", NULL, NULL));
	check(memscreen_find(&m, "(none)", NULL, NULL));
}

SELFTEST(ui_tpm)
{
	test_tpm();
	test_no_tpm();
}
