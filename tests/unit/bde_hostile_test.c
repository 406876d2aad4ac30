/** @file
 * Hostile metadata: what a rejected copy leaves behind in struct bde_volume.
 *
 * bde_metadata_load() parses each copy into the same struct and the same
 * vol->metadata buffer; a copy rejected halfway (bad CRC32, or a malformed
 * entry after some protectors were read) must not leave protectors, an
 * FVEK offset or a description pointing into bytes that now belong to
 * another copy (the UI lists damaged volumes too).
 *
 * Vector: bitlk-aes-xts-128.img's first copy (bde_vectors.h).
 */
#include <string.h>
#include "check.h"
#include "bde/bde.h"
#include "bde/crc32.h"
#include "bde/le.h"
#include "bde/metadata.h"
#include "bde_vectors.h"

static struct bde_volume vol;
static uint8_t blob[XTS128_METADATA_LEN];

/* Parse BLOB into VOL as it stands, without clearing VOL first. */
static int parse_again(void)
{
	return bde_metadata_parse(&vol, blob, sizeof(blob));
}

static void setup(void)
{
	static const uint64_t offsets[3] = XTS128_METADATA_OFFSETS;
	int i;

	memset(&vol, 0, sizeof(vol));
	vol.kind = BDE_KIND_WIN7;
	vol.sector_size = 512;
	vol.volume_size = XTS128_VOLUME_SIZE;
	vol.fve_area_len = 0x10000;
	for (i = 0; i < 3; i++)
		vol.copies[i].offset = offsets[i];
	check_unhex(xts128_metadata_hex, blob, sizeof(blob));
}

static void check_nothing_parsed(void)
{
	check(vol.n_protectors == 0);
	check(vol.fvek_entry_offset == 0);
	check(vol.description[0] == '\0');
	check(vol.validation_offset == 0 && vol.validation_len == 0);
}

/* Offset of the first entry of TYPE in the blob's entry list, 0 if none. */
static uint32_t find_entry(uint16_t type)
{
	uint32_t pos = BDE_BLOCK_HEADER_LEN + BDE_METADATA_HEADER_LEN;
	uint32_t end = BDE_BLOCK_HEADER_LEN + le32(blob + 64);

	while (pos + 8 <= end && le16(blob + pos) >= 8) {
		if (le16(blob + pos + 2) == type)
			return pos;
		pos += le16(blob + pos);
	}
	return 0;
}

/* Rewrite the validation CRC32 after changing the blob. */
static void fix_crc(void)
{
	uint32_t vstart = 16u * le16(blob + 8), crc = bde_crc32(0, blob, vstart);

	blob[vstart + 4] = (uint8_t)crc;
	blob[vstart + 5] = (uint8_t)(crc >> 8);
	blob[vstart + 6] = (uint8_t)(crc >> 16);
	blob[vstart + 7] = (uint8_t)(crc >> 24);
}

SELFTEST(bde_hostile)
{
	uint32_t fvek;

	/* a good copy, then one whose CRC32 fails */
	setup();
	check(parse_again() == 0 && vol.n_protectors == 2);
	blob[120] ^= 1;
	check(parse_again() == -BDE_ERR_CORRUPT);
	check_nothing_parsed();

	/* a good copy, then one whose FVEK entry (after both protectors) is
	 * shorter than an entry header, with a matching CRC32 */
	setup();
	check(parse_again() == 0 && vol.n_protectors == 2);
	fvek = find_entry(0x0003);
	check(fvek != 0);
	blob[fvek] = 4;
	blob[fvek + 1] = 0;
	fix_crc();
	check(parse_again() == -BDE_ERR_CORRUPT);
	check_nothing_parsed();

	/* the same damaged copy into a fresh struct */
	setup();
	blob[fvek] = 4;
	blob[fvek + 1] = 0;
	fix_crc();
	check(parse_again() == -BDE_ERR_CORRUPT);
	check_nothing_parsed();
}
