/** @file
 * Unlocking: protector key -> VMK (AES-CCM) -> FVEK (AES-CCM) -> sector cipher.
 *
 * The protector key is the stretched recovery key or user password, the
 * key in a .BEK file, or the clear key stored beside a suspended VMK. The
 * CCM tag tells a wrong key from a right one, so a wrong password is never
 * mistaken for damage: only a tag mismatch is BDE_ERR_WRONG_KEY. Each key
 * is tried on the copy in use, then if need be on the others (bde/retry.c).
 */
#include <string.h>
#include "bde/bde.h"
#include "bde/bek.h"
#include "bde/entry.h"
#include "bde/le.h"
#include "bde/protector.h"
#include "bde/retry.h"
#include "bde/utf16.h"
#include "crypto/ccm.h"
#include "crypto/wipe.h"

/* Largest AES-CCM payload we open: a 64-byte FVEK plus its 12-byte head. */
#define CCM_MAX_PAYLOAD 128
/* A decrypted key payload: u16 size, u16 type, u16 value type, u16 version,
 * u32 method, then the key. */
#define KEY_PAYLOAD_HEAD 12

/*
 * Open the AES-CCM value E with the 32-byte KEY into OUT (CCM_MAX_PAYLOAD
 * bytes); *LEN gets the payload length. The payload must say its own size.
 */
static int ccm_open(const uint8_t key[32], const struct bde_entry *e,
		    uint8_t *out, uint32_t *len)
{
	uint32_t ct_len;

	if (e->data_len < CCM_NONCE_LEN + CCM_TAG_LEN + KEY_PAYLOAD_HEAD)
		return BDE_ERR_CORRUPT;
	ct_len = e->data_len - CCM_NONCE_LEN - CCM_TAG_LEN;
	if (ct_len > CCM_MAX_PAYLOAD)
		return BDE_ERR_CORRUPT;
	if (aes_ccm_unwrap(key, 32, e->data, e->data + CCM_NONCE_LEN,
			   e->data + CCM_NONCE_LEN + CCM_TAG_LEN, ct_len, out))
		return BDE_ERR_WRONG_KEY;
	if (le16(out) != ct_len) {
		wipe(out, ct_len);
		return BDE_ERR_CORRUPT;
	}
	*len = ct_len;
	return BDE_OK;
}

/* Find the property of VALUE_TYPE in protector P's list. */
static int find_property(const struct bde_volume *vol, const struct bde_protector *p,
			 uint16_t value_type, struct bde_entry *e)
{
	uint32_t start, end;
	int r;

	bde_protector_properties(p, &start, &end);
	r = bde_entry_find(vol->metadata, start, end, BDE_ENTRY_PROPERTY, value_type, e);
	return r > 0 ? BDE_OK : r < 0 ? BDE_ERR_CORRUPT : BDE_ERR_CORRUPT;
}

/*
 * Check the copy in use against the SHA-256 in its validation block, which
 * only the VMK can open; the CRC32 was checked at open already.
 */
static void check_metadata_hash(struct bde_volume *vol, const uint8_t vmk[32])
{
	struct bde_entry_iter it;
	struct bde_entry e;
	uint8_t payload[CCM_MAX_PAYLOAD], digest[SHA256_LEN];
	uint32_t len;

	vol->metadata_hash = BDE_HASH_NOT_CHECKED;
	if (!vol->validation_offset)
		return;
	bde_entry_iter_init(&it, vol->metadata, vol->validation_offset + 8,
			    vol->validation_offset + vol->validation_len);
	if (bde_entry_next(&it, &e) <= 0 || e.value_type != BDE_VALUE_AES_CCM)
		return;
	if (ccm_open(vmk, &e, payload, &len) != BDE_OK ||
	    len < KEY_PAYLOAD_HEAD + SHA256_LEN) {
		vol->metadata_hash = BDE_HASH_MISMATCH;
		return;
	}
	sha256(vol->metadata, vol->validation_offset, digest);
	vol->metadata_hash = memcmp(digest, payload + KEY_PAYLOAD_HEAD, SHA256_LEN) ?
		BDE_HASH_MISMATCH : BDE_HASH_OK;
	wipe(payload, sizeof(payload));
}

