/** @file
 * The NTFS boot sector: signature and geometry.
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"

static int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/*
 * Sizes given as a signed byte: positive is a count of units, negative
 * means 2^-v bytes (how NTFS writes sizes smaller than a cluster, and
 * clusters larger than 64 KiB). 0 when out of range.
 */
static uint64_t signed_size(uint8_t raw, uint64_t unit)
{
	int8_t v = (int8_t)raw;

	if (v > 0)
		return (uint64_t)v * unit;
	if (v < 0 && -v < 32)
		return 1ull << -v;
	return 0;
}

int ntfs_boot_parse(const uint8_t *s, size_t len, struct ntfs_boot *b)
{
	uint64_t spc;

	if (len < 512 || memcmp(s + 3, "NTFS    ", 8) != 0 || s[510] != 0x55 ||
	    s[511] != 0xAA)
		return NTFS_ERR_NOT_NTFS;
	b->sector_size = le16(s + 0x0B);
	if (!is_pow2(b->sector_size) || b->sector_size < 256 || b->sector_size > 4096)
		return NTFS_ERR_UNSUPPORTED;
	/* sectors per cluster: 1..128, or 2^(256 - v) for clusters past 64 KiB */
	spc = s[0x0D] <= 0x80 ? s[0x0D] : 1ull << (256 - s[0x0D] > 31 ? 0 : 256 - s[0x0D]);
	if (s[0x0D] > 0x80 && 256 - s[0x0D] > 31)
		return NTFS_ERR_UNSUPPORTED;
	if (!is_pow2(spc) || spc * b->sector_size > 2u * 1024 * 1024 ||
	    spc * b->sector_size < 512)
		return NTFS_ERR_UNSUPPORTED;
	b->cluster_size = (uint32_t)(spc * b->sector_size);
	b->total_sectors = le64(s + 0x28);
	b->mft_lcn = le64(s + 0x30);
	b->mftmirr_lcn = le64(s + 0x38);
	uint64_t rs = signed_size(s[0x40], b->cluster_size);
	uint64_t is = signed_size(s[0x44], b->cluster_size);
	if (!is_pow2(rs) || rs < 1024 || rs > NTFS_RECORD_MAX)
		return NTFS_ERR_UNSUPPORTED;
	if (!is_pow2(is) || is < 512 || is > NTFS_INDEX_BLOCK_MAX)
		return NTFS_ERR_UNSUPPORTED;
	b->record_size = (uint32_t)rs;
	b->index_block_size = (uint32_t)is;
	b->serial = le64(s + 0x48);
	if (b->total_sectors == 0 || b->total_sectors > (UINT64_MAX >> 13) ||
	    b->mft_lcn >= b->total_sectors / spc)
		return NTFS_ERR_CORRUPT;
	return NTFS_OK;
}
