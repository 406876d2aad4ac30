/** @file
 * Detecting BitLocker from the boot sector, and checking and parsing one
 * FVE metadata copy (bde/copies.c reads the three and picks one).
 *
 * On-disk layout of one copy (libyal's BDE format document, checked against
 * the corpus): a 64-byte block header, a 48-byte metadata header whose size
 * field covers itself and the entries, the entries, then (Windows 7+) a
 * validation block at 16 * (block header u16 at 8) whose CRC32 covers every
 * byte before it.
 */
#include <string.h>
#include "bde/crc32.h"
#include "bde/entry.h"
#include "bde/error.h"
#include "bde/le.h"
#include "bde/metadata.h"
#include "bde/protector.h"
#include "bde/utf16.h"
#include "crypto/sha256.h"

static const uint8_t fve_signature[8] = { '-', 'F', 'V', 'E', '-', 'F', 'S', '-' };
static const uint8_t togo_signature[8] = { 'M', 'S', 'W', 'I', 'N', '4', '.', '1' };

/* The BitLocker identifiers in the boot sector: normal and encrypt-on-write. */
static const uint8_t guid_normal[16] = {
	0x3b, 0xd6, 0x67, 0x49, 0x29, 0x2e, 0xd8, 0x4a,
	0x83, 0x99, 0xf6, 0xa3, 0x39, 0xe3, 0xd0, 0x01,
};
static const uint8_t guid_eow[16] = {
	0x3b, 0x4d, 0xa8, 0x92, 0x80, 0xdd, 0x0e, 0x4d,
	0x9e, 0x4e, 0xb1, 0xe3, 0x28, 0x4e, 0xae, 0xd8,
};

int bde_boot_sector_parse(struct bde_volume *vol, const uint8_t *s)
{
	uint32_t offsets_at;
	int i;

	if (memcmp(s + 3, fve_signature, 8) == 0) {
		if (s[0] == 0xeb && s[1] == 0x52 && s[2] == 0x90) {
			vol->kind = BDE_KIND_VISTA;
		} else {
			vol->kind = BDE_KIND_WIN7;
		}
	} else if (memcmp(s + 3, togo_signature, 8) == 0) {
		/* plain FAT32 volumes carry MSWIN4.1 too: the identifier decides */
		if (memcmp(s + 424, guid_normal, 16) && memcmp(s + 424, guid_eow, 16))
			return -BDE_ERR_NOT_BITLOCKER;
		vol->kind = BDE_KIND_TOGO;
	} else {
		return -BDE_ERR_NOT_BITLOCKER;
	}

	vol->sector_size = le16(s + 11);
	if (vol->sector_size == 0)
		vol->sector_size = 512;
	if (vol->sector_size != 512 && vol->sector_size != 4096)
		return -BDE_ERR_UNSUPPORTED;

	if (vol->kind == BDE_KIND_VISTA) {
		/* metadata block 1 as a cluster number at 56; NTFS's own count
		 * of sectors at 40 (the volume is at least that long) */
		uint64_t cluster = le64(s + 56), spc = s[13], sectors = le64(s + 40);

		if (spc == 0 || cluster > UINT64_MAX / spc / vol->sector_size)
			return -BDE_ERR_CORRUPT;
		vol->copies[0].offset = cluster * spc * vol->sector_size;
		if (sectors <= UINT64_MAX / vol->sector_size)
			vol->volume_size = sectors * vol->sector_size;
		vol->fve_area_len = BDE_VISTA_FVE_AREA_LEN;
		return 0;
	}
	offsets_at = vol->kind == BDE_KIND_TOGO ? 440 : 176;
	vol->eow = memcmp(s + offsets_at - 16, guid_eow, 16) == 0;
	for (i = 0; i < 3; i++)
		vol->copies[i].offset = le64(s + offsets_at + 8 * i);
	/* encrypt-on-write: the two information blocks follow (bde/eow.c) */
	if (vol->eow)
		for (i = 0; i < 2; i++)
			vol->eow_map.info_offset[i] = le64(s + offsets_at + 24 + 8 * i);
	vol->fve_area_len = BDE_FVE_AREA_LEN;
	return 0;
}

int bde_block_header_ok(const struct bde_volume *vol, const uint8_t *blob)
{
	return !memcmp(blob, fve_signature, 8) &&
	       le16(blob + 10) == (vol->kind == BDE_KIND_VISTA ? 1 : 2);
}

