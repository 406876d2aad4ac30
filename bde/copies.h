/** @file
 * The three FVE metadata copies: reading them, and choosing the one in use.
 */
#ifndef BDE_COPIES_H
#define BDE_COPIES_H

#include "bde/volume.h"

/*
 * Read and check every copy the boot sector points to (vol->copies[].status),
 * settle where the copies lie (vol->boot_offsets_wrong says where the boot
 * sector was wrong), and parse the first good copy into VOL. Returns BDE_OK,
 * BDE_ERR_CORRUPT if no copy is good, BDE_ERR_IO if that is for read errors.
 */
int bde_metadata_load(struct bde_volume *vol);

/*
 * Make good copy I the one in use: read and parse it again into VOL (the
 * unlock functions try another copy this way). If it is no longer good,
 * its status says why and no copy is in use.
 */
int bde_metadata_use_copy(struct bde_volume *vol, int i);

#endif
