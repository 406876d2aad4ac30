/** @file
 * SHA-1 against the NIST examples (FIPS 180-2 appendix A / the CAVP
 * "SHA1ShortMsg" style one-block, two-block and million-'a' messages).
 */
#include <string.h>
#include "check.h"
#include "tpm_test.h"
#include "tpm/sha1.h"

SELFTEST(tpm_sha1)
{
	static const char two_blocks[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	struct sha1_ctx ctx;
	uint8_t d[SHA1_LEN], a[1000];
	unsigned i;

	sha1("abc", 3, d);
	check_hex(d, SHA1_LEN, "a9993e364706816aba3e25717850c26c9cd0d89d");
	sha1("", 0, d);
	check_hex(d, SHA1_LEN, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	sha1(two_blocks, text_len(two_blocks), d);
	check_hex(d, SHA1_LEN, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");

	/* One million 'a', fed in pieces that straddle block edges. */
	memset(a, 'a', sizeof(a));
	sha1_init(&ctx);
	for (i = 0; i < 1000; i++)
		sha1_update(&ctx, a, sizeof(a));
	sha1_final(&ctx, d);
	check_hex(d, SHA1_LEN, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");

	/* 55 and 56 bytes, the padding edge cases (values from Python hashlib). */
	sha1(a, 55, d);
	check_hex(d, SHA1_LEN, "c1c8bbdc22796e28c0e15163d20899b65621d65a");
	sha1(a, 56, d);
	check_hex(d, SHA1_LEN, "c2db330f6083854c99d4b5bfb6e8f29f201be699");
}