/* With the VMK known, open the FVEK and set up SC. */
static int open_fvek(struct bde_volume *vol, const uint8_t vmk[32],
		     struct sector_cipher *sc)
{
	struct bde_entry_iter it;
	struct bde_entry e;
	uint8_t payload[CCM_MAX_PAYLOAD];
	uint32_t len;
	int r;

	if (!vol->fvek_entry_offset)
		return BDE_ERR_CORRUPT;
	bde_entry_iter_init(&it, vol->metadata, vol->fvek_entry_offset, vol->entries_end);
	if (bde_entry_next(&it, &e) <= 0)
		return BDE_ERR_CORRUPT;
	r = ccm_open(vmk, &e, payload, &len);
	/* the VMK's own tag matched, so a failing FVEK tag means damage */
	if (r == BDE_ERR_WRONG_KEY)
		return BDE_ERR_CORRUPT;
	if (r != BDE_OK)
		return r;
	if (sector_cipher_init(sc, vol->method, payload + KEY_PAYLOAD_HEAD,
			       len - KEY_PAYLOAD_HEAD))
		r = BDE_ERR_UNSUPPORTED;
	wipe(payload, sizeof(payload));
	return r;
}

/*
 * Open protector INDEX's VMK with the 32-byte protector KEY, then the FVEK.
 * Any result other than BDE_ERR_WRONG_KEY or a damaged protector entry is
 * final: once a VMK opens, other protectors lead to the same FVEK.
 */
static int open_protector(struct bde_volume *vol, int index, const uint8_t key[32],
			  struct sector_cipher *sc, int *final)
{
	struct bde_entry e;
	uint8_t payload[CCM_MAX_PAYLOAD];
	uint32_t len;
	int r;

	r = find_property(vol, &vol->protectors[index], BDE_VALUE_AES_CCM, &e);
	if (r != BDE_OK)
		return r;
	r = ccm_open(key, &e, payload, &len);
	if (r != BDE_OK)
		return r;
	*final = 1;
	if (len < KEY_PAYLOAD_HEAD + 32) {
		wipe(payload, sizeof(payload));
		return BDE_ERR_CORRUPT;
	}
	r = open_fvek(vol, payload + KEY_PAYLOAD_HEAD, sc);
	if (r == BDE_OK) {
		vol->unlocked_by = index;
		check_metadata_hash(vol, payload + KEY_PAYLOAD_HEAD);
	}
	wipe(payload, sizeof(payload));
	return r;
}

/* A password's hash, to be stretched for each protector of TYPE. */
struct stretched {
	uint16_t type;
	const uint8_t *hash;       /* SHA256_LEN bytes */
	stretch_progress_fn progress;
	void *progress_ctx;
};

/*
 * Stretch the hash with each protector's salt and try it. Unless a VMK
 * opens, a key that some protector rejected is a wrong key, even if another
 * protector of the kind is damaged.
 */
static int unlock_stretched(struct bde_volume *vol, const void *arg,
			    struct sector_cipher *sc)
{
	const struct stretched *a = arg;
	uint8_t key[SHA256_LEN];
	int result = BDE_ERR_NO_PROTECTOR;
	unsigned i;

	for (i = 0; i < vol->n_protectors; i++) {
		struct bde_entry e;
		int r, final = 0;

		if (vol->protectors[i].type != a->type)
			continue;
		r = find_property(vol, &vol->protectors[i], BDE_VALUE_STRETCH_KEY, &e);
		if (r == BDE_OK && e.data_len < 4 + 16)
			r = BDE_ERR_CORRUPT;
		if (r == BDE_OK) {
			stretch_key(a->hash, e.data + 4, BDE_STRETCH_ROUNDS, key,
				    a->progress, a->progress_ctx);
			r = open_protector(vol, (int)i, key, sc, &final);
			wipe(key, sizeof(key));
		}
		if (final)
			return r;
		if (result != BDE_ERR_WRONG_KEY)
			result = r;
	}
	return result;
}

int bde_unlock_recovery_password(struct bde_volume *vol, const char *text,
				 uint8_t *bad_groups, stretch_progress_fn progress,
				 void *progress_ctx, struct sector_cipher *sc)
{
	uint8_t key[16], hash[SHA256_LEN];
	int r;

	r = bde_recovery_password_parse(text, key, bad_groups);
	if (r == BDE_OK) {
		struct stretched a = { BDE_PROT_RECOVERY_PASSWORD, hash, progress, progress_ctx };

		sha256(key, sizeof(key), hash);
		r = bde_unlock_any_copy(vol, unlock_stretched, &a, sc);
	}
	wipe(key, sizeof(key));
	wipe(hash, sizeof(hash));
	return r;
}

