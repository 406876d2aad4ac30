/** @file
 * Non-resident attributes read plainly (no compression): the run holding
 * a VCN, single-extent reads (attribute lists) and reads across extents
 * (metafiles, directory index blocks).
 */
#include <string.h>
#include "ntfs/internal.h"

int ntfs_run_find(struct ntfs_volume *vol, const struct ntfs_attr *a, uint64_t vcn,
		  struct ntfs_run *run)
{
	size_t pos = 0;
	uint64_t next = a->lowest_vcn;
	int64_t lcn = 0;
	int err;

	if (vcn < a->lowest_vcn)
		return NTFS_ERR_CORRUPT;
	/* each pair is at least two bytes: the loop is bounded by pairs_len */
	while ((err = ntfs_run_next(a->pairs, a->pairs_len, &pos, &next, &lcn, run)) == NTFS_OK) {
		if (run->lcn != LCN_HOLE &&
		    (run->lcn >= vol->total_clusters || run->len > vol->total_clusters - run->lcn))
			return NTFS_ERR_CORRUPT;
		if (vcn < next) {
			if (run->vcn + run->len - 1 > a->highest_vcn)
				return NTFS_ERR_CORRUPT;
			return NTFS_OK;
		}
	}
	/* the runs end before the extent says it does */
	return err == NTFS_END ? NTFS_ERR_CORRUPT : err;
}

/*
 * Read from extent A at OFFSET up to LEN bytes, as far as the run holding
 * OFFSET goes; *DONE says how many. Past INITIALIZED: zeros.
 */
static int read_in_run(struct ntfs_volume *vol, const struct ntfs_attr *a, uint64_t offset,
		       uint8_t *out, uint64_t len, uint64_t initialized, uint64_t *done)
{
	uint64_t cs = vol->cluster_size, in_run;
	struct ntfs_run run;
	int err;

	if (offset >= initialized) {
		memset(out, 0, len);
		*done = len;
		return NTFS_OK;
	}
	err = ntfs_run_find(vol, a, offset / cs, &run);
	if (err)
		return err;
	in_run = offset - run.vcn * cs;
	*done = run.len * cs - in_run;
	if (*done > len)
		*done = len;
	if (*done > initialized - offset)
		*done = initialized - offset;
	if (run.lcn == LCN_HOLE) {
		memset(out, 0, *done);
		return NTFS_OK;
	}
	return ntfs_read_bytes(vol, run.lcn * cs + in_run, out, *done);
}

/*
 * Read LEN bytes at OFFSET of an attribute whose extent A is at hand; when
 * the bytes go past it, the next extent is found by TYPE and NAME among
 * REF's attributes (slots SLOT, SLOT + 1), or, with SLOT < 0 (a single
 * extent), that is damage.
 */
static int read_extents(struct ntfs_volume *vol, struct ntfs_attr *a, int slot, uint64_t ref,
			uint32_t type, const uint16_t *name, uint8_t name_len,
			uint64_t offset, uint8_t *out, size_t len)
{
	uint64_t initialized = a->initialized, cs = vol->cluster_size;

	if (!a->nonresident || a->lowest_vcn != 0 ||
	    (a->flags & (ATTR_COMPRESSION_MASK | ATTR_ENCRYPTED)) ||
	    offset > a->size || len > a->size - offset)
		return NTFS_ERR_CORRUPT;
	while (len) {
		uint64_t vcn = offset / cs, done;
		int err;

		/* another extent (it may lie in another record) */
		if (offset < initialized && (vcn < a->lowest_vcn || vcn > a->highest_vcn)) {
			if (slot < 0)
				return NTFS_ERR_CORRUPT;
			err = ntfs_attr_find(vol, slot, ref, type, name, name_len, vcn, a);
			if (!err && !a->nonresident)
				err = NTFS_ERR_CORRUPT;
			if (err)
				return err;
		}
		err = read_in_run(vol, a, offset, out, len, initialized, &done);
		if (err)
			return err;
		out += done;
		offset += done;
		len -= done;
	}
	return NTFS_OK;
}

int ntfs_extent_read(struct ntfs_volume *vol, const struct ntfs_attr *a, uint64_t offset,
		     void *buf, size_t len)
{
	struct ntfs_attr copy = *a;

	return read_extents(vol, &copy, -1, 0, 0, NULL, 0, offset, buf, len);
}

int ntfs_attr_read(struct ntfs_volume *vol, int slot, uint64_t ref, uint32_t type,
		   const uint16_t *name, uint8_t name_len, uint64_t offset, void *buf,
		   size_t len)
{
	struct ntfs_attr a;
	int err = ntfs_attr_find(vol, slot, ref, type, name, name_len, 0, &a);

	if (err)
		return err;
	return read_extents(vol, &a, slot, ref, type, name, name_len, offset, buf, len);
}
