/** @file
 * AES self-tests: the fast path's key schedules and bulk CBC (AES-NI, or
 * the ARMv8 Crypto Extension) against published vectors and against
 * mbedTLS, and AES-XTS (every path) through the sector interface with the
 * IEEE 1619 vectors.
 */
#include <string.h>
#include "mbedtls/aes.h"
#include "check.h"
#include "crypto/aes_fast.h"
#include "crypto/cpu.h"
#include "crypto/sector.h"

/* FIPS-197 appendix C.1 and C.3. */
static const struct {
	const char *source, *key, *plain, *cipher;
} block_vectors[] = {
	{ "FIPS-197 C.1 AES-128", "000102030405060708090a0b0c0d0e0f",
	  "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a" },
	{ "FIPS-197 C.3 AES-256",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "00112233445566778899aabbccddeeff", "8ea2b7ca516745bfeafc49904b496089" },
};

/* NIST SP 800-38A F.2.2 and F.2.6 (CBC decrypt, four blocks). */
static const struct {
	const char *source, *key, *iv, *cipher, *plain;
} cbc_vectors[] = {
	{ "SP 800-38A F.2.2 CBC-AES128.Decrypt", "2b7e151628aed2a6abf7158809cf4f3c",
	  "000102030405060708090a0b0c0d0e0f",
	  "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
	  "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
	  "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
	  "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710" },
	{ "SP 800-38A F.2.6 CBC-AES256.Decrypt",
	  "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
	  "000102030405060708090a0b0c0d0e0f",
	  "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
	  "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
	  "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
	  "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710" },
};

