/** @file
 * From recovery password and user password to a decrypted sector, on real
 * metadata: stretch, VMK unwrap (tag checked), FVEK unwrap, metadata SHA-256.
 *
 * Vectors: bitlk-aes-xts-128.img (bde_vectors.h); its passwords from
 * images.conf; the sector must decrypt to the NTFS boot sector
 * (worked-example.md). Three key stretches: about a second.
 */
#include <string.h>
#include "check.h"
#include "bde/bde.h"
#include "bde/metadata.h"
#include "bde_vectors.h"
#include "corpus_sectors.h"

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */
static uint8_t blob[XTS128_METADATA_LEN];
static uint8_t sector[512], encrypted[512];

/* An io that serves the relocated boot sector only. */
static int one_sector_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	(void)ctx;
	if (offset != XTS128_HEADER_OFFSET || len != sizeof(encrypted))
		return -1;
	memcpy(buf, encrypted, len);
	return 0;
}

static void setup(void)
{
	xts128_volume_init(vol);
	vol->io.read = one_sector_read;
	vol->unlocked_by = -1;
	check_unhex(xts128_metadata_hex, blob, sizeof(blob));
	memcpy(vol->metadata, blob, sizeof(blob));
	vol->metadata_len = sizeof(blob);
	check(bde_metadata_parse(vol, vol->metadata, sizeof(blob)) == 0);
}

static unsigned progress_calls;

static void count_progress(void *ctx, uint32_t done, uint32_t total)
{
	(void)ctx;
	(void)done;
	(void)total;
	progress_calls++;
}

/* The relocated boot sector as stored: the first of its corpus sectors. */
static const char *xts128_boot_sector(void)
{
	size_t i;

	for (i = 0; i < sizeof(corpus_sectors) / sizeof(corpus_sectors[0]); i++)
		if (strcmp(corpus_sectors[i].image, "bitlk-aes-xts-128.img") == 0)
			return corpus_sectors[i].cipher;
	return "";
}

SELFTEST(bde_unlock)
{
	struct sector_cipher sc;
	uint8_t bad;

	vol = check_alloc(sizeof(*vol));
	if (!vol)
		return;
	check(check_unhex(xts128_boot_sector(), encrypted, sizeof(encrypted)) == 512);
	setup();

	check(bde_unlock_recovery_password(vol, XTS128_RECOVERY_PASSWORD, &bad,
					   count_progress, NULL, &sc) == BDE_OK);
	check(progress_calls > 0);
	check(vol->unlocked_by == 1 && vol->metadata_hash == BDE_HASH_OK);
	/* view byte 0 is the relocated boot sector, decrypted */
	check(bde_read_decrypted(vol, &sc, 0, sector, sizeof(sector)) == BDE_OK);
	check(memcmp(sector + 3, "NTFS    ", 8) == 0 && sector[510] == 0x55 && sector[511] == 0xAA);
	/* any byte range: 8 bytes from byte 3 go through the bounce buffer */
	check(bde_read_decrypted(vol, &sc, 3, sector, 8) == BDE_OK);
	check(memcmp(sector, "NTFS    ", 8) == 0);
	/* the metadata area reads as zeros, without touching the device */
	check(bde_read_decrypted(vol, &sc, 0x2195000 + 100, sector, 8) == BDE_OK);
	check_hex(sector, 8, "0000000000000000");
	check(bde_read_decrypted(vol, &sc, XTS128_VOLUME_SIZE - 4, sector, 8) == BDE_ERR_IO);
	sector_cipher_wipe(&sc);

	setup();
	check(bde_unlock_password(vol, "anaconda", 8, NULL, NULL, &sc) == BDE_OK);
	check(vol->unlocked_by == 0);
	sector_cipher_wipe(&sc);

	setup();
	check(bde_unlock_password(vol, "anacondA", 8, NULL, NULL, &sc) == BDE_ERR_WRONG_KEY);
	check(vol->unlocked_by == -1);
	check(bde_unlock_clear_key(vol, &sc) == BDE_ERR_NO_PROTECTOR);
	check(bde_unlock_recovery_password(vol, "1-2-3", &bad, NULL, NULL, &sc) ==
	      BDE_ERR_BAD_FORMAT);
	check_free(vol, sizeof(*vol));
}
