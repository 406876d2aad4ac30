/** @file
 * Unlocking with another metadata copy when the one in use fails.
 *
 * A copy can pass its checks at open and still be wrong: a damaged key
 * entry can come with a matching CRC32 (the SHA-256 that only the VMK
 * opens tells), and Vista copies carry no checksum at all. So a key that
 * fails on the copy in use, or opens it but fails its SHA-256, is tried on
 * the other good copies before it is called wrong. Only on copies whose
 * bytes differ (content_crc): identical copies give the same answer, so a
 * wrong password costs no extra key stretch.
 */
#include <string.h>
#include "bde/copies.h"
#include "bde/retry.h"

/* Could another copy do better than result R? */
static int copy_may_be_at_fault(const struct bde_volume *vol, int r)
{
	return r == BDE_ERR_WRONG_KEY || r == BDE_ERR_CORRUPT || r == BDE_ERR_NO_PROTECTOR ||
	       (r == BDE_OK && vol->metadata_hash == BDE_HASH_MISMATCH);
}

/* MASK, and the good copies holding the same bytes as a copy in it. */
static unsigned with_twins(const struct bde_volume *vol, unsigned mask)
{
	unsigned out = mask;

	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			if ((mask & (1u << j)) && vol->copies[i].status == BDE_OK &&
			    vol->copies[i].content_crc == vol->copies[j].content_crc)
				out |= 1u << i;
	return out;
}

static void mark_failed(struct bde_volume *vol, unsigned failed)
{
	for (int i = 0; i < 3; i++)
		if ((failed & (1u << i)) && vol->copies[i].status == BDE_OK) {
			vol->copies[i].status = BDE_ERR_CORRUPT;
			vol->copies[i].unlock_failed = 1;
		}
}

int bde_unlock_any_copy(struct bde_volume *vol, bde_unlock_fn unlock, const void *arg,
			struct sector_cipher *sc)
{
	struct sector_cipher other;
	int first = vol->copy_used, r, unlocked_by, hash, back;
	unsigned failed;

	r = unlock(vol, arg, sc);
	if (first < 0 || !copy_may_be_at_fault(vol, r))
		return r;
	unlocked_by = vol->unlocked_by;
	hash = vol->metadata_hash;
	failed = with_twins(vol, 1u << first);
	for (int i = 0; i < 3; i++) {
		int r2;

		if ((failed & (1u << i)) || vol->copies[i].status != BDE_OK ||
		    bde_metadata_use_copy(vol, i) != BDE_OK)
			continue;
		vol->unlocked_by = -1;
		r2 = unlock(vol, arg, &other);
		if (r2 == BDE_OK && vol->metadata_hash != BDE_HASH_MISMATCH) {
			mark_failed(vol, failed);
			if (r == BDE_OK)
				sector_cipher_wipe(sc);
			memcpy(sc, &other, sizeof(other));
			sector_cipher_wipe(&other);
			return BDE_OK;
		}
		/* whatever the failure, nothing of a key stays on the stack */
		sector_cipher_wipe(&other);
		failed = with_twins(vol, failed | (1u << i));
	}
	/* no copy did better: the first one's answer stands */
	if (vol->copy_used == first)
		return r;      /* no other copy was worth a try */
	back = bde_metadata_use_copy(vol, first);
	if (back != BDE_OK) {
		if (r == BDE_OK)
			sector_cipher_wipe(sc);
		vol->unlocked_by = -1;
		vol->metadata_hash = BDE_HASH_NOT_CHECKED;
		return back;
	}
	vol->unlocked_by = unlocked_by;
	vol->metadata_hash = hash;
	return r;
}
