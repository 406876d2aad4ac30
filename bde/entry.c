/** @file
 * Bounds-checked walking of FVE metadata entry lists.
 */
#include "bde/entry.h"
#include "bde/error.h"
#include "bde/le.h"

void bde_entry_iter_init(struct bde_entry_iter *it, const uint8_t *buf,
			 uint32_t start, uint32_t end)
{
	it->buf = buf;
	it->pos = start;
	it->end = end;
}

int bde_entry_next(struct bde_entry_iter *it, struct bde_entry *e)
{
	const uint8_t *p;
	uint32_t size;

	if (it->pos >= it->end || it->end - it->pos < BDE_ENTRY_HEADER_LEN)
		return 0;
	p = it->buf + it->pos;
	size = le16(p);
	if (size == 0)
		return 0;  /* zero padding after the last entry */
	if (size < BDE_ENTRY_HEADER_LEN || size > it->end - it->pos)
		return -BDE_ERR_CORRUPT;
	e->type = le16(p + 2);
	e->value_type = le16(p + 4);
	e->version = le16(p + 6);
	e->offset = it->pos;
	e->size = size;
	e->data = p + BDE_ENTRY_HEADER_LEN;
	e->data_len = size - BDE_ENTRY_HEADER_LEN;
	it->pos += size;
	return 1;
}

int bde_entry_find(const uint8_t *buf, uint32_t start, uint32_t end,
		   uint16_t type, uint16_t value_type, struct bde_entry *e)
{
	struct bde_entry_iter it;
	int r;

	bde_entry_iter_init(&it, buf, start, end);
	while ((r = bde_entry_next(&it, e)) > 0)
		if (e->type == type && e->value_type == value_type)
			return 1;
	return r;
}
