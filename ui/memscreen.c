/** @file
 * The in-memory character grid screen.
 */
#include <stddef.h>
#include "ui/memscreen.h"
#include "ui/utf8.h"

static struct memscreen *to_mem(struct screen *s)
{
	return s->ctx;
}

static void mem_clear(struct screen *s)
{
	struct memscreen *m = to_mem(s);
	unsigned r, c;

	for (r = 0; r < UI_ROWS; r++)
		for (c = 0; c < UI_COLS; c++) {
			m->cells[r][c] = ' ';
			m->colours[r][c] = UI_NORMAL;
		}
	m->cursor_visible = 0;
}

static void mem_put(struct screen *s, unsigned row, unsigned col,
		    enum ui_colour colour, const char *text)
{
	struct memscreen *m = to_mem(s);
	uint16_t ch;

	for (; (ch = utf8_next(&text)) != 0; col++) {
		if (row >= UI_ROWS || col >= UI_COLS ||
		    (row == UI_ROWS - 1 && col == UI_COLS - 1)) {
			m->out_of_bounds++;
			continue;
		}
		if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0) || ch > 0xff) {
			m->not_shown++;
			ch = '?';
		}
		m->cells[row][col] = ch;
		m->colours[row][col] = (uint8_t)colour;
	}
}

static void mem_cursor(struct screen *s, int visible, unsigned row, unsigned col)
{
	struct memscreen *m = to_mem(s);

	if (visible && (row >= UI_ROWS || col >= UI_COLS))
		m->out_of_bounds++;
	m->cursor_visible = visible;
	m->cursor_row = row;
	m->cursor_col = col;
}

static void mem_flush(struct screen *s)
{
	to_mem(s)->flushes++;
}

static int mem_read_key(struct screen *s, struct ui_key *key, unsigned timeout_ms)
{
	struct memscreen *m = to_mem(s);

	(void)timeout_ms;
	if (m->next_key >= m->n_keys)
		return 0;
	*key = m->keys[m->next_key++];
	return 1;
}

void memscreen_init(struct memscreen *m)
{
	m->screen.cols = UI_COLS;
	m->screen.rows = UI_ROWS;
	m->screen.clear = mem_clear;
	m->screen.put = mem_put;
	m->screen.cursor = mem_cursor;
	m->screen.flush = mem_flush;
	m->screen.read_key = mem_read_key;
	m->screen.ctx = m;
	m->out_of_bounds = 0;
	m->not_shown = 0;
	m->flushes = 0;
	m->cursor_row = 0;
	m->cursor_col = 0;
	memscreen_set_keys(m, NULL, 0);
	mem_clear(&m->screen);
}

void memscreen_set_keys(struct memscreen *m, const struct ui_key *keys,
			unsigned n)
{
	m->keys = keys;
	m->n_keys = n;
	m->next_key = 0;
}

const char *memscreen_row(const struct memscreen *m, unsigned row,
			  char out[MEMSCREEN_ROW_BYTES])
{
	unsigned len = 0, end = 0, c;

	if (row < UI_ROWS)
		for (c = 0; c < UI_COLS; c++) {
			len += utf8_put(out + len, m->cells[row][c]);
			if (m->cells[row][c] != ' ')
				end = len;
		}
	out[end] = '\0';
	return out;
}

/* Does NEEDLE (UTF-8) match row R from column C on? */
static int match_at(const struct memscreen *m, unsigned r, unsigned c,
		    const char *needle)
{
	uint16_t ch;

	for (; (ch = utf8_next(&needle)) != 0; c++)
		if (c >= UI_COLS || m->cells[r][c] != ch)
			return 0;
	return 1;
}

int memscreen_find(const struct memscreen *m, const char *needle,
		   unsigned *row, unsigned *col)
{
	unsigned r, c;

	if (!needle[0])
		return 0;
	for (r = 0; r < UI_ROWS; r++)
		for (c = 0; c < UI_COLS; c++)
			if (match_at(m, r, c, needle)) {
				if (row)
					*row = r;
				if (col)
					*col = c;
				return 1;
			}
	return 0;
}
