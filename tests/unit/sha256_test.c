/** @file
 * SHA-256 self-test: FIPS 180-4 example vectors (NIST "SHA256.pdf",
 * ShortMsg/LongMsg examples) through the one-shot and incremental calls,
 * on both the fast path (SHA-NI, ARMv8 SHA-256) and the portable one.
 */
#include <string.h>
#include "check.h"
#include "crypto/cpu.h"
#include "crypto/sha256.h"

static const struct {
	const char *source, *message, *digest;
} vectors[] = {
	{ "NIST FIPS 180-4 example, empty message", "",
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "NIST FIPS 180-4 example, one block", "abc",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "NIST FIPS 180-4 example, two blocks (448 bits)",
	  "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "NIST FIPS 180-4 / SHAVS 896-bit message",
	  "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

/* NIST's one million times 'a', fed in uneven pieces. */
static void million_a(void)
{
	static const uint8_t piece[997] = { [0 ... 996] = 'a' };
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_LEN];
	size_t left = 1000000, n = 1;

	sha256_init(&ctx);
	while (left) {
		size_t take = n < left ? n : left;

		sha256_update(&ctx, piece, take);
		left -= take;
		n = n * 7 % 997 + 1;	/* 1..997 bytes, crossing blocks */
	}
	sha256_final(&ctx, digest);
	check_hex(digest, SHA256_LEN,
		  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* No libc in firmware: our own strlen. */
static size_t length(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void run_vectors(void)
{
	uint8_t digest[SHA256_LEN];
	size_t i, split;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const char *m = vectors[i].message;
		size_t len = length(m);

		sha256(m, len, digest);
		check(check_hex_equal(digest, SHA256_LEN, vectors[i].digest));
		for (split = 0; split <= len; split += 13) {
			struct sha256_ctx ctx;

			sha256_init(&ctx);
			sha256_update(&ctx, m, split);
			sha256_update(&ctx, m + split, len - split);
			sha256_final(&ctx, digest);
			check(check_hex_equal(digest, SHA256_LEN, vectors[i].digest));
		}
	}
	million_a();
}

SELFTEST(sha256)
{
	crypto_force_path(CRYPTO_PATH_PORTABLE);
	check(memcmp(sha256_implementation(), "portable", 9) == 0);
	run_vectors();
	crypto_force_path(CRYPTO_PATH_BEST);
	run_vectors();		/* SHA-NI or ARMv8 SHA-256 where the CPU has it */
}
