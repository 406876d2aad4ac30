/** @file
 * A screen that is a character grid in memory: the self-tests draw into it,
 * and anyone can render a screen to text with it. Portable (no stdio, no
 * malloc). Keys come from a script the caller provides.
 *
 * A cell holds one character (a UCS-2 code point, as on the UEFI
 * console), whatever its UTF-8 length: widths are counted in characters.
 */
#ifndef UI_MEMSCREEN_H
#define UI_MEMSCREEN_H

#include "ui/screen.h"

struct memscreen {
	struct screen screen;
	uint16_t cells[UI_ROWS][UI_COLS];
	uint8_t colours[UI_ROWS][UI_COLS];   /* enum ui_colour */
	/* Contract breaches, counted so tests can insist on zero. */
	unsigned out_of_bounds;   /* cells written outside 80x25 or the last cell */
	unsigned not_shown;       /* control characters, bad UTF-8, beyond Latin-1
				     (the firmware's font): shown as '?' */
	int cursor_visible;
	unsigned cursor_row, cursor_col;
	unsigned flushes;
	/* Scripted input: read_key hands these out, then times out. */
	const struct ui_key *keys;
	unsigned n_keys, next_key;
};

/* A blank 80x25 screen with no keys. */
void memscreen_init(struct memscreen *m);

/* Keys for read_key to return, in order (KEYS must outlive the use). */
void memscreen_set_keys(struct memscreen *m, const struct ui_key *keys,
			unsigned n);

/* A row as UTF-8: up to 3 bytes a cell. */
#define MEMSCREEN_ROW_BYTES (3 * UI_COLS + 1)

/* Row ROW as UTF-8 without trailing spaces ("" for a bad row). */
const char *memscreen_row(const struct memscreen *m, unsigned row,
			  char out[MEMSCREEN_ROW_BYTES]);

/*
 * Find NEEDLE (UTF-8) on the screen (within a row), COL in characters. Returns 1 and its position in
 * *ROW, *COL (either may be NULL), or 0.
 */
int memscreen_find(const struct memscreen *m, const char *needle,
		   unsigned *row, unsigned *col);

#endif
