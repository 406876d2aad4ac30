/** @file
 * Choosing among the three metadata copies when the boot sector or a copy
 * is wrong about where they lie.
 *
 * Vector: bitlk-aes-xts-128.img's first copy at its three offsets
 * (bde_sparse.h).
 */
#include "check.h"
#include "bde/bde.h"
#include "bde_sparse.h"

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */

/* Copy I names TABLE as the copies' offsets, with its CRC32 made to match. */
static void set_copy_table(int i, const uint64_t table[3])
{
	for (int k = 0; k < 3; k++)
		sparse_put64(sparse_copy[i] + 32 + 8 * k, table[k]);
	sparse_fix_crc(i);
}

/* Wrong tables: copy 1 moved by one sector (still whole sectors), and
 * copy 1's place named for copies 1 and 2. */
static const uint64_t moved[3] = { 0x2195200, 0x2C1D000, 0x373A000 };
static const uint64_t twice[3] = { 0x2195000, 0x2195000, 0x373A000 };

static const struct {
	const char *what;
	uint64_t boot_at[3];       /* the boot sector's table; 0: the real one */
	int odd_copy;              /* 1-3: this copy names ODD; 0: none */
	const uint64_t *odd;
	int result;
	const char *status;        /* per copy: o ok, x damaged */
	int used;
	uint8_t wrong;             /* boot_offsets_wrong */
} cases[] = {
	{ "intact", { 0 }, 0, NULL, BDE_OK, "ooo", 0, 0 },
	/* one bit of the boot sector's copy 3 offset (byte 194) */
	{ "boot copy 3 flipped", { 0, 0, 0x372A000 }, 0, NULL, BDE_OK, "ooo", 0, 4 },
	{ "boot copy 1 flipped", { 0x2195000 ^ 0x100000, 0, 0 }, 0, NULL,
	  BDE_OK, "ooo", 0, 1 },
	/* copy 3 alone is where the boot sector says: its table wins */
	{ "boot copies 1, 2 wrong", { 0x1000, 0x2C1D000 ^ 0x800, 0 }, 0, NULL,
	  BDE_OK, "ooo", 0, 3 },
	/* the boot sector names copy 1's place twice: not copy 2 there */
	{ "boot copy 2 = copy 1", { 0, 0x2195000, 0 }, 0, NULL, BDE_OK, "ooo", 0, 2 },
	{ "boot all wrong", { 0x1000, 0x2000, 0x3000 }, 0, NULL, BDE_ERR_CORRUPT, "xxx", -1, 0 },
	/* copy 2 holds together but disagrees with the others */
	{ "copy 2 disagrees", { 0 }, 2, moved, BDE_OK, "oxo", 0, 0 },
	/* copy 1 names itself elsewhere: not found where it was read */
	{ "copy 1 misplaced", { 0 }, 1, moved, BDE_OK, "xoo", 1, 0 },
	/* copy 1 names its own place twice: it must not count as two */
	{ "copy 1 named twice", { 0, 0x2195000, 0 }, 1, twice, BDE_OK, "xoo", 1, 2 },
};

SELFTEST(bde_copies)
{
	vol = check_alloc(sizeof(*vol));
	if (!vol || !sparse_alloc()) {
		check_free(vol, sizeof(*vol));
		return;
	}

	for (size_t n = 0; n < sizeof(cases) / sizeof(cases[0]); n++) {
		sparse_setup();
		for (int i = 0; i < 3; i++)
			if (cases[n].boot_at[i])
				sparse_put64(sparse_boot + 176 + 8 * i, cases[n].boot_at[i]);
		if (cases[n].odd_copy)
			set_copy_table(cases[n].odd_copy - 1, cases[n].odd);
		check(bde_open(vol, &sparse_io) == cases[n].result);
		check(vol->copy_used == cases[n].used);
		check(vol->boot_offsets_wrong == cases[n].wrong);
		for (int i = 0; i < 3; i++) {
			check((vol->copies[i].status == BDE_OK) == (cases[n].status[i] == 'o'));
			if (cases[n].result == BDE_OK)
				check(vol->copies[i].offset == sparse_at[i]);
		}
		if (cases[n].result == BDE_OK)
			check(vol->n_protectors == 2 && vol->metadata_len == 0x10000);
	}
	sparse_free();
	check_free(vol, sizeof(*vol));
}
