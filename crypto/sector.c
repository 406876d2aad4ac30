/** @file
 * Sector encryption for every BitLocker method: key set-up and dispatch
 * between the mbedTLS reference path and the fast paths (VAES, else
 * AES-NI; the ARMv8 Crypto Extension: crypto/aes_fast.c; decryption only,
 * encryption is for tests and test volumes).
 *
 * CBC: IV = AES-ECB(data key, byte offset as 16-byte LE), per sector.
 * CBC + Elephant: the same, plus the diffuser with a sector key made from
 * the tweak key (payload bytes 32..). XTS: tweak = sector index
 * (offset / sector size, checked on 512- and 4096-byte corpus images).
 */
#include <string.h>
#include "mbedtls/aes.h"
#include "crypto/aes_fast.h"
#include "crypto/cpu.h"
#include "crypto/elephant.h"
#include "crypto/sector.h"
#include "crypto/wipe.h"

struct sector_state {
	unsigned key_bytes;	/* 16 or 32 per AES key */
	union {
		struct {
			mbedtls_aes_context enc, dec;
			mbedtls_aes_context tweak;	/* diffuser methods only */
		} cbc;
		struct {
			mbedtls_aes_xts_context enc, dec;
		} xts;
	} ref;
	struct aes_keys fast;	/* filled only where a fast path exists */
	int have_fast;
};

_Static_assert(sizeof(struct sector_state) <= sizeof(((struct sector_cipher *)0)->state),
	       "struct sector_cipher state too small");
_Static_assert(_Alignof(struct sector_state) <= 16, "state alignment");

static struct sector_state *state_of(const struct sector_cipher *sc)
{
	return (struct sector_state *)sc->state;
}

const char *bde_method_name(uint16_t method)
{
	switch (method) {
	case BDE_METHOD_NONE:
		return "None";   /* as manage-bde says it of a decrypted volume */
	case BDE_METHOD_AES_128_CBC_DIFFUSER:
		return "AES-CBC 128-bit with Elephant diffuser";
	case BDE_METHOD_AES_256_CBC_DIFFUSER:
		return "AES-CBC 256-bit with Elephant diffuser";
	case BDE_METHOD_AES_128_CBC:
		return "AES-CBC 128-bit";
	case BDE_METHOD_AES_256_CBC:
		return "AES-CBC 256-bit";
	case BDE_METHOD_AES_128_XTS:
		return "AES-XTS 128-bit";
	case BDE_METHOD_AES_256_XTS:
		return "AES-XTS 256-bit";
	}
	return NULL;
}

const char *sector_implementation(void)
{
	const struct aes_fast_path *fast = aes_fast_path();

	return fast ? fast->name : "mbedtls";
}

static int is_xts(uint16_t method)
{
	return method == BDE_METHOD_AES_128_XTS || method == BDE_METHOD_AES_256_XTS;
}

static int is_diffuser(uint16_t method)
{
	return method == BDE_METHOD_AES_128_CBC_DIFFUSER ||
	       method == BDE_METHOD_AES_256_CBC_DIFFUSER;
}

/* AES key size of METHOD and the payload length it needs, or 0. */
static unsigned method_key_bytes(uint16_t method, size_t *payload_len)
{
	switch (method) {
	case BDE_METHOD_AES_128_CBC_DIFFUSER:
	case BDE_METHOD_AES_256_CBC_DIFFUSER:
		/* data key at 0, tweak key at 32, each 32 bytes wide */
		*payload_len = 64;
		return method == BDE_METHOD_AES_128_CBC_DIFFUSER ? 16 : 32;
	case BDE_METHOD_AES_128_CBC:
		*payload_len = 16;
		return 16;
	case BDE_METHOD_AES_256_CBC:
		*payload_len = 32;
		return 32;
	case BDE_METHOD_AES_128_XTS:
		*payload_len = 32;
		return 16;
	case BDE_METHOD_AES_256_XTS:
		*payload_len = 64;
		return 32;
	}
	return 0;
}

