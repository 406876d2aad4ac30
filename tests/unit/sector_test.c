/** @file
 * Sector cipher self-test on real corpus sectors (corpus_sectors.h), for
 * every method and both sector sizes, on every path (VAES, AES-NI or the
 * ARMv8 Crypto Extension, mbedTLS): the relocated boot sector must decrypt
 * to an NTFS boot sector with the volume serial number images.conf lists,
 * the paths must agree, one call over two sectors must equal two calls,
 * and encrypting must give the ciphertext back. Also key, method and
 * sector-size checks.
 */
#include <string.h>
#include "check.h"
#include "crypto/cpu.h"
#include "crypto/sector.h"
#include "corpus_sectors.h"

#define MAX_BYTES 4096

/* check_alloc'd: 14 KiB */
static struct buffers {
	uint8_t cipher[MAX_BYTES], plain[MAX_BYTES], other[MAX_BYTES];
	struct sector_cipher moved;
} *b;

/* NTFS boot sector: x86 jump, OEM ID "NTFS    ", 55 AA at 510. */
static int is_ntfs_boot_sector(const uint8_t *s)
{
	return s[0] == 0xeb && memcmp(s + 3, "NTFS    ", 8) == 0 &&
	       s[510] == 0x55 && s[511] == 0xaa;
}

static uint64_t volume_serial(const uint8_t *s)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | s[0x48 + i];
	return v;
}

static void test_corpus(const struct corpus_sector *v)
{
	struct sector_cipher sc;
	uint8_t key[64];
	size_t klen = check_unhex(v->key, key, sizeof(key));
	size_t len = v->sector_size * v->count, i;
	int path;

	check(check_unhex(v->cipher, b->cipher, MAX_BYTES) == len);

	crypto_force_path(CRYPTO_PATH_PORTABLE);
	check(sector_cipher_init(&sc, v->method, key, klen) == 0);
	memcpy(b->plain, b->cipher, len);
	sector_decrypt(&sc, v->offset, b->plain, v->sector_size, v->count);
	check(is_ntfs_boot_sector(b->plain));
	check(volume_serial(b->plain) == v->serial);
	memcpy(b->other, b->plain, len);
	sector_encrypt(&sc, v->offset, b->other, v->sector_size, v->count);
	check(memcmp(b->other, b->cipher, len) == 0);
	/* a moved cipher still works (mbedTLS contexts point into themselves) */
	memcpy(&b->moved, &sc, sizeof(sc));
	sector_cipher_wipe(&sc);
	memcpy(b->other, b->cipher, len);
	sector_decrypt(&b->moved, v->offset, b->other, v->sector_size, v->count);
	check(memcmp(b->other, b->plain, len) == 0);
	sector_cipher_wipe(&b->moved);

	for (path = CRYPTO_PATH_AES_NI; path >= CRYPTO_PATH_BEST; path--) {
		crypto_force_path(path);
		check(sector_cipher_init(&sc, v->method, key, klen) == 0);
		memcpy(b->other, b->cipher, len);
		sector_decrypt(&sc, v->offset, b->other, v->sector_size, v->count);
		check(memcmp(b->other, b->plain, len) == 0);
	}
	memcpy(b->other, b->cipher, len);
	for (i = 0; i < v->count; i++)
		sector_decrypt(&sc, v->offset + i * v->sector_size,
			       b->other + i * v->sector_size, v->sector_size, 1);
	check(memcmp(b->other, b->plain, len) == 0);
	/* a neighbouring offset must not decrypt to the same plaintext */
	memcpy(b->other, b->cipher, len);
	sector_decrypt(&sc, v->offset + v->sector_size, b->other, v->sector_size, 1);
	check(!is_ntfs_boot_sector(b->other));
	sector_cipher_wipe(&sc);
}

static void test_init(void)
{
	static const struct {
		uint16_t method;
		size_t good_len;
	} methods[] = {
		{ BDE_METHOD_AES_128_CBC_DIFFUSER, 64 }, { BDE_METHOD_AES_256_CBC_DIFFUSER, 64 },
		{ BDE_METHOD_AES_128_CBC, 16 }, { BDE_METHOD_AES_256_CBC, 32 },
		{ BDE_METHOD_AES_128_XTS, 32 }, { BDE_METHOD_AES_256_XTS, 64 },
	};
	struct sector_cipher sc;
	uint8_t key[80] = { 1 }, sector[512] = { 0 };
	size_t i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		check(bde_method_name(methods[i].method) != NULL);
		check(sector_cipher_init(&sc, methods[i].method, key, methods[i].good_len) == 0);
		check(sector_cipher_init(&sc, methods[i].method, key, methods[i].good_len - 1) == -1);
		check(sector_cipher_init(&sc, methods[i].method, key, methods[i].good_len + 16) == -1);
	}
	check(sector_cipher_init(&sc, BDE_METHOD_NONE, key, 16) == -1);
	check(sector_cipher_init(&sc, 0x8006, key, 32) == -1);
	check(bde_method_name(0x8006) == NULL);
	check(memcmp(bde_method_name(BDE_METHOD_AES_128_XTS), "AES-XTS 128-bit", 16) == 0);
	/* after a failed init nothing is decrypted, and nothing crashes */
	sector_decrypt(&sc, 0, sector, sizeof(sector), 1);
	check(sector[0] == 0 && sector[511] == 0);
	/* sector sizes the methods cannot take: left alone */
	check(sector_cipher_init(&sc, BDE_METHOD_AES_128_CBC_DIFFUSER, key, 64) == 0);
	sector_decrypt(&sc, 0, sector, 16, 1);
	sector_decrypt(&sc, 0, sector, 500, 1);
	check(sector[0] == 0 && sector[15] == 0 && sector[499] == 0);
	sector_cipher_wipe(&sc);
}

SELFTEST(sector)
{
	size_t i;

	b = check_alloc(sizeof(*b));
	for (i = 0; b && i < sizeof(corpus_sectors) / sizeof(corpus_sectors[0]); i++)
		test_corpus(&corpus_sectors[i]);
	check_free(b, sizeof(*b));
	test_init();
	crypto_force_path(CRYPTO_PATH_BEST);
}
