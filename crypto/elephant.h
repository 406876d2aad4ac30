/** @file
 * The Elephant diffuser of BitLocker's AES-CBC + diffuser methods
 * (N. Ferguson, "AES-CBC + Elephant diffuser", Microsoft, 2006).
 */
#ifndef CRYPTO_ELEPHANT_H
#define CRYPTO_ELEPHANT_H

#include <stddef.h>
#include <stdint.h>

#define ELEPHANT_SECTOR_KEY_LEN 32

/*
 * After CBC decryption of one sector: undo diffuser B, then diffuser A, then
 * XOR the 32-byte sector key over the whole sector. LEN is a multiple of 16.
 */
void elephant_decrypt(uint8_t *sector, size_t len,
		      const uint8_t key[ELEPHANT_SECTOR_KEY_LEN]);

/* Before CBC encryption: XOR the sector key, then diffuser A, then B. */
void elephant_encrypt(uint8_t *sector, size_t len,
		      const uint8_t key[ELEPHANT_SECTOR_KEY_LEN]);

#endif
