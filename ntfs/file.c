/** @file
 * Reading a file's unnamed data stream: resident, non-resident across
 * extents (with the last run found kept, so sequential reads map each run
 * once), sparse, and LZNT1-compressed (compress.c).
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"

int ntfs_file_open(struct ntfs_volume *vol, uint64_t ref, struct ntfs_file *f)
{
	struct ntfs_info info;
	struct ntfs_attr a;
	int err;

	memset(f, 0, sizeof(*f));
	memset(&info, 0, sizeof(info));
	err = ntfs_info_fill(vol, ref, &info, 1);
	if (err)
		return err;
	if (info.flags & NTFS_F_DIR)
		return NTFS_ERR_IS_DIR;
	if (info.error)
		return info.error;
	f->vol = vol;
	f->ref = info.ref;
	err = ntfs_attr_find(vol, SLOT_FILE, f->ref, AT_DATA, NULL, 0, 0, &a);
	if (err == NTFS_ERR_NOT_FOUND)
		return NTFS_OK;                 /* no data stream: an empty file */
	if (err)
		return err;
	if (!a.nonresident) {
		f->resident = 1;
		f->size = f->initialized = f->allocated = a.value_len;
		return NTFS_OK;
	}
	f->size = a.size;
	f->initialized = a.initialized;
	f->allocated = a.allocated;
	f->compressed = (a.flags & ATTR_COMPRESSION_MASK) != 0;
	f->cunit_shift = a.cunit_shift;
	return NTFS_OK;
}

/* The extent the cursor is in, again (its record may have left the slot). */
static int cursor_extent(struct ntfs_file *f, struct ntfs_attr *a)
{
	int slot = f->cur_extent_record == NTFS_REF_RECORD(f->ref) ? SLOT_FILE : SLOT_FILE_EXT;
	uint32_t pos = f->cur_attr_offset;
	uint8_t *rec;
	int err = ntfs_record_get(f->vol, slot, f->cur_extent_record, &rec);

	if (!err)
		err = ntfs_attr_next(rec, f->vol->record_size, &pos, a);
	if (!err && (a->type != AT_DATA || a->name_len || !a->nonresident ||
		     a->lowest_vcn != f->cur_extent_lowest || a->highest_vcn != f->cur_extent_highest))
		err = NTFS_ERR_CORRUPT;
	return err == NTFS_END ? NTFS_ERR_CORRUPT : err;
}

/* Start the cursor at the extent holding VCN, found from the file's attributes. */
static int cursor_start(struct ntfs_file *f, uint64_t vcn, struct ntfs_attr *a)
{
	struct ntfs_volume *vol = f->vol;
	int err = ntfs_attr_find(vol, SLOT_FILE, f->ref, AT_DATA, NULL, 0, vcn, a);
	int slot = SLOT_FILE_EXT;

	if (err)
		return err == NTFS_ERR_NOT_FOUND ? NTFS_ERR_CORRUPT : err;
	if (!a->nonresident)
		return NTFS_ERR_CORRUPT;
	/* which slot's record holds it: the base's or an extent's */
	if (a->hdr >= vol->rec[SLOT_FILE] && a->hdr < vol->rec[SLOT_FILE] + NTFS_RECORD_MAX)
		slot = SLOT_FILE;
	f->cur_extent_record = vol->rec_key[slot];
	f->cur_attr_offset = (uint32_t)(a->hdr - vol->rec[slot]);
	f->cur_extent_lowest = a->lowest_vcn;
	f->cur_extent_highest = a->highest_vcn;
	f->cur_pairs = 0;
	f->cur_vcn = a->lowest_vcn;
	f->cur_lcn = 0;
	f->cur_valid = 1;
	return NTFS_OK;
}

/* Decode on from the cursor to the run holding VCN; the cursor stays after it. */
static int cursor_advance(struct ntfs_file *f, const struct ntfs_attr *a, uint64_t vcn,
			  struct ntfs_run *run)
{
	struct ntfs_volume *vol = f->vol;
	size_t pos = f->cur_pairs;
	uint64_t next = f->cur_vcn;
	int64_t lcn = f->cur_lcn;
	int err;

