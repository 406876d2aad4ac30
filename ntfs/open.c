/** @file
 * Opening a volume: the boot sector, the $MFT's own runs (its first
 * extent in record 0, the rest through record 0's $ATTRIBUTE_LIST when
 * the MFT is fragmented), $UpCase and $Volume.
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"
#include "bde/utf16.h"

/* Lay out the caller's work area. */
static void carve(struct ntfs_volume *vol, uint8_t *work)
{
	uint8_t *p = work;

	vol->work = work;
	vol->upcase = (uint16_t *)(void *)p;
	p += NTFS_UPCASE_BYTES;
	vol->mft_runs = (struct ntfs_run *)(void *)p;
	p += NTFS_MFT_RUNS_MAX * sizeof(struct ntfs_run);
	for (int i = 0; i < NTFS_RECORD_BUFFERS; i++) {
		vol->rec[i] = p;
		vol->rec_key[i] = UINT64_MAX;
		p += NTFS_RECORD_MAX;
	}
	vol->index_buf = p;
	p += NTFS_INDEX_BLOCK_MAX;
	vol->cunit_raw = p;
	p += NTFS_CUNIT_MAX;
	vol->cunit_out = p;
	vol->index_buf_key[0] = vol->index_buf_key[1] = UINT64_MAX;
	vol->cunit_key[0] = vol->cunit_key[1] = UINT64_MAX;
}

/* Append the runs of $MFT's data extent A (its VCNs must follow on). */
static int add_mft_runs(struct ntfs_volume *vol, const struct ntfs_attr *a, uint64_t *next_vcn)
{
	size_t pos = 0;
	uint64_t vcn = a->lowest_vcn;
	int64_t lcn = 0;
	struct ntfs_run run;
	int err;

	if (a->lowest_vcn != *next_vcn || (a->flags & (ATTR_COMPRESSION_MASK | ATTR_ENCRYPTED)))
		return NTFS_ERR_CORRUPT;
	while ((err = ntfs_run_next(a->pairs, a->pairs_len, &pos, &vcn, &lcn, &run)) == NTFS_OK) {
		if (run.lcn == LCN_HOLE || run.lcn >= vol->total_clusters ||
		    run.len > vol->total_clusters - run.lcn || run.vcn > a->highest_vcn)
			return NTFS_ERR_CORRUPT;
		if (vol->mft_run_count == NTFS_MFT_RUNS_MAX)
			return NTFS_ERR_UNSUPPORTED;
		vol->mft_runs[vol->mft_run_count++] = run;
	}
	if (err != NTFS_END || vcn != a->highest_vcn + 1)
		return NTFS_ERR_CORRUPT;
	*next_vcn = vcn;
	return NTFS_OK;
}

static int load_mft(struct ntfs_volume *vol)
{
	uint8_t *rec = vol->rec[SLOT_DIR];
	struct ntfs_attr a;
	uint32_t pos = 0;
	uint64_t next_vcn = 0, data_size = 0;
	int err, has_list = 0, has_data = 0;

	/* record 0 is the first thing in the $MFT: read it where the boot sector says */
	err = ntfs_read_bytes(vol, vol->mft_lcn * vol->cluster_size, rec, vol->record_size);
	if (!err)
		err = ntfs_fixup(rec, vol->record_size, "FILE");
	if (!err)
		err = ntfs_record_check(rec, vol->record_size);
	if (err)
		return err == NTFS_ERR_IO ? err : NTFS_ERR_CORRUPT;
	while ((err = ntfs_attr_next(rec, vol->record_size, &pos, &a)) == NTFS_OK) {
		if (a.type == AT_ATTRIBUTE_LIST)
			has_list = 1;
		if (a.type != AT_DATA || a.name_len || !a.nonresident || a.lowest_vcn != 0)
			continue;
		err = add_mft_runs(vol, &a, &next_vcn);
		if (err)
			return err;
		data_size = a.size;
		has_data = 1;
	}
	if (err != NTFS_END || !has_data || vol->mft_runs[0].lcn != vol->mft_lcn)
		return NTFS_ERR_CORRUPT;
	/* what the first extent maps is readable now, the extents' records with it */
	vol->mft_records = next_vcn * vol->cluster_size / vol->record_size;
	vol->rec_key[SLOT_DIR] = 0;
	if (has_list) {
		struct ntfs_walk w;

		err = ntfs_walk_start(&w, vol, SLOT_DIR, RECORD_MFT);
		while (!err && (err = ntfs_walk_next(&w, AT_DATA, &a)) == NTFS_OK)
			if (!a.name_len && a.nonresident && a.lowest_vcn != 0)
				err = add_mft_runs(vol, &a, &next_vcn);
		if (err != NTFS_END)
			return err;
	}
	if (next_vcn * vol->cluster_size < data_size)
		return NTFS_ERR_CORRUPT;
	vol->mft_records = data_size / vol->record_size;
	return NTFS_OK;
}

