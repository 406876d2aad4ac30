/** @file
 * Detecting BitLocker from the boot sector: Windows 7+, Vista, To Go, and
 * volumes that are not BitLocker.
 */
#include <string.h>
#include "check.h"
#include "bde/bde.h"
#include "bde/metadata.h"

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */

/*
 * Boot sector detection. Vectors built by hand from libyal's BDE format
 * document (field offsets) and the identifiers found in the corpus images.
 */
SELFTEST(bde_boot)
{
	static const uint8_t bitlocker_id[16] = {
		0x3b, 0xd6, 0x67, 0x49, 0x29, 0x2e, 0xd8, 0x4a,
		0x83, 0x99, 0xf6, 0xa3, 0x39, 0xe3, 0xd0, 0x01,
	};
	static uint8_t s[512];

	vol = check_alloc(sizeof(*vol));
	if (!vol)
		return;
	/* Windows 7+: offsets at 176 */
	memset(vol, 0, sizeof(*vol));
	memset(s, 0, sizeof(s));
	memcpy(s, "\xeb\x58\x90-FVE-FS-", 11);
	s[12] = 0x02;                       /* 512 bytes per sector */
	memcpy(s + 160, bitlocker_id, 16);
	s[176 + 2] = 0x19;                  /* 0x190000 */
	check(bde_boot_sector_parse(vol, s) == 0);
	check(vol->kind == BDE_KIND_WIN7 && vol->sector_size == 512);
	check(vol->copies[0].offset == 0x190000 && !vol->eow);
	s[12] = 0x04;                       /* 1024: not a size BitLocker uses */
	check(bde_boot_sector_parse(vol, s) == -BDE_ERR_UNSUPPORTED);

	/* Vista: EB 52 90, block 1 as cluster 0x100 of 8 sectors at 56 */
	memset(vol, 0, sizeof(*vol));
	s[0] = 0xeb; s[1] = 0x52; s[12] = 0x02; s[13] = 8;
	memset(s + 56, 0, 8);
	s[57] = 0x01;
	check(bde_boot_sector_parse(vol, s) == 0);
	check(vol->kind == BDE_KIND_VISTA && vol->copies[0].offset == 0x100ull * 8 * 512);

	/* To Go: MSWIN4.1 and the identifier at 424; plain FAT32 is not ours */
	memset(vol, 0, sizeof(*vol));
	memset(s, 0, sizeof(s));
	memcpy(s, "\xeb\x58\x90MSWIN4.1", 11);
	s[12] = 0x02;
	check(bde_boot_sector_parse(vol, s) == -BDE_ERR_NOT_BITLOCKER);
	memcpy(s + 424, bitlocker_id, 16);
	s[440 + 3] = 0x02;
	check(bde_boot_sector_parse(vol, s) == 0);
	check(vol->kind == BDE_KIND_TOGO && vol->copies[0].offset == 0x2000000);

	/* NTFS */
	memcpy(s, "\xeb\x52\x90NTFS    ", 11);
	check(bde_boot_sector_parse(vol, s) == -BDE_ERR_NOT_BITLOCKER);
	check_free(vol, sizeof(*vol));
}
