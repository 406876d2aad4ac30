/** @file
 * File names: UTF-16 units from disk and from UTF-8, and NTFS's
 * directory order (names compared through the volume's $UpCase table).
 */
#include "ntfs/internal.h"
#include "bde/le.h"
#include "bde/utf16.h"

static uint16_t upcase_unit(uint16_t c, const uint16_t *upcase)
{
	if (upcase)
		return upcase[c];
	return c >= 'a' && c <= 'z' ? (uint16_t)(c - 32) : c;
}

int ntfs_name_compare(const uint16_t *a, size_t a_len, const uint16_t *b, size_t b_len,
		      const uint16_t *upcase, int exact)
{
	size_t n = a_len < b_len ? a_len : b_len;

	for (size_t i = 0; i < n; i++) {
		uint16_t ca = upcase_unit(a[i], upcase), cb = upcase_unit(b[i], upcase);

		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	if (a_len != b_len)
		return a_len < b_len ? -1 : 1;
	if (exact)
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return a[i] < b[i] ? -1 : 1;
	return 0;
}

void ntfs_name_load(const uint8_t *le, size_t units, uint16_t *out)
{
	for (size_t i = 0; i < units; i++)
		out[i] = le16(le + 2 * i);
}

long ntfs_name_from_utf8(const char *s, size_t len, uint16_t *out, size_t max)
{
	uint8_t le[2 * NTFS_NAME_MAX];
	long bytes;

	if (max > NTFS_NAME_MAX)
		max = NTFS_NAME_MAX;
	bytes = bde_utf8_to_utf16le(s, len, le, 2 * max);
	if (bytes < 0)
		return -1;
	ntfs_name_load(le, (size_t)bytes / 2, out);
	return bytes / 2;
}
