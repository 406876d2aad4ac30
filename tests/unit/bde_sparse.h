/** @file
 * A whole bitlk-aes-xts-128.img for the bde self-tests without its 100 MB:
 * a made-up Windows 7 boot sector, the first metadata copy (bde_vectors.h)
 * at each of the three offsets, zeros elsewhere. Tests damage the parts.
 */
#ifndef BDE_SPARSE_H
#define BDE_SPARSE_H

#include <string.h>
#include "bde/crc32.h"
#include "bde/le.h"
#include "bde_vectors.h"
#include "check.h"

static const uint64_t sparse_at[3] = XTS128_METADATA_OFFSETS;
static uint8_t sparse_boot[512];
/* The three copies: sparse_alloc() before sparse_setup(), sparse_free() after. */
static uint8_t (*sparse_copy)[XTS128_METADATA_LEN];

static inline void sparse_put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline int sparse_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	(void)ctx;
	if (offset > XTS128_VOLUME_SIZE || len > XTS128_VOLUME_SIZE - offset)
		return -1;
	memset(buf, 0, len);
	for (int i = 0; i < 4; i++) {
		const uint8_t *src = i ? sparse_copy[i - 1] : sparse_boot;
		uint64_t at = i ? sparse_at[i - 1] : 0;
		uint64_t n = i ? sizeof(sparse_copy[0]) : sizeof(sparse_boot);

		if (offset < at + n && at < offset + len) {
			uint64_t from = at > offset ? at : offset;
			uint64_t to = at + n < offset + len ? at + n : offset + len;

			memcpy((uint8_t *)buf + (from - offset), src + (from - at), to - from);
		}
	}
	return 0;
}

static const struct bde_io sparse_io = { sparse_read, NULL, XTS128_VOLUME_SIZE };

/* check_alloc'd, as static they would take room in the EFI app's file. */
static inline int sparse_alloc(void)
{
	sparse_copy = check_alloc(3 * sizeof(*sparse_copy));
	return sparse_copy != NULL;
}

static inline void sparse_free(void)
{
	check_free(sparse_copy, 3 * sizeof(*sparse_copy));
	sparse_copy = NULL;
}

/* Everything intact again. */
static inline void sparse_setup(void)
{
	memset(sparse_boot, 0, sizeof(sparse_boot));
	memcpy(sparse_boot, "\xeb\x58\x90-FVE-FS-", 11);
	sparse_boot[12] = 2;  /* 512-byte sectors */
	for (int i = 0; i < 3; i++) {
		sparse_put64(sparse_boot + 176 + 8 * i, sparse_at[i]);
		check_unhex(xts128_metadata_hex, sparse_copy[i], sizeof(sparse_copy[i]));
	}
	sparse_boot[510] = 0x55;
	sparse_boot[511] = 0xaa;
}

/* Make copy I's CRC32 match its bytes again, as damage it cannot see. */
static inline void sparse_fix_crc(int i)
{
	uint32_t vstart = 16u * le16(sparse_copy[i] + 8);
	uint32_t crc = bde_crc32(0, sparse_copy[i], vstart);

	for (int k = 0; k < 4; k++)
		sparse_copy[i][vstart + 4 + k] = (uint8_t)(crc >> (8 * k));
}

#endif
