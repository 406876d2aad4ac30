/** @file
 * A key the copy in use fails is tried on the other copies: only on those
 * whose bytes differ, so a wrong password costs one key stretch, not three.
 *
 * Vector: bitlk-aes-xts-128.img's first copy at its three offsets
 * (bde_sparse.h), its user password "anaconda" (images.conf). In that
 * copy the password protector's VMK entry is at 176 and its AES-CCM
 * property at 320: the encrypted VMK starts at 320 + 8 + 12 + 16. Three
 * key stretches.
 */
#include "check.h"
#include "bde/bde.h"
#include "bde_sparse.h"

#define VMK_CCM_PROPERTY 320
#define VMK_CIPHERTEXT (VMK_CCM_PROPERTY + 8 + 12 + 16)

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */
static unsigned stretch_steps;

static void count(void *ctx, uint32_t done, uint32_t total)
{
	(void)ctx;
	(void)done;
	(void)total;
	stretch_steps++;
}

static int password(const char *text, struct sector_cipher *sc)
{
	return bde_unlock_password(vol, text, strlen(text), count, NULL, sc);
}

SELFTEST(bde_retry)
{
	struct sector_cipher sc;
	unsigned one_stretch;

	vol = check_alloc(sizeof(*vol));
	if (!vol || !sparse_alloc()) {
		check_free(vol, sizeof(*vol));
		return;
	}
	/* intact copies, wrong password: one stretch, copy 1 still in use */
	sparse_setup();
	check(sparse_copy[0][VMK_CCM_PROPERTY + 4] == 5);  /* AES-CCM value */
	check(bde_open(vol, &sparse_io) == BDE_OK);
	stretch_steps = 0;
	check(password("anacondA", &sc) == BDE_ERR_WRONG_KEY);
	one_stretch = stretch_steps;
	check(one_stretch > 0 && vol->copy_used == 0 && vol->unlocked_by == -1);
	for (int i = 0; i < 3; i++)
		check(vol->copies[i].status == BDE_OK && !vol->copies[i].unlock_failed);

	/* copy 1's encrypted VMK damaged behind a matching CRC32: copy 2 opens,
	 * copy 1 is marked; two stretches */
	sparse_setup();
	sparse_copy[0][VMK_CIPHERTEXT] ^= 1;
	sparse_fix_crc(0);
	check(bde_open(vol, &sparse_io) == BDE_OK && vol->copy_used == 0);
	stretch_steps = 0;
	check(password("anaconda", &sc) == BDE_OK);
	check(stretch_steps == 2 * one_stretch);
	check(vol->copy_used == 1 && vol->unlocked_by == 0);
	check(vol->metadata_hash == BDE_HASH_OK);
	check(vol->copies[0].status == BDE_ERR_CORRUPT && vol->copies[0].unlock_failed);
	check(vol->copies[1].status == BDE_OK && !vol->copies[1].unlock_failed);
	check(vol->copies[2].status == BDE_OK && !vol->copies[2].unlock_failed);
	sector_cipher_wipe(&sc);
	sparse_free();
	check_free(vol, sizeof(*vol));
}
