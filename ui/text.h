/** @file
 * Building screen text without printf: a line, or a text that
 * ui_put_wrapped() spreads over two rows.
 *
 * Everything a screen shows goes through ui_text_add(), which turns
 * untrusted UTF-8 from disk into what every console can be given (Latin-1
 * letters as they are, control characters as spaces, the rest as '?'),
 * and stops at UI_TEXT_COLS characters (code points, not bytes).
 */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <stdint.h>
#include "ui/screen.h"

/* Two rows: a wrapped message with a file name and a date in it does not
 * fit one. ui_put_text() cuts a text at the screen's edge. */
#define UI_TEXT_COLS (2 * UI_COLS)
/* UTF-8 of Latin-1 takes at most 2 bytes a character. */
#define UI_TEXT_BYTES (2 * UI_TEXT_COLS)

struct ui_text {
	unsigned len;            /* bytes in buf */
	unsigned cols;           /* characters in buf: the columns it takes */
	char buf[UI_TEXT_BYTES + 1];   /* UTF-8, always NUL-terminated */
};

void ui_text_init(struct ui_text *t);

/*
 * Append S: printable ASCII and Latin-1 as they are, control characters
 * as spaces, any other UTF-8 sequence (or stray byte >= 0x80) as one
 * '?'. Text past UI_TEXT_COLS characters is dropped.
 */
void ui_text_add(struct ui_text *t, const char *s);

/* The same for at most N bytes of S. */
void ui_text_add_n(struct ui_text *t, const char *s, unsigned n);

void ui_text_add_char(struct ui_text *t, char c);

/* What ui_text_add makes of code point CP (a space, '?' or CP itself). */
uint16_t ui_shown_char(uint16_t cp);

/*
 * Append FORMAT (a message, ui/msg.h) with its conversions replaced:
 * %s a string (sanitised as ui_text_add), %u an unsigned int, %% a '%'.
 */
void ui_text_addf(struct ui_text *t, const char *format, ...);

/*
 * Untrusted text as plain ASCII, for the report: at most N bytes of IN
 * into OUT (SIZE bytes, NUL included), Latin-1 letters transliterated
 * (ui/translit.h), control characters as spaces, anything else as '?'.
 * Returns the bytes written.
 */
unsigned ui_sanitise(char *out, unsigned size, const char *in, unsigned n);

/* Decimal, at least WIDTH digits wide (right-aligned, padded with spaces). */
void ui_text_add_uint(struct ui_text *t, uint64_t v, unsigned width);

/* Upper-case hex of N bytes, in order. */
void ui_text_add_hex(struct ui_text *t, const uint8_t *bytes, unsigned n);

/* A byte count the way people read it: "476.9 GiB", "512 bytes". */
void ui_text_add_size(struct ui_text *t, uint64_t bytes);

/* A FILETIME (100 ns since 1601, UTC) as "2019-07-04 10:22 UTC"; 0 is "unknown". */
void ui_text_add_filetime(struct ui_text *t, uint64_t filetime);

/* DONE of TOTAL in whole percent (0..100), without overflow; 0 if TOTAL is 0. */
unsigned ui_percent(uint64_t done, uint64_t total);

/* PCR numbers of bit mask MASK: "0, 2, 4, 11"; "none" if empty. */
void ui_text_add_pcr_list(struct ui_text *t, uint32_t mask);

/* Spaces up to column COL (nothing if already there). */
void ui_text_pad_to(struct ui_text *t, unsigned col);

#endif
