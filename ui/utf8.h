/** @file
 * UTF-8 in, code points out: what the screens count columns in.
 *
 * Screen text is UTF-8 (our messages and sanitised disk text); a screen
 * cell holds one code point. Only the Basic Multilingual Plane is decoded
 * (the UEFI console is UCS-2): anything else, and any malformed sequence,
 * comes out as UTF8_BAD.
 */
#ifndef UI_UTF8_H
#define UI_UTF8_H

#include <stdint.h>

/* Stands for a malformed or unsupported sequence. */
#define UTF8_BAD 0xfffdu

/*
 * Decode the code point at *S and advance *S past it (at least one byte,
 * and never past the NUL). Returns 0 at the end of the string.
 */
uint16_t utf8_next(const char **s);

/* The same within the *N bytes at *S (*N goes down by what is used). */
uint16_t utf8_next_n(const char **s, unsigned *n);

/* Code points in S (each malformed sequence counts as one). */
unsigned utf8_count(const char *s);

/* Bytes of S's first N code points (all of S if it has fewer). */
unsigned utf8_bytes(const char *s, unsigned n);

/* Encode CP into OUT (at least 3 bytes); returns the bytes written. */
unsigned utf8_put(char *out, uint16_t cp);

#endif
