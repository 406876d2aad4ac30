/** @file
 * The decrypted view of an unlocked volume as a read-only block device:
 * a new handle with EFI_BLOCK_IO_PROTOCOL and EFI_DISK_IO_PROTOCOL whose
 * device path is the volume's plus a vendor node of ours, so the
 * firmware's file system drivers (and what runs next) can read it.
 */
#ifndef EFI_CHILD_BLOCKIO_H
#define EFI_CHILD_BLOCKIO_H

#include "efi/app.h"

/* Our vendor device path node's GUID. */
#define BITRESCUE_CHILD_GUID \
	{ 0x6e1c2a5f, 0x3b7d, 0x4c1e, { 0x9a, 0x52, 0x1f, 0x0b, 0x7e, 0x4d, 0x93, 0xc8 } }

/* Install DEV's view (dev->cipher set by an unlock) on dev->child and
 * connect drivers to it. */
EFI_STATUS child_install(struct app_device *dev);

/* Uninstall the child, wipe and free dev->cipher. Safe if none. When a
 * driver will not let go of the child, the key is wiped but the child and
 * its memory stay, and the result is an error. */
EFI_STATUS child_remove(struct app_device *dev);

/* PARENT's device path with a vendor node of GUID after it (a new pool
 * buffer), or NULL. */
EFI_DEVICE_PATH *child_vendor_path(EFI_HANDLE parent, const EFI_GUID *guid);

/* Nonzero if HANDLE is one of our children (discovery skips them). */
int child_is_ours(EFI_HANDLE handle);

#endif
