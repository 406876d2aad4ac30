/** @file
 * Key-stretch self-test, on the fast path (SHA-NI, or the ARMv8 SHA-256
 * instructions) and the portable one.
 *
 * Expected values were computed independently with Python's hashlib:
 *
 *   last = bytes(32)
 *   for n in range(rounds):
 *       last = hashlib.sha256(last + h + salt + struct.pack('<Q', n)).digest()
 *
 * The full 2^20-round worked example (/work/shared/docs/worked-example.md,
 * bitlk-aes-xts-128.img) only runs on the host: it is slow under firmware
 * emulation.
 */
#include <string.h>
#include "check.h"
#include "crypto/cpu.h"
#include "crypto/sha256.h"

static const struct {
	const char *source, *hash, *salt;
	uint32_t rounds;
	const char *key;
} vectors[] = {
	{ "hashlib, worked-example inputs, 1 round",
	  "fdd303817e456f7a4b64a7063ae00be752a46841e57da98caf8522f136cb3411",
	  "2ba080989af9b50c203aaebd0b40d498", 1,
	  "6882fbdeb43b35f551e871a19eef17a993650f802d5ce87ed78d990c5b8af9f8" },
	{ "hashlib, worked-example inputs, 1000 rounds",
	  "fdd303817e456f7a4b64a7063ae00be752a46841e57da98caf8522f136cb3411",
	  "2ba080989af9b50c203aaebd0b40d498", 1000,
	  "84201ac4cb6ccf14c4e5dc2b5fec8708dfadd5a8f5653897e5c3937ca8eaf0be" },
	{ "hashlib, hash 00..1f, salt f0..ff, 1000 rounds",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 1000,
	  "82fc39e1512cf58289febb64f2f3071c098ac6d9555b697316a098e7ee59082d" },
	{ "no rounds: the zero start value", "00", "00", 0,
	  "0000000000000000000000000000000000000000000000000000000000000000" },
#ifndef BITRESCUE_EFI
	{ "worked example: SHA-256(recovery key) -> stretched key",
	  "fdd303817e456f7a4b64a7063ae00be752a46841e57da98caf8522f136cb3411",
	  "2ba080989af9b50c203aaebd0b40d498", BDE_STRETCH_ROUNDS,
	  "1a39f926dab83e947fa85125b91e556e9ecc2bc5968924e03de234878d1fd4bd" },
#endif
};

struct progress_log {
	unsigned calls;
	uint32_t last_done, total;
	int monotonic;
};

static void progress(void *ctx, uint32_t done, uint32_t total)
{
	struct progress_log *log = ctx;

	log->monotonic &= done > log->last_done && done <= total;
	log->calls++;
	log->last_done = done;
	log->total = total;
}

static void run_vectors(void)
{
	uint8_t hash[SHA256_LEN] = { 0 }, salt[16] = { 0 }, key[SHA256_LEN];
	size_t i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		struct progress_log log = { 0, 0, 0, 1 };
		uint32_t rounds = vectors[i].rounds;

		check_unhex(vectors[i].hash, hash, sizeof(hash));
		check_unhex(vectors[i].salt, salt, sizeof(salt));
		stretch_key(hash, salt, rounds, key, progress, &log);
		check(check_hex_equal(key, SHA256_LEN, vectors[i].key));
		/* about every 2^16 rounds, and once at the end */
		check(log.calls == (rounds + 0xffff) / 0x10000);
		check(log.monotonic && log.last_done == rounds);
		/* without progress: not the full stretch again (seconds under
		 * qemu-aarch64, tests/test_arm64_host.py) */
		if (rounds == BDE_STRETCH_ROUNDS)
			continue;
		stretch_key(hash, salt, rounds, key, NULL, NULL);
		check(check_hex_equal(key, SHA256_LEN, vectors[i].key));
	}
}

SELFTEST(stretch)
{
	crypto_force_path(CRYPTO_PATH_PORTABLE);
	run_vectors();
	crypto_force_path(CRYPTO_PATH_BEST);
	run_vectors();
}
