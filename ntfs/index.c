/** @file
 * Directory index nodes: the $INDEX_ROOT in the directory's record and
 * the "INDX" blocks of its $INDEX_ALLOCATION, and the entries in them,
 * each checked to lie inside its node.
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"

#define NODE_HEADER 0x10
#define ROOT_HEADER 0x10          /* before the root's node header */
#define BLOCK_HEADER 0x18         /* before a block's node header */
#define ENTRY_HEADER 0x10
#define FILE_NAME_MIN 0x42

static const uint16_t i30[4] = { '$', 'I', '3', '0' };

int ntfs_index_entry_parse(const uint8_t *buf, uint32_t start, uint32_t end, uint32_t offset,
			   struct ntfs_index_entry *e)
{
	const uint8_t *p = buf + offset;
	uint32_t room;

	memset(e, 0, sizeof(*e));
	if (offset < start || offset > end || end - offset < ENTRY_HEADER)
		return NTFS_ERR_CORRUPT;
	e->ref = le64(p);
	e->length = le16(p + 8);
	e->key_len = le16(p + 10);
	e->flags = le16(p + 12);
	if (e->length < ENTRY_HEADER || e->length % 8 || e->length > end - offset)
		return NTFS_ERR_CORRUPT;
	room = e->length - ENTRY_HEADER;
	if (e->flags & INDEX_ENTRY_NODE) {
		if (room < 8)
			return NTFS_ERR_CORRUPT;
		room -= 8;
		e->child_vcn = le64(p + e->length - 8);
	}
	if (e->flags & INDEX_ENTRY_END) {
		e->key_len = 0;         /* the last entry has no key */
		return NTFS_OK;
	}
	if (e->key_len > room || e->key_len < FILE_NAME_MIN)
		return NTFS_ERR_CORRUPT;
	e->key = p + ENTRY_HEADER;
	e->name_len = e->key[0x40];
	e->name_space = e->key[0x41];
	e->name = e->key + FILE_NAME_MIN;
	if (e->name_len == 0 || FILE_NAME_MIN + 2u * e->name_len > e->key_len ||
	    e->name_space > NS_WIN32_AND_DOS)
		return NTFS_ERR_CORRUPT;
	return NTFS_OK;
}

/* The node header at HDR (BASE bytes into BUF, LIMIT bytes available). */
static int node_from_header(const uint8_t *buf, uint32_t base, uint32_t limit,
			    struct ntfs_node *node)
{
	const uint8_t *h = buf + base;
	uint32_t entries = le32(h), used = le32(h + 4);

	if (limit < base || limit - base < NODE_HEADER || entries < NODE_HEADER ||
	    entries % 8 || entries > used || used > limit - base)
		return NTFS_ERR_CORRUPT;
	node->buf = buf;
	node->start = base + entries;
	node->end = base + used;
	node->has_children = h[12] & 1;
	return NTFS_OK;
}

int ntfs_index_root(struct ntfs_volume *vol, uint64_t dir, struct ntfs_node *node)
{
	struct ntfs_attr a;
	int err = ntfs_attr_find(vol, SLOT_DIR, dir, AT_INDEX_ROOT, i30, 4, 0, &a);

	if (err == NTFS_ERR_NOT_FOUND)
		return NTFS_ERR_NOT_DIR;
	if (err)
		return err;
	/* indexes file names, collated as file names */
	if (a.nonresident || a.value_len < ROOT_HEADER + NODE_HEADER ||
	    le32(a.value) != AT_FILE_NAME || le32(a.value + 4) != 1)
		return NTFS_ERR_CORRUPT;
	return node_from_header(a.value, ROOT_HEADER, a.value_len, node);
}

/* Bytes per VCN of index blocks: clusters, or 512 when a cluster is bigger than a block. */
static uint32_t index_vcn_size(const struct ntfs_volume *vol)
{
	return vol->cluster_size <= vol->index_block_size ? vol->cluster_size : 512;
}

int ntfs_index_block(struct ntfs_volume *vol, uint64_t dir, uint64_t vcn, struct ntfs_node *node)
{
	uint8_t *buf = vol->index_buf;
	uint32_t size = vol->index_block_size;
	uint64_t key = NTFS_REF_RECORD(dir);
	int err;

	if (vcn > (UINT64_MAX >> 22))
		return NTFS_ERR_CORRUPT;
	if (vol->index_buf_key[0] != key || vol->index_buf_key[1] != vcn) {
		vol->index_buf_key[0] = UINT64_MAX;
		err = ntfs_attr_read(vol, SLOT_DIR, dir, AT_INDEX_ALLOCATION, i30, 4,
				     vcn * index_vcn_size(vol), buf, size);
		if (!err)
			err = ntfs_fixup(buf, size, "INDX");
		/* a block names its own VCN: one read from elsewhere is damage */
		if (!err && le64(buf + 0x10) != vcn)
			err = NTFS_ERR_CORRUPT;
		if (err)
			return err == NTFS_ERR_NOT_FOUND ? NTFS_ERR_CORRUPT : err;
		vol->index_buf_key[0] = key;
		vol->index_buf_key[1] = vcn;
	}
	return node_from_header(buf, BLOCK_HEADER, size, node);
}

int ntfs_index_block_count(struct ntfs_volume *vol, uint64_t dir, uint64_t *count)
{
	struct ntfs_attr a;
	int err = ntfs_attr_find(vol, SLOT_DIR, dir, AT_INDEX_ALLOCATION, i30, 4, 0, &a);

	*count = 0;
	if (err == NTFS_ERR_NOT_FOUND)
		return NTFS_OK;
	if (err)
		return err;
	if (!a.nonresident)
		return NTFS_ERR_CORRUPT;
	*count = a.size / vol->index_block_size;
	return NTFS_OK;
}
