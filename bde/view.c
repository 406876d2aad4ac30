/** @file
 * The decrypted view of a volume, as cryptsetup and dislocker present it.
 *
 * Windows 7+ and To Go: the first header_sectors sectors are the original
 * boot sectors, stored at header_offset; BitLocker's own areas read as
 * zeros (the three metadata copies, the relocated header area, a
 * conversion's log, and on encrypt-on-write volumes the information
 * blocks, bitmaps and their conversion logs); everything else is read in
 * place, ciphertext or plaintext as the disk holds it there:
 *  - encrypt-on-write ("used space only") volumes: the bitmaps decide,
 *    also for the relocated boot sectors (bde/eow.c). Without usable
 *    bitmaps the view is uncertain (bde_view_uncertain()): everything
 *    below the encrypted size is decrypted, and the boot sectors are
 *    taken as plain if they look it (vol->header_plain);
 *  - other volumes: ciphertext below the conversion's frontier
 *    (encrypted_size), plaintext past it, the relocated boot sectors
 *    judged where they lie, as libbde and dislocker judge them.
 * Vista: the first 16 sectors are not encrypted; sector 0 gets its NTFS
 * signature and MFT mirror field back.
 */
#include <string.h>
#include "bde/bde.h"
#include "bde/eow.h"
#include "bde/le.h"

enum source { SRC_ZERO, SRC_PLAIN, SRC_ENCRYPTED, SRC_UNKNOWN };

#define VISTA_PLAIN_SECTORS 16

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

int bde_view_uncertain(const struct bde_volume *vol)
{
	return vol->eow && !bde_eow_active(vol);
}

/*
 * How the disk holds the bytes from SRC on: *KIND for *RUN bytes (at
 * most the input *RUN, at least a sector). RELOCATED_HEADER: SRC holds the
 * relocated boot sectors. 0 or a bde error.
 */
static int disk_state(struct bde_volume *vol, uint64_t src, int relocated_header,
		      uint64_t *run, enum source *kind)
{
	if (bde_eow_active(vol)) {
		enum bde_eow_kind k;
		uint64_t n;
		int r = bde_eow_classify(vol, src, &n, &k);

		if (r)
			return -r;
		*kind = k == BDE_EOW_ENCRYPTED ? SRC_ENCRYPTED :
			k == BDE_EOW_PLAIN ? SRC_PLAIN : SRC_UNKNOWN;
		*run = min64(*run, n);
		return BDE_OK;
	}
	if (relocated_header && vol->header_plain) {
		*kind = SRC_PLAIN;
		return BDE_OK;
	}
	if (src < vol->encrypted_size) {
		*kind = SRC_ENCRYPTED;
		*run = min64(*run, vol->encrypted_size - src);
	} else {
		*kind = SRC_PLAIN;
	}
	return BDE_OK;
}

/* Is POS in one of BitLocker's own areas? 1 and *RUN its rest, else 0 and
 * *RUN shortened to the next one; negative: a bde error. */
static int zero_area(struct bde_volume *vol, uint64_t pos, uint64_t *run)
{
	uint64_t header_len = (uint64_t)vol->header_sectors * vol->sector_size;
	uint64_t log_len = vol->state_current == BDE_STATE_SWITCHING_LOG ? vol->state_log_len : 0;

	for (int i = 0; i < 5; i++) {
		uint64_t start = i < 3 ? vol->copies[i].offset :
				 i == 3 ? vol->header_offset : vol->encrypted_size;
		uint64_t len = i < 3 ? vol->fve_area_len : i == 3 ? header_len : log_len;

		if (len == 0)
			continue;
		if (pos >= start && pos - start < len) {
			*run = len - (pos - start);
			return 1;
		}
		if (start > pos)
			*run = min64(*run, start - pos);
	}
	return bde_eow_active(vol) ? bde_eow_zero_area(vol, pos, run) : 0;
}

