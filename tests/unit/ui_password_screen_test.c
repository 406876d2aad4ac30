/** @file
 * The recovery password screen, drawn and driven by scripted keys.
 *
 * Vector: images.conf, [bitlk-aes-xts-128] RP and RP_VMK_GUID.
 */
#include "check.h"
#include "ui_fixture.h"
#include "ui/password_screen.h"

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */
static struct memscreen *m;

#define K(c) { UI_KEY_CHAR, c }

static void test_typing_flags_group(void)
{
	struct pwentry pw;
	unsigned row, col;
	/* Groups 1-2 right, group 3 mistyped (253978), two digits of group 4. */
	static const struct ui_key keys[] = {
		K('2'), K('3'), K('5'), K('8'), K('1'), K('8'),
		K('3'), K('5'), K('7'), K('9'), K('5'), K('1'),
		K('2'), K('5'), K('3'), K('9'), K('7'), K('8'),
	};

	fixture_volume(vol);
	pwentry_init(&pw);
	memscreen_init(m);
	memscreen_set_keys(m, keys, sizeof(keys) / sizeof(keys[0]));
	/* The script runs out without Enter: that is a cancel. */
	check(ui_password_run(&m->screen, vol, &pw) == PW_CANCEL);
	check(pw.len == 18);
	ui_password_draw(&m->screen, vol, &pw);
	check(fixture_screen_clean(m));

	/* Key ID in view while typing. */
	check(memscreen_find(m, "Recovery key ID: 64311DEA", &row, NULL) && row == 2);
	check(memscreen_find(m, "{64311DEA-4587-4029-924A-BA299647998E}", NULL, NULL));
	check(memscreen_find(m, "235818-357951-253978-______-______-______-______-______",
			     &row, &col));
	check(row == UI_PW_ROW && col == UI_PW_COL);
	check(m->cursor_visible && m->cursor_row == UI_PW_ROW &&
	      m->cursor_col == UI_PW_COL + 21);
	/* Group 3 marked, in words and in red; the others just numbered. */
	check(memscreen_find(m, "Group 3 is not valid", NULL, NULL));
	check(memscreen_find(m, "^^ 3^^", &row, &col));
	check(row == UI_PW_ROW + 1 && col == UI_PW_COL + 14);
	check(m->colours[row][col] == UI_ERROR);
	check(m->colours[row][UI_PW_COL + 3] == UI_DIM);
	check(memscreen_find(m, "Not valid: group 3.", NULL, NULL));
	check(memscreen_find(m, "F1-F9 = 1-9 and F10 = 0", NULL, NULL));
	check(memscreen_find(m, "Esc: back", NULL, NULL));
	check(memscreen_find(m, "Enter: unlock", NULL, NULL));
	pwentry_wipe(&pw);
}

static void test_submit_and_retry(void)
{
	struct pwentry pw;
	char password[PW_TEXT_LEN];
	unsigned i, n = 0;
	static struct ui_key keys[64];
	static const char rp[] = "235818-357951-253979-013365-241120-245575-342914-591910";

	/* Enter too early first, then the rest (with the dashes typed). */
	for (i = 0; i < 6; i++)
		keys[n++] = (struct ui_key){ UI_KEY_CHAR, (uint16_t)rp[i] };
	keys[n++] = (struct ui_key){ UI_KEY_ENTER, 0 };
	for (i = 6; rp[i]; i++)
		keys[n++] = (struct ui_key){ UI_KEY_CHAR, (uint16_t)rp[i] };
	keys[n++] = (struct ui_key){ UI_KEY_ENTER, 0 };

	fixture_volume(vol);
	pwentry_init(&pw);
	memscreen_init(m);
	memscreen_set_keys(m, keys, 7);
	check(ui_password_run(&m->screen, vol, &pw) == PW_CANCEL);
	check(memscreen_find(m, "Cannot unlock yet: 6 of 48 digits typed.", NULL, NULL));

	memscreen_set_keys(m, keys, n);
	pwentry_init(&pw);
	check(ui_password_run(&m->screen, vol, &pw) == PW_SUBMIT);
	check(m->next_key == n);
	check(!m->cursor_visible);
	check(pwentry_password(&pw, password) == 0);
	check(strcmp(password, rp) == 0);

	/* The core said no: back with every group kept and a message. */
	pwentry_wrong_password(&pw);
	memscreen_set_keys(m, keys, 0);
	check(ui_password_run(&m->screen, vol, &pw) == PW_CANCEL);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, rp, NULL, NULL));
	check(memscreen_find(m, "does not unlock this volume", NULL, NULL));
	check(memscreen_find(m, "a digit typed over another replaces it", NULL, NULL));
	check(m->cursor_col == UI_PW_COL + sizeof(rp) - 1);

	/* A complete, valid entry says Enter will unlock. */
	pw.message = PW_MSG_NONE;
	ui_password_draw(&m->screen, vol, &pw);
	check(memscreen_find(m, "All 8 groups are valid. Press Enter to unlock.", NULL, NULL));
	pwentry_wipe(&pw);
}

static void test_messages(void)
{
	struct pwentry pw;
	static const struct ui_key letter[] = { K('x'), { UI_KEY_ESC, 0 } };
	static const struct ui_key bad_enter[] = {
		K('1'), K('1'), K('1'), K('1'), K('1'), K('1'),
		{ UI_KEY_F2, 0 }, { UI_KEY_F2, 0 }, { UI_KEY_F2, 0 },
		{ UI_KEY_F2, 0 }, { UI_KEY_F2, 0 }, { UI_KEY_F10, 0 },
	};
	struct ui_key zero = { UI_KEY_F10, 0 }, enter = { UI_KEY_ENTER, 0 };
	unsigned i;

	fixture_volume(vol);
	pwentry_init(&pw);
	memscreen_init(m);
	memscreen_set_keys(m, letter, 2);
	check(ui_password_run(&m->screen, vol, &pw) == PW_CANCEL);
	check(m->next_key == 2);   /* Esc ended it, not the end of the script */
	check(memscreen_find(m, "No digits on this keyboard? F1-F9 type 1-9 and F10 "
			     "types 0.", NULL, NULL));

	/* 111111 = 11 * 10101 is valid, 222220 is no multiple of 11; the
	 * rest zeros (valid). Enter is refused naming group 2. */
	pwentry_init(&pw);
	for (i = 0; i < 12; i++)
		pwentry_key(&pw, &bad_enter[i]);
	check(pwentry_bad_groups(&pw) == 1u << 1);
	for (i = 0; i < 36; i++)
		pwentry_key(&pw, &zero);
	check(pwentry_key(&pw, &enter) == PW_CONTINUE);
	memscreen_init(m);
	ui_password_draw(&m->screen, vol, &pw);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "111111-222220-000000-", NULL, NULL));
	check(memscreen_find(m, "Cannot unlock yet: not valid: group 2.", NULL, NULL));
	pwentry_wipe(&pw);

	/* A volume without a recovery protector says so where the ID would be. */
	vol->n_protectors = 2;
	memscreen_init(m);
	ui_password_draw(&m->screen, vol, &pw);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "no recovery password protector", NULL, NULL));
}

SELFTEST(ui_password_screen)
{
	vol = check_alloc(sizeof(*vol));
	m = check_alloc(sizeof(*m));
	if (vol && m) {
		test_typing_flags_group();
		test_submit_and_retry();
		test_messages();
	}
	check_free(m, sizeof(*m));
	check_free(vol, sizeof(*vol));
}