/* Label and version from $Volume: nice to have, so damage there is ignored. */
static void load_volume_info(struct ntfs_volume *vol)
{
	struct ntfs_attr a;

	if (ntfs_attr_find(vol, SLOT_DIR, RECORD_VOLUME, AT_VOLUME_NAME, NULL, 0, 0, &a) == NTFS_OK &&
	    !a.nonresident)
		bde_utf16le_to_utf8(a.value, a.value_len, vol->label, sizeof(vol->label));
	if (ntfs_attr_find(vol, SLOT_DIR, RECORD_VOLUME, AT_VOLUME_INFORMATION, NULL, 0, 0, &a) == NTFS_OK &&
	    !a.nonresident && a.value_len >= 12) {
		vol->version_major = a.value[8];
		vol->version_minor = a.value[9];
		vol->volume_flags = le16(a.value + 10);
	}
}

int ntfs_open(struct ntfs_volume *vol, const struct bde_io *io, void *work, size_t work_len)
{
	uint8_t sector[512];
	struct ntfs_boot boot;
	int err;

	memset(vol, 0, sizeof(*vol));
	if (!work || work_len < NTFS_WORK_BYTES)
		return NTFS_ERR_SMALL_BUFFER;
	vol->io = *io;
	carve(vol, work);
	err = ntfs_read_bytes(vol, 0, sector, sizeof(sector));
	if (err)
		return err;
	err = ntfs_boot_parse(sector, sizeof(sector), &boot);
	if (err)
		return err;
	vol->sector_size = boot.sector_size;
	vol->cluster_size = boot.cluster_size;
	vol->record_size = boot.record_size;
	vol->index_block_size = boot.index_block_size;
	vol->size = boot.total_sectors * boot.sector_size;
	vol->total_clusters = vol->size / boot.cluster_size;
	vol->serial = boot.serial;
	vol->mft_lcn = boot.mft_lcn;
	vol->mftmirr_lcn = boot.mftmirr_lcn;
	err = load_mft(vol);
	if (!err)
		err = ntfs_upcase_load(vol);
	if (err)
		return err;
	load_volume_info(vol);
	return NTFS_OK;
}

int ntfs_free_space(struct ntfs_volume *vol, uint64_t *free_bytes)
{
	uint64_t bytes = (vol->total_clusters + 7) / 8, done = 0, used = 0;
	uint8_t *buf = vol->index_buf;

	vol->index_buf_key[0] = UINT64_MAX;    /* its buffer serves here */
	while (done < bytes) {
		uint64_t n = bytes - done < NTFS_INDEX_BLOCK_MAX ? bytes - done : NTFS_INDEX_BLOCK_MAX;
		int err = ntfs_attr_read(vol, SLOT_DIR, RECORD_BITMAP, AT_DATA, NULL, 0, done, buf, n);

		if (err)
			return err;
		for (uint64_t i = 0; i < n; i++) {
			uint8_t b = buf[i];

			/* the last byte's bits past the volume do not count */
			if (done + i == bytes - 1 && vol->total_clusters % 8)
				b &= (uint8_t)((1u << (vol->total_clusters % 8)) - 1);
			while (b) {
				used += b & 1;
				b >>= 1;
			}
		}
		done += n;
	}
	*free_bytes = (vol->total_clusters - used) * vol->cluster_size;
	return NTFS_OK;
}
