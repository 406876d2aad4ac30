/** @file
 * Encrypt-on-write structures for the view fuzzer's virtual volumes: two
 * FVE-EOW information blocks and up to EOW_MAX_REGIONS bitmaps, laid out
 * from fuzzer-chosen numbers with valid CRC32s, then damaged as the input
 * says (a block, a record, a bitmap header, equal sequence numbers), so
 * that mutations reach every path of bde/eow.c. Layouts: bde/eow.c.
 */
#ifndef FUZZ_VIEW_EOW_H
#define FUZZ_VIEW_EOW_H

#include <stdint.h>
#include <string.h>
#include "bde/crc32.h"

#define EOW_MAX_REGIONS 6
#define EOW_INFO_LEN (56 + 8 * EOW_MAX_REGIONS)
#define EOW_BITMAP_LEN 0x600
#define EOW_RECORD_LEN 0x200

struct eow_dev {
	int on;
	uint64_t info_at[2];
	uint8_t info[2][EOW_INFO_LEN];
	unsigned regions;
	uint64_t bitmap_at[EOW_MAX_REGIONS];
	uint8_t bitmap[EOW_MAX_REGIONS][EOW_BITMAP_LEN];
};

static void eow_put(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The CRC32 at CRC_AT of LEN bytes at P, computed with that field zero. */
static void eow_seal(uint8_t *p, uint32_t len, uint32_t crc_at)
{
	eow_put(p + crc_at, 0, 4);
	eow_put(p + crc_at, bde_crc32(0, p, len), 4);
}

/*
 * Lay the structures out. NUM(ctx) gives the next input number: sector
 * size SECTOR, the volume's SIZE. DAMAGE's bits: 1 first block, 2 second
 * block, 4 a record's CRC32, 8 a bitmap header, 16 equal sequence numbers.
 */
static void eow_build(struct eow_dev *d, uint64_t (*num)(void *), void *ctx,
		      uint32_t sector, uint64_t size)
{
	uint32_t chunk = sector << (num(ctx) % 12);
	uint64_t base = num(ctx) & ~(uint64_t)(sector - 1), at = sector;
	unsigned damage = (unsigned)num(ctx), i, k;

	memset(d, 0, sizeof(*d));
	d->on = 1;
	d->regions = 1 + (unsigned)(num(ctx) % EOW_MAX_REGIONS);
	d->info_at[0] = base;
	d->info_at[1] = base + sector;
	for (i = 0; i < d->regions; i++) {
		/* regions in order from one sector on, sizes the input picks */
		uint64_t span = size / d->regions, pick = num(ctx);
		uint64_t len = (span ? pick % span : 0) & ~(uint64_t)(sector - 1);
		uint64_t chunks, seq = num(ctx);
		uint8_t *b = d->bitmap[i];

		if (!len)
			len = sector;
		chunks = (len + chunk - 1) / chunk;
		if (chunks > 8 * (EOW_RECORD_LEN - 36))
			chunks = 8 * (EOW_RECORD_LEN - 36), len = chunks * chunk;
		d->bitmap_at[i] = base + 2 * sector + 0x2000ull * i;
		memcpy(b, "FVE-EOWBM", 10);
		eow_put(b + 10, 60, 2);
		eow_put(b + 12, EOW_BITMAP_LEN, 4);
		eow_put(b + 16, i, 4);
		eow_put(b + 20, at, 8);
		eow_put(b + 28, len, 8);
		eow_put(b + 36, d->bitmap_at[i] + 0x1000, 8);
		eow_put(b + 44, 0x200, 4);
		eow_put(b + 48, 0x400, 4);
		eow_put(b + 52, EOW_RECORD_LEN, 4);
		for (k = 0; k < 2; k++) {
			uint8_t *r = b + 0x200 + 0x200 * k;
			uint64_t bits = num(ctx);

			memcpy(r, "FVE-EOWBR", 10);
			eow_put(r + 10, 36, 2);
			eow_put(r + 12, EOW_RECORD_LEN, 4);
			eow_put(r + 16, chunks, 4);
			eow_put(r + 20, damage & 16 ? seq : seq + k, 8);
			for (unsigned byte = 0; byte < EOW_RECORD_LEN - 36; byte++)
				r[36 + byte] = (uint8_t)(bits >> (8 * (byte % 8)) ^ byte);
			eow_seal(r, EOW_RECORD_LEN, 32);
		}
		if (damage & 4)
			b[0x400 + 40] ^= 1;
		eow_seal(b, 0x200, 56);
		if ((damage & 8) && i == d->regions / 2)
			b[20] ^= 0x80;
		at += len;
	}
	for (k = 0; k < 2; k++) {
		uint8_t *p = d->info[k];

		memcpy(p, "FVE-EOW", 8);
		eow_put(p + 8, 56, 2);
		eow_put(p + 10, 56 + 8 * d->regions, 2);
		eow_put(p + 12, sector, 4);
		eow_put(p + 16, sector, 4);
		eow_put(p + 20, chunk, 4);
		eow_put(p + 24, 0x800, 4);
		eow_put(p + 32, d->regions, 4);
		eow_put(p + 40, d->info_at[0], 8);
		eow_put(p + 48, d->info_at[1], 8);
		for (i = 0; i < d->regions; i++)
			eow_put(p + 56 + 8 * i, d->bitmap_at[i], 8);
		eow_seal(p, 56 + 8 * d->regions, 36);
		if (damage & (1u << k))
			p[60] ^= 1;
	}
}

#endif
