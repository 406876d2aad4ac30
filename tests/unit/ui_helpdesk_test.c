/** @file
 * The helpdesk card and its big key ID digits.
 */
#include "check.h"
#include "ui_fixture.h"
#include "ui/bigtext.h"
#include "ui/helpdesk.h"
#include "ui/msg.h"

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */
static struct memscreen *m;

/* The rows where the graphics console draws the QR code have nothing
 * right of UI_CARD_TEXT_COLS. */
static int left_of_qr(const struct memscreen *s)
{
	unsigned r, c;

	for (r = UI_CARD_QR_ROW; r < UI_CARD_QR_ROW + UI_CARD_QR_ROWS; r++)
		for (c = UI_CARD_TEXT_COLS; c < UI_COLS; c++)
			if (s->cells[r][c] != ' ')
				return 0;
	return 1;
}

/* Read big glyphs back: each must be unlike every other, or a 0 could be
 * read as a D over the phone. */
static void test_big_digits(void)
{
	static const char hex[] = "0123456789ABCDEF";
	char a[MEMSCREEN_ROW_BYTES];
	unsigned i, j, r, same;
	char one[2] = { 0, 0 };

	memscreen_init(m);
	check(ui_big_text(&m->screen, 0, 0, UI_HIGHLIGHT, "64311DEA") ==
	      8 * UI_BIG_WIDTH + 7 * UI_BIG_GAP);
	check(fixture_row_is(m, 0, " ###   #   #  ####     #      #    ####   #####   ###"));
	check(fixture_row_is(m, 2, "####   #####   ###     #      #    #   #  ####   #####"));
	check(fixture_row_is(m, 4, " ###       #  ####    ###    ###   ####   #####  #   #"));
	check(fixture_screen_clean(m));

	for (i = 0; i < 16; i++)
		for (j = i + 1; j < 16; j++) {
			memscreen_init(m);
			one[0] = hex[i];
			ui_big_text(&m->screen, 0, 0, UI_NORMAL, one);
			one[0] = hex[j];
			ui_big_text(&m->screen, 10, 0, UI_NORMAL, one);
			for (r = 0, same = 1; r < UI_BIG_ROWS; r++)
				same &= fixture_row_is(m, 10 + r, memscreen_row(m, r, a));
			check(!same);
		}
	/* Lower case reads the same; too long a text stops at the edge. */
	memscreen_init(m);
	ui_big_text(&m->screen, 0, 0, UI_NORMAL, "dea");
	check(fixture_row_is(m, 2, "#   #  ####   #####"));
	check(ui_big_text(&m->screen, 10, 0, UI_NORMAL, "0123456789ABCDEF") ==
	      11 * (UI_BIG_WIDTH + UI_BIG_GAP) - UI_BIG_GAP);
	check(fixture_screen_clean(m));
}

static void test_card(void)
{
	unsigned row, id_row;

	fixture_volume(vol);
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Recovery key ID - read it first, then the computer "
			     "name", &row, NULL));
	check(memscreen_find(m, " ###   #   #  ####", &id_row, NULL));
	check(id_row == row + 1);
	check(memscreen_find(m, "Key ID: 64311DEA", NULL, NULL));
	check(memscreen_find(m, "{64311DEA-4587-4029-924A-BA299647998E}", NULL, NULL));
	check(memscreen_find(m, "Volume: DESKTOP-X C: 7/4/2019", NULL, NULL));
	check(memscreen_find(m, "{8F595209-F5B9-49A0-85D4-CB8F80258C27}", NULL, NULL));
	check(memscreen_find(m, "Intune:", NULL, NULL));
	check(memscreen_find(m, "Recovery keys", NULL, NULL));
	check(memscreen_find(m, "Devices > BitLocker keys", NULL, NULL));
	check(memscreen_find(m, "aka.ms/myrecoverykey", NULL, NULL));
	check(memscreen_find(m, "BitLocker Recovery tab", NULL, NULL));
	check(memscreen_find(m, "msFVE-RecoveryInformation", NULL, NULL));
	check(memscreen_find(m, "rotate the key from the Intune console", NULL, NULL));
	check(memscreen_find(m, "Enter: type the recovery key", NULL, NULL));
	check(!memscreen_find(m, "Other key IDs", NULL, NULL));
	check(!memscreen_find(m, "Created", NULL, NULL));   /* time unknown */

	/* 2019-07-04 10:22:33 UTC as a FILETIME (Python's datetime). */
	vol->protectors[2].time = 132067093530000000ull;
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(memscreen_find(m, "Created 2019-07-04 10:22 UTC", NULL, NULL));
	check(memscreen_find(m, "Q: QR code", NULL, NULL));
	check(left_of_qr(m));

	/* When Windows saved the key (value type 0x15): the same minute, or not */
	vol->protectors[2].has_key_saved = 1;
	vol->protectors[2].key_saved_time = 132067093530000000ull + 10 * 10000000ull;
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(memscreen_find(m, "Created, saved 2019-07-04 10:22 UTC", NULL, NULL));
	vol->protectors[2].key_saved_time += 24 * 3600 * 10000000ull;
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(memscreen_find(m, "Created 2019-07-04 10:22 UTC, saved 2019-07-05 10:22 UTC",
			     NULL, NULL));

	/* Other key IDs are shown whole or counted, never cut */
	for (unsigned i = 0; i < 6; i++)
		fixture_add_protector(vol, 0x0800, "aabbccdd-0000-4000-8000-000000000000", 0);
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(fixture_screen_clean(m) && left_of_qr(m));
	check(!memscreen_find(m, "other key IDs", NULL, NULL));   /* no room left */
	check(!memscreen_find(m, "AABBCCDD", NULL, NULL) && !memscreen_find(m, "AABB", NULL, NULL));
	vol->protectors[2].has_key_saved = 0;
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(left_of_qr(m));
	check(memscreen_find(m, "Created 2019-07-04 10:22 UTC  6 other key IDs", NULL, NULL));
	vol->n_protectors -= 6;
}

