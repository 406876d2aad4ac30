/** @file
 * Hex digits drawn 5 rows tall in '#', so the recovery key ID can be read
 * over the phone from across the room, on any console.
 */
#ifndef UI_BIGTEXT_H
#define UI_BIGTEXT_H

#include "ui/screen.h"

#define UI_BIG_ROWS 5
#define UI_BIG_WIDTH 5   /* one glyph */
#define UI_BIG_GAP 2     /* blank columns between glyphs */

/*
 * Draw TEXT (hex digits, either case; anything else as a blank glyph) at
 * ROW, COL. Returns the columns used; draws nothing past the screen edge.
 */
unsigned ui_big_text(struct screen *s, unsigned row, unsigned col,
		     enum ui_colour colour, const char *text);

#endif
