/** @file
 * Listing a directory: an in-order walk of its index B-tree that can stop
 * after any entry and go on later (the iterator keeps, per level, which
 * node and which entry), bounded so that a damaged tree whose blocks point
 * back at each other ends with an error.
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"

#define ROOT_VCN UINT64_MAX
#define DESCENDED 1u              /* in stack[].offset's low bit: child done */

int ntfs_check_dir(struct ntfs_volume *vol, uint64_t ref)
{
	struct ntfs_info info;
	int err;

	memset(&info, 0, sizeof(info));
	err = ntfs_info_fill(vol, ref, &info, 1);
	if (err)
		return err;
	if (!(info.flags & NTFS_F_DIR))
		return NTFS_ERR_NOT_DIR;
	if (info.reparse_kind == NTFS_REPARSE_JUNCTION || info.reparse_kind == NTFS_REPARSE_SYMLINK)
		return NTFS_ERR_LINK;
	return NTFS_OK;
}

int ntfs_dir_open(struct ntfs_volume *vol, uint64_t ref, struct ntfs_dir *dir)
{
	uint64_t blocks;
	int err;

	memset(dir, 0, sizeof(*dir));
	dir->vol = vol;
	err = ntfs_check_dir(vol, ref);
	if (err)
		return err;
	dir->ref = ref;
	err = ntfs_index_block_count(vol, ref, &blocks);
	if (err)
		return err;
	dir->blocks_max = blocks;
	return NTFS_OK;
}

static int load_node(struct ntfs_dir *dir, uint64_t vcn, struct ntfs_node *node)
{
	if (vcn == ROOT_VCN)
		return ntfs_index_root(dir->vol, dir->ref, node);
	return ntfs_index_block(dir->vol, dir->ref, vcn, node);
}

/* Is VCN a block on the way down to the current node (a loop)? */
static int is_ancestor(const struct ntfs_dir *dir, uint64_t vcn)
{
	for (uint32_t i = 0; i < dir->depth; i++)
		if (dir->stack[i].vcn == vcn)
			return 1;
	return 0;
}

/*
 * Does entry E sort after the last one passed? A tree whose blocks are
 * shared or repeated shows it here, before an entry is listed twice.
 */
static int in_order(struct ntfs_dir *dir, const struct ntfs_index_entry *e)
{
	uint16_t name[NTFS_NAME_MAX];
	int cmp;

	ntfs_name_load(e->name, e->name_len, name);
	if (dir->last_len) {
		cmp = ntfs_name_compare(dir->last, dir->last_len, name, e->name_len,
					dir->vol->upcase, 0);
		/* names equal but for case (POSIX ones) may come in either order */
		if (cmp > 0 || (cmp == 0 && ntfs_name_compare(dir->last, dir->last_len, name,
							       e->name_len, NULL, 1) == 0))
			return 0;
	}
	memcpy(dir->last, name, 2u * e->name_len);
	dir->last_len = e->name_len;
	return 1;
}

/* Leave the current node: its parent goes on after the entry that led here. */
static void pop(struct ntfs_dir *dir)
{
	if (--dir->depth == 0)
		dir->done = 1;
}

/* An entry to show, read from its record; damage there is the entry's error. */
static void fill_entry(struct ntfs_dir *dir, const struct ntfs_index_entry *e,
		       struct ntfs_info *entry)
{
	int err;

	memset(entry, 0, sizeof(*entry));
	entry->ref = e->ref;
	entry->parent_ref = le64(e->key);
	entry->name_space = e->name_space;
	ntfs_info_set_name(entry, e->name, e->name_len);
	/* the index's copy of times and sizes, kept if the record fails */
	entry->created = le64(e->key + 0x08);
	entry->modified = le64(e->key + 0x10);
	entry->mft_changed = le64(e->key + 0x18);
	entry->accessed = le64(e->key + 0x20);
	entry->allocated = le64(e->key + 0x28);
	entry->size = le64(e->key + 0x30);
	entry->attributes = le32(e->key + 0x38);
	err = ntfs_info_fill(dir->vol, e->ref, entry, 1);
	if (err) {
		entry->error = err == NTFS_ERR_NOT_FOUND ? NTFS_ERR_CORRUPT : err;
		if (entry->attributes & 0x10000000u)    /* $FILE_NAME's "directory" bit */
			entry->flags |= NTFS_F_DIR;
	}
}

int ntfs_dir_next(struct ntfs_dir *dir, struct ntfs_info *entry)
{
	/* each step enters a node, leaves one, or passes an entry: bounded */
	for (;;) {
		struct ntfs_node node;
		struct ntfs_index_entry e;
		int err;

		if (dir->done || !dir->vol)
			return NTFS_END;
		if (dir->depth == 0) {
			dir->stack[0].vcn = ROOT_VCN;
			dir->stack[0].offset = 0;
			dir->depth = 1;
		}
		uint32_t level = dir->depth - 1;
		uint64_t vcn = dir->stack[level].vcn;
		err = load_node(dir, vcn, &node);
		if (err) {
			pop(dir);               /* skip this node: the rest goes on */
			return err;
		}
		uint32_t offset = dir->stack[level].offset & ~DESCENDED;
		if (offset == 0)
			offset = node.start;
		err = ntfs_index_entry_parse(node.buf, node.start, node.end, offset, &e);
		if (err) {
			pop(dir);
			return err;
		}
		if ((e.flags & INDEX_ENTRY_NODE) && !(dir->stack[level].offset & DESCENDED)) {
			dir->stack[level].offset = offset | DESCENDED;
			/* a valid tree enters each block once, and is not deep */
			if (dir->blocks_entered >= dir->blocks_max ||
			    dir->depth == NTFS_DIR_DEPTH_MAX || is_ancestor(dir, e.child_vcn))
				return NTFS_ERR_CORRUPT;
			dir->blocks_entered++;
			dir->stack[dir->depth].vcn = e.child_vcn;
			dir->stack[dir->depth].offset = 0;
			dir->depth++;
			continue;
		}
		if (e.flags & INDEX_ENTRY_END) {
			pop(dir);
			continue;
		}
		dir->stack[level].offset = offset + e.length;
		if (!in_order(dir, &e)) {
			pop(dir);               /* this node repeats what was listed */
			return NTFS_ERR_CORRUPT;
		}
		/* DOS aliases are shown by their long names; the root lists itself as "." */
		if (e.name_space == NS_DOS || NTFS_REF_RECORD(e.ref) == NTFS_REF_RECORD(dir->ref))
			continue;
		fill_entry(dir, &e, entry);
		return NTFS_OK;
	}
}

int ntfs_list(struct ntfs_volume *vol, uint64_t ref, ntfs_list_fn fn, void *ctx)
{
	struct ntfs_dir dir;
	struct ntfs_info entry;
	int err = ntfs_dir_open(vol, ref, &dir);

	if (err)
		return err;
	while ((err = ntfs_dir_next(&dir, &entry)) != NTFS_END) {
		int stop = err ? fn(ctx, NULL, err) : fn(ctx, &entry, NTFS_OK);

		if (stop)
			return stop;
	}
	return NTFS_OK;
}
