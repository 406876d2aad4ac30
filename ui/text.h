/** @file
 * Building one screen line of plain ASCII without printf.
 *
 * Everything a screen shows goes through ui_text_add(), which turns
 * untrusted UTF-8 from disk into safe ASCII, and stops at UI_COLS.
 */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <stdint.h>
#include "ui/screen.h"

struct ui_text {
	unsigned len;
	char buf[UI_COLS + 1];   /* always NUL-terminated */
};

void ui_text_init(struct ui_text *t);

/*
 * Append S: printable ASCII as is, control characters as spaces,
 * accented Latin-1 letters without their accent, any other UTF-8 sequence
 * (or stray byte >= 0x80) as one '?'. Text past UI_COLS is dropped.
 */
void ui_text_add(struct ui_text *t, const char *s);

/* The same for at most N bytes of S. */
void ui_text_add_n(struct ui_text *t, const char *s, unsigned n);

void ui_text_add_char(struct ui_text *t, char c);

/*
 * The sanitising behind ui_text_add: at most N bytes of IN into OUT (SIZE
 * bytes, NUL included). Returns the characters written.
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
