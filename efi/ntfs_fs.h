/** @file
 * The unlocked volume's NTFS as a read-only EFI_SIMPLE_FILE_SYSTEM_PROTOCOL,
 * read by our ntfs/ through the decrypted view: the UEFI Shell's ls, cd, cp
 * and type, and any boot loader, can read the files. Nothing is ever
 * written: opening for write, Write, Delete and SetInfo answer
 * EFI_WRITE_PROTECTED.
 *
 * It sits on a handle of its own below the view's (dev->ntfs_fs, its
 * device path the view's and a vendor node), not on the view's: the FAT
 * driver, failing to mount a handle that has a file system already, takes
 * that file system for its own and keeps the disk open (EDK2's Fat.c), so
 * the view could then never be removed.
 */
#ifndef EFI_NTFS_FS_H
#define EFI_NTFS_FS_H

#include "efi/app.h"
#include "ntfs/ntfs.h"

/* If DEV's decrypted view (dev->child installed) holds an NTFS, install
 * the file system on a new handle, dev->ntfs_fs. EFI_UNSUPPORTED when it
 * is not NTFS. */
EFI_STATUS ntfs_fs_install(struct app_device *dev);

/* Uninstall it (before the child goes). Safe if none. The NTFS state's
 * memory stays while a file of it is open elsewhere (the Shell's); -1 if
 * it cannot be uninstalled. */
int ntfs_fs_remove(struct app_device *dev);

/* DEV's opened NTFS, or NULL when none is installed. */
struct ntfs_volume *ntfs_fs_volume(struct app_device *dev);

/* An ntfs/ error as the EFI status a file system driver would give. */
EFI_STATUS ntfs_fs_status(int err);

#endif