	while ((err = ntfs_run_next(a->pairs, a->pairs_len, &pos, &next, &lcn, run)) == NTFS_OK) {
		if ((run->lcn != LCN_HOLE && (run->lcn >= vol->total_clusters ||
					      run->len > vol->total_clusters - run->lcn)) ||
		    next - 1 > a->highest_vcn)
			return NTFS_ERR_CORRUPT;
		if (vcn < next) {
			f->cur_pairs = (uint32_t)pos;
			f->cur_vcn = next;
			f->cur_lcn = lcn;
			return NTFS_OK;
		}
	}
	return err == NTFS_END ? NTFS_ERR_CORRUPT : err;
}

int ntfs_file_run(struct ntfs_file *f, uint64_t vcn, struct ntfs_run *run)
{
	struct ntfs_attr a;
	int err;

	if (f->run_valid && vcn >= f->run_vcn && vcn - f->run_vcn < f->run_len) {
		run->vcn = f->run_vcn;
		run->len = f->run_len;
		run->lcn = f->run_lcn;
		return NTFS_OK;
	}
	f->run_valid = 0;
	/* reading on: go on decoding where the last run was found */
	err = NTFS_ERR_NOT_FOUND;
	if (f->cur_valid && vcn >= f->cur_vcn && vcn <= f->cur_extent_highest)
		err = cursor_extent(f, &a);
	if (err) {
		err = cursor_start(f, vcn, &a);
		if (err) {
			f->cur_valid = 0;
			return err;
		}
	}
	err = cursor_advance(f, &a, vcn, run);
	if (err) {
		f->cur_valid = 0;
		return err;
	}
	f->run_vcn = run->vcn;
	f->run_len = run->len;
	f->run_lcn = run->lcn;
	f->run_valid = 1;
	return NTFS_OK;
}

static int read_resident(struct ntfs_file *f, uint64_t offset, uint8_t *out, size_t len)
{
	struct ntfs_attr a;
	int err = ntfs_attr_find(f->vol, SLOT_FILE, f->ref, AT_DATA, NULL, 0, 0, &a);

	if (err)
		return err == NTFS_ERR_NOT_FOUND ? NTFS_ERR_CORRUPT : err;
	/* the record may have changed under us only if the volume did */
	if (a.nonresident || a.value_len != f->size)
		return NTFS_ERR_CORRUPT;
	memcpy(out, a.value + offset, len);
	return NTFS_OK;
}

/* Uncompressed, non-resident: straight from the runs into OUT. */
static int read_plain(struct ntfs_file *f, uint64_t offset, uint8_t *out, size_t len)
{
	uint64_t cs = f->vol->cluster_size;

	while (len) {
		struct ntfs_run run;
		uint64_t in_run, chunk;
		int err;

		if (offset >= f->initialized) {
			memset(out, 0, len);   /* allocated, never written: zeros */
			return NTFS_OK;
		}
		err = ntfs_file_run(f, offset / cs, &run);
		if (err)
			return err;
		in_run = offset - run.vcn * cs;
		chunk = run.len * cs - in_run;
		if (chunk > len)
			chunk = len;
		if (chunk > f->initialized - offset)
			chunk = f->initialized - offset;
		if (run.lcn == LCN_HOLE)
			memset(out, 0, chunk);
		else if ((err = ntfs_read_bytes(f->vol, run.lcn * cs + in_run, out, chunk)))
			return err;
		out += chunk;
		offset += chunk;
		len -= chunk;
	}
	return NTFS_OK;
}

int ntfs_file_read(struct ntfs_file *f, uint64_t offset, void *buf, size_t len, size_t *got)
{
	int err;

	*got = 0;
	if (!f->vol)
		return NTFS_ERR_NOT_FOUND;
	if (offset >= f->size || len == 0)
		return NTFS_OK;
	if (len > f->size - offset)
		len = (size_t)(f->size - offset);
	if (f->resident)
		err = read_resident(f, offset, buf, len);
	else if (f->compressed)
		err = ntfs_compressed_read(f, offset, buf, len);
	else
		err = read_plain(f, offset, buf, len);
	if (err)
		return err;
	*got = len;
	return NTFS_OK;
}
