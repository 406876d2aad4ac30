/** @file
 * The memory screen and the line builder every screen relies on.
 */
#include <string.h>
#include "check.h"
#include "ui/frame.h"
#include "ui/memscreen.h"
#include "ui/text.h"

static struct memscreen *m;

static void test_text(void)
{
	static const uint8_t bytes[] = { 0x00, 0xab, 0xf0 };
	static const struct { uint64_t bytes; const char *text; } sizes[] = {
		{ 0, "0 bytes" }, { 1, "1 byte" }, { 1023, "1023 bytes" },
		{ 1024, "1.0 KiB" }, { 1536, "1.5 KiB" },
		{ 1073741823ull, "1023.9 MiB" },      /* rounded down, never 1024.0 */
		{ 256052966400ull, "238.4 GiB" },     /* a "256 GB" disk */
		{ 0xffffffffffffffffull, "15.9 EiB" },
	};
	/* Expected texts from Python's datetime (1601-01-01 + FILETIME), and
	 * for the largest FILETIME from GNU date -u -d @1833029933770. */
	static const struct { uint64_t filetime; const char *text; } times[] = {
		{ 0, "unknown" },
		{ 1, "1601-01-01 00:00 UTC" },
		{ 132067093530000000ull, "2019-07-04 10:22 UTC" },
		{ 125963423990000000ull, "2000-02-29 23:59 UTC" },
		{ 157520160000000000ull, "2100-03-01 00:00 UTC" },
		{ 157520160000000000ull - 10000000, "2100-02-28 23:59 UTC" },
		{ 0xffffffffffffffffull, "60056-05-28 05:36 UTC" },
	};
	struct ui_text t;
	unsigned i;

	ui_text_init(&t);
	ui_text_add(&t, "a\tb");
	/* e-acute (2 bytes), a CJK character (3), a lone continuation byte,
	 * u-umlaut and sharp s, an e-acute cut short */
	ui_text_add(&t, "\xc3\xa9|\xe4\xb8\xad|\x80|B\xc3\xbcro|Stra\xc3\x9f""e|\xc3");
	check(strcmp(t.buf, "a b\xc3\xa9|?|?|B\xc3\xbcro|Stra\xc3\x9f""e|?") == 0);
	check(t.cols == 22 && t.len == 25);
	ui_text_init(&t);
	ui_text_add_n(&t, "\xc3\xa9", 1);   /* cut by N, not by NUL */
	check(strcmp(t.buf, "?") == 0);

	/* The report's ASCII: Danish letters as Danes write them without. */
	{
		char ascii[40];

		check(ui_sanitise(ascii, sizeof(ascii), "n\xc3\xb8gle p\xc3\xa5 "
				  "\xc3\x86\xc3\x98\xc3\x85|\xc3\xa9\xe4\xb8\xad\x1b", 40) == 21);
		check(strcmp(ascii, "noegle paa AeOeAa|e? ") == 0);
	}

	/* Columns are characters: 160 of them fill a text (two rows),
	 * however many bytes. */
	ui_text_init(&t);
	for (i = 0; i < 50; i++)
		ui_text_add(&t, "\xc3\xb8");
	check(t.cols == 50 && t.len == 100);
	ui_text_pad_to(&t, 60);
	check(t.cols == 60 && t.len == 110);
	for (i = 0; i < 110; i++)
		ui_text_add(&t, "\xc3\xa6");
	check(t.cols == UI_TEXT_COLS && t.len == 310 && t.buf[310] == '\0');

	ui_text_init(&t);
	ui_text_addf(&t, "Gruppe %u: %s (100%%)", 3u, "n\xc3\xb8gle");
	check(strcmp(t.buf, "Gruppe 3: n\xc3\xb8gle (100%)") == 0);

	ui_text_init(&t);
	ui_text_add_uint(&t, 0, 0);
	ui_text_add_char(&t, ' ');
	ui_text_add_uint(&t, 18446744073709551615ull, 0);
	ui_text_add_uint(&t, 42, 5);
	check(strcmp(t.buf, "0 18446744073709551615   42") == 0);

	ui_text_init(&t);
	ui_text_add_hex(&t, bytes, 3);
	check(strcmp(t.buf, "00ABF0") == 0);

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ui_text_init(&t);
		ui_text_add_size(&t, sizes[i].bytes);
		check(strcmp(t.buf, sizes[i].text) == 0);
	}

	ui_text_init(&t);
	ui_text_add_pcr_list(&t, 1u << 0 | 1u << 2 | 1u << 4 | 1u << 11);
	ui_text_add(&t, " / ");
	ui_text_add_pcr_list(&t, 0);
	ui_text_add(&t, " / ");
	ui_text_add_pcr_list(&t, 1u << 31);
	check(strcmp(t.buf, "0, 2, 4, 11 / none / 31") == 0);

	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		ui_text_init(&t);
		ui_text_add_filetime(&t, times[i].filetime);
		check(strcmp(t.buf, times[i].text) == 0);
	}

	check(ui_percent(0, 0) == 0);
	check(ui_percent(1, 3) == 33);
	check(ui_percent(5, 3) == 100);
	/* Near 2^64, where done * 100 would overflow. */
	check(ui_percent(0xffffffffffffffffull / 2, 0xffffffffffffffffull) == 49);
	check(ui_percent(0xfffffffffffffffeull, 0xffffffffffffffffull) == 99);

	/* Never longer than two screen rows. */
	ui_text_init(&t);
	for (i = 0; i < 30; i++)
		ui_text_add(&t, "0123456789");
	check(t.len == UI_TEXT_COLS && t.buf[UI_TEXT_COLS] == '\0');
	ui_text_pad_to(&t, 200);
	check(t.len == UI_TEXT_COLS);
}

