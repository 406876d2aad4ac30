/** @file
 * A cache of small reads through a struct bde_io (see io_cache.h).
 */
#include <string.h>
#include "bde/io_cache.h"

/* The slot holding block BLOCK (N valid bytes), read into it if need be;
 * NULL if the device cannot give it whole. */
static const uint8_t *cached_block(struct io_cache *c, uint64_t block, size_t n)
{
	unsigned slot = (unsigned)(block % IO_CACHE_SLOTS);
	uint8_t *data = c->blocks + (size_t)slot * IO_CACHE_BLOCK;

	if (c->tag[slot] == block + 1)
		return data;
	c->tag[slot] = 0;
	if (c->under.read(c->under.ctx, block * IO_CACHE_BLOCK, data, n))
		return NULL;
	c->tag[slot] = block + 1;
	return data;
}

static int cached_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct io_cache *c = ctx;
	uint64_t size = c->under.size, block = offset / IO_CACHE_BLOCK;
	uint64_t start = block * IO_CACHE_BLOCK;
	size_t n = size > start && size - start < IO_CACHE_BLOCK ? (size_t)(size - start) :
		   IO_CACHE_BLOCK;
	const uint8_t *data;

	/* one block, inside the device: from the cache */
	if (len > 0 && len < IO_CACHE_BLOCK && start < size && offset - start + len <= n) {
		data = cached_block(c, block, n);
		if (data) {
			memcpy(buf, data + (offset - start), len);
			return 0;
		}
	}
	return c->under.read(c->under.ctx, offset, buf, len);
}

void io_cache_init(struct io_cache *cache, const struct bde_io *under, void *blocks,
		   struct bde_io *io)
{
	memset(cache, 0, sizeof(*cache));
	cache->under = *under;
	cache->blocks = blocks;
	io->read = cached_read;
	io->ctx = cache;
	io->size = under->size;
}
