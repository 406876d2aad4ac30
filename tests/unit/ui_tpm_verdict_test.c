/** @file
 * The TPM verdict in words (ui/tpm_verdict.c) on its page and on the
 * helpdesk card, in English and Danish; and the Boot#### entry reading
 * (efi/load_option.c) that finds Windows Boot Manager. The verdicts are
 * made up: the test is about what is shown where.
 */
#include <string.h>
#include "check.h"
#include "ui_fixture.h"
#include "efi/load_option.h"
#include "ui/frame.h"
#include "ui/helpdesk.h"
#include "ui/msg.h"
#include "ui/tpm_verdict.h"

static struct memscreen *m;
static struct bde_volume *vol;

static void verdict(struct tpm_verdict *v, int kind, int cause, uint32_t profile)
{
	memset(v, 0, sizeof(*v));
	v->kind = (uint8_t)kind;
	v->cause = (uint8_t)cause;
	v->profile = profile;
	memset(v->stored, 0xab, sizeof(v->stored));
}

static void test_page(void)
{
	struct tpm_key_check c = { TPM_CHECK_NO, TPM_CHECK_NOT_ASKED, TPM_CHECK_NO,
				   0, 32, 0x18b, 0, 0 };
	struct tpm_verdict v;

	verdict(&v, TPM_VERDICT_WOULD_RELEASE, TPM_CAUSE_NONE, 0x815);
	v.predicted_valid = 1;
	memset(v.predicted, 0xab, sizeof(v.predicted));
	memscreen_init(m);
	ui_tpm_verdict_draw(&m->screen, &v, NULL);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "On a normal start the TPM would release the key.", NULL, NULL));
	check(memscreen_find(m, "Type the recovery key once", NULL, NULL));
	check(memscreen_find(m, "PCR profile: 0, 2, 4, 11", NULL, NULL));
	check(memscreen_find(m, "Predicted:  ABABABAB", NULL, NULL));

	verdict(&v, TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_TPM_CLEARED, 0x880);
	memscreen_init(m);
	ui_tpm_verdict_draw(&m->screen, &v, &c);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "The TPM will not release the key on a normal start:", NULL, NULL));
	check(memscreen_find(m, "the TPM was cleared or replaced", NULL, NULL));
	check(memscreen_find(m, "manage-bde -protectors -disable C: -RebootCount 1", NULL, NULL));
	check(memscreen_find(m, "(not predicted)", NULL, NULL));
	check(memscreen_find(m, "Storage root key: no   Key loads: -   Lockout: no", NULL, NULL));

	/* the PCR cause names the profile's PCRs, 11 left out */
	verdict(&v, TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_PCRS, 0x815);
	memscreen_init(m);
	ui_tpm_verdict_draw(&m->screen, &v, NULL);
	check(memscreen_find(m, "PCR 0, 2, 4: firmware, option ROMs or the boot manager changed",
			     NULL, NULL));
	verdict(&v, TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_PCRS, 0x880);
	memscreen_init(m);
	ui_tpm_verdict_draw(&m->screen, &v, NULL);
	check(memscreen_find(m, "PCR 7: Secure Boot settings or certificates changed", NULL, NULL));

	verdict(&v, TPM_VERDICT_CANNOT_TELL, TPM_WHY_NO_LOG, 0x880);
	ui_set_lang(UI_LANG_DA);
	memscreen_init(m);
	ui_tpm_verdict_draw(&m->screen, &v, NULL);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Kan ikke afgøre, om TPM'en ville frigive nøglen:", NULL, NULL));
	check(memscreen_find(m, "ingen hændelseslog", NULL, NULL));
	ui_set_lang(UI_LANG_EN);

	memscreen_init(m);
	ui_tpm_verdict_draw(&m->screen, NULL, NULL);
	check(memscreen_find(m, "This volume has no TPM protector", NULL, NULL));
}

