/** @file
 * Line building: sanitising untrusted text and formatting numbers.
 */
#include <stdarg.h>
#include "ntfs/ntfs.h"
#include "ui/msg.h"
#include "ui/text.h"
#include "ui/translit.h"
#include "ui/utf8.h"

void ui_text_init(struct ui_text *t)
{
	t->len = 0;
	t->cols = 0;
	t->buf[0] = '\0';
}

uint16_t ui_shown_char(uint16_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return ' ';
	return cp > 0xff ? '?' : cp;
}

/* Append code point CP as one column (Latin-1 at most: see UI_TEXT_BYTES). */
static void add_cp(struct ui_text *t, uint16_t cp)
{
	cp = ui_shown_char(cp);
	if (t->cols >= UI_TEXT_COLS)
		return;
	t->len += utf8_put(t->buf + t->len, cp);
	t->cols++;
	t->buf[t->len] = '\0';
}

void ui_text_add_char(struct ui_text *t, char c)
{
	add_cp(t, (unsigned char)c);
}

void ui_text_add_n(struct ui_text *t, const char *s, unsigned n)
{
	uint16_t cp;

	while (t->cols < UI_TEXT_COLS && (cp = utf8_next_n(&s, &n)) != 0)
		add_cp(t, cp);
}

void ui_text_add(struct ui_text *t, const char *s)
{
	ui_text_add_n(t, s, 0xffffffffu);
}

void ui_text_addf(struct ui_text *t, const char *format, ...)
{
	const char *start = format;
	va_list ap;

	va_start(ap, format);
	for (; *format; format++) {
		if (*format != '%')
			continue;
		ui_text_add_n(t, start, (unsigned)(format - start));
		format++;
		if (*format == 's')
			ui_text_add(t, va_arg(ap, const char *));
		else if (*format == 'u')
			ui_text_add_uint(t, va_arg(ap, unsigned), 0);
		else if (*format == '%')
			ui_text_add_char(t, '%');
		else if (*format == '\0')
			format--;   /* a lone '%' at the end: dropped */
		start = format + 1;
	}
	ui_text_add(t, start);
	va_end(ap);
}

unsigned ui_sanitise(char *out, unsigned size, const char *in, unsigned n)
{
	unsigned len = 0;
	const char *ascii;
	uint16_t cp;

	if (size == 0)
		return 0;
	while (len + 1 < size && (cp = utf8_next_n(&in, &n)) != 0)
		for (ascii = ui_translit(cp); *ascii && len + 1 < size; ascii++)
			out[len++] = *ascii;
	out[len] = '\0';
	return len;
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
		ui_text_add(t, msg(bytes == 1 ? MSG_BYTE : MSG_BYTES));
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
	while (t->cols < col && t->cols < UI_TEXT_COLS)
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
		ui_text_add(t, msg(MSG_NONE));
}

static void add_two_digits(struct ui_text *t, unsigned v)
{
	ui_text_add_char(t, (char)('0' + v / 10 % 10));
	ui_text_add_char(t, (char)('0' + v % 10));
}

/* "YYYY-MM-DD HH:MM UTC"; the calendar is ntfs_time_split's, FILETIMEs
 * being NTFS's and BitLocker's alike. */
void ui_text_add_filetime(struct ui_text *t, uint64_t filetime)
{
	struct ntfs_time when;

	if (filetime == 0) {
		ui_text_add(t, msg(MSG_UNKNOWN));
		return;
	}
	ntfs_time_split(filetime, &when);
	ui_text_add_uint(t, when.year, 0);
	ui_text_add_char(t, '-');
	add_two_digits(t, when.month);
	ui_text_add_char(t, '-');
	add_two_digits(t, when.day);
	ui_text_add_char(t, ' ');
	add_two_digits(t, when.hour);
	ui_text_add_char(t, ':');
	add_two_digits(t, when.minute);
	ui_text_add(t, " UTC");
}
