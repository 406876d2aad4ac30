/** @file
 * Line building: sanitising untrusted text and formatting numbers.
 */
#include "ui/text.h"

void ui_text_init(struct ui_text *t)
{
	t->len = 0;
	t->buf[0] = '\0';
}

void ui_text_add_char(struct ui_text *t, char c)
{
	if (t->len >= UI_COLS)
		return;
	t->buf[t->len++] = c;
	t->buf[t->len] = '\0';
}

/*
 * Latin-1 letters (U+00C0..U+00FF, UTF-8 C3 80..C3 BF) without their
 * accents, so "Büro" reads "Buro" rather than "B?ro" on a plain console.
 */
static const char latin1_folded[64 + 1] =
	"AAAAAAACEEEEIIIIDNOOOOOxOUUUUYPs"
	"aaaaaaaceeeeiiiidnooooo/ouuuuypy";

/*
 * Bytes 0x80..0xBF continue a UTF-8 sequence; a lead byte (>= 0xC0) or a
 * stray continuation starts a new '?'. A sequence cut short by N is still
 * one '?'.
 */
unsigned ui_sanitise(char *out, unsigned size, const char *in, unsigned n)
{
	unsigned i, len = 0;
	int in_sequence = 0;

	if (size == 0)
		return 0;
	for (i = 0; i < n && in[i] && len + 1 < size; i++) {
		unsigned char c = (unsigned char)in[i];
		unsigned char next = i + 1 < n ? (unsigned char)in[i + 1] : 0;

		if (c >= 0x80 && c < 0xc0 && in_sequence)
			continue;
		in_sequence = c >= 0x80;
		if (c == 0xc3 && next >= 0x80 && next < 0xc0) {
			out[len++] = latin1_folded[next & 0x3f];
			i++;
		} else if (c >= 0x80) {
			out[len++] = '?';
		} else if (c < 0x20 || c == 0x7f) {
			out[len++] = ' ';
		} else {
			out[len++] = (char)c;
		}
	}
	out[len] = '\0';
	return len;
}

void ui_text_add_n(struct ui_text *t, const char *s, unsigned n)
{
	t->len += ui_sanitise(t->buf + t->len, sizeof(t->buf) - t->len, s, n);
}

void ui_text_add(struct ui_text *t, const char *s)
{
	ui_text_add_n(t, s, 0xffffffffu);
}

void ui_text_add_uint(struct ui_text *t, uint64_t v, unsigned width)
{
	char digits[20];
	unsigned n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (width > n) {
		ui_text_add_char(t, ' ');
		width--;
	}
	while (n)
		ui_text_add_char(t, digits[--n]);
}

void ui_text_add_hex(struct ui_text *t, const uint8_t *bytes, unsigned n)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned i;

	for (i = 0; i < n; i++) {
		ui_text_add_char(t, hex[bytes[i] >> 4]);
		ui_text_add_char(t, hex[bytes[i] & 15]);
	}
}

void ui_text_add_size(struct ui_text *t, uint64_t bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	uint64_t whole = bytes, tenths;
	unsigned u = 0, shift = 10;

	if (bytes < 1024) {
		ui_text_add_uint(t, bytes, 0);
		ui_text_add(t, bytes == 1 ? " byte" : " bytes");
		return;
	}
	/* Find the largest unit with a whole part of at least 1. */
	while (u + 1 < sizeof(units) / sizeof(units[0]) && (bytes >> (shift + 10)) != 0) {
		shift += 10;
		u++;
	}
	whole = bytes >> shift;
	/* One decimal, rounded down so "1024.0 MiB" never shows for 1 GiB - 1. */
	tenths = ((bytes - (whole << shift)) * 10) >> shift;
	ui_text_add_uint(t, whole, 0);
	ui_text_add_char(t, '.');
	ui_text_add_uint(t, tenths, 0);
	ui_text_add_char(t, ' ');
	ui_text_add(t, units[u]);
}

void ui_text_pad_to(struct ui_text *t, unsigned col)
{
	while (t->len < col && t->len < UI_COLS)
		ui_text_add_char(t, ' ');
}

unsigned ui_percent(uint64_t done, uint64_t total)
{
	if (total == 0)
		return 0;
	if (done >= total)
		return 100;
	/* Scale both down until done * 100 cannot overflow. */
	while (total > 0xffffffffffffffffull / 100) {
		done >>= 8;
		total >>= 8;
	}
	/* Not done is never shown as 100%, however close. */
	return done * 100 / total < 99 ? (unsigned)(done * 100 / total) : 99;
}

void ui_text_add_pcr_list(struct ui_text *t, uint32_t mask)
{
	unsigned pcr, shown = 0;

	for (pcr = 0; pcr < 32; pcr++) {
		if (!(mask & (1u << pcr)))
			continue;
		if (shown++)
			ui_text_add(t, ", ");
		ui_text_add_uint(t, pcr, 0);
	}
	if (!shown)
		ui_text_add(t, "none");
}

static void add_two_digits(struct ui_text *t, unsigned v)
{
	ui_text_add_char(t, (char)('0' + v / 10 % 10));
	ui_text_add_char(t, (char)('0' + v % 10));
}

/*
 * Days since 1601-01-01 to a Gregorian date, counting in 400-year eras
 * (146097 days each) so leap years need no table; 1601 starts an era
 * shifted by a year, hence the March-based year below.
 */
void ui_text_add_filetime(struct ui_text *t, uint64_t filetime)
{
	uint64_t seconds = filetime / 10000000, days = seconds / 86400;
	unsigned minute_of_day = (unsigned)(seconds % 86400 / 60);
	uint64_t era, day_of_era, year_of_era, day_of_year, mp, year;
	unsigned month, day;

	if (filetime == 0) {
		ui_text_add(t, "unknown");
		return;
	}
	/* Shift the origin to 1600-03-01: leap days then end each year. */
	days += 306;
	era = days / 146097;
	day_of_era = days % 146097;
	year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
		       day_of_era / 146096) / 365;
	day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 -
				    year_of_era / 100);
	mp = (5 * day_of_year + 2) / 153;
	day = (unsigned)(day_of_year - (153 * mp + 2) / 5 + 1);
	month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	year = 1600 + era * 400 + year_of_era + (month <= 2);

	ui_text_add_uint(t, year, 0);
	ui_text_add_char(t, '-');
	add_two_digits(t, month);
	ui_text_add_char(t, '-');
	add_two_digits(t, day);
	ui_text_add_char(t, ' ');
	add_two_digits(t, minute_of_day / 60);
	ui_text_add_char(t, ':');
	add_two_digits(t, minute_of_day % 60);
	ui_text_add(t, " UTC");
}
