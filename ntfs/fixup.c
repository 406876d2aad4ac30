/** @file
 * Update-sequence fixups: NTFS writes a check value over the last two
 * bytes of every 512-byte stride of a multi-sector record (MFT record,
 * index block), keeping the real bytes in an array; a torn write shows as
 * a stride whose check value differs.
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"

#define STRIDE 512

int ntfs_fixup(uint8_t *buf, size_t size, const char magic[4])
{
	uint16_t usa_offset, usa_count, check;
	size_t strides = size / STRIDE;

	if (size < STRIDE || size % STRIDE || memcmp(buf, magic, 4) != 0)
		return NTFS_ERR_CORRUPT;
	usa_offset = le16(buf + 4);
	usa_count = le16(buf + 6);
	/* one check value, then one saved pair per stride */
	if (usa_count != strides + 1 || usa_offset & 1 || usa_offset < 8 ||
	    (size_t)usa_offset + 2u * usa_count > STRIDE - 2)
		return NTFS_ERR_CORRUPT;
	check = le16(buf + usa_offset);
	for (size_t i = 0; i < strides; i++) {
		uint8_t *tail = buf + (i + 1) * STRIDE - 2;

		if (le16(tail) != check)
			return NTFS_ERR_CORRUPT;
		memcpy(tail, buf + usa_offset + 2 + 2 * i, 2);
	}
	return NTFS_OK;
}
