/** @file
 * Vectors from bitlk-aes-xts-128.img (deps/corpus), shared by the bde
 * self-tests: its first FVE metadata copy (bytes 0x2195000..+968: block
 * header, metadata, validation block with its AES-CCM entry); its
 * encrypted boot sector is in corpus_sectors.h. The values they should
 * give are in the worked example (shared/docs/worked-example.md).
 */
#ifndef BDE_VECTORS_H
#define BDE_VECTORS_H

#include <string.h>
#include "bde/volume.h"

#define XTS128_METADATA_LEN 968
extern const char xts128_metadata_hex[];  /* bde_vectors.c: one copy in the app */

#define XTS128_METADATA_OFFSETS { 0x2195000, 0x2C1D000, 0x373A000 }
#define XTS128_HEADER_OFFSET 0x21A5000
#define XTS128_VOLUME_SIZE 104857600
#define XTS128_RECOVERY_PASSWORD "235818-357951-253979-013365-241120-245575-342914-591910"

/* VOL as bde_open() sets it up for bitlk-aes-xts-128.img before parsing. */
static inline void xts128_volume_init(struct bde_volume *vol)
{
	static const uint64_t offsets[3] = XTS128_METADATA_OFFSETS;
	int i;

	memset(vol, 0, sizeof(*vol));
	vol->kind = BDE_KIND_WIN7;
	vol->sector_size = 512;
	vol->volume_size = XTS128_VOLUME_SIZE;
	vol->device_size = XTS128_VOLUME_SIZE;
	vol->fve_area_len = 0x10000;
	for (i = 0; i < 3; i++)
		vol->copies[i].offset = offsets[i];
}

#endif
