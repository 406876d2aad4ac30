/** @file
 * What every screen shares: a title bar on the top row, a key-hint bar on
 * the bottom row, and word-wrapped text in between.
 */
#ifndef UI_FRAME_H
#define UI_FRAME_H

#include "ui/screen.h"

/* First and last rows free for a screen's content. */
#define UI_FIRST_ROW 2
#define UI_LAST_ROW (UI_ROWS - 2)

/* Clear, then draw "bitrescue - TITLE" on top and HINTS at the bottom. */
void ui_frame(struct screen *s, const char *title, const char *hints);

/* Draw untrusted TEXT sanitised, cut at the screen's edge. */
void ui_put_text(struct screen *s, unsigned row, unsigned col,
		 enum ui_colour colour, const char *text);

/*
 * Draw TEXT word-wrapped into WIDTH columns from ROW, COL, on at most
 * MAX_ROWS rows (the last one ends in "..." if text is left over).
 * Returns the rows used.
 */
unsigned ui_put_wrapped(struct screen *s, unsigned row, unsigned col,
			unsigned width, unsigned max_rows,
			enum ui_colour colour, const char *text);

#endif
