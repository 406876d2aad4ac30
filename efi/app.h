/** @file
 * The app's model: every block device looked at, the BitLocker volumes
 * among them, and what has been unlocked.
 *
 * Discovery (efi/discovery.c) fills it; the screens (efi/app.c) show it;
 * unlocking (efi/unlock.c) adds the decrypted view of a volume.
 */
#ifndef EFI_APP_STATE_H
#define EFI_APP_STATE_H

#include "efi/efi_app.h"
#include "bde/bde.h"
#include "efi/cmdline.h"
#include "tpm/info.h"
#include "ui/screen.h"

#define APP_MAX_DEVICES 64
#define APP_PATH_TEXT_MAX 96

struct app_tpm_history;

struct app_device {
	EFI_HANDLE handle;               /* has BlockIo: a disk or a partition */
	EFI_BLOCK_IO *block_io;
	EFI_DISK_IO *disk_io;
	UINT32 media_id;
	char path_text[APP_PATH_TEXT_MAX]; /* short device-path text, ASCII */
	unsigned disk;                   /* 1-based disk number */
	unsigned partition;              /* 1-based, 0 for a whole disk */
	UINT64 size;                     /* bytes */
	int status;                      /* bde_open's result, or BDE_ERR_IO */
	int note;                        /* why it was skipped: an enum msg_id
					    (MSG_NOTE_*, never 0), or 0 */
	struct bde_io io;                /* reads through disk_io */
	struct bde_volume *vol;          /* allocated; NULL unless BitLocker */

	/* Once unlocked (efi/unlock.c) */
	struct sector_cipher *cipher;    /* allocated; wiped and freed with the child */
	EFI_HANDLE child;                /* the decrypted view's BlockIo handle */
	EFI_HANDLE ntfs_fs;              /* our NTFS file system on it (efi/ntfs_fs.h) */
	struct app_tpm_history *tpm_history; /* allocated: the earlier start the TPM
					    key was sealed to (efi/tpm_history.h) */
};

struct app {
	EFI_HANDLE image;
	EFI_LOADED_IMAGE *loaded_image;  /* DeviceHandle: the boot stick */
	struct screen *screen;           /* NULL without an 80x25 console */
	struct options *opt;
	unsigned n_devices;
	struct app_device devices[APP_MAX_DEVICES];
	struct tpm_info tpm;
};

#endif
