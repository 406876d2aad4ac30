/** @file
 * A cache of small reads through a struct bde_io.
 *
 * The NTFS reader asks for one MFT record (1-4 KiB) or index block at a
 * time; every ask was a device read, and a decryption, of its own. Listing
 * 10,000 names was 11,072 reads. Here small reads are served from whole
 * blocks read once: direct-mapped, block number modulo the slot count.
 * Reads of a block or more go straight through, as do blocks the device
 * cannot give whole (a damaged area, an image cut short): the caller then
 * sees the error of exactly its own bytes. The cache never writes and
 * keeps no state but its slots, so it may be dropped at any time.
 */
#ifndef BDE_IO_CACHE_H
#define BDE_IO_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include "bde/io.h"

#define IO_CACHE_BLOCK (64u << 10)
#define IO_CACHE_SLOTS 64
/* The caller's memory io_cache_init takes: blocks of decrypted data. */
#define IO_CACHE_BYTES ((size_t)IO_CACHE_SLOTS * IO_CACHE_BLOCK)

struct io_cache {
	struct bde_io under;                /* the reads being cached */
	uint8_t *blocks;                    /* IO_CACHE_BYTES of the caller's */
	uint64_t tag[IO_CACHE_SLOTS];       /* block number + 1; 0: empty */
};

/*
 * Cache reads of UNDER in BLOCKS (IO_CACHE_BYTES); *IO becomes the cached
 * reads (same size), valid while CACHE is. BLOCKS holds what was read:
 * wipe it when done if that is secret.
 */
void io_cache_init(struct io_cache *cache, const struct bde_io *under, void *blocks,
		   struct bde_io *io);

#endif
