/** @file
 * EFI_SIMPLE_FILE_SYSTEM_PROTOCOL and EFI_FILE_PROTOCOL over ntfs/.
 *
 * One struct ntfs_mount a volume (the SFS, the ntfs/ volume and its work
 * area), one struct ntfs_handle an open file or directory. A directory
 * handle keeps an ntfs/ iterator, and the entry a too-small Read buffer
 * could not take, so that entry is not lost. Metafiles ($MFT, ...) are
 * left out of listings, as Windows does.
 */
#include <string.h>
#include "bde/io_cache.h"
#include "bde/utf16.h"
#include "crypto/wipe.h"
#include "efi/child_blockio.h"
#include "efi/efi_app.h"
#include "efi/ntfs_fs.h"
#include "ui/utf8.h"

#define MOUNT_SIGNATURE 0x7366746e72746962ull   /* "bitrntfs" */
#define HANDLE_SIGNATURE 0x6866746e72746962ull  /* "bitrntfh" */
#define PATH_BYTES 1024

/* The vendor node after the view's device path. */
#define NTFS_FS_GUID \
	{ 0x3d0c8f27, 0x5a41, 0x4b6e, { 0x8e, 0x19, 0x62, 0xa4, 0x0d, 0x7c, 0x51, 0xb3 } }

static EFI_GUID fs_guid = NTFS_FS_GUID;

struct ntfs_mount {
	UINT64 signature;
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL sfs;
	EFI_DEVICE_PATH *path;
	struct ntfs_volume vol;
	struct app_device *dev;
	void *work;
	struct io_cache cache;     /* small reads: one device read a block, not a record */
	void *cache_blocks;
	unsigned open_handles;
	int installed;             /* 0: only open handles keep it */
	int free_known;
	uint64_t free_bytes;
};

struct ntfs_handle {
	UINT64 signature;
	EFI_FILE_PROTOCOL file;
	struct ntfs_mount *m;
	struct ntfs_info info;     /* what it is */
	uint64_t pos;              /* a file's read position */
	int opened;                /* data: ntfs_file_open worked */
	int data_error;            /* or why not */
	struct ntfs_file data;
	struct ntfs_dir dir;
	int dir_started;
	int pending;               /* dir: `next` holds an entry not yet given */
	struct ntfs_info next;
};

static EFI_FILE_PROTOCOL file_template;

#define FROM(ptr, type, field) ((type *)((char *)(ptr) - __builtin_offsetof(type, field)))

static struct ntfs_handle *from_file(EFI_FILE_PROTOCOL *f)
{
	struct ntfs_handle *h;

	if (!f)
		return NULL;
	h = FROM(f, struct ntfs_handle, file);
	return h->signature == HANDLE_SIGNATURE ? h : NULL;
}

EFI_STATUS ntfs_fs_status(int err)
{
	switch (err) {
	case NTFS_OK:              return EFI_SUCCESS;
	case NTFS_ERR_NOT_FOUND:
	case NTFS_ERR_NOT_DIR:     return EFI_NOT_FOUND;
	case NTFS_ERR_BAD_PATH:    return EFI_INVALID_PARAMETER;
	case NTFS_ERR_ENCRYPTED:
	case NTFS_ERR_LINK:        return EFI_ACCESS_DENIED;
	case NTFS_ERR_ONLINE_ONLY:
	case NTFS_ERR_WOF:
	case NTFS_ERR_UNSUPPORTED: return EFI_UNSUPPORTED;
	case NTFS_ERR_SMALL_BUFFER: return EFI_OUT_OF_RESOURCES;
	case NTFS_ERR_CORRUPT:     return EFI_VOLUME_CORRUPTED;
	default:                   return EFI_DEVICE_ERROR;
	}
}

static int view_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct app_device *dev = ctx;
	uint64_t size = bde_view_size(dev->vol);

	if (!dev->cipher || offset > size || len > size - offset)
		return -1;
	return bde_read_decrypted(dev->vol, dev->cipher, offset, buf, len) != BDE_OK;
}

