/** @file
 * The recovery password entry state machine.
 */
#include "bde/bde.h"
#include "crypto/wipe.h"
#include "ui/pwentry.h"

/* The core's check (multiple of 11 below 720896), as the unlock applies it. */
static int group_valid(const char *digits)
{
	return bde_recovery_group_check(digits, PW_GROUP_DIGITS) == BDE_OK;
}

void pwentry_init(struct pwentry *pw)
{
	wipe(pw->digits, sizeof(pw->digits));
	pw->len = 0;
	pw->cursor = 0;
	pw->message = PW_MSG_NONE;
	pw->msg_group = 0;
}

void pwentry_wipe(struct pwentry *pw)
{
	pwentry_init(pw);
}

unsigned pwentry_complete_groups(const struct pwentry *pw)
{
	return pw->len / PW_GROUP_DIGITS;
}

unsigned pwentry_bad_groups(const struct pwentry *pw)
{
	unsigned g, bad = 0;

	for (g = 0; g < pwentry_complete_groups(pw); g++)
		if (!group_valid(pw->digits + g * PW_GROUP_DIGITS))
			bad |= 1u << g;
	return bad;
}

/* The digit a key stands for, or -1: F1..F9 are 1..9 and F10 is 0. */
static int key_digit(const struct ui_key *key)
{
	if (key->scan == UI_KEY_CHAR && key->ch >= '0' && key->ch <= '9')
		return key->ch - '0';
	if (key->scan >= UI_KEY_F1 && key->scan <= UI_KEY_F9)
		return key->scan - UI_KEY_F1 + 1;
	if (key->scan == UI_KEY_F10)
		return 0;
	return -1;
}

static void type_digit(struct pwentry *pw, int digit)
{
	unsigned group;

	if (pw->cursor >= PW_DIGITS) {
		pw->message = PW_MSG_FULL;
		return;
	}
	/* Over an existing digit it replaces it; at the end it appends. */
	pw->digits[pw->cursor] = (char)('0' + digit);
	if (pw->cursor == pw->len)
		pw->len++;
	group = pw->cursor / PW_GROUP_DIGITS;
	pw->cursor++;
	if (pwentry_bad_groups(pw) & (1u << group)) {
		pw->message = PW_MSG_BAD_GROUP;
		pw->msg_group = group + 1;
	}
}

static void backspace(struct pwentry *pw)
{
	if (pw->cursor == 0)
		return;
	pw->cursor--;
	/* At the end it deletes; inside the text it only steps back. */
	if (pw->cursor + 1 == pw->len) {
		pw->len--;
		pw->digits[pw->len] = 0;
	}
}

enum pw_result pwentry_key(struct pwentry *pw, const struct ui_key *key)
{
	int digit = key_digit(key);

	/* Typed separators are welcome and change nothing. */
	if (key->scan == UI_KEY_CHAR && (key->ch == '-' || key->ch == ' '))
		return PW_CONTINUE;

	pw->message = PW_MSG_NONE;
	if (digit >= 0) {
		type_digit(pw, digit);
		return PW_CONTINUE;
	}
	switch (key->scan) {
	case UI_KEY_CHAR:
		pw->message = PW_MSG_NOT_A_DIGIT;
		break;
	case UI_KEY_BACKSPACE:
	/* Serial terminals send DEL for Backspace, and UEFI's terminal
	 * driver reports DEL as the Delete key: treat both alike. */
	case UI_KEY_DELETE:
		backspace(pw);
		break;
	case UI_KEY_LEFT:
		if (pw->cursor > 0)
			pw->cursor--;
		break;
	case UI_KEY_RIGHT:
		if (pw->cursor < pw->len)
			pw->cursor++;
		break;
	case UI_KEY_HOME:
		pw->cursor = 0;
		break;
	case UI_KEY_END:
		pw->cursor = pw->len;
		break;
	case UI_KEY_ESC:
		return PW_CANCEL;
	case UI_KEY_ENTER:
		if (pw->len < PW_DIGITS)
			pw->message = PW_MSG_INCOMPLETE;
		else if (pwentry_bad_groups(pw))
			pw->message = PW_MSG_INVALID_GROUPS;
		else
			return PW_SUBMIT;
		break;
	default:
		break;
	}
	return PW_CONTINUE;
}

void pwentry_wrong_password(struct pwentry *pw)
{
	pw->cursor = pw->len;
	pw->message = PW_MSG_WRONG_PASSWORD;
}

unsigned pwentry_text(const struct pwentry *pw, char text[PW_TEXT_LEN])
{
	unsigned i, n = 0, dashes;

	for (i = 0; i < pw->len; i++) {
		text[n++] = pw->digits[i];
		if ((i + 1) % PW_GROUP_DIGITS == 0 && i + 1 < PW_DIGITS)
			text[n++] = '-';
	}
	text[n] = '\0';
	dashes = pw->cursor / PW_GROUP_DIGITS;
	if (dashes > PW_GROUPS - 1)
		dashes = PW_GROUPS - 1;
	return pw->cursor + dashes;
}

int pwentry_password(const struct pwentry *pw, char text[PW_TEXT_LEN])
{
	if (pw->len != PW_DIGITS || pwentry_bad_groups(pw)) {
		text[0] = '\0';
		return -1;
	}
	pwentry_text(pw, text);
	return 0;
}
