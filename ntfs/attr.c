/** @file
 * Attributes inside one MFT record: the record's header and each
 * attribute's header, checked to stay inside the record's used bytes.
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"

#define RECORD_HEADER_MIN 0x30   /* up to the 3.1 record number */

int ntfs_record_check(const uint8_t *rec, size_t size)
{
	uint32_t first = le16(rec + 0x14), used = le32(rec + 0x18);

	if (size < RECORD_HEADER_MIN || le32(rec + 0x1C) != size || used > size ||
	    first < 0x2A || first % 8 || first + 8u > used || used % 8)
		return NTFS_ERR_CORRUPT;
	/* the update-sequence array lies before the attributes */
	if ((uint32_t)le16(rec + 4) + 2u * le16(rec + 6) > first)
		return NTFS_ERR_CORRUPT;
	return NTFS_OK;
}

static int parse_resident(struct ntfs_attr *a)
{
	uint32_t off = le16(a->hdr + 0x14);

	if (a->length < 0x18)
		return NTFS_ERR_CORRUPT;
	a->value_len = le32(a->hdr + 0x10);
	if (off > a->length || a->value_len > a->length - off)
		return NTFS_ERR_CORRUPT;
	a->value = a->hdr + off;
	return NTFS_OK;
}

static int parse_nonresident(struct ntfs_attr *a)
{
	uint32_t pairs;

	if (a->length < 0x40)
		return NTFS_ERR_CORRUPT;
	a->lowest_vcn = le64(a->hdr + 0x10);
	a->highest_vcn = le64(a->hdr + 0x18);
	pairs = le16(a->hdr + 0x20);
	a->cunit_shift = a->hdr[0x22];
	a->allocated = le64(a->hdr + 0x28);
	a->size = le64(a->hdr + 0x30);
	a->initialized = le64(a->hdr + 0x38);
	/* highest VCN -1 is an empty stream */
	int empty = a->lowest_vcn == 0 && a->highest_vcn == UINT64_MAX;
	if (pairs < 0x40 || pairs > a->length ||
	    (!empty && (a->highest_vcn < a->lowest_vcn || a->highest_vcn >= (1ull << 62))))
		return NTFS_ERR_CORRUPT;
	if (a->lowest_vcn == 0 && (a->initialized > a->size || a->size > a->allocated ||
				   a->allocated >= (1ull << 62)))
		return NTFS_ERR_CORRUPT;
	a->pairs = a->hdr + pairs;
	a->pairs_len = a->length - pairs;
	return NTFS_OK;
}

int ntfs_attr_next(const uint8_t *rec, size_t size, uint32_t *pos, struct ntfs_attr *a)
{
	uint32_t used = le32(rec + 0x18);
	uint32_t p = *pos ? *pos : le16(rec + 0x14);
	uint32_t name_off;

	if (used > size || p > used || used - p < 4)
		return NTFS_ERR_CORRUPT;
	memset(a, 0, sizeof(*a));
	a->hdr = rec + p;
	a->type = le32(a->hdr);
	if (a->type == AT_END)
		return NTFS_END;
	if (used - p < 0x10)
		return NTFS_ERR_CORRUPT;
	a->length = le32(a->hdr + 4);
	if (a->length < 0x18 || a->length % 8 || a->length > used - p)
		return NTFS_ERR_CORRUPT;
	a->nonresident = a->hdr[8];
	a->name_len = a->hdr[9];
	name_off = le16(a->hdr + 0x0A);
	a->flags = le16(a->hdr + 0x0C);
	a->id = le16(a->hdr + 0x0E);
	if (a->nonresident > 1 || name_off > a->length ||
	    2u * a->name_len > a->length - name_off)
		return NTFS_ERR_CORRUPT;
	a->name = a->hdr + name_off;
	*pos = p + a->length;
	return a->nonresident ? parse_nonresident(a) : parse_resident(a);
}

int ntfs_attr_name_is(const struct ntfs_attr *a, const uint16_t *name, uint8_t name_len)
{
	if (a->name_len != name_len)
		return 0;
	for (uint8_t i = 0; i < name_len; i++)
		if (le16(a->name + 2 * i) != name[i])
			return 0;
	return 1;
}
