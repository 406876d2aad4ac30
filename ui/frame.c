/** @file
 * Title bar, hint bar and wrapped text.
 */
#include "ui/frame.h"
#include "ui/text.h"
#include "ui/utf8.h"

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
	if (t.cols > room) {
		t.len = utf8_bytes(t.buf, room);
		t.cols = room;
		t.buf[t.len] = '\0';
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
	uint16_t clean[UI_COLS * UI_ROWS];
	unsigned len = 0, pos = 0, used = 0, i;
	struct ui_text line;
	uint16_t cp;

	if (col >= UI_COLS || width < 4)
		return 0;
	if (width > UI_COLS - col)
		width = UI_COLS - col;
	/* In characters, so a line of æøå breaks where one of aeo would. */
	while (len < UI_COLS * UI_ROWS && (cp = utf8_next(&text)) != 0)
		clean[len++] = ui_shown_char(cp);
	while (pos < len && used < max_rows) {
		unsigned take = len - pos;

		if (take > width) {
			/* Break at the last space that fits, else mid-word. */
			for (take = width; take > 0 && clean[pos + take] != ' '; take--)
				;
			if (take == 0)
				take = width;
		}
		ui_text_init(&line);
		for (i = 0; i < take; i++) {
			char utf8[4] = { 0 };

			utf8_put(utf8, clean[pos + i]);
			ui_text_add(&line, utf8);
		}
		pos += take;
		while (pos < len && clean[pos] == ' ')
			pos++;
		if (used + 1 == max_rows && pos < len) {
			/* Out of rows: say so rather than cut silently. */
			if (take > width - 3)
				take = width - 3;
			line.len = utf8_bytes(line.buf, take);
			line.cols = take;
			line.buf[line.len] = '\0';
			ui_text_add(&line, "...");
		}
		ui_put_text(s, row + used, col, colour, line.buf);
		used++;
	}
	return used;
}
