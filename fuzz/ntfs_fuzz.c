/** @file
 * libFuzzer target for the NTFS reader (ntfs/): boot sector, MFT records,
 * attributes and attribute lists, runlists, index blocks, LZNT1.
 * Build with `make fuzz`; seed it with fuzz/ntfs_seeds.py (a small volume
 * made by mkntfs and ntfs-3g, in the input format below), then run
 * build/ntfs_fuzz [-max_total_time=N] CORPUS_DIR.
 *
 * An input is an 8 MiB volume written as a list of pieces, each
 * [u32 LE first sector][u16 LE sectors][u8 kind] and then, for kind 0,
 * that many 512-byte sectors of bytes, for kind 1 one byte they are all
 * filled with; the rest of the volume is zeros. Before reading, every
 * "FILE" record (1 KiB) and "INDX" block (4 KiB) gets its update-sequence
 * check values put back, so that mutations reach past the fixups.
 *
 * Then the volume is opened, its free space counted, every directory
 * listed (depth and entries bounded), every file stat'ed, looked up by
 * its path and read whole, and reparse targets read; the target traps
 * if a read reports more than it was asked for or a name is unterminated.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "bde/le.h"
#include "ntfs/ntfs.h"

#define SECTOR 512
#define VOLUME_SECTORS 16384            /* 8 MiB */
#define MAX_DEPTH 8
#define MAX_ENTRIES 3000
#define READ_MAX (256u << 10)

static uint8_t image[VOLUME_SECTORS * SECTOR];
static uint8_t work[NTFS_WORK_BYTES];
static uint8_t buf[64 << 10];
static struct ntfs_volume vol;
static unsigned entries_seen;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int image_read(void *ctx, uint64_t offset, void *out, size_t len)
{
	(void)ctx;
	if (offset > sizeof(image) || len > sizeof(image) - offset)
		return -1;
	memcpy(out, image + offset, len);
	return 0;
}

static void unpack(const uint8_t *data, size_t size)
{
	size_t pos = 0;

	memset(image, 0, sizeof(image));
	while (size - pos >= 7) {
		uint32_t first = le32(data + pos);
		uint32_t count = le16(data + pos + 4);
		uint8_t kind = data[pos + 6];

		pos += 7;
		if (first >= VOLUME_SECTORS)
			return;
		if (count > VOLUME_SECTORS - first)
			count = VOLUME_SECTORS - first;
		if (kind == 0) {
			size_t bytes = (size_t)count * SECTOR;

			if (bytes > size - pos)
				bytes = size - pos;
			memcpy(image + (size_t)first * SECTOR, data + pos, bytes);
			pos += bytes;
		} else {
			if (pos >= size)
				return;
			memset(image + (size_t)first * SECTOR, data[pos++], (size_t)count * SECTOR);
		}
	}
}

/* Put back the check values of each record or block of SIZE bytes with MAGIC. */
static void refix(const char *magic, size_t size)
{
	for (size_t at = 0; at + size <= sizeof(image); at += size) {
		uint8_t *r = image + at;
		uint32_t usa = le16(r + 4), count = le16(r + 6);

		if (memcmp(r, magic, 4) != 0 || count != size / SECTOR + 1 ||
		    usa + 2 * count > SECTOR)
			continue;
		for (uint32_t i = 1; i < count; i++)
			memcpy(r + i * SECTOR - 2, r + usa, 2);
	}
}

static void read_file(uint64_t ref)
{
	struct ntfs_file f;
	uint64_t offset = 0;
	size_t got;

	if (ntfs_file_open(&vol, ref, &f) != NTFS_OK)
		return;
	while (offset < READ_MAX) {
		if (ntfs_file_read(&f, offset, buf, sizeof(buf), &got) != NTFS_OK || got == 0)
			break;
		if (got > sizeof(buf))
			__builtin_trap();
		offset += got;
	}
	/* and a read in the middle of a compression unit */
	ntfs_file_read(&f, 4097, buf, 9000, &got);
}

static void walk(uint64_t dir, char *path, size_t path_len, int depth)
{
	struct ntfs_dir it;
	struct ntfs_info e;
	int err;

	if (depth > MAX_DEPTH || ntfs_dir_open(&vol, dir, &it) != NTFS_OK)
		return;
	while ((err = ntfs_dir_next(&it, &e)) != NTFS_END && entries_seen < MAX_ENTRIES) {
		size_t name_len;
		uint64_t found;
		char target[512];

		entries_seen++;
		if (err)
			continue;
		name_len = strnlen(e.name, sizeof(e.name));
		if (name_len == sizeof(e.name) || e.name16_len > NTFS_NAME_MAX)
			__builtin_trap();
		if (path_len + 1 + name_len + 1 > 4096)
			continue;
		path[path_len] = '/';
		memcpy(path + path_len + 1, e.name, name_len + 1);
		ntfs_lookup(&vol, NTFS_ROOT, path, &found);
		ntfs_reparse_target(&vol, e.ref, target, sizeof(target));
		if (e.flags & NTFS_F_DIR)
			walk(e.ref, path, path_len + 1 + name_len, depth + 1);
		else
			read_file(e.ref);
		path[path_len] = '\0';
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bde_io io = { image_read, NULL, sizeof(image) };
	static char path[4096];
	struct ntfs_info info;
	uint64_t free_bytes, ref;

	unpack(data, size);
	refix("FILE", 1024);
	refix("INDX", 4096);
	if (ntfs_open(&vol, &io, work, sizeof(work)) != NTFS_OK)
		return 0;
	ntfs_free_space(&vol, &free_bytes);
	for (uint64_t r = 0; r < 48; r++)
		ntfs_stat(&vol, r, &info);
	ntfs_lookup(&vol, NTFS_ROOT, "/$Extend/../a/b/../../c", &ref);
	entries_seen = 0;
	path[0] = '\0';
	walk(NTFS_ROOT, path, 0, 0);
	return 0;
}
