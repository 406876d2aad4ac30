/** @file
 * Hostile metadata: what a rejected copy leaves behind in struct bde_volume.
 *
 * bde_metadata_load() parses each copy into the same struct and the same
 * vol->metadata buffer; a copy rejected halfway (bad CRC32, or a malformed
 * entry after some protectors were read) must not leave protectors, an
 * FVEK offset or a description pointing into bytes that now belong to
 * another copy (the UI lists damaged volumes too).
 *
 * Also typed or pasted recovery passwords that are not what they seem:
 * full-width digits (UTF-8), bytes above 0x7f, a ninth group, 64 KiB of
 * digits; a rejected one leaves no key bytes behind.
 *
 * Vector: bitlk-aes-xts-128.img's first copy and recovery password
 * (bde_vectors.h).
 */
#include <string.h>
#include "check.h"
#include "bde/bde.h"
#include "bde/crc32.h"
#include "bde/le.h"
#include "bde/metadata.h"
#include "bde_vectors.h"

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */
static uint8_t blob[XTS128_METADATA_LEN];

/* Parse BLOB into VOL as it stands, without clearing VOL first. */
static int parse_again(void)
{
	return bde_metadata_parse(vol, blob, sizeof(blob));
}

static void setup(void)
{
	xts128_volume_init(vol);
	check_unhex(xts128_metadata_hex, blob, sizeof(blob));
}

static void check_nothing_parsed(void)
{
	check(vol->n_protectors == 0);
	check(vol->fvek_entry_offset == 0);
	check(vol->description[0] == '\0');
	check(vol->validation_offset == 0 && vol->validation_len == 0);
}

/* Offset of the first entry of TYPE in the blob's entry list, 0 if none. */
static uint32_t find_entry(uint16_t type)
{
	uint32_t pos = BDE_BLOCK_HEADER_LEN + BDE_METADATA_HEADER_LEN;
	uint32_t end = BDE_BLOCK_HEADER_LEN + le32(blob + 64);

	while (pos + 8 <= end && le16(blob + pos) >= 8) {
		if (le16(blob + pos + 2) == type)
			return pos;
		pos += le16(blob + pos);
	}
	return 0;
}

/* Rewrite the validation CRC32 after changing the blob. */
static void fix_crc(void)
{
	uint32_t vstart = 16u * le16(blob + 8), crc = bde_crc32(0, blob, vstart);

	blob[vstart + 4] = (uint8_t)crc;
	blob[vstart + 5] = (uint8_t)(crc >> 8);
	blob[vstart + 6] = (uint8_t)(crc >> 16);
	blob[vstart + 7] = (uint8_t)(crc >> 24);
}

/* A 4 KiB volume (CTX): a Windows 7 boot sector whose copies lie past its end. */
#define SMALL_VOLUME_LEN 4096

static int small_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	if (offset > SMALL_VOLUME_LEN || len > SMALL_VOLUME_LEN - offset)
		return -1;
	memcpy(buf, (uint8_t *)ctx + offset, len);
	return 0;
}

/* bde_open() on a volume with no good copy: none is "in use". */
static void check_no_copy_in_use(void)
{
	uint8_t *small_volume = check_alloc(SMALL_VOLUME_LEN);
	struct bde_io io = { small_read, small_volume, SMALL_VOLUME_LEN };
	int i;

	if (!small_volume)
		return;
	memcpy(small_volume + 3, "-FVE-FS-", 8);
	small_volume[12] = 2;                  /* 512-byte sectors */
	for (i = 0; i < 3; i++)
		small_volume[176 + 8 * i + 2] = (uint8_t)(0x10 + i);  /* 1 MiB on */
	check(bde_open(vol, &io) == BDE_ERR_CORRUPT);
	check(vol->copy_used == -1);
	check(vol->n_protectors == 0);
	check_free(small_volume, SMALL_VOLUME_LEN);
}

static const struct {
	const char *text;
	uint8_t bad;
} odd_passwords[] = {
	/* group 1 ends in U+FF11 FULLWIDTH DIGIT ONE: three bytes, no digit */
	{ "23581\xef\xbc\x91-357951-253979-013365-241120-245575-342914-591910", 0x01 },
	{ "235818-357951-\xb2\xb3\xb5\xb8\xb1\xb8-013365-241120-245575-342914-591910", 0x04 },
	{ XTS128_RECOVERY_PASSWORD "-235818", 0xff },
	{ "\xff", 0xff },
};

#define LONG_TEXT_LEN 0x10000

static void check_passwords(void)
{
	char *long_text = check_alloc(LONG_TEXT_LEN);
	uint8_t key[16], bad;
	size_t i;

	if (!long_text)
		return;
	for (i = 0; i < sizeof(odd_passwords) / sizeof(odd_passwords[0]); i++) {
		memset(key, 0xa5, sizeof(key));
		check(bde_recovery_password_parse(odd_passwords[i].text, key, &bad) ==
		      BDE_ERR_BAD_FORMAT);
		check(bad == odd_passwords[i].bad);
		/* never written, or wiped: no valid group's value is left */
		check(check_hex_equal(key, 16, "a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5") ||
		      check_hex_equal(key, 16, "00000000000000000000000000000000"));
	}
	/* 64 KiB of digits, and the same in groups of six */
	memset(long_text, '0', LONG_TEXT_LEN - 1);
	check(bde_recovery_password_parse(long_text, key, &bad) == BDE_ERR_BAD_FORMAT);
	check(bad == 0xff);
	for (i = 6; i < LONG_TEXT_LEN - 1; i += 7)
		long_text[i] = '-';
	check(bde_recovery_password_parse(long_text, key, &bad) == BDE_ERR_BAD_FORMAT);
	check(bad == 0xff);
	check_free(long_text, LONG_TEXT_LEN);
}

SELFTEST(bde_hostile)
{
	vol = check_alloc(sizeof(*vol));
	if (!vol)
		return;

	check_passwords();
	check_no_copy_in_use();

	uint32_t fvek;

	/* a good copy, then one whose CRC32 fails */
	setup();
	check(parse_again() == 0 && vol->n_protectors == 2);
	blob[120] ^= 1;
	check(parse_again() == -BDE_ERR_CORRUPT);
	check_nothing_parsed();

	/* a good copy, then one whose FVEK entry (after both protectors) is
	 * shorter than an entry header, with a matching CRC32 */
	setup();
	check(parse_again() == 0 && vol->n_protectors == 2);
	fvek = find_entry(0x0003);
	check(fvek != 0);
	blob[fvek] = 4;
	blob[fvek + 1] = 0;
	fix_crc();
	check(parse_again() == -BDE_ERR_CORRUPT);
	check_nothing_parsed();

	/* the same damaged copy into a fresh struct */
	setup();
	blob[fvek] = 4;
	blob[fvek + 1] = 0;
	fix_crc();
	check(parse_again() == -BDE_ERR_CORRUPT);
	check_nothing_parsed();
	check_free(vol, sizeof(*vol));
}
