/** @file
 * UEFI key strokes to UI keys, and their names (portable).
 */
#include "efi/keymap.h"

/* UEFI scan codes (UEFI 2.10 table 12.2). */
enum {
	EFI_SCAN_UP = 0x01, EFI_SCAN_DOWN, EFI_SCAN_RIGHT, EFI_SCAN_LEFT,
	EFI_SCAN_HOME, EFI_SCAN_END, EFI_SCAN_INSERT, EFI_SCAN_DELETE,
	EFI_SCAN_PAGE_UP, EFI_SCAN_PAGE_DOWN,
	EFI_SCAN_F1 = 0x0b,   /* F1..F10 are 0x0b..0x14 */
	EFI_SCAN_F10 = 0x14,
	EFI_SCAN_ESC = 0x17,
};

static const uint16_t scan_to_ui[] = {
	[EFI_SCAN_UP] = UI_KEY_UP, [EFI_SCAN_DOWN] = UI_KEY_DOWN,
	[EFI_SCAN_RIGHT] = UI_KEY_RIGHT, [EFI_SCAN_LEFT] = UI_KEY_LEFT,
	[EFI_SCAN_HOME] = UI_KEY_HOME, [EFI_SCAN_END] = UI_KEY_END,
	[EFI_SCAN_DELETE] = UI_KEY_DELETE, [EFI_SCAN_PAGE_UP] = UI_KEY_PGUP,
	[EFI_SCAN_PAGE_DOWN] = UI_KEY_PGDN, [EFI_SCAN_ESC] = UI_KEY_ESC,
};

struct ui_key keymap_from_efi(uint16_t scan, uint16_t unicode)
{
	struct ui_key key = { UI_KEY_OTHER, 0 };

	if (scan >= EFI_SCAN_F1 && scan <= EFI_SCAN_F10) {
		key.scan = (uint16_t)(UI_KEY_F1 + (scan - EFI_SCAN_F1));
	} else if (scan) {
		if (scan < sizeof(scan_to_ui) / sizeof(scan_to_ui[0]) &&
		    scan_to_ui[scan])
			key.scan = scan_to_ui[scan];
	} else if (unicode == '\r' || unicode == '\n') {
		key.scan = UI_KEY_ENTER;
	} else if (unicode == '\b') {
		key.scan = UI_KEY_BACKSPACE;
	} else if (unicode == '\t') {
		key.scan = UI_KEY_TAB;
	} else if (unicode == 0x1b) {
		key.scan = UI_KEY_ESC;
	} else if (unicode >= 0x20 && unicode != 0x7f &&
		   !(unicode >= 0x80 && unicode < 0xa0)) {
		key.scan = UI_KEY_CHAR;
		key.ch = unicode;
	}
	return key;
}

static const char *const key_names[] = {
	[UI_KEY_ESC] = "Esc", [UI_KEY_BACKSPACE] = "Backspace",
	[UI_KEY_ENTER] = "Enter", [UI_KEY_TAB] = "Tab", [UI_KEY_UP] = "Up",
	[UI_KEY_DOWN] = "Down", [UI_KEY_LEFT] = "Left", [UI_KEY_RIGHT] = "Right",
	[UI_KEY_PGUP] = "PageUp", [UI_KEY_PGDN] = "PageDown",
	[UI_KEY_HOME] = "Home", [UI_KEY_END] = "End", [UI_KEY_DELETE] = "Delete",
	[UI_KEY_OTHER] = "Other",
};

/* Append S to BUF at *LEN, always leaving it NUL-terminated. */
static void append(char *buf, size_t size, size_t *len, const char *s)
{
	while (*s && *len + 1 < size)
		buf[(*len)++] = *s++;
	buf[*len] = '\0';
}

void keymap_name(const struct ui_key *key, char *buf, size_t size)
{
	char tmp[8];
	size_t len = 0;

	buf[0] = '\0';
	if (key->scan == UI_KEY_CHAR) {
		if (key->ch >= 0x20 && key->ch < 0x7f) {
			tmp[0] = '\'';
			tmp[1] = (char)key->ch;
			tmp[2] = '\'';
			tmp[3] = '\0';
		} else {
			static const char hex[] = "0123456789abcdef";

			/* U+XXXX: our consoles show ASCII only. */
			tmp[0] = 'U';
			tmp[1] = '+';
			tmp[2] = hex[key->ch >> 12 & 15];
			tmp[3] = hex[key->ch >> 8 & 15];
			tmp[4] = hex[key->ch >> 4 & 15];
			tmp[5] = hex[key->ch & 15];
			tmp[6] = '\0';
		}
		append(buf, size, &len, tmp);
	} else if (key->scan >= UI_KEY_F1 && key->scan <= UI_KEY_F10) {
		unsigned n = key->scan - UI_KEY_F1 + 1;

		tmp[0] = 'F';
		tmp[1] = n == 10 ? '1' : (char)('0' + n);
		tmp[2] = n == 10 ? '0' : '\0';
		tmp[3] = '\0';
		append(buf, size, &len, tmp);
	} else if (key->scan < sizeof(key_names) / sizeof(key_names[0]) &&
		   key_names[key->scan]) {
		append(buf, size, &len, key_names[key->scan]);
	} else {
		append(buf, size, &len, "?");
	}
}
