/** @file
 * Host driver for crypto/, so tests/test_crypto.py can cross-check it
 * against python3-cryptography and hashlib on arbitrary data.
 *
 *   crypto-cli [PATH] sha256                     < data
 *   crypto-cli [PATH] stretch HASH SALT ROUNDS
 *   crypto-cli [PATH] decrypt|encrypt METHOD KEY OFFSET SECTOR_SIZE < data
 *   crypto-cli ccm KEY NONCE TAG                       < ciphertext
 *   crypto-cli impl
 *
 * PATH: --portable (C SHA-256, mbedTLS AES) or --aes-ni (no VAES; on
 * AArch64 the same as the default); default the fastest the CPU has (on
 * AArch64 the ARMv8 Crypto Extension). Hex arguments, binary stdin/stdout, hex
 * digests. Exit 1 on any error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto/ccm.h"
#include "crypto/cpu.h"
#include "crypto/sector.h"
#include "crypto/sha256.h"

static size_t unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned v;

	if (strlen(hex) % 2 || strlen(hex) / 2 > max)
		exit(1);
	for (; hex[0]; hex += 2) {
		if (sscanf(hex, "%2x", &v) != 1)
			exit(1);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static void puthex(const uint8_t *p, size_t len)
{
	while (len--)
		printf("%02x", *p++);
	printf("\n");
}

static uint8_t *read_all(size_t *len)
{
	size_t cap = 1 << 16, n = 0, got;
	uint8_t *buf = malloc(cap);

	while (buf && (got = fread(buf + n, 1, cap - n, stdin)) > 0) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (!buf)
		exit(1);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	uint8_t key[64], a[32], b[32], out[32];
	size_t len;
	uint8_t *data;

	if (argc > 1 && strcmp(argv[1], "--portable") == 0) {
		crypto_force_path(CRYPTO_PATH_PORTABLE);
		argv++, argc--;
	} else if (argc > 1 && strcmp(argv[1], "--aes-ni") == 0) {
		crypto_force_path(CRYPTO_PATH_AES_NI);
		argv++, argc--;
	}
	if (argc == 2 && strcmp(argv[1], "impl") == 0) {
		printf("%s\n%s\n", sha256_implementation(), sector_implementation());
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "sha256") == 0) {
		data = read_all(&len);
		sha256(data, len, out);
		puthex(out, 32);
		return 0;
	}
	if (argc == 5 && strcmp(argv[1], "stretch") == 0) {
		if (unhex(argv[2], a, 32) != 32 || unhex(argv[3], b, 16) != 16)
			return 1;
		stretch_key(a, b, (uint32_t)strtoul(argv[4], NULL, 0), out, NULL, NULL);
		puthex(out, 32);
		return 0;
	}
	if (argc == 6 && (strcmp(argv[1], "decrypt") == 0 ||
			  strcmp(argv[1], "encrypt") == 0)) {
		struct sector_cipher sc;
		size_t klen = unhex(argv[3], key, sizeof(key));
		size_t ss = strtoul(argv[5], NULL, 0);

		if (sector_cipher_init(&sc, (uint16_t)strtoul(argv[2], NULL, 0), key, klen))
			return 1;
		data = read_all(&len);
		if (!ss || len % ss)
			return 1;
		if (argv[1][0] == 'd')
			sector_decrypt(&sc, strtoull(argv[4], NULL, 0), data, ss, len / ss);
		else
			sector_encrypt(&sc, strtoull(argv[4], NULL, 0), data, ss, len / ss);
		sector_cipher_wipe(&sc);
		fwrite(data, 1, len, stdout);
		return 0;
	}
	if (argc == 5 && strcmp(argv[1], "ccm") == 0) {
		uint8_t nonce[CCM_NONCE_LEN], tag[CCM_TAG_LEN], *plain;
		size_t klen = unhex(argv[2], key, sizeof(key));

		if (unhex(argv[3], nonce, sizeof(nonce)) != sizeof(nonce) ||
		    unhex(argv[4], tag, sizeof(tag)) != sizeof(tag))
			return 1;
		data = read_all(&len);
		plain = malloc(len + 1);
		if (aes_ccm_unwrap(key, klen, nonce, tag, data, len, plain))
			return 1;
		fwrite(plain, 1, len, stdout);
		return 0;
	}
	fprintf(stderr, "usage: see %s\n", __FILE__);
	return 1;
}
