/** @file
 * The user password entry and its screen.
 *
 * Vector: images.conf, PW=anaconda (the corpus images' user password).
 */
#include "check.h"
#include "ui_fixture.h"
#include "ui/userpw_screen.h"

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */
static struct memscreen *m;

static enum userpw_result press(struct userpw *u, uint16_t scan, uint16_t ch)
{
	struct ui_key key = { scan, ch };

	return userpw_key(u, &key);
}

static void test_state_machine(void)
{
	struct userpw u;
	const char *p;
	unsigned i;

	userpw_init(&u);
	check(press(&u, UI_KEY_ENTER, 0) == USERPW_CONTINUE);
	check(u.message == USERPW_MSG_EMPTY);
	for (p = "anaconda"; *p; p++)
		check(press(&u, UI_KEY_CHAR, (uint8_t)*p) == USERPW_CONTINUE);
	check(press(&u, UI_KEY_ENTER, 0) == USERPW_SUBMIT);
	check(strcmp(u.utf8, "anaconda") == 0 && u.chars == 8 && u.bytes == 8);

	/* Non-ASCII as UTF-8: e-acute (U+00E9), euro sign (U+20AC). */
	userpw_init(&u);
	press(&u, UI_KEY_CHAR, 'a');
	press(&u, UI_KEY_CHAR, 0x00e9);
	press(&u, UI_KEY_CHAR, 0x20ac);
	check(strcmp(u.utf8, "a\xc3\xa9\xe2\x82\xac") == 0 && u.chars == 3);
	/* Backspace takes whole characters; Delete too (serial Backspace). */
	press(&u, UI_KEY_BACKSPACE, 0);
	check(strcmp(u.utf8, "a\xc3\xa9") == 0 && u.chars == 2 && u.bytes == 3);
	press(&u, UI_KEY_DELETE, 0);
	check(strcmp(u.utf8, "a") == 0);
	press(&u, UI_KEY_BACKSPACE, 0);
	press(&u, UI_KEY_BACKSPACE, 0);
	check(u.chars == 0 && u.bytes == 0 && u.utf8[0] == 0 && u.utf8[1] == 0);

	/* Control characters, lone surrogates and F-keys are not typed. */
	press(&u, UI_KEY_CHAR, 0x07);
	press(&u, UI_KEY_CHAR, 0xd800);
	press(&u, UI_KEY_F1, 0);
	check(u.chars == 0);

	/* 256 characters at most, even at 3 bytes each. */
	for (i = 0; i < USERPW_MAX_CHARS; i++)
		press(&u, UI_KEY_CHAR, 0x20ac);
	check(u.chars == USERPW_MAX_CHARS && u.bytes == USERPW_MAX_BYTES);
	check(u.utf8[USERPW_MAX_BYTES] == '\0');
	press(&u, UI_KEY_CHAR, 'x');
	check(u.message == USERPW_MSG_FULL && u.chars == USERPW_MAX_CHARS);

	userpw_wrong_password(&u);
	check(u.chars == 0 && u.bytes == 0 && u.utf8[0] == 0);
	check(u.message == USERPW_MSG_WRONG);
	check(press(&u, UI_KEY_ESC, 0) == USERPW_CANCEL);
	userpw_wipe(&u);
	check(u.utf8[USERPW_MAX_BYTES - 1] == 0);
}

static void test_screen(void)
{
	static const struct ui_key keys[] = {
		{ UI_KEY_CHAR, 'a' }, { UI_KEY_CHAR, 'n' }, { UI_KEY_CHAR, 'a' },
		{ UI_KEY_CHAR, 'c' }, { UI_KEY_CHAR, 'o' }, { UI_KEY_CHAR, 'n' },
		{ UI_KEY_CHAR, 'd' }, { UI_KEY_CHAR, 'a' }, { UI_KEY_ENTER, 0 },
	};
	struct userpw u;
	unsigned row, col, i;

	fixture_volume(vol);
	userpw_init(&u);
	memscreen_init(m);
	memscreen_set_keys(m, keys, 8);
	check(ui_userpw_run(&m->screen, vol, &u) == USERPW_CANCEL);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Unlock DESKTOP-X C: 7/4/2019", NULL, NULL));
	check(memscreen_find(m, "********", &row, &col));
	check(!memscreen_find(m, "*********", NULL, NULL));
	check(!memscreen_find(m, "anaconda", NULL, NULL));   /* never echoed */
	check(m->cursor_visible && m->cursor_row == row && m->cursor_col == col + 8);
	check(memscreen_find(m, "US English", NULL, NULL));

	memscreen_set_keys(m, keys + 8, 1);
	check(ui_userpw_run(&m->screen, vol, &u) == USERPW_SUBMIT);
	check(strcmp(u.utf8, "anaconda") == 0);

	userpw_wrong_password(&u);
	ui_userpw_draw(&m->screen, vol, &u);
	check(memscreen_find(m, "does not unlock this volume", NULL, NULL));
	check(!memscreen_find(m, "*", NULL, NULL));

	/* A long password shows a count instead of running off the line. */
	for (i = 0; i < 200; i++)
		press(&u, UI_KEY_CHAR, 'x');
	ui_userpw_draw(&m->screen, vol, &u);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "* (200)", NULL, NULL));
	userpw_wipe(&u);
}

SELFTEST(ui_userpw)
{
	vol = check_alloc(sizeof(*vol));
	m = check_alloc(sizeof(*m));
	if (vol && m) {
		test_state_machine();
		test_screen();
	}
	check_free(m, sizeof(*m));
	check_free(vol, sizeof(*vol));
}
