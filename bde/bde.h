/** @file
 * The BitLocker core's API: open a volume, unlock it, read its decrypted view.
 *
 * Typical use (the EFI app and the host CLI do exactly this):
 *
 *	static struct bde_volume vol;          // large: holds the metadata
 *	struct sector_cipher sc;
 *	bde_open(&vol, &io);                   // detect, read and check metadata
 *	bde_unlock_recovery_password(&vol, text, &bad_groups, progress, ctx, &sc);
 *	bde_read_decrypted(&vol, &sc, offset, buf, len);
 *	sector_cipher_wipe(&sc);
 *
 * Every function returns BDE_OK (0) or a positive enum bde_error value.
 * Nothing here allocates memory or writes to the volume.
 */
#ifndef BDE_BDE_H
#define BDE_BDE_H

#include <stddef.h>
#include <stdint.h>
#include "bde/error.h"
#include "bde/io.h"
#include "bde/volume.h"
#include "crypto/sector.h"
#include "crypto/sha256.h"

/*
 * Detect BitLocker on IO (Windows 7+, Vista, To Go), read all three FVE
 * metadata copies, check each (vol->copies[].status) and parse the first
 * good one into VOL. Returns BDE_ERR_NOT_BITLOCKER for other volumes,
 * BDE_ERR_CORRUPT if no copy is good, BDE_ERR_IO if the device fails.
 */
int bde_open(struct bde_volume *vol, const struct bde_io *io);

/*
 * Size in bytes of the decrypted view: the device's whole sectors. Less
 * than vol->volume_size when the image is cut short: then the view is the
 * part that is there.
 */
uint64_t bde_view_size(const struct bde_volume *vol);

/*
 * An encrypt-on-write volume whose bitmaps cannot be used
 * (vol->eow_map.problem says why): the view decrypts every chunk below
 * the encrypted size, so chunks never written since encryption began
 * read as noise. Such a view must not pass for a certain one.
 */
int bde_view_uncertain(const struct bde_volume *vol);

/* ---- recovery password (48 digits) ------------------------------------- */

#define BDE_RECOVERY_GROUPS 8

/*
 * Check one group as the user types it: DIGITS holds LEN characters.
 * Returns BDE_OK for six digits whose value is a multiple of 11 below
 * 720896 (= 65536 * 11), BDE_ERR_BAD_FORMAT otherwise (also for fewer or
 * more than six digits, or any non-digit).
 */
int bde_recovery_group_check(const char *digits, size_t len);

/*
 * Parse a recovery password: 48 digits in 8 groups of 6, separated by
 * single dashes or spaces, or nothing. On success KEY holds the 16-byte recovery key
 * (each group / 11 as u16 LE). Returns BDE_ERR_BAD_FORMAT if it is not 48
 * digits in that shape (*BAD_GROUPS = 0xff), or if some groups fail the
 * check: bit N of *BAD_GROUPS set means group N+1 is invalid.
 */
int bde_recovery_password_parse(const char *text, uint8_t key[16], uint8_t *bad_groups);

/* ---- unlocking ----------------------------------------------------------- */

/*
 * Each unlock function tries every protector of its kind, and on success
 * sets up SC for the volume's method with the FVEK, records the protector
 * in vol->unlocked_by, and checks the metadata's SHA-256 (vol->metadata_hash).
 * Errors: BDE_ERR_NO_PROTECTOR (none of that kind), BDE_ERR_WRONG_KEY (the
 * key does not open any: the AES-CCM tag did not match), BDE_ERR_CORRUPT
 * (it opened the VMK but the FVEK entry is damaged), BDE_ERR_UNSUPPORTED.
 * PROGRESS (may be NULL) is called during the ~1 s key stretch.
 */
int bde_unlock_recovery_password(struct bde_volume *vol, const char *text,
				 uint8_t *bad_groups, stretch_progress_fn progress,
				 void *progress_ctx, struct sector_cipher *sc);

/* The user password as typed, in UTF-8 (hashed as UTF-16LE). */
int bde_unlock_password(struct bde_volume *vol, const char *password, size_t len,
			stretch_progress_fn progress, void *progress_ctx,
			struct sector_cipher *sc);

/*
 * A startup key: the bytes of a .BEK file. Its external key is matched to a
 * startup-key protector by ID. BDE_ERR_BAD_FORMAT if it is not a BEK file,
 * BDE_ERR_WRONG_KEY if no protector has its ID or its key does not open it.
 */
int bde_unlock_startup_key(struct bde_volume *vol, const uint8_t *bek, size_t len,
			   struct sector_cipher *sc);

/* A volume whose protection is suspended keeps its VMK under a clear key. */
int bde_unlock_clear_key(struct bde_volume *vol, struct sector_cipher *sc);

/*
 * A volume whose BitLocker was turned off (state decrypted) needs no key:
 * SC is set up to read it (it holds no key; a sector said to be ciphertext
 * fails with BDE_ERR_NO_KEY). Its metadata's unkeyed SHA-256 was checked
 * at open. BDE_ERR_NO_KEY for any other volume.
 */
int bde_open_decrypted(struct bde_volume *vol, struct sector_cipher *sc);

/* ---- decrypted view ------------------------------------------------------- */

/*
 * Read LEN bytes at OFFSET of the decrypted volume, as cryptsetup and
 * dislocker present it: the relocated boot sectors in place, BitLocker's
 * own areas as zeros, what is still plaintext on disk as it is (bde/view.c).
 * Any offset and length; BDE_ERR_IO past the end or on a device error,
 * BDE_ERR_UNKNOWN_DATA where a damaged encrypt-on-write bitmap leaves
 * unknown whether the sectors are encrypted.
 */
int bde_read_decrypted(struct bde_volume *vol, const struct sector_cipher *sc,
		       uint64_t offset, void *buf, size_t len);

#endif
