/** @file
 * bde_open(): detect BitLocker and load the metadata.
 */
#include <string.h>
#include "bde/bde.h"
#include "bde/copies.h"
#include "bde/metadata.h"

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
	if (vol->io.read(vol->io.ctx, vol->header_offset, vol->bounce, 512))
		return BDE_ERR_IO;
	vol->header_plain = (uint8_t)is_plain_boot_sector(vol->bounce);
	return BDE_OK;
}

int bde_open(struct bde_volume *vol, const struct bde_io *io)
{
	int r;

	memset(vol, 0, sizeof(*vol));
	vol->io = *io;
	vol->unlocked_by = -1;
	vol->copy_used = -1;   /* until bde_metadata_load() finds a good copy */
	if (io->size < 512)
		return BDE_ERR_NOT_BITLOCKER;
	if (io->read(io->ctx, 0, vol->bounce, 512))
		return BDE_ERR_IO;
	r = -bde_boot_sector_parse(vol, vol->bounce);
	if (r != BDE_OK)
		return r;
	/* the view is whole sectors; a ragged tail cannot be decrypted */
	vol->volume_size = io->size - io->size % vol->sector_size;
	r = bde_metadata_load(vol);
	if (r == BDE_OK && vol->eow && vol->header_sectors)
		r = check_plain_header(vol);
	return r;
}

uint64_t bde_view_size(const struct bde_volume *vol)
{
	return vol->volume_size;
}
