/** @file
 * The Authenticode SHA-256 of a PE image (tpm/pe_hash.h), on a PE32+
 * image built here: 0x200 bytes of headers (CheckSum 0x12345678, sixteen
 * data directories, no certificate table), a .text section at file offset
 * 0x200 listed after a .data section at 0x400 (0x200 bytes each), and 0x10
 * bytes of trailing data; byte i past the headers is ((7i + 1) xor (i >> 8))
 * mod 256, so that the two sections differ.
 *
 * Its digest 20d008b2... was computed with Python's hashlib over the
 * specification's regions, and is what osslsigncode 2.9 prints as the
 * "Calculated message digest" of the image once sbsign has signed it; 1ed711b1...
 * (four data directories, none for certificates) with hashlib alone.
 * tests/test_pe_hash.py checks real boot loaders against osslsigncode.
 */
#include <string.h>
#include "check.h"
#include "tpm/error.h"
#include "tpm/pe_hash.h"

#define IMAGE_LEN 0x610
#define OPT 0x58                 /* the optional header */
#define SECTIONS (OPT + 0xf0)    /* the section table */
#define CERT_LEN 0x18

static const char digest_base[] =
	"20d008b206589bae9913861c3261c66da669e9de0fdfcc87c202cc4d05e86dd1";
static const char digest_4_dirs[] =
	"1ed711b1a1c77223b4b8213dafe5038540fe3f1207d0388c8f9d9541d308b238";

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void section(uint8_t *p, const char *name, uint32_t rva, uint32_t offset)
{
	memcpy(p, name, 6);
	put32(p + 8, 0x200);         /* VirtualSize */
	put32(p + 12, rva);
	put32(p + 16, 0x200);        /* SizeOfRawData */
	put32(p + 20, offset);       /* PointerToRawData */
}

/* The image described above, with NDIRS data directories, into IMG. */
static void build(uint8_t *img, uint32_t ndirs)
{
	unsigned i;

	memset(img, 0, IMAGE_LEN + CERT_LEN);
	img[0] = 'M';
	img[1] = 'Z';
	put32(img + 0x3c, 0x40);
	memcpy(img + 0x40, "PE\0\0", 4);
	put16(img + 0x44, 0x8664);   /* x86-64 */
	put16(img + 0x46, 2);        /* sections */
	put16(img + 0x54, 0xf0);     /* SizeOfOptionalHeader */
	put16(img + 0x56, 0x22);
	put16(img + OPT, 0x20b);     /* PE32+ */
	for (i = 2; i < 60; i++)
		img[OPT + i] = (uint8_t)(i * 3);
	put32(img + OPT + 56, 0x3000);        /* SizeOfImage */
	put32(img + OPT + 60, 0x200);         /* SizeOfHeaders */
	put32(img + OPT + 64, 0x12345678);    /* CheckSum */
	put32(img + OPT + 108, ndirs);
	for (i = 0; i < 16; i++) {
		put32(img + OPT + 112 + 8 * i, 0x1000 * i);
		put32(img + OPT + 116 + 8 * i, 0x10 * i);
	}
	put32(img + OPT + 144, 0);            /* Certificate Table: none */
	put32(img + OPT + 148, 0);
	section(img + SECTIONS, ".data", 0x2000, 0x400);
	section(img + SECTIONS + 40, ".text", 0x1000, 0x200);
	for (i = 0x200; i < IMAGE_LEN; i++)
		img[i] = (uint8_t)((i * 7 + 1) ^ (i >> 8));
}

static int hash_is(const uint8_t *img, size_t len, const char *hex)
{
	uint8_t digest[32];

	return tpm_pe_hash(img, len, digest) == TPM_OK && check_hex_equal(digest, 32, hex);
}

static int hash_err(const uint8_t *img, size_t len)
{
	uint8_t digest[32];

	return tpm_pe_hash(img, len, digest);
}

SELFTEST(tpm_pe_hash)
{
	uint8_t *img = check_alloc(IMAGE_LEN + CERT_LEN);
	size_t len;

	if (!img)
		return;
	/* the table lists .data (at 0x400) first: sections go in file order */
	build(img, 16);
	check(hash_is(img, IMAGE_LEN, digest_base));

	/* what signing changes is not hashed: CheckSum, the directory entry and
	 * the certificate table it points at, appended */
	put32(img + OPT + 64, 0xcafef00d);
	put32(img + OPT + 144, IMAGE_LEN);
	put32(img + OPT + 148, CERT_LEN);
	memset(img + IMAGE_LEN, 0xc5, CERT_LEN);
	check(hash_is(img, IMAGE_LEN + CERT_LEN, digest_base));
	/* a certificate table running past the end */
	check(hash_err(img, IMAGE_LEN + CERT_LEN - 1) == TPM_ERR_CORRUPT);

	/* any other byte counts: a header field, a section, the trailing data */
	build(img, 16);
	img[OPT + 2] ^= 1;
	check(!hash_is(img, IMAGE_LEN, digest_base));
	build(img, 16);
	img[0x3ff] ^= 1;
	check(!hash_is(img, IMAGE_LEN, digest_base));
	build(img, 16);
	img[IMAGE_LEN - 1] ^= 1;
	check(!hash_is(img, IMAGE_LEN, digest_base));

	/* without a Certificate Table entry its bytes are hashed like the rest */
	build(img, 4);
	check(hash_is(img, IMAGE_LEN, digest_4_dirs));

	/* cut inside the headers or a section: refused; inside the trailing
	 * data: a shorter image, another digest */
	build(img, 16);
	for (len = 0; len < 0x600; len++)
		check(hash_err(img, len) != TPM_OK);
	for (; len < IMAGE_LEN; len++)
		check(hash_err(img, len) == TPM_OK && !hash_is(img, len, digest_base));

	/* sizes and offsets that do not hold together */
	build(img, 16);
	put32(img + OPT + 60, IMAGE_LEN + 1);         /* headers past the end */
	check(hash_err(img, IMAGE_LEN) == TPM_ERR_CORRUPT);
	build(img, 16);
	put32(img + OPT + 60, 0x190);                 /* headers end inside the table */
	check(hash_err(img, IMAGE_LEN) == TPM_ERR_CORRUPT);
	build(img, 16);
	put32(img + SECTIONS + 20, 0xfffffe00);       /* a section far past the end */
	check(hash_err(img, IMAGE_LEN) == TPM_ERR_CORRUPT);
	build(img, 16);
	put16(img + 0x46, 97);                        /* more sections than images have */
	check(hash_err(img, IMAGE_LEN) == TPM_ERR_CORRUPT);
	build(img, 16);
	put16(img + 0x54, 0x60);                      /* no room for the directories */
	check(hash_err(img, IMAGE_LEN) == TPM_ERR_CORRUPT);
	build(img, 16);
	put32(img + 0x3c, 0xfffffff0);                /* PE header past the end */
	check(hash_err(img, IMAGE_LEN) == TPM_ERR_CORRUPT);
	build(img, 16);
	put16(img + OPT, 0x107);                      /* a ROM image */
	check(hash_err(img, IMAGE_LEN) == TPM_ERR_UNSUPPORTED);
	build(img, 16);
	img[0] = 'Z';
	check(hash_err(img, IMAGE_LEN) == TPM_ERR_UNSUPPORTED);
	check_free(img, IMAGE_LEN + CERT_LEN);
}