static void test_card(void)
{
	struct tpm_verdict v;
	unsigned row;

	fixture_volume(vol);
	verdict(&v, TPM_VERDICT_WILL_NOT_RELEASE, TPM_CAUSE_SECURE_BOOT_OFF, 0x880);
	memscreen_init(m);
	ui_helpdesk_draw_tpm(&m->screen, vol, &v);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "TPM: a normal start will not release the key (T: why):",
			     &row, NULL));
	check(memscreen_find(m, "PCR 7: Secure Boot was switched off", NULL, NULL));
	check(row <= UI_LAST_ROW - 1);
	/* below everything the card said before */
	check(memscreen_find(m, "rotate the key from the Intune console", NULL, NULL));

	verdict(&v, TPM_VERDICT_WOULD_RELEASE, TPM_CAUSE_NONE, 0x880);
	memscreen_init(m);
	ui_helpdesk_draw_tpm(&m->screen, vol, &v);
	check(memscreen_find(m, "TPM: a normal start would release the key. Type the key once.",
			     NULL, NULL));
	/* no verdict, no line */
	memscreen_init(m);
	ui_helpdesk_draw_tpm(&m->screen, vol, NULL);
	check(!memscreen_find(m, "TPM: a normal start", NULL, NULL));
}

/* A Boot#### value as firmware stores it: Windows' entry on a GPT partition. */
static size_t boot_entry(uint8_t *out, const char *description)
{
	static const uint8_t guid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	static const char path[] = "\\EFI\\Microsoft\\Boot\\bootmgfw.efi";
	size_t at = 6, i, list_at, n = strlen(path);

	memset(out, 0, 512);
	out[0] = 1;                                 /* LOAD_OPTION_ACTIVE */
	for (i = 0; description[i]; i++, at += 2)
		out[at] = (uint8_t)description[i];
	at += 2;
	list_at = at;
	out[at] = 4; out[at + 1] = 1; out[at + 2] = 42;   /* HD(...) */
	memcpy(out + at + 24, guid, 16);
	out[at + 40] = 2; out[at + 41] = 2;               /* GPT, GUID signature */
	at += 42;
	out[at] = 4; out[at + 1] = 4; out[at + 2] = (uint8_t)(4 + 2 * (n + 1));
	for (i = 0; i < n; i++)
		out[at + 4 + 2 * i] = (uint8_t)path[i];
	at += 4 + 2 * (n + 1);
	out[at] = 0x7f; out[at + 1] = 0xff; out[at + 2] = 4;
	at += 4;
	out[4] = (uint8_t)(at - list_at);
	return at;
}

static void test_load_option(void)
{
	uint8_t *value = check_alloc(512);
	struct load_option o;
	size_t len, cut;

	if (!value)
		return;
	len = boot_entry(value, "Windows Boot Manager");
	check(load_option_read(value, len, "Windows Boot Manager", &o));
	check(o.has_partition && o.partition_guid[0] == 1 && o.partition_guid[15] == 16);
	check(o.has_path && o.path[0] == '\\' && o.path[1] == 'E' && o.path[33] == 0);
	check(!load_option_read(value, len, "Windows Boot Manage", &o));
	len = boot_entry(value, "UEFI PXEv4");
	check(!load_option_read(value, len, "Windows Boot Manager", &o));
	/* cut anywhere: the path list no longer fits, so the entry is refused */
	len = boot_entry(value, "Windows Boot Manager");
	for (cut = 0; cut < len; cut++)
		check(!load_option_read(value, cut, "Windows Boot Manager", &o));
	/* a node whose length runs past the list */
	value[6 + 2 * 21 + 2] = 200;
	check(!load_option_read(value, len, "Windows Boot Manager", &o));
	check_free(value, 512);
}

SELFTEST(ui_tpm_verdict)
{
	vol = check_alloc(sizeof(*vol));
	m = check_alloc(sizeof(*m));
	if (vol && m) {
		test_page();
		test_card();
	}
	test_load_option();
	check_free(m, sizeof(*m));
	check_free(vol, sizeof(*vol));
}
