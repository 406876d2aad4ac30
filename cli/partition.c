/** @file
 * GPT and MBR partition tables, bounds-checked against the image.
 *
 * GPT: header "EFI PART" at LBA 1 (u64 entries LBA at 72, u32 count at 80,
 * u32 entry size at 84); each entry has a type GUID (zero = unused), first
 * and last LBA at 32 and 40. MBR: four 16-byte entries at 446, type at 4,
 * u32 first sector at 8, u32 sector count at 12; type 0xEE marks GPT.
 * An extended partition (0x05, 0x0F, 0x85) holds a chain of EBRs: entry 0
 * is a logical partition relative to its EBR, entry 1 the next EBR
 * relative to the extended partition. Logical partitions number from 5.
 */
#include <string.h>
#include <unistd.h>
#include "bde/le.h"
#include "cli/image.h"

static int read_at(const struct image *img, uint64_t offset, void *buf, size_t len)
{
	if (offset > img->size || len > img->size - offset)
		return -1;
	return pread(img->fd, buf, len, (off_t)offset) == (ssize_t)len ? 0 : -1;
}

/*
 * A partition that runs past the end of the image is kept, cut to what
 * is there (a partial image is still worth rescuing); main.c says so.
 */
static int add(const struct image *img, struct partition *parts, int n, int max,
	       unsigned number, uint64_t start, uint64_t size)
{
	if (n >= max || size == 0)
		return n;
	parts[n].number = number;
	parts[n].start = start;
	parts[n].table_size = size;
	if (start >= img->size)
		parts[n].size = 0;
	else
		parts[n].size = size < img->size - start ? size : img->size - start;
	return n + 1;
}

static int gpt_read(const struct image *img, uint32_t lba_size,
		    struct partition *parts, int max)
{
	static const uint8_t zero[16];
	uint8_t hdr[92], entry[128];
	uint64_t table;
	uint32_t count, esize, i;
	int n = 0;

	if (read_at(img, lba_size, hdr, sizeof(hdr)) || memcmp(hdr, "EFI PART", 8))
		return 0;
	table = le64(hdr + 72);
	count = le32(hdr + 80);
	esize = le32(hdr + 84);
	if (esize < 128 || esize > 4096 || count > 1024 || table > img->size / lba_size)
		return 0;
	for (i = 0; i < count; i++) {
		uint64_t first, last;

		if (read_at(img, table * lba_size + (uint64_t)i * esize, entry, sizeof(entry)))
			break;
		if (!memcmp(entry, zero, 16))
			continue;
		first = le64(entry + 32);
		last = le64(entry + 40);
		if (last < first || last >= UINT64_MAX / lba_size)
			continue;
		n = add(img, parts, n, max, i + 1, first * lba_size,
			(last - first + 1) * lba_size);
	}
	return n;
}

#define MAX_LOGICAL 128  /* a chain longer than this is a loop */

static int is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

static int ebr_chain_read(const struct image *img, uint64_t ext_start,
			  struct partition *parts, int n, int max)
{
	uint8_t ebr[512];
	uint64_t next = 0;
	unsigned number = 5;
	int i;

	for (i = 0; i < MAX_LOGICAL; i++) {
		const uint8_t *e0 = ebr + 446, *e1 = ebr + 462;
		uint64_t here = ext_start + next;

		if (read_at(img, here * 512, ebr, sizeof(ebr)) ||
		    ebr[510] != 0x55 || ebr[511] != 0xAA)
			break;
		if (e0[4] != 0)
			n = add(img, parts, n, max, number++, (here + le32(e0 + 8)) * 512,
				(uint64_t)le32(e0 + 12) * 512);
		if (!is_extended(e1[4]) || le32(e1 + 8) == 0)
			break;
		next = le32(e1 + 8);
	}
	return n;
}

int partitions_read(const struct image *img, struct partition *parts, int max)
{
	uint8_t mbr[512];
	uint64_t ext_start = 0;
	int i, n = 0;

	if (read_at(img, 0, mbr, sizeof(mbr)))
		return 0;
	if (mbr[510] != 0x55 || mbr[511] != 0xAA)
		return 0;
	for (i = 0; i < 4; i++)
		if (mbr[446 + 16 * i + 4] == 0xEE) {
			n = gpt_read(img, 512, parts, max);
			return n ? n : gpt_read(img, 4096, parts, max);
		}
	for (i = 0; i < 4; i++) {
		const uint8_t *e = mbr + 446 + 16 * i;

		/* a boot sector is not a table: entries have status 0 or 0x80 */
		if (e[0] != 0 && e[0] != 0x80)
			return 0;
	}
	for (i = 0; i < 4; i++) {
		const uint8_t *e = mbr + 446 + 16 * i;

		if (e[4] == 0)
			continue;
		if (is_extended(e[4])) {
			ext_start = le32(e + 8);
			continue;
		}
		n = add(img, parts, n, max, (unsigned)i + 1, (uint64_t)le32(e + 8) * 512,
			(uint64_t)le32(e + 12) * 512);
	}
	if (ext_start)
		n = ebr_chain_read(img, ext_start, parts, n, max);
	return n;
}