/* Copy a UTF-16LE string value into a fixed UTF-8 field (cut if too long). */
static void take_string(const struct bde_entry *e, char *out)
{
	bde_utf16le_to_utf8(e->data, e->data_len, out, BDE_TEXT_MAX);
}

/* Entries of the metadata proper: description, protectors, FVEK, header. */
static int parse_entries(struct bde_volume *vol, const uint8_t *blob,
			 uint64_t *header_len)
{
	struct bde_entry_iter it;
	struct bde_entry e;
	int r;

	bde_entry_iter_init(&it, blob, vol->entries_start, vol->entries_end);
	while ((r = bde_entry_next(&it, &e)) > 0) {
		if (e.type == BDE_ENTRY_DESCRIPTION && e.value_type == BDE_VALUE_STRING) {
			if (!vol->description[0])
				take_string(&e, vol->description);
		} else if (e.type == BDE_ENTRY_VMK && e.value_type == BDE_VALUE_VMK) {
			struct bde_protector p;

			r = bde_protector_parse(blob, &e, &p);
			if (r < 0)
				return r;
			/* more than we can list: the rest stay in the metadata */
			if (vol->n_protectors < BDE_MAX_PROTECTORS)
				vol->protectors[vol->n_protectors++] = p;
		} else if (e.type == BDE_ENTRY_FVEK && e.value_type == BDE_VALUE_AES_CCM) {
			if (!vol->fvek_entry_offset)
				vol->fvek_entry_offset = e.offset;
		} else if (e.type == BDE_ENTRY_VOLUME_HEADER &&
			   e.value_type == BDE_VALUE_OFFSET_SIZE) {
			if (e.data_len < 8)
				return -BDE_ERR_CORRUPT;
			vol->header_offset = le64(e.data);
			/* the size was added in Windows 8 */
			if (e.data_len >= 16)
				*header_len = le64(e.data + 8);
		}
	}
	return r;
}

void bde_metadata_forget(struct bde_volume *vol)
{
	vol->description[0] = '\0';
	vol->recovery_message[0] = '\0';
	vol->recovery_url[0] = '\0';
	vol->n_protectors = 0;
	vol->fvek_entry_offset = 0;
	vol->validation_offset = 0;
	vol->validation_len = 0;
	vol->validation_plain = 0;
	vol->entries_start = 0;
	vol->entries_end = 0;
}

/*
 * Windows 7 on: the validation block at 16 * (u16 at 8): u16 size, u16
 * version 2, u32 CRC32 of every byte before it, then the AES-CCM entry
 * with the SHA-256 only the VMK opens. Every copy Windows writes has one
 * (all 16 corpus images do): a missing one is damage, not an older
 * format, else one flipped bit at 8 would turn both checks off.
 *
 * A decrypted volume has no VMK: its validation holds the SHA-256 itself,
 * as a plain key of type 0x2005 (seen on a volume whose BitLocker was
 * turned off). It is checked here; no other state may use it, else a
 * flipped bit could trade the keyed check for an unkeyed one.
 */
#define KEY_TYPE_SHA256 0x2005

static int check_plain_hash(const uint8_t *blob, uint32_t vstart, const struct bde_entry *e)
{
	uint8_t digest[SHA256_LEN];

	if (le16(blob + 12) != BDE_STATE_DECRYPTED || e->data_len != 4 + SHA256_LEN ||
	    le32(e->data) != KEY_TYPE_SHA256)
		return -BDE_ERR_CORRUPT;
	sha256(blob, vstart, digest);
	return memcmp(digest, e->data + 4, SHA256_LEN) ? -BDE_ERR_CORRUPT : 0;
}

static int parse_validation(struct bde_volume *vol, const uint8_t *blob, uint32_t len,
			    uint32_t block_len)
{
	uint32_t vstart = 16u * le16(blob + 8), vlen;
	struct bde_entry_iter it;
	struct bde_entry e;

	if (vstart < block_len || vstart > len - 8 || le16(blob + vstart) < 8 ||
	    le16(blob + vstart + 2) != 2)
		return -BDE_ERR_CORRUPT;
	if (bde_crc32(0, blob, vstart) != le32(blob + vstart + 4))
		return -BDE_ERR_CORRUPT;
	/* its size runs to the end of the 64 KiB area: keep what we have */
	vlen = le16(blob + vstart);
	if (vlen > len - vstart)
		vlen = len - vstart;
	bde_entry_iter_init(&it, blob, vstart + 8, vstart + vlen);
	if (bde_entry_next(&it, &e) <= 0)
		return -BDE_ERR_CORRUPT;
	vol->validation_plain = e.value_type == BDE_VALUE_KEY;
	if (vol->validation_plain) {
		if (check_plain_hash(blob, vstart, &e) < 0)
			return -BDE_ERR_CORRUPT;
	} else if (e.value_type != BDE_VALUE_AES_CCM) {
		return -BDE_ERR_CORRUPT;
	}
	vol->validation_offset = vstart;
	vol->validation_len = 8 + e.size;
	return 0;
}

