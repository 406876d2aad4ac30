/** @file
 * Reading the three FVE metadata copies and choosing the one in use.
 *
 * The boot sector names where the copies lie (Vista: only the first), and
 * each copy's block header names all three again (u64s at 32, 40, 48). A
 * copy is good when it parses, passes its checks and its own header puts
 * it where it was read. The good copies outvote the boot sector: a flipped
 * bit in the boot sector's table must not lock the user out of a volume
 * whose metadata is intact.
 */
#include <string.h>
#include "bde/copies.h"
#include "bde/crc32.h"
#include "bde/error.h"
#include "bde/le.h"
#include "bde/metadata.h"

/* Where a copy's block header says the copies lie. */
struct table {
	uint64_t at[3];
};

static void header_table(const uint8_t *blob, struct table *t)
{
	for (int i = 0; i < 3; i++)
		t->at[i] = le64(blob + 32 + 8 * i);
}

static int same_table(const struct table *a, const struct table *b)
{
	return !memcmp(a->at, b->at, sizeof(a->at));
}

/* Can a copy be read at OFFSET: whole sectors, inside the device? */
static int copy_offset_status(const struct bde_volume *vol, uint64_t offset)
{
	if (offset % vol->sector_size)
		return BDE_ERR_CORRUPT;
	if (offset >= vol->device_size || vol->device_size - offset < vol->fve_area_len)
		return BDE_COPY_PAST_END;
	return BDE_OK;
}

/*
 * Read copy I into vol->metadata and check it; *T gets its block header's
 * table. Returns the copy's status.
 */
static int load_copy(struct bde_volume *vol, int i, struct table *t)
{
	uint64_t offset = vol->copies[i].offset;
	uint32_t len;
	int r;

	r = copy_offset_status(vol, offset);
	if (r != BDE_OK)
		return r;
	len = BDE_METADATA_MAX < vol->fve_area_len ? BDE_METADATA_MAX : vol->fve_area_len;
	if (vol->io.read(vol->io.ctx, offset, vol->metadata, len))
		return BDE_ERR_IO;
	vol->metadata_len = len;
	header_table(vol->metadata, t);
	/* a copy found somewhere its own header does not name is not that
	 * copy; one that names a place twice would be counted twice */
	if (t->at[i] != offset || t->at[0] == t->at[1] || t->at[0] == t->at[2] ||
	    t->at[1] == t->at[2])
		return BDE_ERR_CORRUPT;
	r = -bde_metadata_parse(vol, vol->metadata, len);
	if (r != BDE_OK)
		return r;
	vol->copies[i].content_crc = bde_crc32(0, vol->metadata, vol->validation_offset ?
		vol->validation_offset + vol->validation_len : vol->entries_end);
	return BDE_OK;
}

/* A file system boot sector in the clear: "55 AA" and a known signature. */
static int is_plain_boot_sector(const uint8_t *s)
{
	return s[510] == 0x55 && s[511] == 0xAA &&
	       (!memcmp(s + 3, "NTFS    ", 8) || !memcmp(s + 3, "EXFAT   ", 8) ||
		!memcmp(s + 82, "FAT32   ", 8) || !memcmp(s + 54, "FAT", 3));
}

/*
 * Encrypt-on-write volumes ("used space only") in the corpus keep the
 * relocated boot sectors unencrypted: encrypted ones would show no boot
 * signature (a 2^-80 chance), so look before deciding how to read them.
 */
static int check_plain_header(struct bde_volume *vol)
{
	/* nor in an image cut short before them: the view cannot show them */
	if (!vol->eow || !vol->header_sectors || vol->header_offset >= vol->device_size)
		return BDE_OK;
	if (vol->io.read(vol->io.ctx, vol->header_offset, vol->bounce, 512))
		return BDE_ERR_IO;
	vol->header_plain = (uint8_t)is_plain_boot_sector(vol->bounce);
	return BDE_OK;
}

/*
 * The good copy whose table the most voters share: each good copy, and
 * the boot sector (BOOT). Ties go to the first. -1 if no copy is good.
 */
