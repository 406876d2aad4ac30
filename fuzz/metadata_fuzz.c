/** @file
 * libFuzzer target for everything that reads untrusted volume data.
 * Build with `make fuzz`; run as
 * build/metadata_fuzz [-max_total_time=N] [CORPUS_DIR].
 *
 * The first input byte picks the mode:
 * - even: the rest is one FVE metadata copy as on disk (block header
 *   first), fed to bde_metadata_parse(). The copy offsets it names are
 *   taken as the boot sector's and its CRC32 is fixed up, so mutations get
 *   past both checks and into the entries. The same bytes also go to the
 *   .BEK parser and, if short, the recovery password parser.
 * - odd: the rest is the start of a 64 MiB volume (zeros after it):
 *   bde_open() on it, the clear key and startup key unlocks, then
 *   decrypted-view reads with a made-up key at every place the layout
 *   changes.
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
#include "bde/skipped.h"
#include "bde/status.h"

#define VOLUME_SIZE (64u << 20)

static struct bde_volume vol;
static uint8_t view[0x20000];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each entry named as unparsed lies inside the metadata it came from. */
static void skipped_inside(void *ctx, const struct bde_skipped *s)
{
	const uint32_t *len = ctx;

	if (s->offset > *len || s->size > *len - s->offset || s->skipped > s->size)
		__builtin_trap();
}

static void fuzz_metadata(const uint8_t *data, size_t size)
{
	const uint8_t *key_guid, *key;
	uint32_t len = size > BDE_METADATA_MAX ? BDE_METADATA_MAX : (uint32_t)size;
	char text[64];
	uint8_t rk[16], bad;
	unsigned i;

	memset(&vol, 0, sizeof(vol));
	vol.kind = size > 12 && (data[12] & 1) ? BDE_KIND_VISTA : BDE_KIND_WIN7;
	vol.sector_size = 512;
	vol.volume_size = 1ull << 30;
	vol.device_size = vol.volume_size;
	vol.fve_area_len = 0x10000;
	for (i = 0; i < 3 && size >= 56; i++)
		vol.copies[i].offset = le64(data + 32 + 8 * i);
	memcpy(vol.metadata, data, len);
	if (len >= 64) {
		uint32_t vstart = 16u * le16(vol.metadata + 8);

		if (vstart <= len - 8) {
			uint32_t crc = bde_crc32(0, vol.metadata, vstart);

			memcpy(vol.metadata + vstart + 4, &crc, 4);
		}
	}
	if (bde_metadata_parse(&vol, vol.metadata, len) == 0) {
		/* what the parser found must lie inside what it was given */
		for (i = 0; i < vol.n_protectors; i++) {
			uint32_t start, end;

			bde_protector_properties(&vol.protectors[i], &start, &end);
			if (end > len || start > end)
				__builtin_trap();
		}
		if (vol.entries_end > len || vol.validation_offset > len)
			__builtin_trap();
		bde_skipped_each(&vol, skipped_inside, &len);
	}

	bde_bek_parse(data, size, vol.volume_guid, &key_guid, &key);
	if (size < sizeof(text)) {
		memcpy(text, data, size);
		text[size] = '\0';
		bde_recovery_password_parse(text, rk, &bad);
	}
}

struct image {
	const uint8_t *data;
	size_t size;
};

/* The input, then zeros, up to VOLUME_SIZE. */
static int image_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	const struct image *img = ctx;
	size_t have = 0;

	if (offset > VOLUME_SIZE || len > VOLUME_SIZE - offset)
		__builtin_trap();  /* the core must never read past the end */
	if (offset < img->size) {
		have = img->size - offset < len ? img->size - offset : len;
		memcpy(buf, img->data + offset, have);
	}
	memset((uint8_t *)buf + have, 0, len - have);
	return 0;
}

static void fuzz_volume(const uint8_t *data, size_t size)
{
	static const uint8_t key[64] = { 1, 2, 3 };
	struct image img = { data, size };
	struct bde_io io = { image_read, &img, VOLUME_SIZE };
	struct sector_cipher sc;
	uint64_t at[12];
	unsigned i;
	struct bde_status st;
	uint32_t len = BDE_METADATA_MAX;

	if (bde_open(&vol, &io) != BDE_OK)
		return;
	bde_status_get(&vol, &st);
	if (st.permille > 1000)
		__builtin_trap();
	bde_skipped_each(&vol, skipped_inside, &len);
	if (bde_open_decrypted(&vol, &sc) == BDE_OK)
		sector_cipher_wipe(&sc);
	/* the unlock paths that need no key stretch: clear key, and the input
	 * itself taken as a .BEK file */
	if (bde_unlock_clear_key(&vol, &sc) == BDE_OK)
		sector_cipher_wipe(&sc);
	if (bde_unlock_startup_key(&vol, data, size < 4096 ? size : 4096, &sc) == BDE_OK)
		sector_cipher_wipe(&sc);
	if (sector_cipher_init(&sc, BDE_METHOD_AES_128_XTS, key, 32))
		__builtin_trap();
	at[0] = 0;
	at[1] = vol.header_offset;
	at[2] = vol.encrypted_size;
	at[3] = bde_view_size(&vol);
	for (i = 0; i < 3; i++)
		at[4 + i] = vol.copies[i].offset;
	at[7] = (uint64_t)vol.header_sectors * vol.sector_size;
	/* encrypt-on-write: its blocks, and where its bitmaps and logs lie */
	at[8] = vol.eow_map.info_offset[0];
	at[9] = vol.eow_map.info_offset[1];
	at[10] = vol.eow_map.areas_start;
	at[11] = vol.eow_map.areas_end;
	for (i = 0; i < 12; i++) {
		/* a little before each boundary, unaligned, across it */
		uint64_t start = at[i] > 0x10003 ? at[i] - 0x10003 : 0;
		size_t len = sizeof(view);

		if (start > bde_view_size(&vol))
			continue;
		if (len > bde_view_size(&vol) - start)
			len = (size_t)(bde_view_size(&vol) - start);
		bde_read_decrypted(&vol, &sc, start, view, len);
	}
	sector_cipher_wipe(&sc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		fuzz_volume(data + 1, size - 1);
	else
		fuzz_metadata(data + 1, size - 1);
	return 0;
}
