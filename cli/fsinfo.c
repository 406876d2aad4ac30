/** @file
 * File system recognition from the boot sector, serials printed the way
 * blkid (and images.conf) print them.
 */
#include <stdio.h>
#include <string.h>
#include "bde/le.h"
#include "cli/fsinfo.h"

static void fat_serial(uint32_t v, char *out)
{
	snprintf(out, 20, "%04X-%04X", v >> 16, v & 0xffff);
}

void fsinfo_detect(const uint8_t *s, struct fsinfo *fs)
{
	fs->name = NULL;
	fs->serial[0] = '\0';
	if (s[510] != 0x55 || s[511] != 0xAA)
		return;
	if (!memcmp(s + 3, "NTFS    ", 8)) {
		fs->name = "NTFS";
		snprintf(fs->serial, sizeof(fs->serial), "%016llX",
			 (unsigned long long)le64(s + 72));
	} else if (!memcmp(s + 3, "EXFAT   ", 8)) {
		fs->name = "exFAT";
		fat_serial(le32(s + 100), fs->serial);
	} else if (!memcmp(s + 82, "FAT32   ", 8)) {
		fs->name = "FAT32";
		fat_serial(le32(s + 67), fs->serial);
	} else if (!memcmp(s + 54, "FAT", 3)) {
		fs->name = "FAT";
		fat_serial(le32(s + 39), fs->serial);
	}
}
