/** @file
 * Reading MFT records through the $MFT's runs, with fixups, into the
 * volume's record slots (each remembers which record it holds).
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"

int ntfs_read_bytes(struct ntfs_volume *vol, uint64_t offset, void *buf, size_t len)
{
	if (offset > vol->io.size || len > vol->io.size - offset ||
	    vol->io.read(vol->io.ctx, offset, buf, len) != 0)
		return NTFS_ERR_IO;
	return NTFS_OK;
}

void ntfs_record_forget(struct ntfs_volume *vol, int slot)
{
	vol->rec_key[slot] = UINT64_MAX;
}

/* The byte offset on the volume of record RECNO, by the $MFT's runs. */
static int record_offset(struct ntfs_volume *vol, uint64_t recno, uint64_t *offset)
{
	uint64_t byte = recno * vol->record_size;
	uint64_t vcn = byte / vol->cluster_size;
	uint32_t lo = 0, hi = vol->mft_run_count;

	if (recno >= vol->mft_records)
		return NTFS_ERR_NOT_FOUND;
	/* a record lies within one cluster, or starts one (records >= clusters) */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct ntfs_run *r = &vol->mft_runs[mid];

		if (vcn < r->vcn) {
			hi = mid;
		} else if (vcn - r->vcn >= r->len) {
			lo = mid + 1;
		} else {
			uint64_t in_run = byte - r->vcn * vol->cluster_size;

			if (r->lcn == LCN_HOLE ||
			    in_run + vol->record_size > r->len * vol->cluster_size)
				return NTFS_ERR_CORRUPT;  /* records are never sparse or split */
			*offset = r->lcn * vol->cluster_size + in_run;
			return NTFS_OK;
		}
	}
	return NTFS_ERR_NOT_FOUND;
}

int ntfs_record_get(struct ntfs_volume *vol, int slot, uint64_t recno, uint8_t **rec)
{
	uint8_t *buf = vol->rec[slot];
	uint64_t offset;
	int err;

	*rec = buf;
	if (vol->rec_key[slot] == recno)
		return NTFS_OK;
	vol->rec_key[slot] = UINT64_MAX;
	err = record_offset(vol, recno, &offset);
	if (!err)
		err = ntfs_read_bytes(vol, offset, buf, vol->record_size);
	if (!err)
		err = ntfs_fixup(buf, vol->record_size, "FILE");
	if (!err)
		err = ntfs_record_check(buf, vol->record_size);
	if (err)
		return err;
	vol->rec_key[slot] = recno;
	return NTFS_OK;
}

int ntfs_base_record(struct ntfs_volume *vol, int slot, uint64_t ref, uint8_t **rec)
{
	int err = ntfs_record_get(vol, slot, NTFS_REF_RECORD(ref), rec);
	uint16_t seq = NTFS_REF_SEQUENCE(ref);

	if (err)
		return err;
	if (!(le16(*rec + 0x16) & RECORD_IN_USE) || (seq && le16(*rec + 0x10) != seq) ||
	    NTFS_REF_RECORD(le64(*rec + 0x20)) != 0)
		return NTFS_ERR_NOT_FOUND;
	return NTFS_OK;
}
