/** @file
 * A minimal discovery of BitLocker volumes (every BlockIo handle with
 * DiskIo, opened with bde_open), used until efi/discovery.c fills
 * struct app; our own decrypted views are skipped.
 */
#include "efi/child_blockio.h"
#include "efi/pages.h"
#include "efi/unlock.h"

static int disk_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct app_device *dev = ctx;

	if (offset > dev->size || len > dev->size - offset)
		return -1;
	return EFI_ERROR(uefi_call_wrapper(dev->disk_io->ReadDisk, 5, dev->disk_io,
					   dev->media_id, offset, len, buf)) ? -1 : 0;
}

static void path_text(EFI_HANDLE handle, char *out, unsigned max)
{
	CHAR16 *text = DevicePathToStr(DevicePathFromHandle(handle));
	unsigned i = 0;

	if (text) {
		for (; text[i] && i + 1 < max; i++)
			out[i] = text[i] >= 0x20 && text[i] < 0x7f ? (char)text[i] : '?';
		FreePool(text);
	}
	out[i] = '\0';
}

void unlock_scan_devices(struct app *app)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0, i;
	struct bde_volume *vol = NULL;

	app->n_devices = 0;
	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
					&BlockIoProtocol, NULL, &count, &handles)))
		return;
	for (i = 0; i < count && app->n_devices < APP_MAX_DEVICES; i++) {
		struct app_device *dev = &app->devices[app->n_devices];

		ZeroMem(dev, sizeof(*dev));
		dev->handle = handles[i];
		if (child_is_ours(dev->handle) ||
		    EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, dev->handle,
						&BlockIoProtocol, (void **)&dev->block_io)) ||
		    EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, dev->handle,
						&DiskIoProtocol, (void **)&dev->disk_io)) ||
		    !dev->block_io->Media->MediaPresent)
			continue;
		dev->media_id = dev->block_io->Media->MediaId;
		dev->size = (dev->block_io->Media->LastBlock + 1) *
			    (UINT64)dev->block_io->Media->BlockSize;
		dev->io.read = disk_read;
		dev->io.ctx = dev;
		dev->io.size = dev->size;
		path_text(dev->handle, dev->path_text, sizeof(dev->path_text));
		if (!vol)
			vol = pages_alloc(sizeof(*vol));
		if (!vol)
			break;
		dev->status = bde_open(vol, &dev->io);
		if (dev->status == BDE_OK) {
			dev->vol = vol;
			vol = NULL;
		}
		app->n_devices++;
	}
	pages_free(vol, sizeof(*vol));
	FreePool(handles);
}
