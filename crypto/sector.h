/** @file
 * Sector decryption for every BitLocker encryption method.
 */
#ifndef CRYPTO_SECTOR_H
#define CRYPTO_SECTOR_H

#include <stddef.h>
#include <stdint.h>

/* BitLocker encryption method numbers, as stored in the FVE metadata. */
enum bde_method {
	BDE_METHOD_NONE = 0x0000,
	BDE_METHOD_AES_128_CBC_DIFFUSER = 0x8000,
	BDE_METHOD_AES_256_CBC_DIFFUSER = 0x8001,
	BDE_METHOD_AES_128_CBC = 0x8002,
	BDE_METHOD_AES_256_CBC = 0x8003,
	BDE_METHOD_AES_128_XTS = 0x8004,
	BDE_METHOD_AES_256_XTS = 0x8005,
};

/* Opaque enough: callers only init, decrypt and wipe. */
struct sector_cipher {
	uint16_t method;
	/* expanded AES round keys (mbedTLS contexts and the fast path's schedules) */
	uint8_t state[2048] __attribute__((aligned(16)));
};

/*
 * Set up for METHOD with the FVEK payload KEY of KEY_LEN bytes, exactly as
 * stored after the FVEK entry's method field (CBC: the key; CBC+diffuser:
 * key then 32 bytes of the tweak key at key+32; XTS: both halves).
 * KEY_LEN must be: CBC 16 or 32; CBC+diffuser 64 for both sizes (128-bit:
 * key, 16 zero bytes, tweak key, 16 zero bytes); XTS 32 or 64.
 * Returns 0, or -1 for an unknown method or a key of the wrong length.
 */
int sector_cipher_init(struct sector_cipher *sc, uint16_t method,
		       const uint8_t *key, size_t key_len);

/*
 * Decrypt COUNT consecutive sectors of SECTOR_SIZE bytes in place. OFFSET
 * is the byte offset of the first sector from the start of the volume, a
 * multiple of SECTOR_SIZE; IVs and tweaks derive from it (CBC: the byte
 * offset; XTS: the sector index, offset / SECTOR_SIZE). SECTOR_SIZE must be
 * a multiple of 16 (and at least 32 with the diffuser), else nothing is
 * done. A struct sector_cipher may be copied or moved after init.
 */
void sector_decrypt(const struct sector_cipher *sc, uint64_t offset,
		    uint8_t *buf, size_t sector_size, size_t count);

/* The inverse, for tests and for building test volumes. */
void sector_encrypt(const struct sector_cipher *sc, uint64_t offset,
		    uint8_t *buf, size_t sector_size, size_t count);

/* Wipe all key material. */
void sector_cipher_wipe(struct sector_cipher *sc);

/* Human name of a method ("AES-XTS 128-bit", ...), or NULL if unknown. */
const char *bde_method_name(uint16_t method);

/* Which bulk AES implementation runs here ("vaes x16", "aes-ni x8",
 * "aes-ce x8", "mbedtls"). */
const char *sector_implementation(void);

#endif
