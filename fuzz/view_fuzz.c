/** @file
 * libFuzzer target for the decrypted-view mapping (bde/view.c) on volumes
 * whose layout numbers are chosen by the fuzzer, near 2^64 included.
 *
 * The input is a list of numbers (little-endian, zeros past its end): the
 * device size, the three metadata offsets, the relocated header's offset
 * and length, the encrypted size, flags; then up to MAX_READS read
 * requests. The volume is virtual: its boot sector and metadata copies
 * are built from those numbers (Windows 7+, To Go or Vista layout, 512 or
 * 4096-byte sectors), every other byte is a pattern, so a 2^63-byte
 * volume costs nothing. With flags 0x82 an encrypt-on-write volume also
 * gets information blocks and bitmaps (fuzz/view_eow.h), from the numbers
 * after the layout's. bde_open() decides what it accepts; on what it
 * accepts, every read inside the view must succeed (or, where its
 * bitmaps are in use, may say that what is encrypted is unknown), every
 * read past it must fail, a read split in two must give the same bytes,
 * and the core must never ask the device for a byte past its end.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bde/bde.h"
#include "bde/crc32.h"
#include "bde/metadata.h"
#include "fuzz/view_eow.h"

#define BLOCK_LEN 0x400     /* the metadata copy we build */
#define MAX_READ 0x11000    /* largest read request */
/*
 * Read requests an input makes. Each decrypts up to 2 * MAX_READ bytes,
 * and many of them on one layout find less than as many layouts do (16
 * still make sequences); left unbounded, inputs grew to 4096 bytes (290
 * requests) and the fuzzer slowed down as they did.
 */
#define MAX_READS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *p;
	size_t len, pos;
};

static uint64_t take(struct input *in, unsigned bytes);

/* The next 8-byte number, for fuzz/view_eow.h. */
static uint64_t take8(void *in)
{
	return take(in, 8);
}

static uint64_t take(struct input *in, unsigned bytes)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < bytes; i++, in->pos++)
		if (in->pos < in->len)
			v |= (uint64_t)in->p[in->pos] << (8 * i);
	return v;
}

struct device {
	uint64_t size;
	uint64_t fail_from;       /* reads reaching this offset fail (a bad disk) */
	uint8_t boot[512];
	uint8_t block[BLOCK_LEN];
	uint64_t copies[3];
};

static struct device dev;
static struct eow_dev eow_dev;
static struct bde_volume vol;
static uint8_t whole[MAX_READ], part[MAX_READ];

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static uint8_t pattern(uint64_t at)
{
	return (uint8_t)(at ^ at >> 9 ^ at >> 17 ^ at >> 41);
}

/*
 * pattern() over a 512-byte block at a multiple of 512 is (i & 0xff) ^ K,
 * K = pattern(block start), so it is built a word at a time, without the
 * fuzzer's instrumentation (which finds nothing here): byte by byte with
 * it, it took 85% of the run time. dev_read() hands it on in one memcpy,
 * which ASan checks.
 */
#define MAX_DEV_READ (1u << 20)
static uint64_t ramp[64], scratch[MAX_DEV_READ / 8 + 128];

__attribute__((no_sanitize("address", "undefined", "coverage")))
static const uint8_t *fill_pattern(uint64_t offset, size_t len)
{
	uint64_t block = offset & ~(uint64_t)511;
	size_t skip = (size_t)(offset - block), n, i;

	if (!ramp[1]) {   /* first call */
		uint8_t b[512];

		for (i = 0; i < 512; i++)
			b[i] = (uint8_t)i;
		memcpy(ramp, b, sizeof(ramp));
	}
	for (n = 0; n < (skip + len + 511) / 512; n++, block += 512) {
		uint64_t k = pattern(block) * 0x0101010101010101ull;

		for (i = 0; i < 64; i++)
			scratch[64 * n + i] = ramp[i] ^ k;
	}
	return (const uint8_t *)scratch + skip;
}

/* Copy the part of SRC (at device offset AT, LEN bytes) that OUT overlaps. */
static void overlay(uint8_t *out, uint64_t offset, size_t len,
		    const uint8_t *src, uint64_t at, size_t src_len)
{
	uint64_t from = offset > at ? offset : at;
	uint64_t to_out = offset + len, to_src = at + src_len;
	uint64_t to = to_out < to_src ? to_out : to_src;

	if (at + src_len < at)
		to = to_out;   /* a block at the very end of 2^64 */
	if (from < to)
		memcpy(out + (from - offset), src + (from - at), to - from);
}

