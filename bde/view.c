/** @file
 * The decrypted view of a volume, as cryptsetup and dislocker present it.
 *
 * Windows 7+ and To Go: the first header_sectors sectors are the original
 * boot sectors, stored encrypted at header_offset; the three metadata areas
 * and the relocated header area read as zeros; everything else decrypts in
 * place, except sectors at or past encrypted_size (a conversion still under
 * way), which are still plaintext on disk. For the relocated boot sectors
 * that test is made where they lie, as libbde and dislocker make it: the
 * disk is ciphertext below the conversion's frontier, whatever it holds.
 * Encrypt-on-write volumes may keep the relocated boot sectors plain
 * (vol->header_plain, see bde/copies.c).
 * Vista: the first 16 sectors are not encrypted; sector 0 gets its NTFS
 * signature and MFT mirror field back.
 */
#include <string.h>
#include "bde/bde.h"
#include "bde/le.h"

enum source { SRC_ZERO, SRC_PLAIN, SRC_ENCRYPTED };

#define VISTA_PLAIN_SECTORS 16

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Bytes from SRC on that share its state on disk (encrypted or not). */
static uint64_t disk_run(const struct bde_volume *vol, uint64_t src, enum source *kind)
{
	if (src < vol->encrypted_size) {
		*kind = SRC_ENCRYPTED;
		return vol->encrypted_size - src;
	}
	*kind = SRC_PLAIN;
	return UINT64_MAX;
}

/*
 * Where view byte POS (sector aligned) comes from: *SRC on disk, read as
 * *KIND, for the returned number of bytes (whole sectors, at least one).
 */
static uint64_t map_view(const struct bde_volume *vol, uint64_t pos, uint64_t *src,
			 enum source *kind)
{
	uint64_t header_len = (uint64_t)vol->header_sectors * vol->sector_size;
	uint64_t run = bde_view_size(vol) - pos;
	int i;

	if (vol->kind == BDE_KIND_VISTA) {
		uint64_t plain = (uint64_t)VISTA_PLAIN_SECTORS * vol->sector_size;

		if (pos < plain) {
			*src = pos;
			*kind = SRC_PLAIN;
			return min64(run, plain - pos);
		}
	} else if (pos < header_len) {
		*src = vol->header_offset + pos;
		if (vol->header_plain || *src >= vol->encrypted_size) {
			*kind = SRC_PLAIN;
			return header_len - pos;
		}
		*kind = SRC_ENCRYPTED;
		return min64(header_len - pos, vol->encrypted_size - *src);
	}

	/* inside a zero area, or up to the next one */
	for (i = 0; i < 4; i++) {
		uint64_t start = i < 3 ? vol->copies[i].offset : vol->header_offset;
		uint64_t len = i < 3 ? vol->fve_area_len : header_len;

		if (len == 0)
			continue;
		if (pos >= start && pos - start < len) {
			*kind = SRC_ZERO;
			*src = 0;
			return min64(run, len - (pos - start));
		}
		if (start > pos)
			run = min64(run, start - pos);
	}
	*src = pos;
	return min64(run, disk_run(vol, pos, kind));
}

/* Produce LEN bytes (whole sectors) of the view at POS (sector aligned). */
static int produce(struct bde_volume *vol, const struct sector_cipher *sc,
		   uint64_t pos, uint8_t *out, uint64_t len)
{
	while (len) {
		uint64_t src;
		enum source kind;
		uint64_t run = min64(map_view(vol, pos, &src, &kind), len);

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
