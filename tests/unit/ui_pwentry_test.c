/** @file
 * The recovery password entry driven by key sequences.
 *
 * Vector: images.conf, [bitlk-aes-xts-128] RP (a recovery password Windows
 * made, so every group passes the check).
 */
#include <string.h>
#include "check.h"
#include "bde/bde.h"
#include "ui/pwentry.h"

static const char valid_password[] =
	"235818-357951-253979-013365-241120-245575-342914-591910";

static enum pw_result press(struct pwentry *pw, uint16_t scan, uint16_t ch)
{
	struct ui_key key = { scan, ch };

	return pwentry_key(pw, &key);
}

/* Type each character of TEXT as a key; returns the last result. */
static enum pw_result type(struct pwentry *pw, const char *text)
{
	enum pw_result r = PW_CONTINUE;

	while (*text)
		r = press(pw, UI_KEY_CHAR, (uint8_t)*text++);
	return r;
}

static int shows(const struct pwentry *pw, const char *expected)
{
	char text[PW_TEXT_LEN];

	pwentry_text(pw, text);
	return strcmp(text, expected) == 0;
}

static void test_valid_password(void)
{
	struct pwentry pw;
	char text[PW_TEXT_LEN];
	uint8_t key[16], bad = 0xff;
	const char *p;

	/* Digits only: the dashes appear by themselves. */
	pwentry_init(&pw);
	for (p = valid_password; *p; p++)
		if (*p != '-')
			check(press(&pw, UI_KEY_CHAR, (uint8_t)*p) == PW_CONTINUE);
	check(pw.len == PW_DIGITS);
	check(pwentry_bad_groups(&pw) == 0);
	check(pwentry_complete_groups(&pw) == 8);
	check(shows(&pw, valid_password));
	check(pwentry_text(&pw, text) == sizeof(valid_password) - 1);
	check(press(&pw, UI_KEY_ENTER, 0) == PW_SUBMIT);
	check(pwentry_password(&pw, text) == 0);
	check(strcmp(text, valid_password) == 0);

	/* What the entry hands over is what the core's unlock parses: the
	 * 16-byte key is each group / 11 as u16 LE (computed in Python). */
	check(bde_recovery_password_parse(text, key, &bad) == BDE_OK);
	check(bad == 0);
	check_hex(key, 16, "be531d7f315abf04a0553557c67932d2");

	/* Typed with dashes (and a space) the result is the same. */
	pwentry_init(&pw);
	check(type(&pw, "235818 -357951-253979-013365-241120-245575-342914-591910")
	      == PW_CONTINUE);
	check(shows(&pw, valid_password));
	check(press(&pw, UI_KEY_ENTER, 0) == PW_SUBMIT);

	/* Wiped on init. */
	pwentry_init(&pw);
	check(pw.len == 0 && pw.cursor == 0);
	for (p = pw.digits; p < pw.digits + PW_DIGITS; p++)
		check(*p == 0);
}

static void test_function_keys(void)
{
	struct pwentry pw;
	unsigned i;

	/* F1..F9 are 1..9 and F10 is 0: "235818" as F-keys. */
	static const uint16_t group1[] = {
		UI_KEY_F2, UI_KEY_F3, UI_KEY_F5, UI_KEY_F8, UI_KEY_F1, UI_KEY_F8,
	};

	pwentry_init(&pw);
	for (i = 0; i < 6; i++)
		press(&pw, group1[i], 0);
	check(shows(&pw, "235818-"));
	check(pwentry_bad_groups(&pw) == 0);
	press(&pw, UI_KEY_F10, 0);
	press(&pw, UI_KEY_F1, 0);
	check(shows(&pw, "235818-01"));
	/* Keypad digits arrive as characters, like the number row. */
	type(&pw, "3365");
	check(shows(&pw, "235818-013365-"));
	check(pwentry_bad_groups(&pw) == 0);
}

