/** @file
 * The user password state machine.
 */
#include "crypto/wipe.h"
#include "ui/userpw.h"

void userpw_init(struct userpw *u)
{
	wipe(u->utf8, sizeof(u->utf8));
	u->bytes = 0;
	u->chars = 0;
	u->message = USERPW_MSG_NONE;
}

void userpw_wipe(struct userpw *u)
{
	userpw_init(u);
}

/* Append CH (UCS-2, not a surrogate) as UTF-8. */
static void append(struct userpw *u, uint16_t ch)
{
	char *p = u->utf8 + u->bytes;

	if (ch < 0x80) {
		*p++ = (char)ch;
	} else if (ch < 0x800) {
		*p++ = (char)(0xc0 | ch >> 6);
		*p++ = (char)(0x80 | (ch & 0x3f));
	} else {
		*p++ = (char)(0xe0 | ch >> 12);
		*p++ = (char)(0x80 | (ch >> 6 & 0x3f));
		*p++ = (char)(0x80 | (ch & 0x3f));
	}
	u->bytes = (unsigned)(p - u->utf8);
	u->chars++;
}

/* Remove the last character: its continuation bytes, then its lead. */
static void remove_last(struct userpw *u)
{
	if (u->chars == 0)
		return;
	while (u->bytes > 0 && ((unsigned char)u->utf8[u->bytes - 1] & 0xc0) == 0x80)
		u->utf8[--u->bytes] = 0;
	if (u->bytes > 0)
		u->utf8[--u->bytes] = 0;
	u->chars--;
}

enum userpw_result userpw_key(struct userpw *u, const struct ui_key *key)
{
	u->message = USERPW_MSG_NONE;
	switch (key->scan) {
	case UI_KEY_CHAR:
		/* Control characters and lone surrogates cannot be typed. */
		if (key->ch < 0x20 || key->ch == 0x7f ||
		    (key->ch >= 0xd800 && key->ch <= 0xdfff))
			break;
		if (u->chars >= USERPW_MAX_CHARS)
			u->message = USERPW_MSG_FULL;
		else
			append(u, key->ch);
		break;
	case UI_KEY_BACKSPACE:
	case UI_KEY_DELETE:   /* a serial terminal's Backspace: see screen.h */
		remove_last(u);
		break;
	case UI_KEY_ENTER:
		if (u->chars == 0)
			u->message = USERPW_MSG_EMPTY;
		else
			return USERPW_SUBMIT;
		break;
	case UI_KEY_ESC:
		return USERPW_CANCEL;
	default:
		break;
	}
	return USERPW_CONTINUE;
}

void userpw_wrong_password(struct userpw *u)
{
	userpw_init(u);
	u->message = USERPW_MSG_WRONG;
}
