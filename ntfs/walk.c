/** @file
 * A file's attributes, wherever they are: in its base record, or, when it
 * has an $ATTRIBUTE_LIST (too many attributes or runs for one record), in
 * the extent records the list names.
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"

#define LIST_ENTRY_MIN 0x1A

/* The attribute of TYPE with ID in record REC. */
static int find_by_id(const uint8_t *rec, size_t size, uint32_t type, uint16_t id,
		      struct ntfs_attr *a)
{
	uint32_t pos = 0;
	int err;

	while ((err = ntfs_attr_next(rec, size, &pos, a)) == NTFS_OK)
		if (a->type == type && a->id == id)
			return NTFS_OK;
	return err == NTFS_END ? NTFS_ERR_CORRUPT : err;  /* listed, yet absent */
}

/* The base record again (another call may have used the slot). */
static int base(struct ntfs_walk *w, uint8_t **rec)
{
	return ntfs_base_record(w->vol, w->slot,
				w->recno | (uint64_t)w->sequence << 48, rec);
}

int ntfs_walk_start(struct ntfs_walk *w, struct ntfs_volume *vol, int slot, uint64_t ref)
{
	uint8_t *rec;
	struct ntfs_attr a;
	uint32_t pos = 0;
	int err;

	memset(w, 0, sizeof(*w));
	w->vol = vol;
	w->slot = slot;
	w->recno = NTFS_REF_RECORD(ref);
	err = ntfs_base_record(vol, slot, ref, &rec);
	if (err)
		return err;
	w->sequence = le16(rec + 0x10);
	while ((err = ntfs_attr_next(rec, vol->record_size, &pos, &a)) == NTFS_OK) {
		if (a.type != AT_ATTRIBUTE_LIST)
			continue;
		w->has_list = 1;
		w->list_id = a.id;
		w->list_len = (uint32_t)(a.nonresident ? a.size : a.value_len);
		if ((a.nonresident && (a.size > ATTR_LIST_MAX || a.lowest_vcn != 0)) ||
		    (a.flags & (ATTR_COMPRESSION_MASK | ATTR_ENCRYPTED)))
			return NTFS_ERR_CORRUPT;
		return NTFS_OK;
	}
	return err == NTFS_END ? NTFS_OK : err;
}

/* LEN bytes of the attribute list at OFFSET. */
static int list_read(struct ntfs_walk *w, uint32_t offset, uint8_t *buf, uint32_t len)
{
	struct ntfs_attr list;
	uint8_t *rec;
	int err = base(w, &rec);

	if (!err)
		err = find_by_id(rec, w->vol->record_size, AT_ATTRIBUTE_LIST, w->list_id, &list);
	if (err)
		return err;
	if (offset > w->list_len || len > w->list_len - offset)
		return NTFS_ERR_CORRUPT;
	if (!list.nonresident) {
		memcpy(buf, list.value + offset, len);
		return NTFS_OK;
	}
	return ntfs_extent_read(w->vol, &list, offset, buf, len);
}

static int next_listed(struct ntfs_walk *w, uint32_t type, struct ntfs_attr *a)
{
	uint8_t entry[LIST_ENTRY_MIN];

	while (w->list_pos < w->list_len) {
		uint32_t len, etype;
		uint64_t ref;
		uint16_t id;
		uint8_t *rec;
		int err;

		if (w->list_len - w->list_pos < LIST_ENTRY_MIN)
			return NTFS_ERR_CORRUPT;
		err = list_read(w, w->list_pos, entry, LIST_ENTRY_MIN);
		if (err)
			return err;
		etype = le32(entry);
		len = le16(entry + 4);
		ref = le64(entry + 0x10);
		id = le16(entry + 0x18);
		if (len < LIST_ENTRY_MIN || len > w->list_len - w->list_pos ||
		    (uint32_t)entry[7] + 2u * entry[6] > len)
			return NTFS_ERR_CORRUPT;
		w->list_pos += len;
		if (type && etype != type)
			continue;
		if (NTFS_REF_RECORD(ref) == w->recno) {
			err = base(w, &rec);
		} else {
			err = ntfs_record_get(w->vol, w->slot + 1, NTFS_REF_RECORD(ref), &rec);
			/* an extent must be in use and belong to this file */
			if (!err && (!(le16(rec + 0x16) & RECORD_IN_USE) ||
				     NTFS_REF_RECORD(le64(rec + 0x20)) != w->recno))
				err = NTFS_ERR_CORRUPT;
		}
		if (!err)
			err = find_by_id(rec, w->vol->record_size, etype, id, a);
		return err;
	}
	return NTFS_END;
}

int ntfs_walk_next(struct ntfs_walk *w, uint32_t type, struct ntfs_attr *a)
{
	uint8_t *rec;
	int err;

	if (w->has_list)
		return next_listed(w, type, a);
	err = base(w, &rec);
	if (err)
		return err;
	while ((err = ntfs_attr_next(rec, w->vol->record_size, &w->pos, a)) == NTFS_OK)
		if (!type || a->type == type)
			return NTFS_OK;
	return err;
}

int ntfs_attr_find(struct ntfs_volume *vol, int slot, uint64_t ref, uint32_t type,
		   const uint16_t *name, uint8_t name_len, uint64_t vcn, struct ntfs_attr *a)
{
	struct ntfs_walk w;
	int err = ntfs_walk_start(&w, vol, slot, ref);

	if (err)
		return err;
	while ((err = ntfs_walk_next(&w, type, a)) == NTFS_OK) {
		if (!ntfs_attr_name_is(a, name, name_len))
			continue;
		if (!a->nonresident)
			return NTFS_OK;
		if (vcn >= a->lowest_vcn && (vcn <= a->highest_vcn ||
					     (vcn == 0 && a->highest_vcn + 1 == 0)))
			return NTFS_OK;
	}
	return err == NTFS_END ? NTFS_ERR_NOT_FOUND : err;
}