static void test_bad_group_flagged_at_once(void)
{
	struct pwentry pw;

	pwentry_init(&pw);
	type(&pw, "235818357951");
	/* Group 3 mistyped: 253978 is no multiple of 11. */
	type(&pw, "25397");
	check(pw.message == PW_MSG_NONE);
	type(&pw, "8");
	check(pw.message == PW_MSG_BAD_GROUP);
	check(pw.msg_group == 3);
	check(pwentry_bad_groups(&pw) == 1u << 2);

	/* Enter is refused and says why, long before the key stretch. */
	type(&pw, "013365241120245575342914591910");
	check(pw.len == PW_DIGITS);
	check(press(&pw, UI_KEY_ENTER, 0) == PW_CONTINUE);
	check(pw.message == PW_MSG_INVALID_GROUPS);

	/* A multiple of 11 at or above 720896 is out of range too: 720907. */
	pwentry_init(&pw);
	type(&pw, "720907");
	check(pwentry_bad_groups(&pw) == 1);
	pwentry_init(&pw);
	type(&pw, "720885");   /* 11 * 65535: the largest valid group */
	check(pwentry_bad_groups(&pw) == 0);
}

static void test_backspace_across_groups(void)
{
	struct pwentry pw;

	pwentry_init(&pw);
	type(&pw, "2358183");
	check(shows(&pw, "235818-3"));
	press(&pw, UI_KEY_BACKSPACE, 0);
	check(shows(&pw, "235818-"));
	/* Across the dash: the last digit of group 1 goes. */
	press(&pw, UI_KEY_BACKSPACE, 0);
	check(shows(&pw, "23581"));
	check(pw.len == 5 && pw.cursor == 5);
	check(pw.digits[5] == 0);   /* the deleted digit does not linger */
	type(&pw, "8");
	check(shows(&pw, "235818-"));
	/* Delete, as a serial terminal's Backspace arrives, does the same. */
	press(&pw, UI_KEY_DELETE, 0);
	check(shows(&pw, "23581"));
	type(&pw, "8");
	/* Down to nothing, and one more does no harm. */
	while (pw.len)
		press(&pw, UI_KEY_BACKSPACE, 0);
	press(&pw, UI_KEY_BACKSPACE, 0);
	check(shows(&pw, "") && pw.cursor == 0);
}

static void test_enter_incomplete_and_esc(void)
{
	struct pwentry pw;

	pwentry_init(&pw);
	check(press(&pw, UI_KEY_ENTER, 0) == PW_CONTINUE);
	check(pw.message == PW_MSG_INCOMPLETE);
	type(&pw, "235818357951");
	check(press(&pw, UI_KEY_ENTER, 0) == PW_CONTINUE);
	check(pw.message == PW_MSG_INCOMPLETE);
	/* A letter is not taken; the hint points to F1-F10. */
	check(type(&pw, "a") == PW_CONTINUE);
	check(pw.message == PW_MSG_NOT_A_DIGIT);
	check(pw.len == 12);
	check(press(&pw, UI_KEY_ESC, 0) == PW_CANCEL);

	/* A 49th digit is refused. */
	pwentry_init(&pw);
	type(&pw, valid_password);
	type(&pw, "1");
	check(pw.message == PW_MSG_FULL);
	check(shows(&pw, valid_password));
}

