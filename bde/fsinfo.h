/** @file
 * Which file system a decrypted volume holds, its serial number and (where
 * the boot sector has it) its label. Shared by the host CLI and the EFI app.
 */
#ifndef BDE_FSINFO_H
#define BDE_FSINFO_H

#include <stdint.h>

#define FSINFO_LABEL_MAX 12    /* FAT: 11 characters and a NUL */

struct fsinfo {
	const char *name;      /* "NTFS", "FAT32", "FAT", "exFAT", or NULL */
	char serial[20];       /* NTFS: 16 hex digits; FAT/exFAT: XXXX-XXXX */
	char label[FSINFO_LABEL_MAX]; /* FAT only (NTFS and exFAT keep it
				       * elsewhere); "" if none */
};

/* Look at the first sector (512 bytes) of the decrypted view. */
void fsinfo_detect(const uint8_t *sector0, struct fsinfo *fs);

#endif
