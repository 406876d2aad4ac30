/** @file
 * A read-only BlockIo + DiskIo child for each unlocked volume.
 *
 * Reads go to bde_read_decrypted() in one call per request, so a file
 * system driver reading a cluster run decrypts it as one run. Writes are
 * refused with EFI_WRITE_PROTECTED: nothing can reach the encrypted disk
 * through us. The media is marked a logical partition so the partition
 * driver does not look for a table inside the volume.
 */
#include "bde/bde.h"
#include "crypto/wipe.h"
#include "efi/child_blockio.h"
#include "efi/ntfs_fs.h"
#include "efi/pages.h"

#define CHILD_SIGNATURE 0x6276646c72746962ull  /* "bitrldvb" */

struct child_view {
	UINT64 signature;
	EFI_BLOCK_IO block_io;
	EFI_BLOCK_IO_MEDIA media;
	EFI_DISK_IO disk_io;
	EFI_DEVICE_PATH *path;
	struct app_device *dev;
};

static EFI_GUID child_guid = BITRESCUE_CHILD_GUID;

#define FROM_FIELD(ptr, field) \
	((struct child_view *)((char *)(ptr) - __builtin_offsetof(struct child_view, field)))

static struct child_view *from_block_io(EFI_BLOCK_IO *bio)
{
	struct child_view *c = FROM_FIELD(bio, block_io);

	return c->signature == CHILD_SIGNATURE ? c : NULL;
}

static struct child_view *from_disk_io(EFI_DISK_IO *dio)
{
	struct child_view *c = FROM_FIELD(dio, disk_io);

	return c->signature == CHILD_SIGNATURE ? c : NULL;
}

static EFI_STATUS read_view(struct child_view *c, UINT64 offset, UINTN len,
			    void *buf)
{
	uint64_t size = bde_view_size(c->dev->vol);

	if (!buf && len)
		return EFI_INVALID_PARAMETER;
	if (offset > size || len > size - offset)
		return EFI_INVALID_PARAMETER;
	if (len == 0)
		return EFI_SUCCESS;
	return bde_read_decrypted(c->dev->vol, c->dev->cipher, offset, buf, len) ==
	       BDE_OK ? EFI_SUCCESS : EFI_DEVICE_ERROR;
}

static EFI_STATUS EFIAPI bio_reset(EFI_BLOCK_IO *This, BOOLEAN Extended)
{
	(void)This;
	(void)Extended;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI bio_read(EFI_BLOCK_IO *This, UINT32 MediaId,
				  EFI_LBA Lba, UINTN BufferSize, VOID *Buffer)
{
	struct child_view *c = from_block_io(This);
	UINT32 bs;

	if (!c)
		return EFI_INVALID_PARAMETER;
	bs = c->media.BlockSize;
	if (MediaId != c->media.MediaId)
		return EFI_MEDIA_CHANGED;
	if (BufferSize % bs)
		return EFI_BAD_BUFFER_SIZE;
	if (Lba > c->media.LastBlock ||
	    BufferSize / bs > c->media.LastBlock - Lba + 1)
		return EFI_INVALID_PARAMETER;
	return read_view(c, Lba * bs, BufferSize, Buffer);
}

static EFI_STATUS EFIAPI bio_write(EFI_BLOCK_IO *This, UINT32 MediaId,
				   EFI_LBA Lba, UINTN BufferSize, VOID *Buffer)
{
	(void)This;
	(void)MediaId;
	(void)Lba;
	(void)BufferSize;
	(void)Buffer;
	return EFI_WRITE_PROTECTED;
}

static EFI_STATUS EFIAPI bio_flush(EFI_BLOCK_IO *This)
{
	(void)This;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI dio_read(EFI_DISK_IO *This, UINT32 MediaId,
				  UINT64 Offset, UINTN BufferSize, VOID *Buffer)
{
	struct child_view *c = from_disk_io(This);

	if (!c)
		return EFI_INVALID_PARAMETER;
	if (MediaId != c->media.MediaId)
		return EFI_MEDIA_CHANGED;
	return read_view(c, Offset, BufferSize, Buffer);
}

static EFI_STATUS EFIAPI dio_write(EFI_DISK_IO *This, UINT32 MediaId,
				   UINT64 Offset, UINTN BufferSize, VOID *Buffer)
{
	(void)This;
	(void)MediaId;
	(void)Offset;
	(void)BufferSize;
	(void)Buffer;
	return EFI_WRITE_PROTECTED;
}

EFI_DEVICE_PATH *child_vendor_path(EFI_HANDLE parent, const EFI_GUID *guid)
{
	VENDOR_DEVICE_PATH node;
	EFI_DEVICE_PATH *base = DevicePathFromHandle(parent);

	if (!base)
		return NULL;
	node.Header.Type = HARDWARE_DEVICE_PATH;
	node.Header.SubType = HW_VENDOR_DP;
	SetDevicePathNodeLength(&node.Header, sizeof(node));
	node.Guid = *guid;
	return AppendDevicePathNode(base, &node.Header);
}

EFI_STATUS child_install(struct app_device *dev)
{
	struct child_view *c;
	EFI_STATUS status;
	void *fs;
	uint64_t size = bde_view_size(dev->vol);
	UINT32 bs = dev->block_io->Media->BlockSize;

	if (dev->child)
		return EFI_SUCCESS;
	if (!dev->cipher || bs == 0 || size < bs)
		return EFI_INVALID_PARAMETER;
	c = AllocateZeroPool(sizeof(*c));
	if (!c)
		return EFI_OUT_OF_RESOURCES;
	c->signature = CHILD_SIGNATURE;
	c->dev = dev;
	c->media.MediaId = 1;
	c->media.RemovableMedia = FALSE;
	c->media.MediaPresent = TRUE;
	c->media.LogicalPartition = TRUE;
	c->media.ReadOnly = TRUE;
	c->media.WriteCaching = FALSE;
	c->media.BlockSize = bs;
	c->media.IoAlign = 0;
	c->media.LastBlock = size / bs - 1;
	c->block_io.Revision = EFI_BLOCK_IO_PROTOCOL_REVISION;
	c->block_io.Media = &c->media;
	c->block_io.Reset = bio_reset;
	c->block_io.ReadBlocks = bio_read;
	c->block_io.WriteBlocks = bio_write;
	c->block_io.FlushBlocks = bio_flush;
	c->disk_io.Revision = EFI_DISK_IO_PROTOCOL_REVISION;
	c->disk_io.ReadDisk = dio_read;
	c->disk_io.WriteDisk = dio_write;
	c->path = child_vendor_path(dev->handle, &child_guid);
	if (!c->path) {
		FreePool(c);
		return EFI_NOT_FOUND;
	}
	dev->child = NULL;
	status = uefi_call_wrapper(BS->InstallMultipleProtocolInterfaces, 8,
				   &dev->child, &DevicePathProtocol, c->path,
				   &BlockIoProtocol, &c->block_io,
				   &DiskIoProtocol, &c->disk_io, NULL);
	if (EFI_ERROR(status)) {
		dev->child = NULL;
		FreePool(c->path);
		FreePool(c);
		return status;
	}
	/* The FAT driver (and drivers loaded from the boot device) bind now. */
	uefi_call_wrapper(BS->ConnectController, 4, dev->child, NULL, NULL, TRUE);
	/* NTFS, which firmware cannot read: our reader, read-only, unless a
	 * driver from the stick mounted it. Not NTFS (EFI_UNSUPPORTED) is
	 * fine: the firmware may know it. */
	if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, dev->child,
					&FileSystemProtocol, &fs)))
		ntfs_fs_install(dev);
	return EFI_SUCCESS;
}

