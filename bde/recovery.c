/** @file
 * Recovery passwords: 48 digits in 8 groups of 6; each group is 11 times a
 * 16-bit value, and the 8 values (little-endian) are the 16-byte recovery key.
 */
#include "bde/bde.h"
#include "bde/le.h"
#include "crypto/wipe.h"

/* 65536 * 11: every group must be below it */
#define GROUP_LIMIT 720896u

/* The value of six digits, or -1 if any is not a digit. */
static long group_value(const char *d)
{
	long v = 0;
	int i;

	for (i = 0; i < 6; i++) {
		if (d[i] < '0' || d[i] > '9')
			return -1;
		v = v * 10 + (d[i] - '0');
	}
	return v;
}

int bde_recovery_group_check(const char *digits, size_t len)
{
	long v;

	if (len != 6)
		return BDE_ERR_BAD_FORMAT;
	v = group_value(digits);
	if (v < 0 || v % 11 || (unsigned long)v >= GROUP_LIMIT)
		return BDE_ERR_BAD_FORMAT;
	return BDE_OK;
}

int bde_recovery_password_parse(const char *text, uint8_t key[16], uint8_t *bad_groups)
{
	char digits[48];
	size_t n = 0, i;
	int g;

	*bad_groups = 0xff;
	/* digits, with dashes or spaces allowed between groups only */
	for (i = 0; text[i]; i++) {
		char c = text[i];

		if (c >= '0' && c <= '9') {
			if (n == 48)
				goto bad;
			digits[n++] = c;
		} else if ((c == '-' || c == ' ') && n % 6 == 0 && n > 0 && n < 48) {
			continue;
		} else if ((c == '\n' || c == '\r' || c == ' ') && n == 48) {
			continue;  /* trailing newline from a file or a paste */
		} else {
			goto bad;
		}
	}
	if (n != 48)
		goto bad;

	*bad_groups = 0;
	for (g = 0; g < BDE_RECOVERY_GROUPS; g++) {
		if (bde_recovery_group_check(digits + 6 * g, 6) != BDE_OK)
			*bad_groups |= (uint8_t)(1u << g);
		else
			put_le16(key + 2 * g, (uint16_t)(group_value(digits + 6 * g) / 11));
	}
	wipe(digits, sizeof(digits));
	return *bad_groups ? BDE_ERR_BAD_FORMAT : BDE_OK;
bad:
	wipe(digits, sizeof(digits));
	return BDE_ERR_BAD_FORMAT;
}
