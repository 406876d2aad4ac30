/** @file
 * Self-test of efi/keymap.c: UEFI key strokes (scan codes from UEFI 2.10
 * table 12.2; characters as TerminalDxe and the PS/2 driver deliver them)
 * become the UI's keys, with the names the app prints.
 */
#include <string.h>
#include "check.h"
#include "efi/keymap.h"

struct keymap_case {
	uint16_t scan, unicode;     /* EFI_INPUT_KEY */
	uint16_t ui_scan, ui_ch;    /* struct ui_key */
	const char *name;
};

static const struct keymap_case cases[] = {
	{ 0x0b, 0, UI_KEY_F1, 0, "F1" },
	{ 0x0f, 0, UI_KEY_F5, 0, "F5" },
	{ 0x14, 0, UI_KEY_F10, 0, "F10" },
	{ 0x15, 0, UI_KEY_OTHER, 0, "Other" },         /* F11 */
	{ 0x17, 0, UI_KEY_ESC, 0, "Esc" },
	{ 0x01, 0, UI_KEY_UP, 0, "Up" },
	{ 0x04, 0, UI_KEY_LEFT, 0, "Left" },
	{ 0x08, 0, UI_KEY_DELETE, 0, "Delete" },
	{ 0x09, 0, UI_KEY_PGUP, 0, "PageUp" },
	{ 0x07, 0, UI_KEY_OTHER, 0, "Other" },         /* Insert */
	{ 0x80, 0, UI_KEY_OTHER, 0, "Other" },         /* OEM range */
	{ 0, '\r', UI_KEY_ENTER, 0, "Enter" },
	{ 0, '\n', UI_KEY_ENTER, 0, "Enter" },
	{ 0, '\b', UI_KEY_BACKSPACE, 0, "Backspace" },
	{ 0, '\t', UI_KEY_TAB, 0, "Tab" },
	{ 0, 0x1b, UI_KEY_ESC, 0, "Esc" },
	{ 0, '7', UI_KEY_CHAR, '7', "'7'" },
	{ 0, 'a', UI_KEY_CHAR, 'a', "'a'" },
	{ 0, ' ', UI_KEY_CHAR, ' ', "' '" },
	{ 0, 0xe9, UI_KEY_CHAR, 0xe9, "U+00e9" },
	{ 0, 0x7f, UI_KEY_OTHER, 0, "Other" },
	{ 0, 0x01, UI_KEY_OTHER, 0, "Other" },          /* Ctrl-A */
	{ 0, 0, UI_KEY_OTHER, 0, "Other" },             /* shift state only */
};

SELFTEST(keymap)
{
	char name[16], tiny[3];
	struct ui_key key;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		key = keymap_from_efi(cases[i].scan, cases[i].unicode);
		check(key.scan == cases[i].ui_scan && key.ch == cases[i].ui_ch);
		keymap_name(&key, name, sizeof(name));
		check(strcmp(name, cases[i].name) == 0);
	}
	/* Names are cut to the buffer, never past it. */
	key = keymap_from_efi(0x02, 0);
	keymap_name(&key, tiny, sizeof(tiny));
	check(strcmp(tiny, "Do") == 0);
	key.scan = 0xffff;
	keymap_name(&key, name, sizeof(name));
	check(strcmp(name, "?") == 0);
}