/* IEEE 1619 data units are 16-byte LE numbers: here unit * length = offset. */
static const struct {
	const char *source;
	size_t len;
	uint64_t unit;
	const char *key, *cipher, *plain;
} xts_vectors[] = {
	{ "IEEE 1619-2007 (P1619/D16) vector 1, AES-128-XTS", 32, 0x0ull,
		"0000000000000000000000000000000000000000000000000000000000000000",
		"917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e",
		"0000000000000000000000000000000000000000000000000000000000000000" },
	{ "IEEE 1619-2007 (P1619/D16) vector 2, AES-128-XTS", 32, 0x3333333333ull,
		"1111111111111111111111111111111122222222222222222222222222222222",
		"c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0",
		"4444444444444444444444444444444444444444444444444444444444444444" },
	{ "IEEE 1619-2007 (P1619/D16) vector 5, AES-128-XTS", 512, 0x1ull,
		"2718281828459045235360287471352631415926535897932384626433832795",
		"264d3ca8512194fec312c8c9891f279fefdd608d0c027b60483a3fa811d65ee5"
		"9d52d9e40ec5672d81532b38b6b089ce951f0f9c35590b8b978d175213f329bb"
		"1c2fd30f2f7f30492a61a532a79f51d36f5e31a7c9a12c286082ff7d2394d18f"
		"783e1a8e72c722caaaa52d8f065657d2631fd25bfd8e5baad6e527d763517501"
		"c68c5edc3cdd55435c532d7125c8614deed9adaa3acade5888b87bef641c4c99"
		"4c8091b5bcd387f3963fb5bc37aa922fbfe3df4e5b915e6eb514717bdd2a7407"
		"9a5073f5c4bfd46adf7d282e7a393a52579d11a028da4d9cd9c77124f9648ee3"
		"83b1ac763930e7162a8d37f350b2f74b8472cf09902063c6b32e8c2d9290cefb"
		"d7346d1c779a0df50edcde4531da07b099c638e83a755944df2aef1aa31752fd"
		"323dcb710fb4bfbb9d22b925bc3577e1b8949e729a90bbafeacf7f7879e7b114"
		"7e28ba0bae940db795a61b15ecf4df8db07b824bb062802cc98a9545bb2aaeed"
		"77cb3fc6db15dcd7d80d7d5bc406c4970a3478ada8899b329198eb61c193fb62"
		"75aa8ca340344a75a862aebe92eee1ce032fd950b47d7704a3876923b4ad6284"
		"4bf4a09c4dbe8b4397184b7471360c9564880aedddb9baa4af2e75394b08cd32"
		"ff479c57a07d3eab5d54de5f9738b8d27f27a9f0ab11799d7b7ffefb2704c95c"
		"6ad12c39f1e867a4b7b1d7818a4b753dfd2a89ccb45e001a03a867b187f225dd",
		"27a7479befa1d476489f308cd4cfa6e2a96e4bbe3208ff25287dd3819616e89c"
		"c78cf7f5e543445f8333d8fa7f56000005279fa5d8b5e4ad40e736ddb4d35412"
		"328063fd2aab53e5ea1e0a9f332500a5df9487d07a5c92cc512c8866c7e860ce"
		"93fdf166a24912b422976146ae20ce846bb7dc9ba94a767aaef20c0d61ad0265"
		"5ea92dc4c4e41a8952c651d33174be51a10c421110e6d81588ede82103a252d8"
		"a750e8768defffed9122810aaeb99f9172af82b604dc4b8e51bcb08235a6f434"
		"1332e4ca60482a4ba1a03b3e65008fc5da76b70bf1690db4eae29c5f1badd03c"
		"5ccf2a55d705ddcd86d449511ceb7ec30bf12b1fa35b913f9f747a8afd1b130e"
		"94bff94effd01a91735ca1726acd0b197c4e5b03393697e126826fb6bbde8ecc"
		"1e08298516e2c9ed03ff3c1b7860f6de76d4cecd94c8119855ef5297ca67e9f3"
		"e7ff72b1e99785ca0a7e7720c5b36dc6d72cac9574c8cbbc2f801e23e56fd344"
		"b07f22154beba0f08ce8891e643ed995c94d9a69c9f1b5f499027a78572aeebd"
		"74d20cc39881c213ee770b1010e4bea718846977ae119f7a023ab58cca0ad752"
		"afe656bb3c17256a9f6e9bf19fdd5a38fc82bbe872c5539edb609ef4f79c203e"
		"bb140f2e583cb2ad15b4aa5b655016a8449277dbd477ef2c8d6c017db738b18d"
		"eb4a427d1923ce3ff262735779a418f20a282df920147beabe421ee5319d0568" },
	{ "IEEE 1619-2007 (P1619/D16) vector 10, AES-256-XTS", 512, 0xffull,
		"2718281828459045235360287471352662497757247093699959574966967627"
		"3141592653589793238462643383279502884197169399375105820974944592",
		"1c3b3a102f770386e4836c99e370cf9bea00803f5e482357a4ae12d414a3e63b"
		"5d31e276f8fe4a8d66b317f9ac683f44680a86ac35adfc3345befecb4bb188fd"
		"5776926c49a3095eb108fd1098baec70aaa66999a72a82f27d848b21d4a741b0"
		"c5cd4d5fff9dac89aeba122961d03a757123e9870f8acf1000020887891429ca"
		"2a3e7a7d7df7b10355165c8b9a6d0a7de8b062c4500dc4cd120c0f7418dae3d0"
		"b5781c34803fa75421c790dfe1de1834f280d7667b327f6c8cd7557e12ac3a0f"
		"93ec05c52e0493ef31a12d3d9260f79a289d6a379bc70c50841473d1a8cc81ec"
		"583e9645e07b8d9670655ba5bbcfecc6dc3966380ad8fecb17b6ba02469a020a"
		"84e18e8f84252070c13e9f1f289be54fbc481457778f616015e1327a02b140f1"
		"505eb309326d68378f8374595c849d84f4c333ec4423885143cb47bd71c5edae"
		"9be69a2ffeceb1bec9de244fbe15992b11b77c040f12bd8f6a975a44a0f90c29"
		"a9abc3d4d893927284c58754cce294529f8614dcd2aba991925fedc4ae74ffac"
		"6e333b93eb4aff0479da9a410e4450e0dd7ae4c6e2910900575da401fc07059f"
		"645e8b7e9bfdef33943054ff84011493c27b3429eaedb4ed5376441a77ed4385"
		"1ad77f16f541dfd269d50d6a5f14fb0aab1cbb4c1550be97f7ab4066193c4caa"
		"773dad38014bd2092fa755c824bb5e54c4f36ffda9fcea70b9c6e693e148c151",
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
		"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
		"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
		"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
		"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
		"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
		"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
		"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
		"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
		"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
		"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
		"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
		"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
		"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
		"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff" },
	{ "IEEE 1619-2007 (P1619/D16) vector 19, AES-128-XTS", 512, 0xa987654321ull,
		"e0e1e2e3e4e5e6e7e8e9eaebecedeeefc0c1c2c3c4c5c6c7c8c9cacbcccdcecf",
		"38b45812ef43a05bd957e545907e223b954ab4aaf088303ad910eadf14b42be6"
		"8b2461149d8c8ba85f992be970bc621f1b06573f63e867bf5875acafa04e42cc"
		"bd7bd3c2a0fb1fff791ec5ec36c66ae4ac1e806d81fbf709dbe29e471fad3854"
		"9c8e66f5345d7c1eb94f405d1ec785cc6f6a68f6254dd8339f9d84057e01a177"
		"41990482999516b5611a38f41bb6478e6f173f320805dd71b1932fc333cb9ee3"
		"9936beea9ad96fa10fb4112b901734ddad40bc1878995f8e11aee7d141a2f5d4"
		"8b7a4e1e7f0b2c04830e69a4fd1378411c2f287edf48c6c4e5c247a19680f7fe"
		"41cefbd49b582106e3616cbbe4dfb2344b2ae9519391f3e0fb4922254b1d6d2d"
		"19c6d4d537b3a26f3bcc51588b32f3eca0829b6a5ac72578fb814fb43cf80d64"
		"a233e3f997a3f02683342f2b33d25b492536b93becb2f5e1a8b82f5b88334272"
		"9e8ae09d16938841a21a97fb543eea3bbff59f13c1a18449e398701c1ad51648"
		"346cbc04c27bb2da3b93a1372ccae548fb53bee476f9e9c91773b1bb19828394"
		"d55d3e1a20ed69113a860b6829ffa847224604435070221b257e8dff783615d2"
		"cae4803a93aa4334ab482a0afac9c0aeda70b45a481df5dec5df8cc0f423c77a"
		"5fd46cd312021d4b438862419a791be03bb4d97c0e59578542531ba466a83baf"
		"92cefc151b5cc1611a167893819b63fb8a6b18e86de60290fa72b797b0ce59f3",
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
		"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
		"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
		"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
		"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
		"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
		"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
		"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
		"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
		"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
		"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
		"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
		"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
		"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
		"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff" },
};