static int dev_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	uint8_t *out = buf;
	int c;

	(void)ctx;
	if (offset > dev.size || len > dev.size - offset)
		__builtin_trap();   /* the core must never read past the end */
	if (len > MAX_DEV_READ)
		__builtin_trap();   /* nor ask for more than it can hold */
	if (offset + len > dev.fail_from)
		return -1;
	memcpy(out, fill_pattern(offset, len), len);
	overlay(out, offset, len, dev.boot, 0, sizeof(dev.boot));
	for (c = 0; c < 3; c++)
		overlay(out, offset, len, dev.block, dev.copies[c], BLOCK_LEN);
	for (c = 0; eow_dev.on && c < 2; c++)
		overlay(out, offset, len, eow_dev.info[c], eow_dev.info_at[c], EOW_INFO_LEN);
	for (c = 0; eow_dev.on && c < (int)eow_dev.regions; c++)
		overlay(out, offset, len, eow_dev.bitmap[c], eow_dev.bitmap_at[c], EOW_BITMAP_LEN);
	return 0;
}

/* The boot sector and one metadata block, naming what the input says. */
static void build(struct input *in, uint8_t flags)
{
	uint32_t sector = flags & 1 ? 4096 : 512;
	uint64_t header_offset = take(in, 8), header_len = take(in, 8);
	uint32_t header_sectors = (uint32_t)take(in, 4);
	uint64_t encrypted = take(in, 8);
	/* BitLocker identifiers: normal and encrypt-on-write */
	static const uint8_t normal[16] = {
		0x3b, 0xd6, 0x67, 0x49, 0x29, 0x2e, 0xd8, 0x4a,
		0x83, 0x99, 0xf6, 0xa3, 0x39, 0xe3, 0xd0, 0x01,
	};
	static const uint8_t eow[16] = {
		0x3b, 0x4d, 0xa8, 0x92, 0x80, 0xdd, 0x0e, 0x4d,
		0x9e, 0x4e, 0xb1, 0xe3, 0x28, 0x4e, 0xae, 0xd8,
	};
	uint8_t *e;
	uint32_t vstart, msize;
	int i, vista = 0;

	memset(dev.boot, 0, sizeof(dev.boot));
	memset(dev.block, 0, sizeof(dev.block));
	put16(dev.boot + 11, (uint16_t)sector);
	if (flags & 0x20) {
		/* Vista: NTFS-style jump, block 1 as cluster number (1 sector each) */
		vista = 1;
		dev.copies[0] -= dev.copies[0] % sector;
		dev.boot[0] = 0xeb;
		dev.boot[1] = 0x52;
		dev.boot[2] = 0x90;
		memcpy(dev.boot + 3, "-FVE-FS-", 8);
		dev.boot[13] = 1;
		put64(dev.boot + 56, dev.copies[0] / sector);
	} else if (flags & 0x40) {
		/* To Go: FAT discovery volume, identifier and offsets further on */
		memcpy(dev.boot + 3, "MSWIN4.1", 8);
		memcpy(dev.boot + 424, flags & 2 ? eow : normal, 16);
		for (i = 0; i < 3; i++)
			put64(dev.boot + 440 + 8 * i, dev.copies[i]);
	} else {
		dev.boot[0] = 0xeb;
		dev.boot[1] = 0x58;
		memcpy(dev.boot + 3, "-FVE-FS-", 8);
		if (flags & 2)
			memcpy(dev.boot + 160, eow, 16);
		for (i = 0; i < 3; i++)
			put64(dev.boot + 176 + 8 * i, dev.copies[i]);
	}
	dev.boot[510] = 0x55;
	dev.boot[511] = 0xaa;

	memcpy(dev.block, "-FVE-FS-", 8);
	put16(dev.block + 10, vista ? 1 : 2);
	put16(dev.block + 12, 4);
	put16(dev.block + 14, 4);
	put64(dev.block + 16, encrypted);
	put32(dev.block + 28, header_sectors);
	for (i = 0; i < 3; i++)
		put64(dev.block + 32 + 8 * i, dev.copies[i]);
	put64(dev.block + 56, header_offset);

	/* metadata header, then a volume header entry (Windows 8 form) */
	e = dev.block + 112;
	if (flags & 4) {
		put16(e, 8 + 16);
		put16(e + 2, 0x000f);
		put16(e + 4, 0x000f);
		put16(e + 6, 1);
		put64(e + 8, header_offset);
		put64(e + 16, header_len);
		e += 24;
	}
	msize = (uint32_t)(e - dev.block) - 64;
	put32(dev.block + 64, msize);
	put32(dev.block + 68, 1);
	put32(dev.block + 72, 48);
	put32(dev.block + 76, msize);
	put16(dev.block + 100, 0x8004);

	/* validation block with its CRC32, then the AES-CCM entry (its
	 * SHA-256, never opened here) that bde/metadata.c requires */
	vstart = (uint32_t)(e - dev.block + 15) & ~15u;
	put16(dev.block + 8, (uint16_t)(vstart / 16));
	put16(dev.block + vstart, 8 + 0x50);
	put16(dev.block + vstart + 2, 2);
	put32(dev.block + vstart + 4, bde_crc32(0, dev.block, vstart));
	put16(dev.block + vstart + 8, 0x50);
	put16(dev.block + vstart + 12, 0x0005);
	put16(dev.block + vstart + 14, 1);
}

