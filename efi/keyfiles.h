/** @file
 * Keys saved as files: startup keys (<protector GUID>.BEK in the root, as
 * Windows writes them to a USB stick) and recovery key text files
 * ("BitLocker Recovery Key <protector GUID>.TXT"), looked for in the root
 * of every file system the firmware can read (USB sticks, the boot stick).
 */
#ifndef EFI_KEYFILES_H
#define EFI_KEYFILES_H

#include "efi/app.h"
#include "efi/keytext.h"

/*
 * Try every startup-key protector of VOL with the .BEK files found; on
 * success SC is set up (bde_unlock_startup_key) and WHERE (if not NULL)
 * names the file system it was on. Returns BDE_OK or the last error
 * (BDE_ERR_NO_PROTECTOR when no protector or file matched).
 */
int keyfiles_unlock_startup_key(struct bde_volume *vol, struct sector_cipher *sc,
				char *where, unsigned where_max);

/* Read a file of at most MAX bytes at PATH on the boot device (--startup-key). */
int keyfiles_read_boot_file(EFI_LOADED_IMAGE *image, const char *path,
			    uint8_t *buf, UINTN max, UINTN *len);

/*
 * The recovery password of VOL's recovery protectors from a saved
 * recovery key file, if one is on any file system. Returns 0 with
 * PASSWORD filled (key material: wipe it), -1 if none was found.
 */
int keyfiles_find_recovery_password(const struct bde_volume *vol,
				    char password[KEYTEXT_PASSWORD_LEN],
				    char *where, unsigned where_max);

#endif
