/** @file
 * ntfs/ behind struct rescue_source. A listing's iterator and entry live
 * in pool memory, not on the stack: the copy lists folders within
 * folders, one listing open a level.
 */
#include <string.h>
#include "efi/efi_app.h"
#include "efi/rescue_source.h"

int rescue_why_from_ntfs(int err)
{
	switch (err) {
	case NTFS_OK:              return 0;
	case NTFS_ERR_NOT_FOUND:
	case NTFS_ERR_NOT_DIR:     return RESCUE_WHY_NOT_FOUND;
	case NTFS_ERR_ENCRYPTED:   return RESCUE_WHY_EFS;
	case NTFS_ERR_ONLINE_ONLY: return RESCUE_WHY_ONLINE_ONLY;
	case NTFS_ERR_WOF:         return RESCUE_WHY_WOF;
	case NTFS_ERR_LINK:        return RESCUE_WHY_LINK;
	case NTFS_ERR_UNSUPPORTED: return RESCUE_WHY_REPARSE;
	case NTFS_ERR_BAD_PATH:    return RESCUE_WHY_NAME;
	case NTFS_ERR_CORRUPT:     return RESCUE_WHY_DAMAGED;
	default:                   return RESCUE_WHY_READ_ERROR;
	}
}

void rescue_entry_from_ntfs(const struct ntfs_info *info, struct rescue_entry *e)
{
	size_t n = strlen(info->name);

	if (n >= sizeof(e->name))
		n = sizeof(e->name) - 1;
	memcpy(e->name, info->name, n);
	e->name[n] = '\0';
	e->size = info->size;
	e->mtime = info->modified;
	e->why = 0;
	e->flags = 0;
	if (info->flags & NTFS_F_DIR)
		e->flags |= RESCUE_DIR;
	if (info->flags & NTFS_F_COMPRESSED)
		e->flags |= RESCUE_COMPRESSED;
	if (info->flags & NTFS_F_SPARSE)
		e->flags |= RESCUE_SPARSE;
	if (info->flags & NTFS_F_ENCRYPTED)
		e->flags |= RESCUE_EFS;
	if (info->flags & NTFS_F_ONLINE_ONLY)
		e->flags |= RESCUE_ONLINE_ONLY;
	if (info->attributes & NTFS_ATTR_HIDDEN)
		e->flags |= RESCUE_HIDDEN;
	if (info->attributes & NTFS_ATTR_SYSTEM)
		e->flags |= RESCUE_SYSTEM;
	switch (info->reparse_kind) {
	case NTFS_REPARSE_NONE:     break;
	case NTFS_REPARSE_JUNCTION: e->flags |= RESCUE_JUNCTION; break;
	case NTFS_REPARSE_SYMLINK:  e->flags |= RESCUE_SYMLINK; break;
	case NTFS_REPARSE_CLOUD:    break;   /* online only, or here: its data says */
	case NTFS_REPARSE_WOF:      e->flags |= RESCUE_WOF; break;
	default:                    e->flags |= RESCUE_REPARSE; break;
	}
	/* A file whose data ntfs/ cannot read, for a reason the flags above
	 * do not already give (a directory has no data to read). */
	if (info->error && info->error != NTFS_ERR_IS_DIR &&
	    !(e->flags & (RESCUE_EFS | RESCUE_ONLINE_ONLY | RESCUE_WOF |
			  RESCUE_JUNCTION | RESCUE_SYMLINK | RESCUE_REPARSE))) {
		e->flags |= RESCUE_UNREADABLE;
		e->why = (uint8_t)rescue_why_from_ntfs(info->error);
	}
}

/* One listing's state, in pool memory. */
struct listing {
	struct ntfs_dir dir;
	struct ntfs_info info;
	struct rescue_entry entry;
};

static int src_list(void *ctx, const char *path, rescue_each_fn each, void *arg)
{
	struct ntfs_source *ns = ctx;
	struct listing *l;
	uint64_t ref;
	int err;

	err = ntfs_lookup(ns->vol, NTFS_ROOT, path, &ref);
	if (err)
		return rescue_why_from_ntfs(err);
	l = AllocatePool(sizeof(*l));
	if (!l)
		return RESCUE_WHY_READ_ERROR;
	err = ntfs_dir_open(ns->vol, ref, &l->dir);
	while (!err) {
		err = ntfs_dir_next(&l->dir, &l->info);
		if (err == NTFS_ERR_CORRUPT || err == NTFS_ERR_IO) {
			/* The iterator skipped the damaged part: go on. */
			err = NTFS_OK;
			continue;
		}
		if (err)
			break;
		/* $MFT and the other metafiles: not the user's files. */
		if (l->info.flags & NTFS_F_METAFILE)
			continue;
		rescue_entry_from_ntfs(&l->info, &l->entry);
		if (each(arg, &l->entry))
			break;
	}
	FreePool(l);
	return err == NTFS_END || err == NTFS_OK ? 0 : rescue_why_from_ntfs(err);
}

static int src_stat(void *ctx, const char *path, struct rescue_entry *e)
{
	struct ntfs_source *ns = ctx;
	struct ntfs_info *info = AllocatePool(sizeof(*info));
	uint64_t ref;
	int err;

	if (!info)
		return RESCUE_WHY_READ_ERROR;
	err = ntfs_lookup(ns->vol, NTFS_ROOT, path, &ref);
	if (!err)
		err = ntfs_stat(ns->vol, ref, info);
	if (!err)
		rescue_entry_from_ntfs(info, e);
	FreePool(info);
	return rescue_why_from_ntfs(err);
}

static int src_read(void *ctx, const char *path, uint64_t offset, void *buf,
		    size_t len)
{
	struct ntfs_source *ns = ctx;
	uint8_t *p = buf;
	uint64_t ref;
	size_t got;
	int err;

	if (strcmp(ns->path, path)) {
		size_t n = strlen(path);

		if (n >= sizeof(ns->path))
			return RESCUE_WHY_NAME;
		memcpy(ns->path, path, n + 1);
		ns->err = ntfs_lookup(ns->vol, NTFS_ROOT, path, &ref);
		if (!ns->err)
			ns->err = ntfs_file_open(ns->vol, ref, &ns->file);
	}
	if (ns->err)
		return rescue_why_from_ntfs(ns->err);
	while (len) {
		err = ntfs_file_read(&ns->file, offset, p, len, &got);
		if (err) {
			ns->path[0] = '\0';
			return rescue_why_from_ntfs(err);
		}
		if (!got)
			return RESCUE_WHY_READ_ERROR;   /* shorter than listed */
		p += got;
		offset += got;
		len -= got;
	}
	return 0;
}

void ntfs_source_init(struct rescue_source *src, struct ntfs_source *ns,
		      struct ntfs_volume *vol)
{
	ZeroMem(ns, sizeof(*ns));
	ns->vol = vol;
	src->ctx = ns;
	src->list = src_list;
	src->read = src_read;
	src->stat = src_stat;
}