/* The organisation's message first; with the longest texts, all still fits. */
static void test_organisation_text(void)
{
	unsigned i, msg_row, id_row, row;

	fixture_volume(vol);
	for (i = 0; i < BDE_TEXT_MAX - 1; i++) {
		vol->recovery_message[i] = (char)('a' + i % 7);
		vol->recovery_url[i] = 'u';
		vol->description[i] = 'd';
	}
	memcpy(vol->recovery_message, "Call IT on 555 0100 ", 20);
	/* UTF-8 on disk shows as characters: e-acute as itself, CJK as '?'. */
	memcpy(vol->recovery_message + 20, "caf\xc3\xa9 \xe4\xb8\xad ", 10);
	fixture_add_protector(vol, 0x0800, "aabbccdd-0000-4000-8000-000000000000", 0);
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Call IT on 555 0100 caf\xc3\xa9 ? ", &msg_row, NULL));
	check(msg_row == 2);
	check(memscreen_find(m, "URL: uuuu", NULL, NULL));
	check(memscreen_find(m, "...", NULL, NULL));
	check(memscreen_find(m, "Key ID: 64311DEA", &id_row, NULL));
	check(id_row > msg_row);
	check(memscreen_find(m, "Other key IDs: AABBCCDD", NULL, NULL));
	check(left_of_qr(m));
	vol->protectors[2].time = 132067093530000000ull;
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Created 2019-07-04 10:22 UTC  Other key IDs: AABBCCDD",
			     NULL, NULL));
	check(left_of_qr(m));
	check(memscreen_find(m, "rotate the key", &row, NULL));
	check(row < UI_ROWS - 1);
	check(memscreen_find(m, "Esc: back", &row, NULL) && row == UI_ROWS - 1);
}

static void test_no_recovery_protector(void)
{
	fixture_volume(vol);
	vol->n_protectors = 2;   /* TPM and password only */
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "no recovery password", NULL, NULL));
	check(memscreen_find(m, "It opens only with: TPM, Password", NULL, NULL));
	check(!memscreen_find(m, "Key ID", NULL, NULL));
	check(!memscreen_find(m, "Enter", NULL, NULL));

	vol->n_protectors = 0;
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "nothing (no protectors)", NULL, NULL));
}

/* No readable metadata: no made-up IDs, and how to find the key anyway. */
static void test_unreadable_metadata(void)
{
	fixture_volume(vol);
	vol->n_protectors = 0;         /* bde_open() keeps none from a bad copy */
	memset(vol->volume_guid, 0, sizeof(vol->volume_guid));
	vol->copy_used = -1;
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "damaged in all three of its copies", NULL, NULL));
	check(memscreen_find(m, "by this computer's name", NULL, NULL));
	check(memscreen_find(m, "Devices > All devices > (this device) > BitLocker keys",
			     NULL, NULL));
	check(memscreen_find(m, "repair-bde", NULL, NULL));
	check(!memscreen_find(m, "no recovery password", NULL, NULL));
	check(!memscreen_find(m, "00000000-0000", NULL, NULL));
	check(!memscreen_find(m, "Enter", NULL, NULL));
}

/* The card in Danish: Microsoft's terms, and still all on one screen. */
static void test_card_danish(void)
{
	unsigned row, i;

	fixture_volume(vol);
	ui_set_lang(UI_LANG_DA);
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "N\xc3\xb8gle-id - l\xc3\xa6s det op", &row, NULL));
	check(memscreen_find(m, " ###   #   #  ####", &i, NULL) && i == row + 1);
	check(memscreen_find(m, "N\xc3\xb8gle-id: 64311DEA", NULL, NULL));
	check(memscreen_find(m, "Drev: DESKTOP-X C: 7/4/2019", NULL, NULL));
	check(memscreen_find(m, "Enheder > Alle enheder > (enheden) > "
			     "Genoprettelsesn\xc3\xb8gler", NULL, NULL));
	check(memscreen_find(m, "Microsoft-konto: aka.ms/myrecoverykey", NULL, NULL));
	check(memscreen_find(m, "gruppe for gruppe", NULL, NULL));
	check(memscreen_find(m, "Esc: tilbage", &row, NULL) && row == UI_ROWS - 1);
	check(left_of_qr(m));

	/* The longest organisation message: the last line still shows. */
	for (i = 0; i < BDE_TEXT_MAX - 1; i++)
		vol->recovery_message[i] = (char)('a' + i % 7);
	memscreen_init(m);
	ui_helpdesk_draw(&m->screen, vol);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Ikke der?", &row, NULL) && row < UI_ROWS - 1);
	check(left_of_qr(m));
	ui_set_lang(UI_LANG_EN);
}

SELFTEST(ui_helpdesk)
{
	vol = check_alloc(sizeof(*vol));
	m = check_alloc(sizeof(*m));
	if (vol && m) {
		test_big_digits();
		test_card();
		test_organisation_text();
		test_no_recovery_protector();
		test_unreadable_metadata();
		test_card_danish();
	}
	check_free(m, sizeof(*m));
	check_free(vol, sizeof(*vol));
}
