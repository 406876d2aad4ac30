/** @file
 * UTF-8 decoding and encoding for the BMP.
 */
#include "ui/utf8.h"

/* A continuation byte: 10xxxxxx. */
static int cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

uint16_t utf8_next_n(const char **s, unsigned *n)
{
	const unsigned char *p = (const unsigned char *)*s;
	unsigned avail = *n, used = 1;
	uint32_t cp = UTF8_BAD;

	if (avail == 0 || p[0] == 0)
		return 0;
	if (p[0] < 0x80) {
		cp = p[0];
	} else if (p[0] >= 0xc2 && p[0] < 0xe0 && avail >= 2 && cont(p[1])) {
		cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		used = 2;
	} else if (p[0] >= 0xe0 && p[0] < 0xf0 && avail >= 3 && cont(p[1]) &&
		   cont(p[2])) {
		cp = (uint32_t)(p[0] & 0x0f) << 12 | (p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		used = 3;
		/* Overlong forms and surrogates are not characters. */
		if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))
			cp = UTF8_BAD;
	} else {
		/* A stray byte, or a lead and what continues it: one bad. */
		while (used < avail && cont(p[used]))
			used++;
	}
	*s += used;
	*n -= used;
	return (uint16_t)cp;
}

uint16_t utf8_next(const char **s)
{
	unsigned n = 0xffffffffu;

	return utf8_next_n(s, &n);
}

unsigned utf8_count(const char *s)
{
	unsigned n = 0;

	while (utf8_next(&s))
		n++;
	return n;
}

unsigned utf8_bytes(const char *s, unsigned n)
{
	const char *p = s;

	while (n-- && utf8_next(&p))
		;
	return (unsigned)(p - s);
}

unsigned utf8_put(char *out, uint16_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	out[0] = (char)(0xe0 | cp >> 12);
	out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}
