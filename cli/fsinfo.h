/** @file
 * Which file system a decrypted volume holds, and its serial number.
 */
#ifndef CLI_FSINFO_H
#define CLI_FSINFO_H

#include <stdint.h>

struct fsinfo {
	const char *name;      /* "NTFS", "FAT32", "FAT", "exFAT", or NULL */
	char serial[20];       /* NTFS: 16 hex digits; FAT/exFAT: XXXX-XXXX */
};

/* Look at the first sector (512 bytes) of the decrypted view. */
void fsinfo_detect(const uint8_t *sector0, struct fsinfo *fs);

#endif