static int vote(const struct bde_volume *vol, const struct table tables[3],
		const struct table *boot)
{
	int best = -1, best_votes = 0;

	for (int i = 0; i < 3; i++) {
		int votes;

		if (vol->copies[i].status != BDE_OK)
			continue;
		votes = same_table(&tables[i], boot);
		for (int j = 0; j < 3; j++)
			votes += vol->copies[j].status == BDE_OK && same_table(&tables[i], &tables[j]);
		if (votes > best_votes) {
			best = i;
			best_votes = votes;
		}
	}
	return best;
}

/*
 * With the agreed table known: a good copy that disagrees is damaged, and
 * a copy the boot sector misplaced is read where the copies say it is.
 */
static void settle(struct bde_volume *vol, struct table tables[3], const struct table *agreed)
{
	for (int i = 0; i < 3; i++) {
		struct bde_metadata_copy *c = &vol->copies[i];

		if (c->offset != agreed->at[i]) {
			vol->boot_offsets_wrong |= (uint8_t)(1u << i);
			c->offset = agreed->at[i];
			c->status = load_copy(vol, i, &tables[i]);
			c->crc_checked = c->status == BDE_OK && vol->validation_offset != 0;
		}
		if (c->status == BDE_OK && !same_table(&tables[i], agreed)) {
			c->status = BDE_ERR_CORRUPT;
			c->crc_checked = 0;
		}
	}
}

/*
 * Vista's boot sector names only copy 1; copy 1's block header (STATUS, T:
 * from load_copy) names the others. A header that is whole and names
 * copy 1 where it was read is enough, even if the rest of copy 1 is
 * damaged: else one damaged copy would hide two good ones.
 */
static void vista_find_others(struct bde_volume *vol, int status, const struct table *t)
{
	uint64_t offset = vol->copies[0].offset;

	if (status != BDE_OK &&
	    (status == BDE_ERR_IO || copy_offset_status(vol, offset) != BDE_OK ||
	     !bde_block_header_ok(vol, vol->metadata) || t->at[0] != offset))
		return;
	for (int i = 1; i < 3; i++)
		if (t->at[i] != offset && t->at[i] % vol->sector_size == 0)
			vol->copies[i].offset = t->at[i];
}

int bde_metadata_load(struct bde_volume *vol)
{
	struct table tables[3], boot, agreed;
	int i, used = -1, r;

	for (i = 0; i < 3; i++)
		vol->copies[i].status = BDE_COPY_NOT_READ;
	if (vol->kind == BDE_KIND_VISTA) {
		r = load_copy(vol, 0, &tables[0]);
		vol->copies[0].status = r;
		vista_find_others(vol, r, &tables[0]);
	}
	for (i = 0; i < 3; i++)
		boot.at[i] = vol->copies[i].offset;

	/* check every copy, so that damage is reported (Vista's first: done) */
	for (i = vol->kind == BDE_KIND_VISTA; i < 3; i++) {
		if (!vol->copies[i].offset)
			continue;  /* not known: never read, never "ok" */
		r = load_copy(vol, i, &tables[i]);
		vol->copies[i].status = r;
		vol->copies[i].crc_checked = r == BDE_OK && vol->validation_offset != 0;
	}
	i = vote(vol, tables, &boot);
	if (i >= 0) {
		agreed = tables[i];
		settle(vol, tables, &agreed);
	}
	for (i = 0; i < 3 && used < 0; i++)
		if (vol->copies[i].status == BDE_OK)
			used = i;
	if (used < 0) {
		bde_metadata_forget(vol);
		for (i = 0; i < 3; i++)
			if (vol->copies[i].status == BDE_ERR_IO)
				return BDE_ERR_IO;
		return BDE_ERR_CORRUPT;
	}
	/* parse the chosen copy last so every field comes from it */
	return bde_metadata_use_copy(vol, used);
}

int bde_metadata_use_copy(struct bde_volume *vol, int i)
{
	struct table t;
	int r = load_copy(vol, i, &t);

	if (r != BDE_OK) {
		vol->copies[i].status = r;
		vol->copy_used = -1;
		bde_metadata_forget(vol);
		return r;
	}
	vol->copy_used = i;
	/* a read error here is the volume's, not the copy's */
	return check_plain_header(vol);
}
