/** @file
 * The read cache (bde/io_cache.c) against direct reads of a fake device:
 * the same bytes for every read, fewer device reads for small ones, and a
 * damaged area's error kept to exactly the bytes it covers.
 *
 * The device is 2.5 blocks of a byte pattern (its end is not a block
 * boundary); its reads fail when they touch the bytes [bad, bad_end).
 */
#include <string.h>
#include "check.h"
#include "bde/io_cache.h"

#define DEVICE_BYTES (2 * IO_CACHE_BLOCK + IO_CACHE_BLOCK / 2)

struct fake {
	uint64_t bad, bad_end;
	unsigned reads;
};

static uint8_t pattern(uint64_t at)
{
	return (uint8_t)(at * 131 + (at >> 9));
}

static int fake_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct fake *f = ctx;
	uint8_t *out = buf;

	f->reads++;
	if (offset > DEVICE_BYTES || len > DEVICE_BYTES - offset)
		return -1;
	if (offset < f->bad_end && offset + len > f->bad)
		return -1;
	for (size_t i = 0; i < len; i++)
		out[i] = pattern(offset + i);
	return 0;
}

static int matches(const uint8_t *buf, uint64_t offset, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != pattern(offset + i))
			return 0;
	return 1;
}

/* Reads inside one block, across two, at the device's short last block,
 * of a whole block and past the end: the same answer as the device's. */
static void test_same_bytes(struct io_cache *cache, void *blocks, uint8_t *buf)
{
	static const struct { uint64_t offset; size_t len; } reads[] = {
		{ 0, 512 }, { 1024, 1024 }, { IO_CACHE_BLOCK - 100, 200 },
		{ 2 * IO_CACHE_BLOCK + 7, 4096 }, { DEVICE_BYTES - 1, 1 },
		{ IO_CACHE_BLOCK, IO_CACHE_BLOCK }, { 3, IO_CACHE_BLOCK + 5 },
	};
	struct fake f = { 0, 0, 0 };
	struct bde_io dev = { fake_read, &f, DEVICE_BYTES }, io;

	io_cache_init(cache, &dev, blocks, &io);
	check(io.size == DEVICE_BYTES);
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		memset(buf, 0xee, reads[i].len);
		check(io.read(io.ctx, reads[i].offset, buf, reads[i].len) == 0);
		check(matches(buf, reads[i].offset, reads[i].len));
	}
	check(io.read(io.ctx, DEVICE_BYTES - 10, buf, 11) != 0);
	check(io.read(io.ctx, DEVICE_BYTES, buf, 1) != 0);
}

/* A thousand 1 KiB records of one block: one device read. */
static void test_one_read_a_block(struct io_cache *cache, void *blocks, uint8_t *buf)
{
	struct fake f = { 0, 0, 0 };
	struct bde_io dev = { fake_read, &f, DEVICE_BYTES }, io;
	int all = 1;

	io_cache_init(cache, &dev, blocks, &io);
	for (unsigned i = 0; i < 1000; i++) {
		uint64_t at = (uint64_t)(i * 37 % 63) * 1024;

		all &= io.read(io.ctx, at, buf, 1024) == 0 && matches(buf, at, 1024);
	}
	check(all);
	check(f.reads == 1);
}

/* A block the device cannot give whole: its good bytes still read (one by
 * one, from the device), its bad ones fail, and it is not kept as read. */
static void test_damaged_block(struct io_cache *cache, void *blocks, uint8_t *buf)
{
	struct fake f = { IO_CACHE_BLOCK + 4096, IO_CACHE_BLOCK + 4097, 0 };
	struct bde_io dev = { fake_read, &f, DEVICE_BYTES }, io;

	io_cache_init(cache, &dev, blocks, &io);
	check(io.read(io.ctx, IO_CACHE_BLOCK, buf, 4096) == 0);
	check(matches(buf, IO_CACHE_BLOCK, 4096));
	check(io.read(io.ctx, IO_CACHE_BLOCK + 4000, buf, 200) != 0);
	f.reads = 0;
	f.bad = f.bad_end = 0;              /* the device reads it now */
	check(io.read(io.ctx, IO_CACHE_BLOCK + 4000, buf, 200) == 0);
	check(matches(buf, IO_CACHE_BLOCK + 4000, 200));
	check(f.reads == 1);                /* the whole block, cached now */
	check(io.read(io.ctx, IO_CACHE_BLOCK + 9000, buf, 100) == 0 && f.reads == 1);
}

SELFTEST(io_cache)
{
	struct io_cache cache;
	uint8_t *blocks = check_alloc(IO_CACHE_BYTES);
	uint8_t *buf = check_alloc(2 * IO_CACHE_BLOCK);

	if (blocks && buf) {
		test_same_bytes(&cache, blocks, buf);
		test_one_read_a_block(&cache, blocks, buf);
		test_damaged_block(&cache, blocks, buf);
	}
	check_free(blocks, IO_CACHE_BYTES);
	check_free(buf, 2 * IO_CACHE_BLOCK);
}
