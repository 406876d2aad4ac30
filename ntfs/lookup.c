/** @file
 * Path lookup: each component found in its directory's B-tree by NTFS's
 * order (names compared through $UpCase), so a lookup reads one node per
 * level instead of listing the directory.
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"

/*
 * Find NAME in directory DIR: the entry equal to it ignoring case, the one
 * equal in case too if there are several in the node where it is found.
 */
static int find_in_dir(struct ntfs_volume *vol, uint64_t dir, const uint16_t *name,
		       size_t len, uint64_t *ref)
{
	uint64_t vcn = UINT64_MAX;      /* the root */
	uint16_t units[NTFS_NAME_MAX];

	for (int depth = 0; depth < NTFS_DIR_DEPTH_MAX; depth++) {
		struct ntfs_node node;
		struct ntfs_index_entry e;
		int err, found = 0;
		uint32_t offset;

		err = vcn == UINT64_MAX ? ntfs_index_root(vol, dir, &node)
					: ntfs_index_block(vol, dir, vcn, &node);
		if (err)
			return err;
		/* entries are sorted; the last has no key and leads to the greatest */
		for (offset = node.start;; offset += e.length) {
			int cmp;

			err = ntfs_index_entry_parse(node.buf, node.start, node.end, offset, &e);
			if (err)
				return err;
			if (e.flags & INDEX_ENTRY_END)
				break;
			ntfs_name_load(e.name, e.name_len, units);
			cmp = ntfs_name_compare(name, len, units, e.name_len, vol->upcase, 0);
			if (cmp < 0)
				break;
			if (cmp > 0)
				continue;
			if (!found || ntfs_name_compare(name, len, units, e.name_len, NULL, 1) == 0) {
				*ref = e.ref;
				found = 1;
			}
		}
		if (found)
			return NTFS_OK;
		if (!(e.flags & INDEX_ENTRY_NODE))
			return NTFS_ERR_NOT_FOUND;
		vcn = e.child_vcn;
	}
	return NTFS_ERR_CORRUPT;
}

/* The directory holding DIR (the root holds itself). */
static int parent_of(struct ntfs_volume *vol, uint64_t dir, uint64_t *parent)
{
	struct ntfs_info info;
	int err;

	if (NTFS_REF_RECORD(dir) == RECORD_ROOT) {
		*parent = dir;
		return NTFS_OK;
	}
	memset(&info, 0, sizeof(info));
	err = ntfs_info_fill(vol, dir, &info, 0);
	if (err)
		return err;
	*parent = info.parent_ref;
	return NTFS_OK;
}

static int is_separator(char c)
{
	return c == '/' || c == '\\';
}

int ntfs_lookup(struct ntfs_volume *vol, uint64_t start, const char *path, uint64_t *ref)
{
	uint64_t cur = is_separator(path[0]) ? NTFS_ROOT : start;
	uint16_t name[NTFS_NAME_MAX];
	size_t i = 0;
	int steps = 0;

	while (path[i]) {
		size_t len = 0;
		long units;
		int err;

		while (is_separator(path[i]))
			i++;
		while (path[i + len] && !is_separator(path[i + len]))
			len++;
		if (len == 0)
			break;
		if (++steps > PATH_DEPTH_MAX)
			return NTFS_ERR_BAD_PATH;
		/* the directory we are in must be one, and not a link to elsewhere */
		err = ntfs_check_dir(vol, cur);
		if (err)
			return err;
		if (len == 1 && path[i] == '.') {
			/* stays */
		} else if (len == 2 && path[i] == '.' && path[i + 1] == '.') {
			err = parent_of(vol, cur, &cur);
		} else {
			units = ntfs_name_from_utf8(path + i, len, name, NTFS_NAME_MAX);
			if (units <= 0)
				return NTFS_ERR_BAD_PATH;
			err = find_in_dir(vol, cur, name, (size_t)units, &cur);
		}
		if (err)
			return err;
		i += len;
	}
	*ref = cur;
	return NTFS_OK;
}
