/** @file
 * Choosing among the three metadata copies when the boot sector or a copy
 * is wrong about where they lie.
 *
 * Vector: bitlk-aes-xts-128.img's first copy (bde_vectors.h), served at
 * its three offsets behind a made-up Windows 7 boot sector; the rest of
 * the volume reads as zeros.
 */
#include <string.h>
#include "check.h"
#include "bde/bde.h"
#include "bde/crc32.h"
#include "bde/le.h"
#include "bde_vectors.h"

static const uint64_t real_at[3] = XTS128_METADATA_OFFSETS;
static uint8_t boot[512];
static uint8_t blob[3][XTS128_METADATA_LEN];
static struct bde_volume vol;

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Sparse volume: the boot sector, each copy at its real offset, zeros. */
static int sparse_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	(void)ctx;
	if (offset > XTS128_VOLUME_SIZE || len > XTS128_VOLUME_SIZE - offset)
		return -1;
	memset(buf, 0, len);
	for (int i = 0; i < 4; i++) {
		const uint8_t *src = i ? blob[i - 1] : boot;
		uint64_t at = i ? real_at[i - 1] : 0, n = i ? sizeof(blob[0]) : sizeof(boot);

		if (offset < at + n && at < offset + len) {
			uint64_t from = at > offset ? at : offset;
			uint64_t to = at + n < offset + len ? at + n : offset + len;

			memcpy((uint8_t *)buf + (from - offset), src + (from - at), to - from);
		}
	}
	return 0;
}

/* Copy I names TABLE as the copies' offsets, with its CRC32 made to match. */
static void set_copy_table(int i, const uint64_t table[3])
{
	uint32_t vstart = 16u * le16(blob[i] + 8), crc;

	for (int k = 0; k < 3; k++)
		put64(blob[i] + 32 + 8 * k, table[k]);
	crc = bde_crc32(0, blob[i], vstart);
	for (int k = 0; k < 4; k++)
		blob[i][vstart + 4 + k] = (uint8_t)(crc >> (8 * k));
}

static void setup(void)
{
	memset(boot, 0, sizeof(boot));
	memcpy(boot, "\xeb\x58\x90-FVE-FS-", 11);
	boot[12] = 2;  /* 512-byte sectors */
	for (int i = 0; i < 3; i++) {
		put64(boot + 176 + 8 * i, real_at[i]);
		check_unhex(xts128_metadata_hex, blob[i], sizeof(blob[i]));
	}
	boot[510] = 0x55;
	boot[511] = 0xaa;
}

/* A wrong table: copy 1 moved by one sector (still whole sectors). */
static const uint64_t moved[3] = { 0x2195200, 0x2C1D000, 0x373A000 };

static const struct {
	const char *what;
	uint64_t boot_at[3];       /* the boot sector's table; 0: the real one */
	int odd_copy;              /* 1-3: this copy names MOVED; 0: none */
	int result;
	const char *status;        /* per copy: o ok, x damaged */
	int used;
	uint8_t wrong;             /* boot_offsets_wrong */
} cases[] = {
	{ "intact", { 0 }, 0, BDE_OK, "ooo", 0, 0 },
	/* one bit of the boot sector's copy 3 offset (byte 194) */
	{ "boot copy 3 flipped", { 0, 0, 0x372A000 }, 0, BDE_OK, "ooo", 0, 4 },
	{ "boot copy 1 flipped", { 0x2195000 ^ 0x100000, 0, 0 }, 0,
	  BDE_OK, "ooo", 0, 1 },
	/* copy 3 alone is where the boot sector says: its table wins */
	{ "boot copies 1, 2 wrong", { 0x1000, 0x2C1D000 ^ 0x800, 0 }, 0,
	  BDE_OK, "ooo", 0, 3 },
	/* the boot sector names copy 1's place twice: not copy 2 there */
	{ "boot copy 2 = copy 1", { 0, 0x2195000, 0 }, 0, BDE_OK, "ooo", 0, 2 },
	{ "boot all wrong", { 0x1000, 0x2000, 0x3000 }, 0, BDE_ERR_CORRUPT, "xxx", -1, 0 },
	/* copy 2 holds together but disagrees with the others */
	{ "copy 2 disagrees", { 0 }, 2, BDE_OK, "oxo", 0, 0 },
	/* copy 1 names itself elsewhere: not found where it was read */
	{ "copy 1 misplaced", { 0 }, 1, BDE_OK, "xoo", 1, 0 },
};

SELFTEST(bde_copies)
{
	struct bde_io io = { sparse_read, NULL, XTS128_VOLUME_SIZE };

	for (size_t n = 0; n < sizeof(cases) / sizeof(cases[0]); n++) {
		setup();
		for (int i = 0; i < 3; i++)
			if (cases[n].boot_at[i])
				put64(boot + 176 + 8 * i, cases[n].boot_at[i]);
		if (cases[n].odd_copy)
			set_copy_table(cases[n].odd_copy - 1, moved);
		check(bde_open(&vol, &io) == cases[n].result);
		check(vol.copy_used == cases[n].used);
		check(vol.boot_offsets_wrong == cases[n].wrong);
		for (int i = 0; i < 3; i++) {
			check((vol.copies[i].status == BDE_OK) == (cases[n].status[i] == 'o'));
			if (cases[n].result == BDE_OK)
				check(vol.copies[i].offset == real_at[i]);
		}
		if (cases[n].result == BDE_OK)
			check(vol.n_protectors == 2 && vol.metadata_len == 0x10000);
	}
}