static void test_memscreen(void)
{
	char row[MEMSCREEN_ROW_BYTES];
	unsigned r, c;
	static const struct ui_key keys[] = { { UI_KEY_CHAR, '7' }, { UI_KEY_ESC, 0 } };
	struct ui_key key;

	memscreen_init(m);
	m->screen.put(&m->screen, 3, 10, UI_ERROR, "hello");
	check(strcmp(memscreen_row(m, 3, row), "          hello") == 0);
	check(m->colours[3][10] == UI_ERROR && m->colours[3][9] == UI_NORMAL);
	check(memscreen_find(m, "llo", &r, &c) && r == 3 && c == 12);
	check(!memscreen_find(m, "help", NULL, NULL));
	check(m->out_of_bounds == 0 && m->not_shown == 0);

	/* Off the right edge, below the bottom, the scrolling last cell. */
	m->screen.put(&m->screen, 0, 78, UI_NORMAL, "abc");
	check(m->out_of_bounds == 1);
	check(strcmp(memscreen_row(m, 0, row) + 78, "ab") == 0);
	m->screen.put(&m->screen, UI_ROWS, 0, UI_NORMAL, "x");
	check(m->out_of_bounds == 2);
	m->screen.put(&m->screen, UI_ROWS - 1, UI_COLS - 1, UI_NORMAL, "x");
	check(m->out_of_bounds == 3);
	m->screen.put(&m->screen, 1, 0, UI_NORMAL, "\x1b[2J");
	check(m->not_shown == 1);

	/* One cell a character: "nøgle" takes 5 columns, not 6. */
	m->screen.put(&m->screen, 4, 0, UI_NORMAL, "n\xc3\xb8gle-id");
	check(m->cells[4][1] == 0xf8 && m->cells[4][5] == '-');
	check(memscreen_find(m, "\xc3\xb8gle-id", &r, &c) && r == 4 && c == 1);
	check(strcmp(memscreen_row(m, 4, row), "n\xc3\xb8gle-id") == 0);
	m->screen.put(&m->screen, 5, 0, UI_NORMAL, "\xe4\xb8\xad");   /* no glyph for it */
	check(m->not_shown == 2 && m->cells[5][0] == '?');

	m->screen.clear(&m->screen);
	check(strcmp(memscreen_row(m, 3, row), "") == 0);

	memscreen_set_keys(m, keys, 2);
	check(m->screen.read_key(&m->screen, &key, 0) == 1 && key.ch == '7');
	check(m->screen.read_key(&m->screen, &key, 0) == 1 && key.scan == UI_KEY_ESC);
	check(m->screen.read_key(&m->screen, &key, UI_WAIT_FOREVER) == 0);
}

static void test_frame(void)
{
	char row[MEMSCREEN_ROW_BYTES];
	struct ui_text t;
	unsigned used;

	memscreen_init(m);
	ui_frame(&m->screen, "Title", "Esc: back");
	check(strncmp(memscreen_row(m, 0, row), " bitrescue - Title", 18) == 0);
	check(strcmp(memscreen_row(m, UI_ROWS - 1, row), " Esc: back") == 0);
	check(m->colours[0][UI_COLS - 1] == UI_TITLE);   /* a full-width bar */
	check(m->colours[UI_ROWS - 1][UI_COLS - 2] == UI_TITLE);

	used = ui_put_wrapped(&m->screen, 2, 2, 20, 5, UI_NORMAL,
			      "Call the helpdesk on 0800 123 456 today");
	check(used == 2);
	check(strcmp(memscreen_row(m, 2, row), "  Call the helpdesk on") == 0);
	check(strcmp(memscreen_row(m, 3, row), "  0800 123 456 today") == 0);

	/* Out of rows: the cut is shown. A word longer than the width is split. */
	used = ui_put_wrapped(&m->screen, 5, 0, 10, 2, UI_NORMAL,
			      "abcdefghijklmnop qrstuvwxyz more");
	check(used == 2);
	check(strcmp(memscreen_row(m, 5, row), "abcdefghij") == 0);
	check(strcmp(memscreen_row(m, 6, row), "klmnop...") == 0);

	/* Wrapped by characters: 10 of æ fit a width of 10. */
	used = ui_put_wrapped(&m->screen, 8, 0, 10, 2, UI_NORMAL,
			      "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6 "
			      "\xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8 \xc3\xa5\xc3\xa5");
	check(used == 2);
	check(strcmp(memscreen_row(m, 8, row),
		     "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6 \xc3\xb8\xc3\xb8\xc3\xb8\xc3\xb8") == 0);
	check(strcmp(memscreen_row(m, 9, row), "\xc3\xa5\xc3\xa5") == 0);

	/* A text built longer than a row keeps its end for the second row
	 * (the TPM history's log name and date once lost theirs). */
	ui_text_init(&t);
	ui_text_addf(&t, "Earlier start that the key was sealed to: %s (%s)",
		     "0000000002-0000000000.log", "2026-12-02 15:29 UTC");
	used = ui_put_wrapped(&m->screen, 11, 2, 76, 2, UI_NORMAL, t.buf);
	check(used == 2);
	check(strcmp(memscreen_row(m, 11, row), "  Earlier start that the key was "
		     "sealed to: 0000000002-0000000000.log") == 0);
	check(strcmp(memscreen_row(m, 12, row), "  (2026-12-02 15:29 UTC)") == 0);
	check(m->out_of_bounds == 0 && m->not_shown == 0);
}

SELFTEST(ui_memscreen)
{
	test_text();
	m = check_alloc(sizeof(*m));
	if (m) {
		test_memscreen();
		test_frame();
	}
	check_free(m, sizeof(*m));
}
