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
	const char *group[BDE_RECOVERY_GROUPS];
	size_t glen[BDE_RECOVERY_GROUPS], len = 0, i;
	int n = 0, g, separated = 0;

	*bad_groups = 0xff;
	while (text[len])
		len++;
	/* a trailing newline from a file or a paste is not part of it */
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
		len--;
	for (i = 0; i < len; i++)
		if (text[i] == '-' || text[i] == ' ')
			separated = 1;

	if (separated) {
		/* groups between single separators; their lengths are checked below
		 * so that a short group is named rather than the whole password */
		for (i = 0; i <= len; i++) {
			size_t start = i;

			while (i < len && text[i] != '-' && text[i] != ' ')
				i++;
			if (n == BDE_RECOVERY_GROUPS || i == start)
				return BDE_ERR_BAD_FORMAT;
			group[n] = text + start;
			glen[n++] = i - start;
		}
		if (n != BDE_RECOVERY_GROUPS)
			return BDE_ERR_BAD_FORMAT;
	} else {
		if (len != 6 * BDE_RECOVERY_GROUPS)
			return BDE_ERR_BAD_FORMAT;
		for (g = 0; g < BDE_RECOVERY_GROUPS; g++) {
			group[g] = text + 6 * g;
			glen[g] = 6;
		}
	}

	*bad_groups = 0;
	for (g = 0; g < BDE_RECOVERY_GROUPS; g++) {
		if (bde_recovery_group_check(group[g], glen[g]) != BDE_OK)
			*bad_groups |= (uint8_t)(1u << g);
		else
			put_le16(key + 2 * g, (uint16_t)(group_value(group[g]) / 11));
	}
	if (*bad_groups)
		wipe(key, 16);
	return *bad_groups ? BDE_ERR_BAD_FORMAT : BDE_OK;
}
