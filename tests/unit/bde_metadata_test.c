/** @file
 * Parsing one real FVE metadata copy, and refusing damaged ones.
 *
 * Vector: bitlk-aes-xts-128.img's first copy (bde_vectors.h); expected
 * values from images.conf and worked-example.md.
 */
#include <string.h>
#include "check.h"
#include "bde/bde.h"
#include "bde/guid.h"
#include "bde/metadata.h"
#include "bde_vectors.h"

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */
static uint8_t blob[XTS128_METADATA_LEN];

/*
 * Damage that used to turn the validation off silently (a Windows 7+ copy
 * without a validation block was taken as is): the copy's validation
 * block starts at 880 (16 * 0x37), its AES-CCM entry at 888.
 */
static const struct {
	uint32_t at;
	uint8_t xor;
} no_validation[] = {
	{ 8, 0x37 },      /* u16 at 8 zeroed: no validation block named */
	{ 9, 0x10 },      /* named past the 64 KiB area */
	{ 8, 0x36 },      /* named inside the metadata (at 16) */
	{ 882, 0x01 },    /* validation version 3 */
	{ 888, 0x50 },    /* no entry after it (size 0) */
	{ 889, 0xff },    /* an entry running past the end */
	{ 892, 0x05 },    /* an entry that is no AES-CCM value */
	{ 884, 0x01 },    /* its CRC32 */
};

static int parse(void)
{
	xts128_volume_init(vol);
	return bde_metadata_parse(vol, blob, sizeof(blob));
}

SELFTEST(bde_metadata)
{
	char guid[BDE_GUID_TEXT_LEN];

	vol = check_alloc(sizeof(*vol));
	if (!vol)
		return;
	check(check_unhex(xts128_metadata_hex, blob, sizeof(blob)) == sizeof(blob));
	check(parse() == 0);
	bde_guid_format(vol->volume_guid, guid);
	check(strcmp(guid, "{8F595209-F5B9-49A0-85D4-CB8F80258C27}") == 0);
	check(vol->version == 2 && vol->method == 0x8004);
	check(strcmp(vol->description, "DESKTOP-NPM7RCA H: 7/4/2019") == 0);
	check(vol->encrypted_size == XTS128_VOLUME_SIZE);
	check(vol->header_offset == XTS128_HEADER_OFFSET && vol->header_sectors == 16);
	check(vol->validation_offset == 880);  /* CRC32 present and matched */
	check(vol->n_protectors == 2);
	bde_guid_format(vol->protectors[0].guid, guid);
	check(vol->protectors[0].type == 0x2000 &&
	      strcmp(guid, "{3E55195C-8811-4D9B-97B4-2B9E5F8F5384}") == 0);
	bde_guid_format(vol->protectors[1].guid, guid);
	check(vol->protectors[1].type == 0x0800 &&
	      strcmp(guid, "{64311DEA-4587-4029-924A-BA299647998E}") == 0);
	check(vol->fvek_entry_offset != 0);

	/* one changed byte in the description: the CRC32 no longer matches */
	blob[120] ^= 1;
	check(parse() == -BDE_ERR_CORRUPT);
	blob[120] ^= 1;
	/* a metadata size past the buffer */
	blob[66] = 0x10;
	check(parse() < 0);
	blob[66] = 0;
	/* the copy names an offset that is not a whole sector (the boot
	 * sector's opinion is bde_copies_test's) */
	blob[33] ^= 1;
	check(parse() == -BDE_ERR_CORRUPT);
	blob[33] ^= 1;
	check(parse() == 0);
	for (size_t i = 0; i < sizeof(no_validation) / sizeof(no_validation[0]); i++) {
		blob[no_validation[i].at] ^= no_validation[i].xor;
		check(parse() == -BDE_ERR_CORRUPT);
		blob[no_validation[i].at] ^= no_validation[i].xor;
	}
	check(parse() == 0 && vol->validation_len == 8 + 0x50);
	/* cut short before the metadata header ends */
	check(bde_metadata_parse(vol, blob, 100) == -BDE_ERR_CORRUPT);
	check_free(vol, sizeof(*vol));
}
