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

/*
 * Read record RECNO's bytes into BUF by the $MFT's runs. A record may
 * span runs when clusters are smaller than records.
 */
static int record_read(struct ntfs_volume *vol, uint64_t recno, uint8_t *buf)
{
	uint64_t cs = vol->cluster_size, byte = recno * vol->record_size;
	uint32_t done = 0;

	if (recno >= vol->mft_records)
		return NTFS_ERR_NOT_FOUND;
	while (done < vol->record_size) {
		uint64_t vcn = (byte + done) / cs;
		uint32_t lo = 0, hi = vol->mft_run_count;
		const struct ntfs_run *r = NULL;

		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;

			if (vcn < vol->mft_runs[mid].vcn) {
				hi = mid;
			} else if (vcn - vol->mft_runs[mid].vcn >= vol->mft_runs[mid].len) {
				lo = mid + 1;
			} else {
				r = &vol->mft_runs[mid];
				break;
			}
		}
		if (!r)
			return NTFS_ERR_NOT_FOUND;
		uint64_t in_run = byte + done - r->vcn * cs;
		uint64_t n = r->len * cs - in_run;
		if (n > vol->record_size - done)
			n = vol->record_size - done;
		int err = ntfs_read_bytes(vol, r->lcn * cs + in_run, buf + done, n);
		if (err)
			return err;
		done += (uint32_t)n;
	}
	return NTFS_OK;
}

int ntfs_record_get(struct ntfs_volume *vol, int slot, uint64_t recno, uint8_t **rec)
{
	uint8_t *buf = vol->rec[slot];
	int err;

	*rec = buf;
	if (vol->rec_key[slot] == recno)
		return NTFS_OK;
	vol->rec_key[slot] = UINT64_MAX;
	err = record_read(vol, recno, buf);
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