int sector_cipher_init(struct sector_cipher *sc, uint16_t method,
		       const uint8_t *key, size_t key_len)
{
	struct sector_state *st = state_of(sc);
	size_t want = 0;
	unsigned kb = method_key_bytes(method, &want), bits = kb * 8;
	const struct aes_fast_path *fast = aes_fast_path();
	int err = 0;

	memset(sc, 0, sizeof(*sc));
	if (!kb || key_len != want)
		return -1;
	sc->method = method;
	st->key_bytes = kb;
	if (is_xts(method)) {
		mbedtls_aes_xts_init(&st->ref.xts.enc);
		mbedtls_aes_xts_init(&st->ref.xts.dec);
		err |= mbedtls_aes_xts_setkey_enc(&st->ref.xts.enc, key, 2 * bits);
		err |= mbedtls_aes_xts_setkey_dec(&st->ref.xts.dec, key, 2 * bits);
	} else {
		mbedtls_aes_init(&st->ref.cbc.enc);
		mbedtls_aes_init(&st->ref.cbc.dec);
		mbedtls_aes_init(&st->ref.cbc.tweak);
		err |= mbedtls_aes_setkey_enc(&st->ref.cbc.enc, key, bits);
		err |= mbedtls_aes_setkey_dec(&st->ref.cbc.dec, key, bits);
		if (is_diffuser(method))
			err |= mbedtls_aes_setkey_enc(&st->ref.cbc.tweak, key + 32, bits);
	}
	if (!err && fast) {
		/* XTS: the tweak key follows the data key; diffuser: at +32 */
		const uint8_t *tweak = is_xts(method) ? key + kb :
				       is_diffuser(method) ? key + 32 : NULL;

		fast->setkey(&st->fast, key, tweak, kb);
		st->have_fast = 1;	/* only if a fast path was allowed at init */
	}
	if (err) {
		sector_cipher_wipe(sc);
		return -1;
	}
	return 0;
}

void sector_cipher_wipe(struct sector_cipher *sc)
{
	/* mbedTLS contexts hold no pointers of their own: zeroing is freeing */
	wipe(sc, sizeof(*sc));
}

static void le128(uint8_t out[16], uint64_t v)
{
	int i;

	for (i = 0; i < 16; i++)
		out[i] = i < 8 ? (uint8_t)(v >> (8 * i)) : 0;
}

/* The Elephant sector key: E(tweak key, e) || E(tweak key, e with byte 15 = 128). */
static void diffuser_sector_key(struct sector_state *st, uint64_t offset,
				uint8_t key[ELEPHANT_SECTOR_KEY_LEN])
{
	uint8_t e[16];

	le128(e, offset);
	mbedtls_aes_crypt_ecb(&st->ref.cbc.tweak, MBEDTLS_AES_ENCRYPT, e, key);
	e[15] = 128;
	mbedtls_aes_crypt_ecb(&st->ref.cbc.tweak, MBEDTLS_AES_ENCRYPT, e, key + 16);
}

static void crypt_ref(struct sector_state *st, uint16_t method, int mode,
		      uint64_t offset, uint8_t *buf, size_t sector_size)
{
	uint8_t iv[16], skey[ELEPHANT_SECTOR_KEY_LEN];

	if (is_xts(method)) {
		le128(iv, offset / sector_size);
		mbedtls_aes_crypt_xts(mode == MBEDTLS_AES_DECRYPT ? &st->ref.xts.dec
								  : &st->ref.xts.enc,
				      mode, sector_size, iv, buf, buf);
		return;
	}
	le128(iv, offset);
	mbedtls_aes_crypt_ecb(&st->ref.cbc.enc, MBEDTLS_AES_ENCRYPT, iv, iv);
	if (is_diffuser(method))
		diffuser_sector_key(st, offset, skey);
	if (mode == MBEDTLS_AES_DECRYPT) {
		mbedtls_aes_crypt_cbc(&st->ref.cbc.dec, mode, sector_size, iv, buf, buf);
		if (is_diffuser(method))
			elephant_decrypt(buf, sector_size, skey);
	} else {
		if (is_diffuser(method))
			elephant_encrypt(buf, sector_size, skey);
		mbedtls_aes_crypt_cbc(&st->ref.cbc.enc, mode, sector_size, iv, buf, buf);
	}
	if (is_diffuser(method))
		wipe(skey, sizeof(skey));
}

