/** @file
 * Finding every block device and the BitLocker volumes on them
 * (efi/discovery.c), and reading a device through DiskIo (efi/diskio.c).
 */
#ifndef EFI_DISCOVERY_H
#define EFI_DISCOVERY_H

#include "efi/app.h"

/*
 * Fill APP->devices from every BlockIo handle (call after
 * connect_all_controllers()): whole disks numbered in handle order, their
 * partitions by the device path's partition number, each opened with
 * bde_open(). A device that cannot be read is noted and skipped; nothing
 * here waits on a device more than a few bounded retries.
 */
void discover_devices(struct app *app);

/* Free what discover_devices() allocated (the volumes). */
void forget_devices(struct app *app);

/* What kind of line a device gets in the list and the report. */
enum device_kind {
	DEVICE_BITLOCKER,     /* bde_open() said BDE_OK */
	DEVICE_DAMAGED,       /* BitLocker signature, but unusable metadata */
	DEVICE_OTHER,         /* no BitLocker on it */
	DEVICE_SKIPPED,       /* not looked at: dev->note says why */
	DEVICE_UNREADABLE,    /* the device failed a read */
};

enum device_kind device_kind(const struct app_device *dev);

/* One short phrase for DEV's state, in the language shown: "BitLocker",
 * the core's words for anything else (ui_error_text), or why it was
 * skipped. */
const char *device_state_text(const struct app_device *dev);

/* "Disk 2" or "Disk 2 part 3" into OUT (at least 24 bytes). */
void device_name(const struct app_device *dev, char *out, unsigned size);

/* Point DEV->io at DEV's DiskIo: reads honour the MediaId, stay inside
 * DEV->size and fail (non-zero) on a device error. */
void diskio_attach(struct app_device *dev);

#endif
