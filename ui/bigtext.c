/** @file
 * The block glyphs for 0-9 and A-F.
 *
 * Drawn so the pairs people confuse differ in shape, not detail: 0 is
 * round and D has a straight back, 8 is round and B square.
 */
#include "ui/bigtext.h"
#include "ui/frame.h"

static const char glyphs[16][UI_BIG_ROWS][UI_BIG_WIDTH + 1] = {
	{ " ### ", "#   #", "#   #", "#   #", " ### " },   /* 0 */
	{ "  #  ", " ##  ", "  #  ", "  #  ", " ### " },   /* 1 */
	{ " ### ", "#   #", "  ## ", " #   ", "#####" },   /* 2 */
	{ "#### ", "    #", " ### ", "    #", "#### " },   /* 3 */
	{ "#   #", "#   #", "#####", "    #", "    #" },   /* 4 */
	{ "#####", "#    ", "#### ", "    #", "#### " },   /* 5 */
	{ " ### ", "#    ", "#### ", "#   #", " ### " },   /* 6 */
	{ "#####", "    #", "   # ", "  #  ", "  #  " },   /* 7 */
	{ " ### ", "#   #", " ### ", "#   #", " ### " },   /* 8 */
	{ " ### ", "#   #", " ####", "    #", " ### " },   /* 9 */
	{ " ### ", "#   #", "#####", "#   #", "#   #" },   /* A */
	{ "#### ", "#   #", "#### ", "#   #", "#### " },   /* B */
	{ " ####", "#    ", "#    ", "#    ", " ####" },   /* C */
	{ "#### ", "#   #", "#   #", "#   #", "#### " },   /* D */
	{ "#####", "#    ", "#### ", "#    ", "#####" },   /* E */
	{ "#####", "#    ", "#### ", "#    ", "#    " },   /* F */
};

static int hex_index(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

unsigned ui_big_text(struct screen *s, unsigned row, unsigned col,
		     enum ui_colour colour, const char *text)
{
	unsigned x = col, r;

	for (; *text; text++) {
		int g = hex_index(*text);

		if (x + UI_BIG_WIDTH > UI_COLS)
			break;
		if (g >= 0)
			for (r = 0; r < UI_BIG_ROWS; r++)
				ui_put_text(s, row + r, x, colour, glyphs[g][r]);
		x += UI_BIG_WIDTH + UI_BIG_GAP;
	}
	return x > col ? x - col - UI_BIG_GAP : 0;
}
