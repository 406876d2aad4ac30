/** @file
 * Parsing .BEK startup key files.
 */
#ifndef BDE_BEK_H
#define BDE_BEK_H

#include <stddef.h>
#include <stdint.h>

#define BDE_BEK_MAX 0x10000  /* real ones are under 200 bytes */

/*
 * Check the BEK file BEK[0, LEN) and point *KEY_GUID at its key's GUID
 * (the protector ID it belongs to) and *KEY at its 32-byte key, both inside
 * BEK. Returns BDE_OK, BDE_ERR_BAD_FORMAT, or BDE_ERR_WRONG_KEY if the file
 * names a volume other than VOLUME_GUID.
 */
int bde_bek_parse(const uint8_t *bek, size_t len, const uint8_t volume_guid[16],
		  const uint8_t **key_guid, const uint8_t **key);

#endif
