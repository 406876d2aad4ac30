/** @file
 * Startup keys: .BEK files, and unlocking with them.
 *
 * A .BEK file is a 48-byte header shaped like the FVE metadata header (u32
 * size, version 1, header size 48, size copy, key GUID, nonce counter,
 * method, FILETIME) and entries: one startup key entry (type 6) holding an
 * external key value (type 9): the key's GUID, a FILETIME, and properties,
 * among them the 32-byte key and, since Windows 11, the volume's GUID.
 */
#include <string.h>
#include "bde/bek.h"
#include "bde/error.h"
#include "bde/entry.h"
#include "bde/le.h"

#define BEK_HEADER_LEN 48
#define EXTERNAL_KEY_HEAD_LEN 24  /* GUID, FILETIME */

int bde_bek_parse(const uint8_t *bek, size_t len, const uint8_t volume_guid[16],
		  const uint8_t **key_guid, const uint8_t **key)
{
	struct bde_entry ext, prop;
	struct bde_entry_iter it;
	uint32_t size;
	int r;

	*key = NULL;
	if (len < BEK_HEADER_LEN || len > BDE_BEK_MAX)
		return BDE_ERR_BAD_FORMAT;
	size = le32(bek);
	if (size != len || le32(bek + 4) != 1 || le32(bek + 8) != BEK_HEADER_LEN ||
	    le32(bek + 12) != size)
		return BDE_ERR_BAD_FORMAT;
	r = bde_entry_find(bek, BEK_HEADER_LEN, size, BDE_ENTRY_STARTUP_KEY,
			   BDE_VALUE_EXTERNAL_KEY, &ext);
	if (r <= 0 || ext.data_len < EXTERNAL_KEY_HEAD_LEN)
		return BDE_ERR_BAD_FORMAT;
	*key_guid = ext.data;

	bde_entry_iter_init(&it, bek, ext.offset + BDE_ENTRY_HEADER_LEN + EXTERNAL_KEY_HEAD_LEN,
			    ext.offset + ext.size);
	while ((r = bde_entry_next(&it, &prop)) > 0) {
		if (prop.value_type == BDE_VALUE_KEY && prop.data_len >= 4 + 32 && !*key)
			*key = prop.data + 4;
		/* a key made for another volume cannot open this one */
		if (prop.value_type == BDE_VALUE_GUID && prop.data_len >= 16 &&
		    memcmp(prop.data, volume_guid, 16))
			return BDE_ERR_WRONG_KEY;
	}
	if (r < 0 || !*key)
		return BDE_ERR_BAD_FORMAT;
	return BDE_OK;
}
