/** @file
 * Elephant diffuser self-test. Expected digests come from an independent
 * Python model of Ferguson's description (the one in tests/test_crypto.py,
 * checked there against the corpus): SHA-256 of the output for a counting
 * sector and key 20..3f. Also: encrypt undoes decrypt, on unaligned
 * buffers, and one flipped input bit spreads over the whole sector.
 */
#include <string.h>
#include "check.h"
#include "crypto/elephant.h"
#include "crypto/sha256.h"

static const struct {
	const char *source;
	size_t len;
	unsigned step;		/* sector byte i = i * step */
	int decrypt;
	const char *digest;
} vectors[] = {
	{ "Python model, decrypt, 512 bytes of i", 512, 1, 1,
	  "9c8298fc550d840df7fa11e1d9049f3867bf1851c19cb8f916b5c5c25d4c43a2" },
	{ "Python model, encrypt, 512 bytes of i", 512, 1, 0,
	  "77708d5f63683b543cc53d4b1dff8edf918e0f2f030251c4659eeab113f30c17" },
	{ "Python model, decrypt, 4096 bytes of 7i", 4096, 7, 1,
	  "806aabb651f3134678438371bee35c0bd8c035cf41fb6a66b3657b15ec92433e" },
};

#define SPACE_LEN (4096 + 1 + 4096)

SELFTEST(elephant)
{
	uint8_t key[ELEPHANT_SECTOR_KEY_LEN], digest[SHA256_LEN];
	uint8_t *space = check_alloc(SPACE_LEN), *sector, *orig;
	size_t i, j, changed;

	if (!space)
		return;
	sector = space + 1;	/* the diffuser must not need alignment */
	orig = space + 4096 + 1;
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(0x20 + i);
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		size_t len = vectors[i].len;

		for (j = 0; j < len; j++)
			orig[j] = (uint8_t)(j * vectors[i].step);
		memcpy(sector, orig, len);
		if (vectors[i].decrypt)
			elephant_decrypt(sector, len, key);
		else
			elephant_encrypt(sector, len, key);
		sha256(sector, len, digest);
		check(check_hex_equal(digest, SHA256_LEN, vectors[i].digest));
		if (vectors[i].decrypt)
			elephant_encrypt(sector, len, key);
		else
			elephant_decrypt(sector, len, key);
		check(memcmp(sector, orig, len) == 0);
	}

	/* one input bit changes about half of the output bits: nearly every
	 * 32-bit word must differ */
	memcpy(sector, orig, 512);
	elephant_decrypt(sector, 512, key);
	memcpy(space + 1 + 2048, sector, 512);
	memcpy(sector, orig, 512);
	sector[100] ^= 1;
	elephant_decrypt(sector, 512, key);
	for (changed = 0, j = 0; j < 512; j += 4)
		changed += memcmp(sector + j, space + 1 + 2048 + j, 4) != 0;
	check(changed >= 120);
	check_free(space, SPACE_LEN);
}
