/** @file
 * Reparse points: what a tag means to a reader that never follows them,
 * and a junction's or symlink's target as text.
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"
#include "bde/utf16.h"

#define TAG_MOUNT_POINT 0xA0000003u
#define TAG_SYMLINK     0xA000000Cu
#define TAG_DEDUP       0x80000013u
#define TAG_WOF         0x80000017u
#define TAG_CLOUD       0x9000001Au   /* and CLOUD_1..F: 0x9000101A..0x9000F01A */
#define TAG_CLOUD_MASK  0xFFFF0FFFu
#define TAG_ONEDRIVE    0x80000021u

enum ntfs_reparse_kind ntfs_reparse_kind_of(uint32_t tag)
{
	if (tag == TAG_MOUNT_POINT)
		return NTFS_REPARSE_JUNCTION;
	if (tag == TAG_SYMLINK)
		return NTFS_REPARSE_SYMLINK;
	if ((tag & TAG_CLOUD_MASK) == TAG_CLOUD || tag == TAG_ONEDRIVE)
		return NTFS_REPARSE_CLOUD;
	if (tag == TAG_WOF)
		return NTFS_REPARSE_WOF;
	if (tag == TAG_DEDUP)
		return NTFS_REPARSE_DEDUP;
	return NTFS_REPARSE_OTHER;
}

int ntfs_reparse_target(struct ntfs_volume *vol, uint64_t ref, char *out, size_t out_max)
{
	struct ntfs_attr a;
	int err;
	uint32_t tag, data_len, header;

	if (out_max == 0)
		return NTFS_ERR_SMALL_BUFFER;
	out[0] = '\0';
	err = ntfs_attr_find(vol, SLOT_FILE, ref, AT_REPARSE_POINT, NULL, 0, 0, &a);
	if (err)
		return err;
	if (a.nonresident || a.value_len < 8)
		return a.nonresident ? NTFS_ERR_UNSUPPORTED : NTFS_ERR_CORRUPT;
	tag = le32(a.value);
	data_len = le16(a.value + 4);
	if (tag != TAG_MOUNT_POINT && tag != TAG_SYMLINK)
		return NTFS_ERR_NOT_FOUND;
	/* four 16-bit offsets and lengths, a symlink's flags, then the names */
	header = tag == TAG_SYMLINK ? 12 : 8;
	if (data_len > a.value_len - 8 || data_len < header)
		return NTFS_ERR_CORRUPT;
	const uint8_t *d = a.value + 8, *names = d + header;
	uint32_t names_len = data_len - header;
	uint32_t sub_off = le16(d), sub_len = le16(d + 2);
	uint32_t print_off = le16(d + 4), print_len = le16(d + 6);
	/* Windows shows the print name; with none, the substitute name
	 * without its NT namespace prefix (\??\C:\...) */
	if (print_len == 0) {
		print_off = sub_off;
		print_len = sub_len;
		if (print_off <= names_len && print_len >= 8 && print_len <= names_len - print_off &&
		    memcmp(names + print_off, "\\\0?\0?\0\\\0", 8) == 0) {
			print_off += 8;
			print_len -= 8;
		}
	}
	if (print_off > names_len || print_len > names_len - print_off || print_len % 2)
		return NTFS_ERR_CORRUPT;
	if (bde_utf16le_to_utf8(names + print_off, print_len, out, out_max) < 0)
		return NTFS_ERR_SMALL_BUFFER;
	return NTFS_OK;
}
