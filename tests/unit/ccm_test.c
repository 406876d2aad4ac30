/** @file
 * AES-CCM unwrap self-test: the real VMK and FVEK blobs of
 * bitlk-aes-xts-128.img (worked example: recovery-password protector
 * 64311dea-..., unwrapped with the stretched key, then the FVEK with the
 * VMK), a 256-bit key vector made with python3-cryptography's AESCCM
 * (tag length 16), and tampering, which must fail and zero the output.
 */
#include "check.h"
#include "crypto/ccm.h"

static const struct {
	const char *source, *key, *nonce, *tag, *cipher, *plain;
} vectors[] = {
	{ "bitlk-aes-xts-128.img recovery-password VMK entry",
	  "1a39f926dab83e947fa85125b91e556e9ecc2bc5968924e03de234878d1fd4bd",
	  "c049ba6f3632d50106000000", "0cf85869dd1a2a024c48d0f6aa00b997",
	  "005e2014c039b7de88e6906efdbe83055dcb5c097dbe3fe86860ef7bae367a13"
	  "178587cd8cd11af5713d0bb7",
	  "2c0000000100000003200000e5862465920b1190605ae29547623fb9c0dbafab"
	  "073c85634bfb0f8a4b8cf46b" },
	{ "bitlk-aes-xts-128.img FVEK entry (key: the VMK above)",
	  "e5862465920b1190605ae29547623fb9c0dbafab073c85634bfb0f8a4b8cf46b",
	  "c049ba6f3632d50108000000", "c83ef7a71e23b0b146ffd20691856484",
	  "bf886e2f056985d40b004f3b46d5929a1f1a09b20d2778fa3ca2d803f29ea339"
	  "5c6b4723dd601b34997ae75e",
	  "2c0000000100000004800000cc493ad40376cf719d3725073d5c1a6ca5759fc4"
	  "ad179c95572f16c01a260d66" },
	{ "python3-cryptography AESCCM, key 00..1f, nonce a0..ab, 37 bytes",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "a0a1a2a3a4a5a6a7a8a9aaab", "e54e92812418894b9bc7f066ef9492cc",
	  "6f95405394f9e063425122296b82bcde24d5a156aaab6e5fe7bbdf9da6ca8414"
	  "ce9f8bc3aa",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "2021222324" },
	{ "python3-cryptography AESCCM, key 00..0f, nonce a0..ab, empty",
	  "000102030405060708090a0b0c0d0e0f", "a0a1a2a3a4a5a6a7a8a9aaab",
	  "443c7c943d2fb5884371b77cdedccb97", "", "" },
};

static int all_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return 0;
	return 1;
}

SELFTEST(ccm)
{
	uint8_t key[32], nonce[CCM_NONCE_LEN], tag[CCM_TAG_LEN];
	uint8_t cipher[64], plain[64];
	size_t i, klen, len;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		klen = check_unhex(vectors[i].key, key, sizeof(key));
		check_unhex(vectors[i].nonce, nonce, sizeof(nonce));
		check_unhex(vectors[i].tag, tag, sizeof(tag));
		len = check_unhex(vectors[i].cipher, cipher, sizeof(cipher));

		check(aes_ccm_unwrap(key, klen, nonce, tag, cipher, len, plain) == 0);
		check(check_hex_equal(plain, len, vectors[i].plain));

		/* damaged tag, ciphertext, nonce or key: refused, output zeroed */
		tag[3] ^= 1;
		check(aes_ccm_unwrap(key, klen, nonce, tag, cipher, len, plain) == -1);
		check(all_zero(plain, len));
		tag[3] ^= 1;
		if (len) {
			cipher[len - 1] ^= 0x80;
			check(aes_ccm_unwrap(key, klen, nonce, tag, cipher, len, plain) == -1);
			check(all_zero(plain, len));
			cipher[len - 1] ^= 0x80;
		}
		nonce[0] ^= 1;
		check(aes_ccm_unwrap(key, klen, nonce, tag, cipher, len, plain) == -1);
		nonce[0] ^= 1;
		key[0] ^= 1;
		check(aes_ccm_unwrap(key, klen, nonce, tag, cipher, len, plain) == -1);
		key[0] ^= 1;
	}
	/* keys that are neither AES-128 nor AES-256 */
	plain[0] = 1;
	check(aes_ccm_unwrap(key, 24, nonce, tag, cipher, 1, plain) == -1 && plain[0] == 0);
	check(aes_ccm_unwrap(key, 0, nonce, tag, cipher, 0, plain) == -1);
}
