/** @file
 * Title bar, hint bar and wrapped text.
 */
#include "ui/frame.h"
#include "ui/text.h"

void ui_put_text(struct screen *s, unsigned row, unsigned col,
		 enum ui_colour colour, const char *text)
{
	struct ui_text t;
	unsigned room;

	if (row >= UI_ROWS || col >= UI_COLS)
		return;
	/* The last cell of the last row scrolls a UEFI console: keep off it. */
	room = UI_COLS - col - (row == UI_ROWS - 1);
	ui_text_init(&t);
	ui_text_add(&t, text);
	if (t.len > room) {
		t.len = room;
		t.buf[room] = '\0';
	}
	s->put(s, row, col, colour, t.buf);
}

/* A full-width bar: TEXT then spaces up to the edge. */
static void bar(struct screen *s, unsigned row, const char *lead, const char *text)
{
	struct ui_text t;

	ui_text_init(&t);
	ui_text_add(&t, lead);
	ui_text_add(&t, text);
	ui_text_pad_to(&t, UI_COLS);
	ui_put_text(s, row, 0, UI_TITLE, t.buf);
}

void ui_frame(struct screen *s, const char *title, const char *hints)
{
	s->clear(s);
	bar(s, 0, " bitrescue - ", title);
	bar(s, UI_ROWS - 1, " ", hints);
}

unsigned ui_put_wrapped(struct screen *s, unsigned row, unsigned col,
			unsigned width, unsigned max_rows,
			enum ui_colour colour, const char *text)
{
	char clean[UI_COLS * UI_ROWS + 1], line[UI_COLS + 1];
	unsigned len, pos = 0, used = 0;

	if (col >= UI_COLS || width < 4)
		return 0;
	if (width > UI_COLS - col)
		width = UI_COLS - col;
	len = ui_sanitise(clean, sizeof(clean), text, 0xffffffffu);
	while (pos < len && used < max_rows) {
		unsigned take = len - pos, i;

		if (take > width) {
			/* Break at the last space that fits, else mid-word. */
			for (take = width; take > 0 && clean[pos + take] != ' '; take--)
				;
			if (take == 0)
				take = width;
		}
		for (i = 0; i < take; i++)
			line[i] = clean[pos + i];
		line[take] = '\0';
		pos += take;
		while (pos < len && clean[pos] == ' ')
			pos++;
		if (used + 1 == max_rows && pos < len) {
			/* Out of rows: say so rather than cut silently. */
			if (take > width - 3)
				take = width - 3;
			line[take] = line[take + 1] = line[take + 2] = '.';
			line[take + 3] = '\0';
		}
		ui_put_text(s, row + used, col, colour, line);
		used++;
	}
	return used;
}