/* Decrypt COUNT sectors on FAST (encryption always takes the reference). */
static void decrypt_fast(const struct aes_fast_path *fast, struct sector_state *st,
			 uint16_t method, uint64_t offset,
			 uint8_t *buf, size_t sector_size, size_t count)
{
	uint8_t e[16], skey[ELEPHANT_SECTOR_KEY_LEN];
	size_t i;

	if (is_xts(method)) {
		fast->xts_decrypt_sectors(&st->fast, offset, buf, sector_size, count);
		return;
	}
	if (!is_diffuser(method)) {
		fast->cbc_decrypt_sectors(&st->fast, offset, buf, sector_size, count);
		return;
	}
	/* sector by sector, so the diffuser finds it still in cache */
	for (i = 0; i < count; i++, offset += sector_size, buf += sector_size) {
		fast->cbc_decrypt_sectors(&st->fast, offset, buf, sector_size, 1);
		le128(e, offset);
		fast->encrypt_block(&st->fast, st->fast.tweak, e, skey);
		e[15] = 128;
		fast->encrypt_block(&st->fast, st->fast.tweak, e, skey + 16);
		elephant_decrypt(buf, sector_size, skey);
	}
	wipe(skey, sizeof(skey));
}

/*
 * mbedTLS 2.28 contexts point into themselves (rk = buf). Re-point them so
 * a struct sector_cipher that the caller copied or moved still works.
 */
static void ref_contexts_here(struct sector_state *st, uint16_t method)
{
	if (is_xts(method)) {
		st->ref.xts.enc.crypt.rk = st->ref.xts.enc.crypt.buf;
		st->ref.xts.enc.tweak.rk = st->ref.xts.enc.tweak.buf;
		st->ref.xts.dec.crypt.rk = st->ref.xts.dec.crypt.buf;
		st->ref.xts.dec.tweak.rk = st->ref.xts.dec.tweak.buf;
	} else {
		st->ref.cbc.enc.rk = st->ref.cbc.enc.buf;
		st->ref.cbc.dec.rk = st->ref.cbc.dec.buf;
		st->ref.cbc.tweak.rk = st->ref.cbc.tweak.buf;
	}
}

static void crypt_sectors(const struct sector_cipher *sc, int mode, uint64_t offset,
			  uint8_t *buf, size_t sector_size, size_t count)
{
	struct sector_state *st = state_of(sc);
	const struct aes_fast_path *fast =
		st->have_fast && mode == MBEDTLS_AES_DECRYPT ? aes_fast_path() : NULL;
	size_t i;

	if (!st->key_bytes || sector_size == 0 || sector_size % 16 ||
	    (is_diffuser(sc->method) && sector_size < 32))
		return;		/* not initialised, or no such sector size */
	if (fast) {
		decrypt_fast(fast, st, sc->method, offset, buf, sector_size, count);
		return;
	}
	ref_contexts_here(st, sc->method);
	for (i = 0; i < count; i++, offset += sector_size, buf += sector_size)
		crypt_ref(st, sc->method, mode, offset, buf, sector_size);
}

void sector_decrypt(const struct sector_cipher *sc, uint64_t offset,
		    uint8_t *buf, size_t sector_size, size_t count)
{
	crypt_sectors(sc, MBEDTLS_AES_DECRYPT, offset, buf, sector_size, count);
}

void sector_encrypt(const struct sector_cipher *sc, uint64_t offset,
		    uint8_t *buf, size_t sector_size, size_t count)
{
	crypt_sectors(sc, MBEDTLS_AES_ENCRYPT, offset, buf, sector_size, count);
}
