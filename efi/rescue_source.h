/** @file
 * The unlocked NTFS as the file screen's source (ui/rescue.h): folders
 * listed and files read by path through ntfs/.
 */
#ifndef EFI_RESCUE_SOURCE_H
#define EFI_RESCUE_SOURCE_H

#include "ntfs/ntfs.h"
#include "ui/rescue.h"

struct ntfs_source {
	struct ntfs_volume *vol;
	/* The file read last: sequential reads keep it open. */
	char path[RESCUE_PATH_MAX];
	int err;
	struct ntfs_file file;
};

/* SRC reads VOL through NS (both the caller's, NS zeroed by this). */
void ntfs_source_init(struct rescue_source *src, struct ntfs_source *ns,
		      struct ntfs_volume *vol);

/* What an ntfs/ entry is, for the screen and the copy. */
void rescue_entry_from_ntfs(const struct ntfs_info *info, struct rescue_entry *e);

/* An ntfs/ error as the reason a file is not copied. */
int rescue_why_from_ntfs(int err);

#endif