/*
 * Where view byte POS (sector aligned) comes from: *SRC on disk, read as
 * *KIND, for *RUN bytes (whole sectors, at least one). 0 or a bde error.
 */
static int map_view(struct bde_volume *vol, uint64_t pos, uint64_t *src,
		    enum source *kind, uint64_t *run)
{
	uint64_t header_len = (uint64_t)vol->header_sectors * vol->sector_size;
	int r;

	*run = bde_view_size(vol) - pos;
	if (vol->kind == BDE_KIND_VISTA) {
		uint64_t plain = (uint64_t)VISTA_PLAIN_SECTORS * vol->sector_size;

		if (pos < plain) {
			*src = pos;
			*kind = SRC_PLAIN;
			*run = min64(*run, plain - pos);
			return BDE_OK;
		}
	} else if (pos < header_len) {
		*src = vol->header_offset + pos;
		*run = min64(*run, header_len - pos);
		return disk_state(vol, *src, 1, run, kind);
	}
	r = zero_area(vol, pos, run);
	if (r < 0)
		return -r;
	if (r) {
		*kind = SRC_ZERO;
		*src = 0;
		*run = min64(*run, bde_view_size(vol) - pos);
		return BDE_OK;
	}
	*src = pos;
	return disk_state(vol, pos, 0, run, kind);
}

/* Produce LEN bytes (whole sectors) of the view at POS (sector aligned). */
static int produce(struct bde_volume *vol, const struct sector_cipher *sc,
		   uint64_t pos, uint8_t *out, uint64_t len)
{
	while (len) {
		uint64_t src, run;
		enum source kind;
		int r = map_view(vol, pos, &src, &kind, &run);

		if (r != BDE_OK)
			return r;
		if (kind == SRC_UNKNOWN)
			return BDE_ERR_UNKNOWN_DATA;
		/* a volume opened without a key has no ciphertext to read */
		if (kind == SRC_ENCRYPTED && sc->method == BDE_METHOD_NONE)
			return BDE_ERR_NO_KEY;
		run = min64(run, len);
		if (kind == SRC_ZERO) {
			memset(out, 0, run);
		} else {
			/* an image cut short can lack what the view maps here (the
			 * relocated boot sectors): never read past its end */
			if (src > vol->device_size || run > vol->device_size - src)
				return BDE_ERR_IO;
			if (vol->io.read(vol->io.ctx, src, out, run))
				return BDE_ERR_IO;
			if (kind == SRC_ENCRYPTED)
				sector_decrypt(sc, src, out, vol->sector_size,
					       run / vol->sector_size);
		}
		if (vol->kind == BDE_KIND_VISTA && pos == 0) {
			memcpy(out + 3, "NTFS    ", 8);
			for (int b = 0; b < 8; b++)
				out[56 + b] = (uint8_t)(vol->vista_mft_mirror >> (8 * b));
		}
		pos += run;
		out += run;
		len -= run;
	}
	return BDE_OK;
}

int bde_read_decrypted(struct bde_volume *vol, const struct sector_cipher *sc,
		       uint64_t offset, void *buf, size_t len)
{
	uint32_t ss = vol->sector_size;
	uint8_t *out = buf;

	if (offset > bde_view_size(vol) || len > bde_view_size(vol) - offset)
		return BDE_ERR_IO;
	while (len) {
		uint64_t in_sector = offset % ss;
		uint64_t n;
		int r;

		if (in_sector || len < ss) {
			/* a partial sector goes through the bounce buffer */
			n = min64(ss - in_sector, len);
			r = produce(vol, sc, offset - in_sector, vol->bounce, ss);
			if (r == BDE_OK)
				memcpy(out, vol->bounce + in_sector, n);
		} else {
			n = len - len % ss;
			r = produce(vol, sc, offset, out, n);
		}
		if (r != BDE_OK)
			return r;
		offset += n;
		out += n;
		len -= n;
	}
	return BDE_OK;
}
