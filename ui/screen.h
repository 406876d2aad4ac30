/** @file
 * The text screen every UI screen draws on, and the keys it reads.
 *
 * Two implementations: efi/ (UEFI console: serial and graphics) and
 * ui/memscreen.c (a character grid for tests and text rendering). Screens
 * are laid out for 80x25 in characters (UTF-8 text, one cell a code
 * point, Latin-1 at most: the firmware's font); a console that cannot show
 * a letter writes it in ASCII (ui/translit.h). Meaning never rests on
 * colour alone.
 */
#ifndef UI_SCREEN_H
#define UI_SCREEN_H

#include <stdint.h>

/* Every screen fits this; a larger console leaves the rest blank. */
#define UI_COLS 80
#define UI_ROWS 25

/*
 * What a piece of text is, not how it looks: the console picks attributes
 * (UEFI: e.g. NORMAL light grey on black, TITLE white on blue, HIGHLIGHT
 * yellow, ERROR light red, OK light green, DIM dark grey, INPUT white).
 */
enum ui_colour {
	UI_NORMAL,
	UI_TITLE,       /* title and status bars */
	UI_HIGHLIGHT,   /* selection, key ID, PCRs in the profile */
	UI_ERROR,       /* wrong groups, failures */
	UI_OK,          /* success */
	UI_DIM,         /* hints, secondary text */
	UI_INPUT,       /* what the user is typing */
	UI_QR_DARK,     /* a QR code's dark module: black cells */
	UI_QR_LIGHT,    /* its light module and quiet zone: light grey cells */
};

/*
 * Key codes in struct ui_key.scan. UI_KEY_CHAR means "a printable
 * character in .ch" (digits from the number row or the keypad arrive this
 * way). Enter, Backspace, Esc and Tab always arrive as their code, never as
 * a control character in .ch: the console converts (UEFI gives CR, BS and
 * TAB as UnicodeChar, Esc as scan code 0x17).
 * F1..F10 are consecutive: UI_KEY_F1 + n is F(n+1).
 *
 * From UEFI (EFI_INPUT_KEY): ScanCode 0x01-0x06 Up, Down, Right, Left,
 * Home, End; 0x08 Delete; 0x09/0x0A PgUp/PgDn; 0x0B-0x14 F1-F10; 0x17 Esc.
 * UnicodeChar 0x0D (and 0x0A) Enter, 0x08 Backspace, 0x09 Tab, 0x1B Esc;
 * other UnicodeChar >= 0x20 (not 0x7F) is UI_KEY_CHAR. Note a serial
 * terminal's Backspace usually arrives as ScanCode Delete (EDK2 turns
 * DEL into it): screens accept Delete where Backspace is meant.
 */
enum ui_key_code {
	UI_KEY_CHAR = 0,
	UI_KEY_F1, UI_KEY_F2, UI_KEY_F3, UI_KEY_F4, UI_KEY_F5,
	UI_KEY_F6, UI_KEY_F7, UI_KEY_F8, UI_KEY_F9, UI_KEY_F10,
	UI_KEY_ESC,
	UI_KEY_BACKSPACE,
	UI_KEY_ENTER,
	UI_KEY_TAB,
	UI_KEY_UP, UI_KEY_DOWN, UI_KEY_LEFT, UI_KEY_RIGHT,
	UI_KEY_PGUP, UI_KEY_PGDN, UI_KEY_HOME, UI_KEY_END,
	UI_KEY_DELETE,
	UI_KEY_OTHER,   /* any other key: screens ignore it */
};

struct ui_key {
	uint16_t scan;  /* enum ui_key_code */
	uint16_t ch;    /* with UI_KEY_CHAR: the character (UCS-2), else 0 */
};

/* read_key timeout meaning "wait until a key arrives" */
#define UI_WAIT_FOREVER 0xffffffffu

struct screen {
	unsigned cols, rows;   /* at least UI_COLS x UI_ROWS */

	/* Blank the whole screen (UI_NORMAL) and hide the cursor. */
	void (*clear)(struct screen *s);

	/*
	 * Write TEXT (UTF-8, one cell a character) at ROW, COL with
	 * no wrapping. Screens never write outside cols x rows, nor the last
	 * cell of the last row (a UEFI console scrolls when it is written):
	 * implementations clip such writes and memscreen records them.
	 */
	void (*put)(struct screen *s, unsigned row, unsigned col,
		    enum ui_colour colour, const char *text);

	/* Show the text cursor at ROW, COL, or hide it when VISIBLE is 0. */
	void (*cursor)(struct screen *s, int visible, unsigned row, unsigned col);

	/* Make everything put so far visible (consoles may buffer). */
	void (*flush)(struct screen *s);

	/*
	 * Wait up to TIMEOUT_MS (0: just poll; UI_WAIT_FOREVER) for a key.
	 * Returns 1 with *KEY filled, 0 on timeout, negative on a console error.
	 */
	int (*read_key)(struct screen *s, struct ui_key *key, unsigned timeout_ms);

	void *ctx;             /* the implementation's own state */
};

#endif