static void efi_time(uint64_t filetime, EFI_TIME *t)
{
	struct ntfs_time nt;

	ZeroMem(t, sizeof(*t));
	if (!filetime)
		return;
	ntfs_time_split(filetime, &nt);
	t->Year = nt.year;
	t->Month = nt.month;
	t->Day = nt.day;
	t->Hour = nt.hour;
	t->Minute = nt.minute;
	t->Second = nt.second;
	t->Nanosecond = nt.nanosecond;
	t->TimeZone = 0;   /* NTFS keeps UTC */
}

/* EFI_FILE_INFO for INFO into BUF (*SIZE bytes); NAME16 of NAME_LEN units. */
static EFI_STATUS file_info(const struct ntfs_info *info, const CHAR16 *name16,
			    unsigned name_len, UINTN *size, void *buf)
{
	UINTN need = SIZE_OF_EFI_FILE_INFO + (name_len + 1) * sizeof(CHAR16);
	EFI_FILE_INFO *fi = buf;

	if (*size < need) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	ZeroMem(fi, need);
	fi->Size = need;
	fi->FileSize = info->size;
	fi->PhysicalSize = info->allocated;
	efi_time(info->created, &fi->CreateTime);
	efi_time(info->accessed, &fi->LastAccessTime);
	efi_time(info->modified, &fi->ModificationTime);
	fi->Attribute = EFI_FILE_READ_ONLY;
	if (info->flags & NTFS_F_DIR)
		fi->Attribute |= EFI_FILE_DIRECTORY;
	if (info->attributes & NTFS_ATTR_HIDDEN)
		fi->Attribute |= EFI_FILE_HIDDEN;
	if (info->attributes & NTFS_ATTR_SYSTEM)
		fi->Attribute |= EFI_FILE_SYSTEM;
	if (info->attributes & NTFS_ATTR_ARCHIVE)
		fi->Attribute |= EFI_FILE_ARCHIVE;
	CopyMem(fi->FileName, (void *)name16, name_len * sizeof(CHAR16));
	fi->FileName[name_len] = 0;
	*size = need;
	return EFI_SUCCESS;
}

static struct ntfs_handle *handle_new(struct ntfs_mount *m, uint64_t ref,
				      EFI_STATUS *status)
{
	struct ntfs_handle *h = AllocateZeroPool(sizeof(*h));
	int err;

	if (!h) {
		*status = EFI_OUT_OF_RESOURCES;
		return NULL;
	}
	err = ntfs_stat(&m->vol, ref, &h->info);
	if (err) {
		FreePool(h);
		*status = ntfs_fs_status(err);
		return NULL;
	}
	h->signature = HANDLE_SIGNATURE;
	h->file = file_template;
	h->m = m;
	if (NTFS_REF_RECORD(ref) == NTFS_ROOT) {
		/* The root's info names it "."; a root's FileName is empty: the
		 * Shell climbs ".." until it finds that name (a lookup's ref
		 * carries the sequence number too). */
		h->info.name16_len = 0;
		h->info.name[0] = '\0';
	}
	if (!(h->info.flags & NTFS_F_DIR)) {
		h->data_error = ntfs_file_open(&m->vol, ref, &h->data);
		h->opened = h->data_error == NTFS_OK;
	}
	m->open_handles++;
	*status = EFI_SUCCESS;
	return h;
}

/* Give back a mount and what it holds, wiping the decrypted file system
 * data (the work area, the cached blocks). */
static void mount_free(struct ntfs_mount *m)
{
	m->signature = 0;
	if (m->path)
		FreePool(m->path);
	if (m->work) {
		wipe(m->work, NTFS_WORK_BYTES);
		FreePool(m->work);
	}
	if (m->cache_blocks) {
		wipe(m->cache_blocks, IO_CACHE_BYTES);
		FreePool(m->cache_blocks);
	}
	FreePool(m);
}

static void handle_free(struct ntfs_handle *h)
{
	struct ntfs_mount *m = h->m;

	h->signature = 0;
	FreePool(h);
	/* The file system went while the Shell held this open. */
	if (--m->open_handles == 0 && !m->installed)
		mount_free(m);
}

