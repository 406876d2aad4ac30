/** @file
 * $UpCase: the volume's own table of upper-case letters, which its
 * directories are sorted by. Read whole at open (128 KiB); a damaged one
 * falls back to a built-in table for ASCII and Latin-1 so that the volume
 * still opens (lookups of other letters may then miss).
 */
#include "ntfs/internal.h"
#include "bde/le.h"

static void builtin_table(uint16_t *up)
{
	for (uint32_t c = 0; c < 65536; c++)
		up[c] = (uint16_t)c;
	for (uint32_t c = 'a'; c <= 'z'; c++)
		up[c] = (uint16_t)(c - 32);
	for (uint32_t c = 0xE0; c <= 0xFE; c++)
		if (c != 0xF7)
			up[c] = (uint16_t)(c - 32);
	up[0xFF] = 0x178;
}

int ntfs_upcase_load(struct ntfs_volume *vol)
{
	uint8_t *raw = (uint8_t *)vol->upcase;
	int err = ntfs_attr_read(vol, SLOT_DIR, RECORD_UPCASE, AT_DATA, NULL, 0, 0, raw,
				 NTFS_UPCASE_BYTES);

	if (err) {
		builtin_table(vol->upcase);
		vol->upcase_loaded = 0;
		return NTFS_OK;
	}
	/* little-endian on disk; in place, front to back */
	for (uint32_t c = 0; c < 65536; c++)
		vol->upcase[c] = le16(raw + 2 * c);
	vol->upcase_loaded = 1;
	return NTFS_OK;
}