static int parse_copy(struct bde_volume *vol, const uint8_t *blob, uint32_t len)
{
	uint32_t msize, block_len;
	uint16_t version;
	uint64_t header_len;
	int r;

	if (len < BDE_BLOCK_HEADER_LEN + BDE_METADATA_HEADER_LEN || !vol->sector_size ||
	    !bde_block_header_ok(vol, blob))
		return -BDE_ERR_CORRUPT;
	version = le16(blob + 10);

	/* metadata header: size covers itself and the entries */
	msize = le32(blob + 64);
	if (le32(blob + 68) != 1 || le32(blob + 72) != BDE_METADATA_HEADER_LEN ||
	    le32(blob + 76) != msize || msize < BDE_METADATA_HEADER_LEN)
		return -BDE_ERR_CORRUPT;
	if (msize > len - BDE_BLOCK_HEADER_LEN)
		return msize > BDE_METADATA_MAX - BDE_BLOCK_HEADER_LEN ?
			-BDE_ERR_TOO_LARGE : -BDE_ERR_CORRUPT;

	block_len = BDE_BLOCK_HEADER_LEN + msize;
	if (version == 2) {
		r = parse_validation(vol, blob, len, block_len);
		if (r < 0)
			return r;
	}

	vol->version = version;
	vol->state_current = le16(blob + 12);
	vol->state_next = le16(blob + 14);
	memcpy(vol->volume_guid, blob + 80, 16);
	vol->method = le16(blob + 100);
	vol->creation_time = le64(blob + 104);
	vol->entries_start = BDE_BLOCK_HEADER_LEN + BDE_METADATA_HEADER_LEN;
	vol->entries_end = block_len;

	/* each copy names all three, in whole sectors; whether they agree with
	 * the boot sector and the other copies is bde/copies.c's business */
	for (int i = 0; i < 3; i++)
		if (le64(blob + 32 + 8 * i) % vol->sector_size)
			return -BDE_ERR_CORRUPT;
	if (version == 2) {
		vol->encrypted_size = le64(blob + 16);
		vol->state_log_len = le32(blob + 24);
		vol->header_sectors = le32(blob + 28);
		vol->header_offset = le64(blob + 56);
	} else {
		vol->encrypted_size = vol->volume_size;
		vol->header_sectors = 0;
		vol->header_offset = 0;
		vol->state_log_len = 0;
		vol->vista_mft_mirror = le64(blob + 56);
	}

	header_len = (uint64_t)vol->header_sectors * vol->sector_size;
	r = parse_entries(vol, blob, &header_len);
	if (r < 0)
		return r;

	if (version == 2) {
		/* the relocated boot sectors: inside the volume, whole sectors;
		 * the volume is as large as what was encrypted of it, even where
		 * the image is cut short (the view reads what is there) */
		uint64_t size = vol->encrypted_size > vol->volume_size ?
			vol->encrypted_size : vol->volume_size;

		if (header_len % vol->sector_size || header_len > size ||
		    header_len / vol->sector_size > UINT32_MAX ||
		    vol->header_offset % vol->sector_size ||
		    vol->header_offset > size - header_len)
			return -BDE_ERR_CORRUPT;
		vol->header_sectors = (uint32_t)(header_len / vol->sector_size);
		if (vol->encrypted_size % vol->sector_size)
			return -BDE_ERR_CORRUPT;
	}
	return 0;
}

/*
 * The copies share vol->metadata: a copy rejected halfway must not leave
 * protectors or offsets that now point into another copy's bytes.
 */
int bde_metadata_parse(struct bde_volume *vol, const uint8_t *blob, uint32_t len)
{
	int r;

	bde_metadata_forget(vol);
	r = parse_copy(vol, blob, len);
	if (r < 0)
		bde_metadata_forget(vol);
	return r;
}
