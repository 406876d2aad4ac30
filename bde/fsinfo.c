/** @file
 * File system recognition from the boot sector, serials printed the way
 * blkid (and images.conf) print them. No libc formatting: it runs in
 * firmware too.
 */
#include <string.h>
#include "bde/fsinfo.h"
#include "bde/le.h"

/* DIGITS upper-case hex digits of V into OUT (no NUL). */
static void put_hex(char *out, uint64_t v, unsigned digits)
{
	static const char hex[] = "0123456789ABCDEF";

	while (digits--) {
		out[digits] = hex[v & 0xf];
		v >>= 4;
	}
}

static void fat_serial(uint32_t v, char *out)
{
	put_hex(out, v >> 16, 4);
	out[4] = '-';
	put_hex(out + 5, v & 0xffff, 4);
	out[9] = '\0';
}

/* The 11-byte label field, trailing spaces dropped; "NO NAME" is none. */
static void fat_label(const uint8_t *field, char *out)
{
	unsigned n = 11, i;

	while (n && field[n - 1] == ' ')
		n--;
	for (i = 0; i < n; i++)
		out[i] = field[i] >= 0x20 && field[i] < 0x7f ? (char)field[i] : '?';
	out[n] = '\0';
	if (!strcmp(out, "NO NAME"))
		out[0] = '\0';
}

void fsinfo_detect(const uint8_t *s, struct fsinfo *fs)
{
	fs->name = NULL;
	fs->serial[0] = '\0';
	fs->label[0] = '\0';
	if (s[510] != 0x55 || s[511] != 0xAA)
		return;
	if (!memcmp(s + 3, "NTFS    ", 8)) {
		fs->name = "NTFS";
		put_hex(fs->serial, le64(s + 72), 16);
		fs->serial[16] = '\0';
	} else if (!memcmp(s + 3, "EXFAT   ", 8)) {
		fs->name = "exFAT";
		fat_serial(le32(s + 100), fs->serial);
	} else if (!memcmp(s + 82, "FAT32   ", 8)) {
		fs->name = "FAT32";
		fat_serial(le32(s + 67), fs->serial);
		fat_label(s + 71, fs->label);
	} else if (!memcmp(s + 54, "FAT", 3)) {
		fs->name = "FAT";
		fat_serial(le32(s + 39), fs->serial);
		fat_label(s + 43, fs->label);
	}
}