static void test_correct_after_wrong_password(void)
{
	struct pwentry pw;
	char text[PW_TEXT_LEN];
	unsigned col;

	/* Group 2 typed as 357940 (also a multiple of 11): passes the check,
	 * the core says wrong password; the user fixes only group 2. */
	pwentry_init(&pw);
	type(&pw, "235818-357940-253979-013365-241120-245575-342914-591910");
	check(pwentry_bad_groups(&pw) == 0);
	check(press(&pw, UI_KEY_ENTER, 0) == PW_SUBMIT);
	pwentry_wrong_password(&pw);
	check(pw.message == PW_MSG_WRONG_PASSWORD);
	check(pw.len == PW_DIGITS && pw.cursor == PW_DIGITS);
	col = pwentry_text(&pw, text);
	check(col == PW_TEXT_LEN - 1);

	/* Home, Right x10 to the fifth digit of group 2, overwrite "51". */
	press(&pw, UI_KEY_HOME, 0);
	for (col = 0; col < 10; col++)
		press(&pw, UI_KEY_RIGHT, 0);
	check(pwentry_text(&pw, text) == 11);   /* after "235818-" and 4 digits */
	type(&pw, "5");
	check(pwentry_bad_groups(&pw) == 1u << 1);   /* 357950 is flagged */
	check(pw.message == PW_MSG_BAD_GROUP && pw.msg_group == 2);
	type(&pw, "1");
	check(pwentry_bad_groups(&pw) == 0);
	check(pw.len == PW_DIGITS);   /* overwriting never grows the entry */
	/* Backspace inside the text only steps back. */
	press(&pw, UI_KEY_BACKSPACE, 0);
	check(pw.len == PW_DIGITS && pw.cursor == 11);
	press(&pw, UI_KEY_LEFT, 0);
	press(&pw, UI_KEY_END, 0);
	check(pw.cursor == PW_DIGITS);
	check(press(&pw, UI_KEY_ENTER, 0) == PW_SUBMIT);
	check(pwentry_password(&pw, text) == 0);
	check(strcmp(text, valid_password) == 0);

	pwentry_wipe(&pw);
	check(pw.len == 0 && pw.digits[0] == 0 && pw.digits[PW_DIGITS - 1] == 0);
	check(pwentry_password(&pw, text) < 0 && text[0] == '\0');
}

/* Any key sequence keeps the entry consistent: a pseudo-random walk. */
static void test_random_keys(void)
{
	static const uint16_t scans[] = {
		UI_KEY_CHAR, UI_KEY_CHAR, UI_KEY_CHAR, UI_KEY_CHAR, UI_KEY_F1,
		UI_KEY_F10, UI_KEY_BACKSPACE, UI_KEY_DELETE, UI_KEY_LEFT,
		UI_KEY_RIGHT, UI_KEY_HOME, UI_KEY_END, UI_KEY_ENTER, UI_KEY_UP,
		UI_KEY_TAB, UI_KEY_OTHER,
	};
	static const char chars[] = "0123456789- x";
	struct pwentry pw;
	char text[PW_TEXT_LEN];
	uint32_t state = 12345;
	unsigned i, j, bad = 0, longest = 0;

	pwentry_init(&pw);
	for (i = 0; i < 20000; i++) {
		struct ui_key key;
		unsigned dashes, col;

		state = state * 1103515245u + 12345u;   /* the C standard's LCG */
		key.scan = scans[(state >> 16) % 16];
		key.ch = key.scan == UI_KEY_CHAR ? (uint8_t)chars[(state >> 8) % 13] : 0;
		pwentry_key(&pw, &key);

		col = pwentry_text(&pw, text);
		dashes = pw.len / PW_GROUP_DIGITS;
		if (dashes > PW_GROUPS - 1)
			dashes = PW_GROUPS - 1;
		bad += !(pw.cursor <= pw.len && pw.len <= PW_DIGITS);
		bad += strlen(text) != pw.len + dashes;
		bad += col > strlen(text);
		for (j = pw.len; j < PW_DIGITS; j++)
			bad += pw.digits[j] != 0;   /* nothing left behind */
		if (pw.len > longest)
			longest = pw.len;
	}
	check(bad == 0);
	check(longest == PW_DIGITS);   /* the walk did reach a full entry */
}

SELFTEST(ui_pwentry)
{
	test_valid_password();
	test_function_keys();
	test_bad_group_flagged_at_once();
	test_backspace_across_groups();
	test_enter_incomplete_and_esc();
	test_correct_after_wrong_password();
	test_random_keys();
}
