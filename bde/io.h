/** @file
 * How the core reads a volume: one callback, so the same code serves an
 * image file on the host and a DiskIo device in firmware.
 */
#ifndef BDE_IO_H
#define BDE_IO_H

#include <stddef.h>
#include <stdint.h>

struct bde_io {
	/* Read LEN bytes at byte OFFSET from the start of the volume.
	 * Returns 0, or non-zero on a device error or a read past the end. */
	int (*read)(void *ctx, uint64_t offset, void *buf, size_t len);
	void *ctx;
	uint64_t size;        /* bytes in the volume (the partition) */
};

#endif
