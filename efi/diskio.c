/** @file
 * struct bde_io over EFI_DISK_IO: how the core reads a disk or partition.
 */
#include "efi/discovery.h"

/* A flaky USB stick may fail once and then read; a dead one must not
 * hold the app up: a couple of tries, no more. */
#define READ_TRIES 3

static int diskio_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct app_device *dev = ctx;
	EFI_STATUS status = EFI_DEVICE_ERROR;
	unsigned try;

	if (len == 0)
		return 0;
	if (offset > dev->size || len > dev->size - offset)
		return -1;
	for (try = 0; try < READ_TRIES; try++) {
		status = uefi_call_wrapper(dev->disk_io->ReadDisk, 5, dev->disk_io,
					   dev->media_id, offset, (UINTN)len, buf);
		/* Only a device error may be passing; anything else (no media,
		 * media changed, bad parameter) will answer the same again. */
		if (status != EFI_DEVICE_ERROR)
			break;
	}
	return EFI_ERROR(status) ? -1 : 0;
}

void diskio_attach(struct app_device *dev)
{
	dev->io.read = diskio_read;
	dev->io.ctx = dev;
	dev->io.size = dev->size;
}