/* Who keeps the child's protocols open (the console log says why the
 * app cannot leave). */
static void log_holders(EFI_HANDLE child)
{
	EFI_GUID *guids[] = { &BlockIoProtocol, &DiskIoProtocol, &DevicePathProtocol,
			      &FileSystemProtocol };
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *info;
	UINTN i, j, n;

	for (i = 0; i < ARRAY_SIZE(guids); i++) {
		if (EFI_ERROR(uefi_call_wrapper(BS->OpenProtocolInformation, 4, child,
						guids[i], &info, &n)))
			continue;
		for (j = 0; j < n; j++) {
			EFI_COMPONENT_NAME2_PROTOCOL *cn = NULL;
			CHAR16 *name = NULL;

			if (!EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3,
							 info[j].AgentHandle,
							 &ComponentName2Protocol,
							 (void **)&cn)) && cn)
				uefi_call_wrapper(cn->GetDriverName, 3, cn, (CHAR8 *)"en", &name);
			Print(L"child: protocol %g open by %s (attributes %x)\n",
			      guids[i], name ? name : L"an agent", info[j].Attributes);
		}
		FreePool(info);
	}
}

EFI_STATUS child_remove(struct app_device *dev)
{
	EFI_BLOCK_IO *bio = NULL;
	struct child_view *c = NULL;

	if (dev->child &&
	    !EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, dev->child,
					 &BlockIoProtocol, (void **)&bio)))
		c = from_block_io(bio);
	if (c) {
		/* Drivers bound to the child are stopped by the uninstall. */
		uefi_call_wrapper(BS->DisconnectController, 3, dev->child, NULL, NULL);
		if (!ntfs_fs_remove(dev) &&
		    !EFI_ERROR(uefi_call_wrapper(BS->UninstallMultipleProtocolInterfaces, 8,
						 dev->child, &DevicePathProtocol, c->path,
						 &BlockIoProtocol, &c->block_io,
						 &DiskIoProtocol, &c->disk_io, NULL))) {
			c->signature = 0;
			FreePool(c->path);
			FreePool(c);
			dev->child = NULL;
		} else {
			log_holders(dev->child);
			/* The view stays installed: its key goes, its memory not. */
			if (dev->cipher)
				sector_cipher_wipe(dev->cipher);
			return EFI_ACCESS_DENIED;
		}
	}
	if (dev->cipher) {
		sector_cipher_wipe(dev->cipher);
		pages_free(dev->cipher, sizeof(*dev->cipher));
		dev->cipher = NULL;
	}
	return EFI_SUCCESS;
}

int child_is_ours(EFI_HANDLE handle)
{
	EFI_DEVICE_PATH *p = DevicePathFromHandle(handle);

	for (; p && !IsDevicePathEnd(p); p = NextDevicePathNode(p))
		if (DevicePathType(p) == HARDWARE_DEVICE_PATH &&
		    DevicePathSubType(p) == HW_VENDOR_DP &&
		    (UINTN)DevicePathNodeLength(p) >= sizeof(VENDOR_DEVICE_PATH) &&
		    !CompareGuid(&((VENDOR_DEVICE_PATH *)p)->Guid, &child_guid))
			return 1;
	return 0;
}