/*
 * Does [OFF, OFF + LEN) of the view need bytes the device does not have?
 * In an image cut short, the relocated boot sectors (view [0, header_len))
 * can lie past its end, all or from view offset GONE on.
 */
static int needs_missing(uint64_t off, size_t len)
{
	uint64_t header_len = (uint64_t)vol.header_sectors * vol.sector_size, gone;

	if (vol.kind == BDE_KIND_VISTA || !len || vol.header_offset + header_len <= vol.device_size)
		return 0;
	gone = vol.header_offset < vol.device_size ? vol.device_size - vol.header_offset : 0;
	return off < header_len && off + len > gone;
}

/* Read [off, off + len) whole and in two pieces; both agree or both fail. */
static void check_read(const struct sector_cipher *sc, uint64_t off, size_t len,
		       size_t split, int device_ok)
{
	uint64_t view = bde_view_size(&vol);
	int inside = off <= view && len <= view - off;
	int r = bde_read_decrypted(&vol, sc, off, whole, len);
	/* a damaged bitmap; the rest must still read */
	int unknown = r == BDE_ERR_UNKNOWN_DATA && bde_eow_active(&vol);

	if (!inside || needs_missing(off, len)) {
		/* missing bytes may be found so, or found unknown first */
		if (r != BDE_ERR_IO && !(inside && unknown))
			__builtin_trap();
		return;
	}
	if (unknown)
		return;
	if (r != BDE_OK) {
		if (r != BDE_ERR_IO || device_ok)
			__builtin_trap();
		return;
	}
	if (split > len)
		split = len;
	if (bde_read_decrypted(&vol, sc, off, part, split) != BDE_OK ||
	    bde_read_decrypted(&vol, sc, off + split, part + split, len - split) != BDE_OK)
		__builtin_trap();
	if (memcmp(whole, part, len))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t key[32] = { 7, 6, 5, 4, 3, 2, 1 };
	struct input in = { data, size, 0 };
	struct sector_cipher sc;
	struct bde_io io;
	uint8_t flags = (uint8_t)take(&in, 1);
	int i, device_ok;

	dev.size = take(&in, 8);
	for (i = 0; i < 3; i++)
		dev.copies[i] = take(&in, 8);
	/* small numbers are the interesting ones more often than not */
	if (flags & 0x10) {
		dev.size &= 0xffffff;
		for (i = 0; i < 3; i++)
			dev.copies[i] &= 0xffffff;
	}
	dev.fail_from = flags & 8 ? take(&in, 8) : UINT64_MAX;
	device_ok = dev.fail_from == UINT64_MAX;
	build(&in, flags);
	eow_dev.on = 0;
	if ((flags & 0x82) == 0x82 && !(flags & 0x20)) {
		eow_build(&eow_dev, take8, &in, flags & 1 ? 4096 : 512, dev.size);
		/* the boot sector names the two information blocks */
		put64(dev.boot + (flags & 0x40 ? 464 : 200), eow_dev.info_at[0]);
		put64(dev.boot + (flags & 0x40 ? 472 : 208), eow_dev.info_at[1]);
	}

	io.read = dev_read;
	io.ctx = NULL;
	io.size = dev.size;
	if (bde_open(&vol, &io) != BDE_OK) {
		/* test_hostile.py's seeds must open: from 28 Nov to 2 Dec
		 * four of five did not, and the smoke run missed it */
		static int must_open = -1;

		if (must_open < 0)
			must_open = getenv("VIEW_FUZZ_MUST_OPEN") != NULL;
		if (must_open)
			__builtin_trap();
		return 0;
	}
	if (sector_cipher_init(&sc, BDE_METHOD_AES_128_XTS, key, 32))
		__builtin_trap();
	for (i = 0; i < MAX_READS && in.pos < in.len; i++) {
		uint64_t off = take(&in, 8);
		size_t len = (size_t)(take(&in, 3) % (MAX_READ + 1));
		size_t split = (size_t)take(&in, 3);

		/* mostly near the layout's boundaries, sometimes anywhere */
		if (!(off >> 63) && bde_view_size(&vol))
			off %= bde_view_size(&vol) + 1;
		check_read(&sc, off, len, split, device_ok);
	}
	sector_cipher_wipe(&sc);
	return 0;
}
