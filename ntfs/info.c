/** @file
 * What a listing shows of a file: its standard information, names, data
 * sizes, flags, reparse kind, and whether its data can be read (and if
 * not, why).
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"
#include "bde/utf16.h"

#define CLUSTER_LIMIT_COMPRESSED 4096   /* NTFS compresses only up to 4 KiB clusters */
#define CUNIT_SHIFT_LZNT1 4             /* 16 clusters a unit */

static const uint16_t efs_name[4] = { '$', 'E', 'F', 'S' };

void ntfs_info_set_name(struct ntfs_info *info, const uint8_t *le, size_t units)
{
	if (units > NTFS_NAME_MAX)
		units = NTFS_NAME_MAX;
	ntfs_name_load(le, units, info->name16);
	info->name16_len = (uint16_t)units;
	bde_utf16le_to_utf8(le, 2 * units, info->name, sizeof(info->name));
}

static void take_standard_information(struct ntfs_info *info, const struct ntfs_attr *a)
{
	if (a->nonresident || a->value_len < 0x24)
		return;
	info->created = le64(a->value);
	info->modified = le64(a->value + 0x08);
	info->mft_changed = le64(a->value + 0x10);
	info->accessed = le64(a->value + 0x18);
	info->attributes = le32(a->value + 0x20);
}

static void take_file_name(struct ntfs_info *info, const struct ntfs_attr *a, int have_name,
			   int *named)
{
	uint8_t len, space;
	int rank;

	if (a->nonresident || a->value_len < 0x42)
		return;
	len = a->value[0x40];
	space = a->value[0x41];
	if (0x42u + 2u * len > a->value_len || space == NS_DOS)
		return;
	info->links++;
	/* a Win32 name rather than a POSIX one: what Windows shows */
	rank = space & NS_WIN32 ? 2 : 1;
	if (have_name || rank <= *named)
		return;
	info->parent_ref = le64(a->value);
	info->name_space = space;
	ntfs_info_set_name(info, a->value + 0x42, len);
	*named = rank;
}

static int take_data(struct ntfs_volume *vol, struct ntfs_info *info, const struct ntfs_attr *a)
{
	if (a->name_len) {
		info->flags |= NTFS_F_STREAMS;
		return NTFS_OK;
	}
	if (a->nonresident && a->lowest_vcn != 0)
		return NTFS_OK;                 /* a later extent: sizes are in the first */
	if (a->flags & ATTR_ENCRYPTED)
		info->flags |= NTFS_F_ENCRYPTED;
	if (a->flags & ATTR_SPARSE)
		info->flags |= NTFS_F_SPARSE;
	if (a->flags & ATTR_COMPRESSION_MASK) {
		info->flags |= NTFS_F_COMPRESSED;
		/* A small file in a compressed folder keeps its data in the
		 * record, flagged LZNT1 but stored as it is: compression works
		 * on clusters, and resident data has none. */
		if ((a->flags & ATTR_COMPRESSION_MASK) != 1 ||
		    (a->nonresident && (vol->cluster_size > CLUSTER_LIMIT_COMPRESSED ||
					a->cunit_shift != CUNIT_SHIFT_LZNT1)))
			info->error = NTFS_ERR_UNSUPPORTED;
	}
	if (!a->nonresident) {
		info->size = a->value_len;
		info->allocated = (a->value_len + 7u) & ~7u;
		return NTFS_OK;
	}
	info->size = a->size;
	info->allocated = a->allocated;
	/* compressed and sparse streams say how much they really take */
	if ((a->flags & (ATTR_COMPRESSION_MASK | ATTR_SPARSE)) && a->length >= 0x48)
		info->allocated = le64(a->hdr + 0x40);
	return NTFS_OK;
}

static void take_reparse(struct ntfs_volume *vol, struct ntfs_info *info, const struct ntfs_attr *a)
{
	uint8_t tag[4];

	info->flags |= NTFS_F_REPARSE;
	if (!a->nonresident && a->value_len >= 8)
		memcpy(tag, a->value, 4);
	else if (!a->nonresident || a->size < 8 || ntfs_extent_read(vol, a, 0, tag, 4))
		return;
	info->reparse_tag = le32(tag);
	info->reparse_kind = ntfs_reparse_kind_of(info->reparse_tag);
}

