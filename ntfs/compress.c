/** @file
 * Compressed files: data in units of 16 clusters. A unit whose clusters
 * are all allocated is stored as is, one with none is zeros, and one
 * with fewer allocated clusters followed by a sparse run holds LZNT1 in
 * them. The last unit decompressed is kept in the work area, so small
 * sequential reads decompress each unit once.
 */
#include <string.h>
#include "ntfs/internal.h"

/*
 * Gather unit U's allocated clusters (they come first) into RAW;
 * *CLUSTERS says how many. A cluster after a hole inside a unit is damage.
 */
static int gather_unit(struct ntfs_file *f, uint64_t u, uint8_t *raw, uint32_t *clusters)
{
	struct ntfs_volume *vol = f->vol;
	uint64_t cs = vol->cluster_size, per_unit = 1ull << f->cunit_shift;
	uint64_t vcn = u * per_unit, end = vcn + per_unit;
	int hole = 0;

	*clusters = 0;
	while (vcn < end) {
		struct ntfs_run run;
		uint64_t n;
		int err;

		/* past the allocated size: the rest of the unit is a hole */
		if (vcn * cs >= f->allocated)
			break;
		err = ntfs_file_run(f, vcn, &run);
		if (err)
			return err;
		n = run.vcn + run.len - vcn;
		if (n > end - vcn)
			n = end - vcn;
		if (run.lcn == LCN_HOLE) {
			hole = 1;
		} else {
			if (hole)
				return NTFS_ERR_CORRUPT;
			err = ntfs_read_bytes(vol, (run.lcn + (vcn - run.vcn)) * cs,
					      raw + *clusters * cs, n * cs);
			if (err)
				return err;
			*clusters += (uint32_t)n;
		}
		vcn += n;
	}
	return NTFS_OK;
}

/* Make unit U of F the one in the volume's unit buffer. */
static int load_unit(struct ntfs_file *f, uint64_t u)
{
	struct ntfs_volume *vol = f->vol;
	uint32_t unit_bytes = vol->cluster_size << f->cunit_shift, clusters;
	size_t done;
	int err;

	if (vol->cunit_key[0] == f->ref && vol->cunit_key[1] == u)
		return NTFS_OK;
	vol->cunit_key[0] = UINT64_MAX;
	err = gather_unit(f, u, vol->cunit_raw, &clusters);
	if (err)
		return err;
	if (clusters == 0)
		memset(vol->cunit_out, 0, unit_bytes);
	else if (clusters == 1u << f->cunit_shift)
		memcpy(vol->cunit_out, vol->cunit_raw, unit_bytes);
	else if ((err = ntfs_lznt1_decompress(vol->cunit_raw, clusters * vol->cluster_size,
					      vol->cunit_out, unit_bytes, &done)))
		return err;
	vol->cunit_key[0] = f->ref;
	vol->cunit_key[1] = u;
	return NTFS_OK;
}

int ntfs_compressed_read(struct ntfs_file *f, uint64_t offset, uint8_t *out, size_t len)
{
	uint32_t unit_bytes = f->vol->cluster_size << f->cunit_shift;

	/* ntfs_file_open let only LZNT1's geometry through */
	if (unit_bytes > NTFS_CUNIT_MAX)
		return NTFS_ERR_UNSUPPORTED;
	while (len) {
		uint64_t u = offset / unit_bytes, in_unit = offset % unit_bytes;
		size_t chunk = unit_bytes - in_unit;
		int err;

		if (chunk > len)
			chunk = len;
		if (offset >= f->initialized) {
			memset(out, 0, len);
			return NTFS_OK;
		}
		err = load_unit(f, u);
		if (err)
			return err;
		memcpy(out, f->vol->cunit_out + in_unit, chunk);
		out += chunk;
		offset += chunk;
		len -= chunk;
	}
	return NTFS_OK;
}
