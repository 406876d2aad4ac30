/** @file
 * Hex helpers for the self-tests (portable: runs on the host and in firmware).
 */
#include "check.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t check_unhex(const char *hex, void *out, size_t max)
{
	uint8_t *p = out;
	size_t n = 0;

	while (n < max && hex[0] && hex[1]) {
		int hi = hex_digit(hex[0]), lo = hex_digit(hex[1]);

		if (hi < 0 || lo < 0)
			break;
		p[n++] = (uint8_t)(hi << 4 | lo);
		hex += 2;
	}
	return n;
}

int check_hex_equal(const void *buf, size_t len, const char *hex)
{
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		int hi = hex_digit(hex[2 * i]), lo;

		if (hi < 0)
			return 0;
		lo = hex_digit(hex[2 * i + 1]);
		if (lo < 0 || p[i] != (uint8_t)(hi << 4 | lo))
			return 0;
	}
	return hex[2 * len] == '\0';
}
