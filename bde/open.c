/** @file
 * bde_open(): detect BitLocker and load the metadata.
 */
#include <string.h>
#include "bde/bde.h"
#include "bde/copies.h"
#include "bde/eow.h"
#include "bde/metadata.h"

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
	vol->device_size = io->size - io->size % vol->sector_size;
	if (vol->volume_size < vol->device_size)
		vol->volume_size = vol->device_size;
	r = bde_metadata_load(vol);
	if (r != BDE_OK)
		return r;
	/* what was encrypted of the volume is in it: an image cut short
	 * shows here, and is said to be */
	if (vol->encrypted_size > vol->volume_size)
		vol->volume_size = vol->encrypted_size;
	return bde_eow_load(vol);
}

uint64_t bde_view_size(const struct bde_volume *vol)
{
	return vol->device_size;
}