/* Windows limits passwords to 256 characters; UTF-16 needs at most 4 bytes each. */
#define PASSWORD_UTF16_MAX 1024

int bde_unlock_password(struct bde_volume *vol, const char *password, size_t len,
			stretch_progress_fn progress, void *progress_ctx,
			struct sector_cipher *sc)
{
	uint8_t utf16[PASSWORD_UTF16_MAX], hash[SHA256_LEN];
	long n;
	int r;

	n = bde_utf8_to_utf16le(password, len, utf16, sizeof(utf16));
	if (n < 0) {
		r = BDE_ERR_BAD_FORMAT;
	} else {
		struct stretched a = { BDE_PROT_PASSWORD, hash, progress, progress_ctx };

		/* the password hash is SHA-256 applied twice */
		sha256(utf16, (size_t)n, hash);
		sha256(hash, sizeof(hash), hash);
		r = bde_unlock_any_copy(vol, unlock_stretched, &a, sc);
	}
	wipe(utf16, sizeof(utf16));
	wipe(hash, sizeof(hash));
	return r;
}

static int unlock_clear_key(struct bde_volume *vol, const void *unused,
			    struct sector_cipher *sc)
{
	int result = BDE_ERR_NO_PROTECTOR;
	unsigned i;

	(void)unused;
	for (i = 0; i < vol->n_protectors; i++) {
		struct bde_entry e;
		int r, final = 0;

		if (vol->protectors[i].type != BDE_PROT_CLEAR_KEY)
			continue;
		/* the key property: u32 method, then the 32-byte clear key */
		r = find_property(vol, &vol->protectors[i], BDE_VALUE_KEY, &e);
		if (r == BDE_OK && e.data_len < 4 + 32)
			r = BDE_ERR_CORRUPT;
		if (r == BDE_OK)
			r = open_protector(vol, (int)i, e.data + 4, sc, &final);
		if (final)
			return r;
		/* a clear key that fails its tag is damage, not a wrong guess */
		result = r == BDE_ERR_WRONG_KEY ? BDE_ERR_CORRUPT : r;
	}
	return result;
}

int bde_unlock_clear_key(struct bde_volume *vol, struct sector_cipher *sc)
{
	return bde_unlock_any_copy(vol, unlock_clear_key, NULL, sc);
}

int bde_open_decrypted(struct bde_volume *vol, struct sector_cipher *sc)
{
	if (vol->state_current != BDE_STATE_DECRYPTED)
		return BDE_ERR_NO_KEY;
	memset(sc, 0, sizeof(*sc));
	sc->method = BDE_METHOD_NONE;
	vol->unlocked_by = -1;
	vol->metadata_hash = vol->validation_plain ? BDE_HASH_OK : BDE_HASH_NOT_CHECKED;
	return BDE_OK;
}

/* A .BEK file's external key: its ID picks the protector. */
struct startup_key {
	const uint8_t *guid;
	const uint8_t *key;        /* 32 bytes */
};

static int unlock_startup_key(struct bde_volume *vol, const void *arg,
			      struct sector_cipher *sc)
{
	const struct startup_key *k = arg;
	int have_startup = 0;
	unsigned i;

	for (i = 0; i < vol->n_protectors; i++) {
		if (vol->protectors[i].type != BDE_PROT_STARTUP_KEY)
			continue;
		have_startup = 1;
		if (memcmp(vol->protectors[i].guid, k->guid, 16) == 0) {
			int final = 0;

			return open_protector(vol, (int)i, k->key, sc, &final);
		}
	}
	return have_startup ? BDE_ERR_WRONG_KEY : BDE_ERR_NO_PROTECTOR;
}

int bde_unlock_startup_key(struct bde_volume *vol, const uint8_t *bek, size_t len,
			   struct sector_cipher *sc)
{
	struct startup_key k;
	int r;

	r = bde_bek_parse(bek, len, vol->volume_guid, &k.guid, &k.key);
	if (r != BDE_OK)
		return r;
	return bde_unlock_any_copy(vol, unlock_startup_key, &k, sc);
}