static uint8_t buf[512], want[512];

/* Deterministic filler for comparing two implementations. */
static void fill(uint8_t *p, size_t len, uint32_t seed)
{
	while (len--) {
		seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
		*p++ = (uint8_t)seed;
	}
}

static void test_xts(void)
{
	struct sector_cipher sc;
	uint8_t key[64];
	size_t i, klen;
	int path;

	for (path = CRYPTO_PATH_PORTABLE; path >= CRYPTO_PATH_BEST; path--) {
		crypto_force_path(path);
		for (i = 0; i < sizeof(xts_vectors) / sizeof(xts_vectors[0]); i++) {
			size_t len = xts_vectors[i].len;
			uint64_t offset = xts_vectors[i].unit * len;

			klen = check_unhex(xts_vectors[i].key, key, sizeof(key));
			check(sector_cipher_init(&sc, klen == 32 ? BDE_METHOD_AES_128_XTS
								 : BDE_METHOD_AES_256_XTS,
						 key, klen) == 0);
			check(check_unhex(xts_vectors[i].cipher, buf, sizeof(buf)) == len);
			sector_decrypt(&sc, offset, buf, len, 1);
			check(check_hex_equal(buf, len, xts_vectors[i].plain));
			sector_encrypt(&sc, offset, buf, len, 1);
			check(check_hex_equal(buf, len, xts_vectors[i].cipher));
			sector_cipher_wipe(&sc);
		}
	}
	crypto_force_path(CRYPTO_PATH_BEST);
}

static void test_fast_path(const struct aes_fast_path *fast)
{
	static struct aes_keys k;
	mbedtls_aes_context ref;
	uint8_t key[32], iv[16], ref_iv[16];
	size_t i, klen, len;

	for (i = 0; i < sizeof(block_vectors) / sizeof(block_vectors[0]); i++) {
		klen = check_unhex(block_vectors[i].key, key, sizeof(key));
		check_unhex(block_vectors[i].plain, buf, 16);
		fast->setkey(&k, key, key, (unsigned)klen);
		fast->encrypt_block(&k, k.enc, buf, buf);
		check(check_hex_equal(buf, 16, block_vectors[i].cipher));
		check_unhex(block_vectors[i].plain, buf, 16);
		fast->encrypt_block(&k, k.tweak, buf, buf);
		check(check_hex_equal(buf, 16, block_vectors[i].cipher));
	}
	for (i = 0; i < sizeof(cbc_vectors) / sizeof(cbc_vectors[0]); i++) {
		klen = check_unhex(cbc_vectors[i].key, key, sizeof(key));
		check_unhex(cbc_vectors[i].iv, iv, sizeof(iv));
		len = check_unhex(cbc_vectors[i].cipher, buf, sizeof(buf));
		fast->setkey(&k, key, NULL, (unsigned)klen);
		fast->cbc_decrypt(&k, iv, buf, len);
		check(check_hex_equal(buf, len, cbc_vectors[i].plain));
	}
	/* Lengths around the eight-block stride, against mbedTLS. */
	for (klen = 16; klen <= 32; klen += 16) {
		fill(key, sizeof(key), (uint32_t)klen);
		fast->setkey(&k, key, NULL, (unsigned)klen);
		mbedtls_aes_init(&ref);
		mbedtls_aes_setkey_dec(&ref, key, (unsigned)klen * 8);
		for (len = 16; len <= 512; len += len < 160 ? 16 : 176) {
			fill(buf, len, (uint32_t)len);
			fill(iv, sizeof(iv), 7);
			memcpy(ref_iv, iv, sizeof(iv));
			mbedtls_aes_crypt_cbc(&ref, MBEDTLS_AES_DECRYPT, len, ref_iv, buf, want);
			fast->cbc_decrypt(&k, iv, buf, len);
			check(memcmp(buf, want, len) == 0);
		}
		mbedtls_aes_free(&ref);
	}
}

SELFTEST(aes)
{
	const struct aes_fast_path *fast = aes_fast_path();

	test_xts();
	if (fast)
		test_fast_path(fast);
}
