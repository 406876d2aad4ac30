/** @file
 * UTF-16LE (as BitLocker stores strings) to UTF-8, and UTF-8 to UTF-16LE
 * (as the user password is hashed).
 */
#ifndef BDE_UTF16_H
#define BDE_UTF16_H

#include <stddef.h>
#include <stdint.h>

/*
 * Convert LEN bytes of UTF-16LE at SRC, stopping at a NUL character, into a
 * NUL-terminated UTF-8 string of at most OUT_MAX bytes (the NUL included).
 * Unpaired surrogates become U+FFFD. Text that does not fit is cut at a
 * character boundary. Returns 0, or -1 if it had to be cut.
 */
int bde_utf16le_to_utf8(const uint8_t *src, size_t len, char *out, size_t out_max);

/*
 * Convert LEN bytes of UTF-8 into UTF-16LE at OUT (OUT_MAX bytes). Returns
 * the number of bytes written, or -1 for invalid UTF-8 or if it does not fit.
 */
long bde_utf8_to_utf16le(const char *src, size_t len, uint8_t *out, size_t out_max);

#endif
