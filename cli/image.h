/** @file
 * Disk image files as struct bde_io, and the partitions inside them.
 */
#ifndef CLI_IMAGE_H
#define CLI_IMAGE_H

#include <stdint.h>
#include "bde/io.h"

struct image {
	int fd;
	uint64_t size;
};

/* A byte range of an image, read through struct bde_io. */
struct image_region {
	const struct image *image;
	uint64_t start;
};

/*
 * Open PATH read-only. Returns 0, -1 with errno set, or IMAGE_NOT_SEEKABLE
 * for anything but a regular file or a block device (a pipe, a directory).
 */
#define IMAGE_NOT_SEEKABLE (-2)
int image_open(struct image *img, const char *path);
void image_close(struct image *img);

/* An io reading SIZE bytes of IMG from START; REGION must outlive IO. */
void image_region_io(struct image_region *region, const struct image *img,
		     uint64_t start, uint64_t size, struct bde_io *io);

#define MAX_PARTITIONS 128

struct partition {
	unsigned number;       /* 1-based, as the table numbers it */
	uint64_t start;        /* bytes */
	uint64_t size;         /* bytes of it the image holds */
	uint64_t table_size;   /* bytes the table gives it: more if the image is cut */
};

/*
 * The partitions of a GPT (512- or 4096-byte sectors) or MBR (primary
 * entries) table in IMG. Returns how many (0 if there is no table), or -1
 * on a read error. Entries running past the end of the image are cut to
 * it (size < table_size; 0 if they lie wholly past it).
 */
int partitions_read(const struct image *img, struct partition *parts, int max);

#endif
