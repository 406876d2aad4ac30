/** @file
 * libFuzzer target for everything that parses untrusted metadata: an FVE
 * metadata copy (header, entries, protectors, validation), a .BEK file and
 * a recovery password. Build with `make fuzz`; run as
 * build/metadata_fuzz [-max_total_time=N] [CORPUS_DIR].
 *
 * The input is one metadata copy as on disk (block header first). The copy
 * offsets it names are taken as the boot sector's, and its CRC32 is fixed up
 * for half the inputs, so inputs get past both checks and into the entries.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "bde/bde.h"
#include "bde/bek.h"
#include "bde/crc32.h"
#include "bde/le.h"
#include "bde/metadata.h"
#include "bde/protector.h"

static struct bde_volume vol;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *key_guid, *key;
	char text[64];
	uint8_t rk[16], bad;
	uint32_t len = size > BDE_METADATA_MAX ? BDE_METADATA_MAX : (uint32_t)size;
	unsigned i;

	memset(&vol, 0, sizeof(vol));
	vol.kind = size && (data[0] & 1) ? BDE_KIND_WIN7 : BDE_KIND_VISTA;
	vol.sector_size = 512;
	vol.volume_size = 1ull << 30;
	vol.fve_area_len = 0x10000;
	for (i = 0; i < 3 && size >= 56; i++)
		vol.copies[i].offset = le64(data + 32 + 8 * i);
	/* parse a copy of the bytes exactly LEN long, so ASan sees overreads */
	memcpy(vol.metadata, data, len);
	/* mutations rarely keep the CRC32 right: fix it for half the inputs so
	 * the entry parser behind it gets fuzzed too */
	if (len >= 64 && (data[1] & 1)) {
		uint32_t vstart = 16u * le16(vol.metadata + 8);

		if (vstart <= len - 8) {
			uint32_t crc = bde_crc32(0, vol.metadata, vstart);

			memcpy(vol.metadata + vstart + 4, &crc, 4);
		}
	}
	if (bde_metadata_parse(&vol, vol.metadata, len) == 0) {
		/* the parsed fields must stay inside what was given */
		for (i = 0; i < vol.n_protectors; i++) {
			uint32_t start, end;

			bde_protector_properties(&vol.protectors[i], &start, &end);
			if (end > len || start > end)
				__builtin_trap();
		}
		if (vol.entries_end > len || vol.validation_offset > len)
			__builtin_trap();
	}

	bde_bek_parse(data, size, vol.volume_guid, &key_guid, &key);

	if (size < sizeof(text)) {
		memcpy(text, data, size);
		text[size] = '\0';
		bde_recovery_password_parse(text, rk, &bad);
	}
	return 0;
}
