/** @file
 * UTF-16LE <-> UTF-8 conversion, strict about bounds.
 */
#include "bde/utf16.h"
#include "bde/le.h"

/* Bytes UTF-8 needs for code point CP. */
static size_t utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static void utf8_put(uint32_t cp, char *out)
{
	size_t n = utf8_len(cp);

	if (n == 1) {
		out[0] = (char)cp;
		return;
	}
	out[0] = (char)((n == 2 ? 0xC0 : n == 3 ? 0xE0 : 0xF0) | (cp >> (6 * (n - 1))));
	for (size_t i = 1; i < n; i++)
		out[i] = (char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3F));
}

int bde_utf16le_to_utf8(const uint8_t *src, size_t len, char *out, size_t out_max)
{
	size_t in = 0, used = 0;

	if (out_max == 0)
		return -1;
	while (in + 2 <= len) {
		uint32_t cp = le16(src + in);

		in += 2;
		if (cp == 0)
			break;
		if (cp >= 0xD800 && cp < 0xDC00 && in + 2 <= len &&
		    le16(src + in) >= 0xDC00 && le16(src + in) < 0xE000) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (le16(src + in) - 0xDC00);
			in += 2;
		} else if (cp >= 0xD800 && cp < 0xE000) {
			cp = 0xFFFD;
		}
		if (used + utf8_len(cp) + 1 > out_max) {
			out[used] = '\0';
			return -1;
		}
		utf8_put(cp, out + used);
		used += utf8_len(cp);
	}
	out[used] = '\0';
	return 0;
}

long bde_utf8_to_utf16le(const char *src, size_t len, uint8_t *out, size_t out_max)
{
	const uint8_t *s = (const uint8_t *)src;
	size_t in = 0, used = 0;

	while (in < len) {
		uint32_t cp;
		size_t n, i;

		if (s[in] < 0x80) {
			cp = s[in];
			n = 1;
		} else if ((s[in] & 0xE0) == 0xC0) {
			cp = s[in] & 0x1F;
			n = 2;
		} else if ((s[in] & 0xF0) == 0xE0) {
			cp = s[in] & 0x0F;
			n = 3;
		} else if ((s[in] & 0xF8) == 0xF0) {
			cp = s[in] & 0x07;
			n = 4;
		} else {
			return -1;
		}
		if (in + n > len)
			return -1;
		for (i = 1; i < n; i++) {
			if ((s[in + i] & 0xC0) != 0x80)
				return -1;
			cp = cp << 6 | (s[in + i] & 0x3F);
		}
		/* overlong forms, surrogates and values past Unicode are not text */
		if (utf8_len(cp) != n || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF)
			return -1;
		in += n;
		if (cp >= 0x10000) {
			if (used + 4 > out_max)
				return -1;
			cp -= 0x10000;
			put_le16(out + used, (uint16_t)(0xD800 | cp >> 10));
			put_le16(out + used + 2, (uint16_t)(0xDC00 | (cp & 0x3FF)));
			used += 4;
		} else {
			if (used + 2 > out_max)
				return -1;
			put_le16(out + used, (uint16_t)cp);
			used += 2;
		}
	}
	return (long)used;
}