static EFI_STATUS EFIAPI f_open(EFI_FILE_PROTOCOL *This, EFI_FILE_PROTOCOL **New,
				CHAR16 *FileName, UINT64 OpenMode, UINT64 Attributes)
{
	struct ntfs_handle *h = from_file(This), *n;
	char path[PATH_BYTES];
	uint64_t start, ref;
	EFI_STATUS status;
	size_t len;
	int err;

	(void)Attributes;
	if (!h || !New || !FileName)
		return EFI_INVALID_PARAMETER;
	if (OpenMode & (EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE))
		return EFI_WRITE_PROTECTED;
	if (OpenMode != EFI_FILE_MODE_READ)
		return EFI_INVALID_PARAMETER;
	if (!h->m->installed)
		return EFI_NO_MEDIA;
	/* CHAR16 is UTF-16LE in memory on every target */
	if (bde_utf16le_to_utf8((const uint8_t *)FileName, 2 * StrLen(FileName), path,
				sizeof(path)))
		return EFI_INVALID_PARAMETER;
	/* The Shell's "\\dir\\": the trailing separator names the folder. */
	for (len = strlen(path); len > 1 && (path[len - 1] == '\\' || path[len - 1] == '/'); len--)
		path[len - 1] = '\0';
	/* A file's relative names start from its folder. */
	start = h->info.flags & NTFS_F_DIR ? h->info.ref : h->info.parent_ref;
	err = ntfs_lookup(&h->m->vol, start, path, &ref);
	if (err)
		return ntfs_fs_status(err);
	n = handle_new(h->m, ref, &status);
	if (!n)
		return status;
	*New = &n->file;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI f_close(EFI_FILE_PROTOCOL *This)
{
	struct ntfs_handle *h = from_file(This);

	if (!h)
		return EFI_INVALID_PARAMETER;
	handle_free(h);
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI f_delete(EFI_FILE_PROTOCOL *This)
{
	/* Delete closes the handle whatever happens; nothing is deleted. */
	if (f_close(This) != EFI_SUCCESS)
		return EFI_INVALID_PARAMETER;
	return EFI_WARN_DELETE_FAILURE;
}

/* The next listed entry of a directory handle into h->next. */
static int dir_next(struct ntfs_handle *h)
{
	int err;

	if (!h->dir_started) {
		err = ntfs_dir_open(&h->m->vol, h->info.ref, &h->dir);
		if (err)
			return err;
		h->dir_started = 1;
	}
	for (;;) {
		err = ntfs_dir_next(&h->dir, &h->next);
		if (err == NTFS_ERR_CORRUPT || err == NTFS_ERR_IO)
			continue;   /* the iterator skipped the damaged part */
		if (err || !(h->next.flags & NTFS_F_METAFILE))
			return err;
	}
}

static EFI_STATUS read_dir(struct ntfs_handle *h, UINTN *size, void *buf)
{
	EFI_STATUS status;
	int err;

	if (!h->pending) {
		err = dir_next(h);
		if (err == NTFS_END) {
			*size = 0;
			return EFI_SUCCESS;
		}
		if (err)
			return ntfs_fs_status(err);
		h->pending = 1;
	}
	status = file_info(&h->next, h->next.name16, h->next.name16_len, size, buf);
	if (status == EFI_SUCCESS)
		h->pending = 0;
	return status;
}

static EFI_STATUS EFIAPI f_read(EFI_FILE_PROTOCOL *This, UINTN *Size, VOID *Buffer)
{
	struct ntfs_handle *h = from_file(This);
	size_t got = 0;
	int err;

	if (!h || !Size || (!Buffer && *Size))
		return EFI_INVALID_PARAMETER;
	if (!h->m->installed)
		return EFI_NO_MEDIA;
	if (h->info.flags & NTFS_F_DIR)
		return read_dir(h, Size, Buffer);
	if (!h->opened)
		return ntfs_fs_status(h->data_error);
	if (h->pos >= h->data.size) {
		*Size = 0;
		return EFI_SUCCESS;
	}
	err = ntfs_file_read(&h->data, h->pos, Buffer, *Size, &got);
	if (err)
		return ntfs_fs_status(err);
	h->pos += got;
	*Size = got;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI f_write(EFI_FILE_PROTOCOL *This, UINTN *Size, VOID *Buffer)
{
	(void)This;
	(void)Buffer;
	if (Size)
		*Size = 0;
	return EFI_WRITE_PROTECTED;
}

static EFI_STATUS EFIAPI f_get_position(EFI_FILE_PROTOCOL *This, UINT64 *Position)
{
	struct ntfs_handle *h = from_file(This);

	if (!h || !Position)
		return EFI_INVALID_PARAMETER;
	if (h->info.flags & NTFS_F_DIR)
		return EFI_UNSUPPORTED;
	*Position = h->pos;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI f_set_position(EFI_FILE_PROTOCOL *This, UINT64 Position)
{
	struct ntfs_handle *h = from_file(This);

	if (!h)
		return EFI_INVALID_PARAMETER;
	if (h->info.flags & NTFS_F_DIR) {
		/* Only 0: start the listing over. */
		if (Position)
			return EFI_UNSUPPORTED;
		h->dir_started = 0;
		h->pending = 0;
		return EFI_SUCCESS;
	}
	h->pos = Position == ~0ull ? h->info.size : Position;
	return EFI_SUCCESS;
}

/* LABEL (UTF-8) as UCS-2 into OUT (MAX units with the NUL); units used. */
static unsigned label_ucs2(const char *label, CHAR16 *out, unsigned max)
{
	unsigned n = 0;
	uint16_t cp;

	while (n + 1 < max && (cp = utf8_next(&label)) != 0)
		out[n++] = cp;
	out[n] = 0;
	return n;
}

static EFI_STATUS fs_info(struct ntfs_mount *m, UINTN *size, void *buf)
{
	CHAR16 label[130];
	unsigned n = label_ucs2(m->vol.label, label, 130);
	UINTN need = SIZE_OF_EFI_FILE_SYSTEM_INFO + (n + 1) * sizeof(CHAR16);
	EFI_FILE_SYSTEM_INFO *fi = buf;

	if (*size < need) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!m->free_known) {
		/* Reads all of $Bitmap: once, when first asked. */
		m->free_known = ntfs_free_space(&m->vol, &m->free_bytes) == NTFS_OK ? 1 : -1;
	}
	ZeroMem(fi, need);
	fi->Size = need;
	fi->ReadOnly = TRUE;
	fi->VolumeSize = m->vol.size;
	fi->FreeSpace = m->free_known > 0 ? m->free_bytes : 0;
	fi->BlockSize = m->vol.cluster_size;
	CopyMem(fi->VolumeLabel, label, (n + 1) * sizeof(CHAR16));
	*size = need;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI f_get_info(EFI_FILE_PROTOCOL *This, EFI_GUID *Type,
				    UINTN *Size, VOID *Buffer)
{
	struct ntfs_handle *h = from_file(This);
	CHAR16 label[130];
	unsigned n;

	if (!h || !Type || !Size || (!Buffer && *Size))
		return EFI_INVALID_PARAMETER;
	if (!CompareGuid(Type, &GenericFileInfo))
		return file_info(&h->info, h->info.name16, h->info.name16_len, Size, Buffer);
	if (!CompareGuid(Type, &FileSystemInfo))
		return fs_info(h->m, Size, Buffer);
	if (!CompareGuid(Type, &FileSystemVolumeLabelInfo)) {
		n = label_ucs2(h->m->vol.label, label, 130);
		if (*Size < (n + 1) * sizeof(CHAR16)) {
			*Size = (n + 1) * sizeof(CHAR16);
			return EFI_BUFFER_TOO_SMALL;
		}
		CopyMem(Buffer, label, (n + 1) * sizeof(CHAR16));
		*Size = (n + 1) * sizeof(CHAR16);
		return EFI_SUCCESS;
	}
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI f_set_info(EFI_FILE_PROTOCOL *This, EFI_GUID *Type,
				    UINTN Size, VOID *Buffer)
{
	(void)This;
	(void)Type;
	(void)Size;
	(void)Buffer;
	return EFI_WRITE_PROTECTED;
}

static EFI_STATUS EFIAPI f_flush(EFI_FILE_PROTOCOL *This)
{
	return from_file(This) ? EFI_SUCCESS : EFI_INVALID_PARAMETER;
}

static EFI_FILE_PROTOCOL file_template = {
	.Revision = EFI_FILE_PROTOCOL_REVISION,
	.Open = f_open,
	.Close = f_close,
	.Delete = f_delete,
	.Read = f_read,
	.Write = f_write,
	.GetPosition = f_get_position,
	.SetPosition = f_set_position,
	.GetInfo = f_get_info,
	.SetInfo = f_set_info,
	.Flush = f_flush,
};

static EFI_STATUS EFIAPI sfs_open_volume(EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *This,
					 EFI_FILE_PROTOCOL **Root)
{
	struct ntfs_mount *m;
	struct ntfs_handle *h;
	EFI_STATUS status;

	if (!This || !Root)
		return EFI_INVALID_PARAMETER;
	m = FROM(This, struct ntfs_mount, sfs);
	if (m->signature != MOUNT_SIGNATURE || !m->installed)
		return EFI_INVALID_PARAMETER;
	h = handle_new(m, NTFS_ROOT, &status);
	if (!h)
		return status;
	*Root = &h->file;
	return EFI_SUCCESS;
}

static struct ntfs_mount *mount_of(struct app_device *dev)
{
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *sfs = NULL;
	struct ntfs_mount *m;

	if (!dev->ntfs_fs ||
	    EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, dev->ntfs_fs,
					&FileSystemProtocol, (void **)&sfs)) || !sfs)
		return NULL;
	m = FROM(sfs, struct ntfs_mount, sfs);
	return m->signature == MOUNT_SIGNATURE && m->dev == dev ? m : NULL;
}

struct ntfs_volume *ntfs_fs_volume(struct app_device *dev)
{
	struct ntfs_mount *m = mount_of(dev);

	return m ? &m->vol : NULL;
}

EFI_STATUS ntfs_fs_install(struct app_device *dev)
{
	struct ntfs_mount *m;
	struct bde_io view, io;
	EFI_STATUS status;
	EFI_HANDLE handle = NULL;

	if (!dev->child || !dev->cipher)
		return EFI_INVALID_PARAMETER;
	if (dev->ntfs_fs)
		return EFI_SUCCESS;
	m = AllocateZeroPool(sizeof(*m));
	if (!m)
		return EFI_OUT_OF_RESOURCES;
	m->work = AllocatePool(NTFS_WORK_BYTES);
	m->path = child_vendor_path(dev->child, &fs_guid);
	if (!m->work || !m->path) {
		mount_free(m);
		return EFI_OUT_OF_RESOURCES;
	}
	view = (struct bde_io){ view_read, dev, bde_view_size(dev->vol) };
	io = view;
	/* without memory for the cache: slower, the same bytes */
	m->cache_blocks = AllocatePool(IO_CACHE_BYTES);
	if (m->cache_blocks)
		io_cache_init(&m->cache, &view, m->cache_blocks, &io);
	if (ntfs_open(&m->vol, &io, m->work, NTFS_WORK_BYTES) != NTFS_OK) {
		mount_free(m);
		return EFI_UNSUPPORTED;
	}
	m->signature = MOUNT_SIGNATURE;
	m->dev = dev;
	m->sfs.Revision = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_REVISION;
	m->sfs.OpenVolume = sfs_open_volume;
	m->installed = 1;
	status = uefi_call_wrapper(BS->InstallMultipleProtocolInterfaces, 6, &handle,
				   &DevicePathProtocol, m->path,
				   &FileSystemProtocol, &m->sfs, NULL);
	if (EFI_ERROR(status)) {
		mount_free(m);
		return status;
	}
	dev->ntfs_fs = handle;
	return EFI_SUCCESS;
}

int ntfs_fs_remove(struct app_device *dev)
{
	struct ntfs_mount *m = mount_of(dev);

	if (!m)
		return 0;
	if (EFI_ERROR(uefi_call_wrapper(BS->UninstallMultipleProtocolInterfaces, 6,
					dev->ntfs_fs, &DevicePathProtocol, m->path,
					&FileSystemProtocol, &m->sfs, NULL)))
		return -1;
	dev->ntfs_fs = NULL;
	m->installed = 0;
	m->dev = NULL;
	if (!m->open_handles)
		mount_free(m);   /* else the last Close frees it */
	return 0;
}