/* Why the data cannot be read, from what the walk found. */
static int data_error(const struct ntfs_info *info, int has_data, int view_index)
{
	if (info->flags & NTFS_F_DIR)
		return NTFS_OK;
	if (info->flags & NTFS_F_ENCRYPTED)
		return NTFS_ERR_ENCRYPTED;
	switch (info->reparse_kind) {
	case NTFS_REPARSE_WOF:
		return NTFS_ERR_WOF;
	case NTFS_REPARSE_DEDUP:
		return NTFS_ERR_UNSUPPORTED;
	case NTFS_REPARSE_CLOUD:
		if (info->flags & NTFS_F_ONLINE_ONLY)
			return NTFS_ERR_ONLINE_ONLY;
		break;
	default:
		break;
	}
	if (info->error)
		return info->error;
	/* a file has a data stream, if empty (some metafiles and view
	 * indexes do not): a missing one is damage */
	if (has_data || info->reparse_kind || view_index || (info->flags & NTFS_F_METAFILE))
		return NTFS_OK;
	return NTFS_ERR_CORRUPT;
}

int ntfs_info_fill(struct ntfs_volume *vol, uint64_t ref, struct ntfs_info *info, int have_name)
{
	struct ntfs_walk w;
	struct ntfs_attr a;
	uint8_t *rec;
	int err, named = 0, has_data = 0;
	uint16_t record_flags;

	err = ntfs_walk_start(&w, vol, SLOT_FILE, ref);
	if (!err)
		err = ntfs_base_record(vol, SLOT_FILE, ref, &rec);
	if (err)
		return err;
	info->ref = NTFS_REF_RECORD(ref) | (uint64_t)le16(rec + 0x10) << 48;
	info->flags = 0;
	info->links = 0;
	info->error = NTFS_OK;
	record_flags = le16(rec + 0x16);
	if (record_flags & RECORD_DIRECTORY)
		info->flags |= NTFS_F_DIR;
	if (NTFS_REF_RECORD(ref) < RECORD_FIRST_USER)
		info->flags |= NTFS_F_METAFILE;
	while ((err = ntfs_walk_next(&w, 0, &a)) == NTFS_OK) {
		switch (a.type) {
		case AT_STANDARD_INFORMATION:
			take_standard_information(info, &a);
			break;
		case AT_FILE_NAME:
			take_file_name(info, &a, have_name, &named);
			break;
		case AT_DATA:
			has_data |= !a.name_len;
			take_data(vol, info, &a);
			break;
		case AT_REPARSE_POINT:
			take_reparse(vol, info, &a);
			break;
		case AT_LOGGED_UTILITY_STREAM:
			if (ntfs_attr_name_is(&a, efs_name, 4))
				info->flags |= NTFS_F_ENCRYPTED;
			break;
		}
	}
	if (err != NTFS_END)
		return err;
	if (info->attributes & NTFS_ATTR_ENCRYPTED)
		info->flags |= NTFS_F_ENCRYPTED;
	if (info->attributes & NTFS_ATTR_COMPRESSED)
		info->flags |= NTFS_F_COMPRESSED;
	if (info->attributes & NTFS_ATTR_SPARSE)
		info->flags |= NTFS_F_SPARSE;
	/* a placeholder says its data is elsewhere, or has holes where it is
	 * not yet here (which cannot be told from zeros) */
	if (info->reparse_kind == NTFS_REPARSE_CLOUD &&
	    ((info->attributes & (NTFS_ATTR_OFFLINE | NTFS_ATTR_RECALL_ON_OPEN |
				  NTFS_ATTR_RECALL_ON_DATA_ACCESS)) ||
	     ((info->flags & NTFS_F_SPARSE) && info->allocated < info->size)))
		info->flags |= NTFS_F_ONLINE_ONLY;
	if (info->flags & NTFS_F_DIR) {
		info->attributes |= NTFS_ATTR_DIRECTORY;
		info->size = info->allocated = 0;
	}
	info->error = data_error(info, has_data, record_flags & RECORD_VIEW_INDEX);
	return NTFS_OK;
}

int ntfs_stat(struct ntfs_volume *vol, uint64_t ref, struct ntfs_info *info)
{
	memset(info, 0, sizeof(*info));
	return ntfs_info_fill(vol, ref, info, 0);
}
