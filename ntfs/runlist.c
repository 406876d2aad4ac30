/** @file
 * Mapping pairs: a non-resident attribute's runs, each a header byte
 * (low nibble: bytes of the run's length; high nibble: bytes of its LCN,
 * a signed delta from the previous run's; none: a sparse run), then
 * those little-endian fields.
 */
#include "ntfs/internal.h"

int ntfs_run_next(const uint8_t *pairs, size_t len, size_t *pos, uint64_t *vcn,
		  int64_t *lcn, struct ntfs_run *run)
{
	size_t p = *pos;
	unsigned len_bytes, lcn_bytes;
	uint64_t length = 0;
	int64_t delta = 0;

	if (p >= len || pairs[p] == 0)
		return NTFS_END;
	len_bytes = pairs[p] & 0x0F;
	lcn_bytes = pairs[p] >> 4;
	if (len_bytes == 0 || len_bytes > 8 || lcn_bytes > 8 ||
	    len - p - 1 < len_bytes + lcn_bytes)
		return NTFS_ERR_CORRUPT;
	p++;
	for (unsigned i = 0; i < len_bytes; i++)
		length |= (uint64_t)pairs[p + i] << (8 * i);
	p += len_bytes;
	if (length == 0 || length >= (1ull << 62) ||
	    *vcn + length >= (1ull << 62))
		return NTFS_ERR_CORRUPT;
	run->vcn = *vcn;
	run->len = length;
	if (lcn_bytes == 0) {
		run->lcn = LCN_HOLE;
	} else {
		uint64_t raw = 0;

		for (unsigned i = 0; i < lcn_bytes; i++)
			raw |= (uint64_t)pairs[p + i] << (8 * i);
		if (lcn_bytes < 8 && raw >> (8 * lcn_bytes - 1))
			raw |= ~0ull << (8 * lcn_bytes);    /* sign-extend */
		delta = (int64_t)raw;
		if ((delta > 0 && *lcn > INT64_MAX - delta) ||
		    (delta < 0 && *lcn + delta < 0))
			return NTFS_ERR_CORRUPT;
		*lcn += delta;
		run->lcn = (uint64_t)*lcn;
	}
	p += lcn_bytes;
	*vcn += length;
	*pos = p;
	return NTFS_OK;
}
