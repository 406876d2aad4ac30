/** @file
 * The NTFS reader's pure pieces: boot sector, update-sequence fixups,
 * attribute headers, mapping pairs, LZNT1, index entries, name order and
 * FILETIMEs.
 *
 * Vectors and their sources:
 * - mapping pairs: the worked examples of the Linux-NTFS project's NTFS
 *   documentation ("Data Runs": a normal, a fragmented with a negative
 *   offset, and a sparse runlist), decoded by the format's definition;
 * - LZNT1 "Hello world": the lznt1 crate's documented example (docs.rs);
 * - LZNT1 "bottles of beer": the first cluster of a compressed file that
 *   ntfs-3g 2022.10.3 wrote (mkntfs, mount -o compression, a directory
 *   with FILE_ATTRIBUTE_COMPRESSED set), its plain text rebuilt here;
 * - the rest is built by hand from the layouts in ntfs/internal.h.
 */
#include <string.h>
#include "check.h"
#include "bde/le.h"
#include "ntfs/internal.h"

/* ---- boot sector ---- */

static void boot_sector(uint8_t *s, uint16_t bps, uint8_t spc, uint8_t rec, uint8_t idx)
{
	memset(s, 0, 512);
	memcpy(s + 3, "NTFS    ", 8);
	put_le16(s + 0x0B, bps);
	s[0x0D] = spc;
	memcpy(s + 0x28, "\x00\x00\x10\x00\x00\x00\x00\x00", 8);  /* 1 Mi sectors */
	s[0x30] = 4;                                              /* $MFT at LCN 4 */
	s[0x38] = 2;
	s[0x40] = rec;
	s[0x44] = idx;
	memcpy(s + 0x48, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	s[510] = 0x55;
	s[511] = 0xAA;
}

static void test_boot(void)
{
	uint8_t s[512];
	struct ntfs_boot b;

	boot_sector(s, 512, 8, 0xF6, 1);          /* 4 KiB clusters, 1 KiB records */
	check(ntfs_boot_parse(s, sizeof(s), &b) == NTFS_OK);
	check(b.sector_size == 512 && b.cluster_size == 4096 && b.record_size == 1024);
	check(b.index_block_size == 4096 && b.mft_lcn == 4 && b.serial == 0x0807060504030201ull);
	boot_sector(s, 4096, 1, 1, 1);            /* 4 KiB sectors, 4 KiB records */
	check(ntfs_boot_parse(s, sizeof(s), &b) == NTFS_OK && b.record_size == 4096);
	boot_sector(s, 512, 0xF4, 0xF6, 0xF4);    /* 2 MiB clusters: 2^(256-0xF4) sectors */
	check(ntfs_boot_parse(s, sizeof(s), &b) == NTFS_OK && b.cluster_size == 2u << 20);
	check(b.index_block_size == 4096);
	boot_sector(s, 512, 0xF3, 0xF6, 1);       /* 4 MiB clusters: too big */
	check(ntfs_boot_parse(s, sizeof(s), &b) == NTFS_ERR_UNSUPPORTED);
	boot_sector(s, 512, 3, 0xF6, 1);          /* not a power of two */
	check(ntfs_boot_parse(s, sizeof(s), &b) == NTFS_ERR_UNSUPPORTED);
	boot_sector(s, 512, 8, 0xF6, 1);
	s[3] = 'X';
	check(ntfs_boot_parse(s, sizeof(s), &b) == NTFS_ERR_NOT_NTFS);
	boot_sector(s, 512, 8, 0xF6, 1);
	s[511] = 0;
	check(ntfs_boot_parse(s, sizeof(s), &b) == NTFS_ERR_NOT_NTFS);
	boot_sector(s, 512, 8, 0, 1);             /* no record size */
	check(ntfs_boot_parse(s, sizeof(s), &b) == NTFS_ERR_UNSUPPORTED);
}

/* ---- records: fixups and attributes ---- */

#define REC 1024

/* A record with two attributes (a resident $STANDARD_INFORMATION, a
 * non-resident $DATA named "ab"), protected as NTFS writes it. */
static void make_record(uint8_t *r)
{
	uint8_t *a;

	memset(r, 0, REC);
	memcpy(r, "FILE", 4);
	put_le16(r + 4, 0x30);          /* update sequence array */
	put_le16(r + 6, 3);
	put_le16(r + 0x10, 7);          /* sequence */
	put_le16(r + 0x14, 0x38);       /* first attribute */
	put_le16(r + 0x16, RECORD_IN_USE);
	put_le16(r + 0x18, 0x38 + 0x48 + 0x50 + 8);   /* bytes in use */
	put_le16(r + 0x1C, REC);
	a = r + 0x38;                   /* resident, 0x30 bytes of value */
	a[0] = AT_STANDARD_INFORMATION;
	a[4] = 0x48;
	a[0x10] = 0x30;
	a[0x14] = 0x18;
	a = r + 0x38 + 0x48;            /* non-resident, named */
	a[0] = AT_DATA;
	a[4] = 0x50;
	a[8] = 1;
	a[9] = 2;
	a[0x0A] = 0x40;
	a[0x40] = 'a';
	a[0x42] = 'b';
	a[0x18] = 0x0F;                 /* VCNs 0..15 */
	a[0x20] = 0x48;                 /* mapping pairs */
	a[0x29] = 0x10;                 /* allocated 0x1000 */
	a[0x31] = 0x10;
	a[0x39] = 0x10;
	memcpy(a + 0x48, "\x11\x10\x20\x00", 4);  /* 16 clusters at LCN 0x20 */
	memset(r + 0x38 + 0x48 + 0x50, 0xFF, 4);  /* end marker */
	/* the fixups: the check value over each stride's tail, the tails saved */
	put_le16(r + 0x30, 0x0102);
	memcpy(r + 0x32, r + 510, 2);
	memcpy(r + 0x34, r + 1022, 2);
	put_le16(r + 510, 0x0102);
	put_le16(r + 1022, 0x0102);
}

static void test_fixup(uint8_t *r)
{
	make_record(r);
	memcpy(r + 0x34, "\xAB\xCD", 2);     /* the second stride's real tail */
	check(ntfs_fixup(r, REC, "FILE") == NTFS_OK);
	check(r[1022] == 0xAB && r[1023] == 0xCD && r[510] == 0 && r[511] == 0);
	check(ntfs_record_check(r, REC) == NTFS_OK);

	make_record(r);
	r[1023] = 0x09;                 /* a torn write: the check value differs */
	check(ntfs_fixup(r, REC, "FILE") == NTFS_ERR_CORRUPT);
	make_record(r);
	put_le16(r + 6, 4);             /* one entry too many */
	check(ntfs_fixup(r, REC, "FILE") == NTFS_ERR_CORRUPT);
	make_record(r);
	put_le16(r + 4, 0x1F0);         /* array past the first stride */
	check(ntfs_fixup(r, REC, "FILE") == NTFS_ERR_CORRUPT);
	make_record(r);
	check(ntfs_fixup(r, REC, "INDX") == NTFS_ERR_CORRUPT);
	make_record(r);
	check(ntfs_fixup(r, 1000, "FILE") == NTFS_ERR_CORRUPT);
}

static void test_attributes(uint8_t *r)
{
	static const uint16_t ab[2] = { 'a', 'b' };
	struct ntfs_attr a;
	uint32_t pos = 0;

	make_record(r);
	check(ntfs_fixup(r, REC, "FILE") == NTFS_OK);
	check(ntfs_attr_next(r, REC, &pos, &a) == NTFS_OK);
	check(a.type == AT_STANDARD_INFORMATION && !a.nonresident && a.value_len == 0x30);
	check(a.value == r + 0x38 + 0x18);
	check(ntfs_attr_next(r, REC, &pos, &a) == NTFS_OK);
	check(a.type == AT_DATA && a.nonresident && a.highest_vcn == 15 && a.size == 0x1000);
	check(ntfs_attr_name_is(&a, ab, 2) && !ntfs_attr_name_is(&a, ab, 1));
	check(a.pairs_len == 8 && a.pairs[0] == 0x11);
	check(ntfs_attr_next(r, REC, &pos, &a) == NTFS_END);

	/* one byte changed in the fixed-up record: the attribute at AT is damage */
	static const struct { uint16_t offset, at; uint8_t value; } damage[] = {
		{ 0x38 + 4, 0x38, 0xF0 },                 /* longer than the used bytes */
		{ 0x38 + 0x10, 0x38, 0x31 },              /* a value past its attribute */
		{ 0x38 + 0x48 + 9, 0x38 + 0x48, 0x20 },   /* a name past its attribute */
		{ 0x38 + 0x48 + 0x20, 0x38 + 0x48, 0x30 },/* pairs inside the header */
		{ 0x38 + 0x48 + 0x39, 0x38 + 0x48, 0x11 },/* initialized past the size */
	};
	for (size_t i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
		make_record(r);
		ntfs_fixup(r, REC, "FILE");
		r[damage[i].offset] = damage[i].value;
		pos = damage[i].at;
		check(ntfs_attr_next(r, REC, &pos, &a) == NTFS_ERR_CORRUPT);
	}
	/* used bytes beyond the record */
	make_record(r);
	ntfs_fixup(r, REC, "FILE");
	put_le16(r + 0x18, 0x408);
	check(ntfs_record_check(r, REC) == NTFS_ERR_CORRUPT);
}

/* ---- mapping pairs ---- */

struct run_vector {
	const char *hex;
	unsigned count;
	struct ntfs_run runs[3];
};

static const struct run_vector run_vectors[] = {
	/* one run: 0x18 clusters at 0x5634 */
	{ "21183456" "00", 1, { { 0, 0x5634, 0x18 } } },
	/* fragmented: the third run's offset is negative */
	{ "31387325343214" "01e51102" "3142aa0003" "00", 3,
	  { { 0, 0x342573, 0x38 }, { 0x38, 0x363758, 0x114 }, { 0x14C, 0x393802, 0x42 } } },
	{ "113060" "21100001" "1120e0" "00", 3,
	  { { 0, 0x60, 0x30 }, { 0x30, 0x160, 0x10 }, { 0x40, 0x140, 0x20 } } },
	/* sparse: a header with no offset bytes */
	{ "113020" "0160" "111030" "00", 3,
	  { { 0, 0x20, 0x30 }, { 0x30, LCN_HOLE, 0x60 }, { 0x90, 0x50, 0x10 } } },
};

static void test_runs(void)
{
	uint8_t pairs[32];
	struct ntfs_run run;

	for (size_t i = 0; i < sizeof(run_vectors) / sizeof(run_vectors[0]); i++) {
		const struct run_vector *v = &run_vectors[i];
		size_t len = check_unhex(v->hex, pairs, sizeof(pairs)), pos = 0;
		uint64_t vcn = 0;
		int64_t lcn = 0;
		unsigned n = 0;
		int err;

		while ((err = ntfs_run_next(pairs, len, &pos, &vcn, &lcn, &run)) == NTFS_OK) {
			check(n < v->count);
			if (n < v->count)
				check(run.vcn == v->runs[n].vcn && run.lcn == v->runs[n].lcn &&
				      run.len == v->runs[n].len);
			n++;
		}
		check(err == NTFS_END && n == v->count);
	}

	static const char *const bad[] = {
		"01",           /* a length byte missing */
		"1110",         /* an offset byte missing */
		"0910" "00",    /* nine length bytes */
		"1000" "00",    /* no length bytes */
		"1100" "00",    /* a zero length */
		"1110f0" "00",  /* an LCN below zero */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = check_unhex(bad[i], pairs, sizeof(pairs)), pos = 0;
		uint64_t vcn = 0;
		int64_t lcn = 0;

		check(ntfs_run_next(pairs, len, &pos, &vcn, &lcn, &run) == NTFS_ERR_CORRUPT);
	}
}

/* ---- LZNT1 ---- */

static const char beer_lznt1[] =
	"89b100393920626f74746c006573206f66206265006572206f6e20746800652077616c6c2c20"
	"5439381c7c371c3e361c3e35551c1f341c1f331c1f321c1f31559c0f309b0f389c9f389c9f38"
	"559c9f389c9f389c9f389c9f3855dc4f38dc4f38dc4f38dc4f3755dc4f37dc4f37dc4f37dc4f"
	"3755dc4f37dc4f37dc4f37dc4f3755dc4f37dc4f36dc4f36dc4f3655fc2736fc2736fc2736fc"
	"273655fc2736fc2736fc2736fc273555fc2735fc2735fc2735fc273555fc2735fc2735fc2735"
	"fc273555fc2735fc2734fc2734fc273455fc2734fc2734fc2734fc273455fc2734fc2734fc27"
	"34fc273355fc2733fc2733fc2733fc2733ffff13fb01ff13fb01ff13fb01ff13fb01efff13fb"
	"01ff13fa0132ff13fb01ff13fffb01ff13fb01ff13fb01ff13fb01ff13fffb01ff13fb01ff13"
	"fb01ff13fb01ff13fdfa0131ff13fb01ff13fb01ff13fb01ffff13fb01ff13fb01ff13fb01ff"
	"13fb01ffff13fb01ff13fb01ff13fa01ef13ea01ffdf13ea01cf13ea01bf13ea01af13ea01ff"
	"9f13ea018f138b23ef017a11ef01e9010000";

/* "99 bottles of beer on the wall, 98 bottles ..." down to 1, as ntfs-3g was given. */
static size_t beer_text(char *out)
{
	static const char tail[] = " bottles of beer on the wall, ";
	size_t n = 0;

	for (int i = 99; i > 0; i--) {
		if (i >= 10)
			out[n++] = (char)('0' + i / 10);
		out[n++] = (char)('0' + i % 10);
		memcpy(out + n, tail, sizeof(tail) - 1);
		n += sizeof(tail) - 1;
	}
	return n;
}

static void test_lznt1(uint8_t *buf)
{
	uint8_t *src = buf, *out = buf + 8192;
	char *text = (char *)buf + 16384;
	size_t len, done, text_len;

	/* "Hello world": 11 literals in two flag groups */
	len = check_unhex("0cb000" "48656c6c6f20776f" "00" "726c64", src, 64);
	check(ntfs_lznt1_decompress(src, len, out, 4096, &done) == NTFS_OK);
	check(memcmp(out, "Hello world", 11) == 0 && out[11] == 0 && out[4095] == 0);

	len = check_unhex(beer_lznt1, src, 8192);
	check(len == 398);
	text_len = beer_text(text);
	check(text_len == 3159);
	check(ntfs_lznt1_decompress(src, len, out, 8192, &done) == NTFS_OK);
	check(memcmp(out, text, text_len) == 0 && out[text_len] == 0 && out[8191] == 0);

	/* a stored chunk (header bit 15 clear): 4096 bytes as they are */
	put_le16(src, 0x3FFF);
	for (int i = 0; i < 4096; i++)
		src[2 + i] = (uint8_t)(i * 7);
	put_le16(src + 4098, 0);
	check(ntfs_lznt1_decompress(src, 4100, out, 8192, &done) == NTFS_OK);
	check(out[1] == 7 && out[4095] == (uint8_t)(4095 * 7) && out[4096] == 0);

	/* damage: a reference before the chunk's start; a chunk past the input;
	 * a stored chunk that is not whole; a reference running past 4096 */
	len = check_unhex("03b0" "02" "41" "0010", src, 64);
	check(ntfs_lznt1_decompress(src, len, out, 4096, &done) == NTFS_ERR_CORRUPT);
	len = check_unhex("20b0" "00" "41", src, 64);
	check(ntfs_lznt1_decompress(src, len, out, 4096, &done) == NTFS_ERR_CORRUPT);
	len = check_unhex("0130" "4142", src, 64);
	check(ntfs_lznt1_decompress(src, len, out, 4096, &done) == NTFS_ERR_CORRUPT);
	/* 'A', then a reference back 1 for 0x1002 (12 length bits at position 1) */
	len = check_unhex("03b0" "02" "41" "ff0f", src, 64);
	check(ntfs_lznt1_decompress(src, len, out, 4096, &done) == NTFS_ERR_CORRUPT);
}

/* ---- index entries ---- */

static void test_index_entries(void)
{
	uint8_t node[0x100];
	struct ntfs_index_entry e;

	memset(node, 0, sizeof(node));
	/* a file entry with the name "Ab" (POSIX), then the last entry with a child */
	put_le16(node + 0x00, 42);            /* file reference */
	node[0x06] = 3;                       /* sequence 3 */
	put_le16(node + 0x08, 0x58);
	put_le16(node + 0x0A, 0x46);
	node[0x10 + 0x40] = 2;
	node[0x10 + 0x41] = NS_POSIX;
	node[0x10 + 0x42] = 'A';
	node[0x10 + 0x44] = 'b';
	put_le16(node + 0x58 + 0x08, 0x18);
	put_le16(node + 0x58 + 0x0C, INDEX_ENTRY_END | INDEX_ENTRY_NODE);
	node[0x58 + 0x10] = 9;                /* child VCN */
	check(ntfs_index_entry_parse(node, 0, 0x70, 0, &e) == NTFS_OK);
	check(e.ref == (42 | 3ull << 48) && e.name_len == 2 && e.name[0] == 'A');
	check(ntfs_index_entry_parse(node, 0, 0x70, 0x58, &e) == NTFS_OK);
	check((e.flags & INDEX_ENTRY_END) && e.child_vcn == 9);
	/* past the node's end; a name longer than its key; an odd length */
	check(ntfs_index_entry_parse(node, 0, 0x6F, 0x58, &e) == NTFS_ERR_CORRUPT);
	node[0x10 + 0x40] = 3;
	check(ntfs_index_entry_parse(node, 0, 0x70, 0, &e) == NTFS_ERR_CORRUPT);
	node[0x10 + 0x40] = 2;
	put_le16(node + 0x08, 0x57);
	check(ntfs_index_entry_parse(node, 0, 0x70, 0, &e) == NTFS_ERR_CORRUPT);
	put_le16(node + 0x08, 0x58);
	node[0x10 + 0x40] = 0;                /* no name */
	check(ntfs_index_entry_parse(node, 0, 0x70, 0, &e) == NTFS_ERR_CORRUPT);
}

/* ---- names ---- */

static void test_names(uint16_t *upcase)
{
	static const uint16_t lower[] = { 0xE6, 0xF8, 0xE5 };   /* æøå */
	static const uint16_t upper[] = { 0xC6, 0xD8, 0xC5 };   /* ÆØÅ */
	static const uint16_t z[] = { 'Z' }, under[] = { '_' }, a[] = { 'a' };
	static const uint16_t ab[] = { 'a', 'b' }, AB[] = { 'A', 'B' };
	uint16_t units[8];

	for (uint32_t c = 0; c < 65536; c++)
		upcase[c] = (uint16_t)c;
	for (uint32_t c = 'a'; c <= 'z'; c++)
		upcase[c] = (uint16_t)(c - 32);
	for (int i = 0; i < 3; i++)
		upcase[lower[i]] = upper[i];

	check(ntfs_name_compare(lower, 3, upper, 3, upcase, 0) == 0);
	check(ntfs_name_compare(lower, 3, upper, 3, NULL, 0) != 0);   /* ASCII only */
	check(ntfs_name_compare(lower, 3, upper, 3, upcase, 1) > 0);  /* exact: æ > Æ */
	/* by upper case: 'a' is 'A' (0x41), before '_' (0x5F); 'Z' (0x5A) before '_' */
	check(ntfs_name_compare(a, 1, under, 1, upcase, 0) < 0);
	check(ntfs_name_compare(z, 1, under, 1, upcase, 0) < 0);
	check(ntfs_name_compare(a, 1, ab, 2, upcase, 0) < 0);         /* a prefix first */
	check(ntfs_name_compare(ab, 2, AB, 2, upcase, 0) == 0);
	check(ntfs_name_compare(ab, 2, AB, 2, upcase, 1) > 0);

	check(ntfs_name_from_utf8("\xc3\xa6\xc3\xb8\xc3\xa5", 6, units, 8) == 3);
	check(units[0] == 0xE6 && units[1] == 0xF8 && units[2] == 0xE5);
	check(ntfs_name_from_utf8("\xf0\x9f\x98\x80", 4, units, 8) == 2);  /* a surrogate pair */
	check(units[0] == 0xD83D && units[1] == 0xDE00);
	check(ntfs_name_from_utf8("\xc3", 1, units, 8) < 0);
	check(ntfs_name_from_utf8("abcd", 4, units, 3) < 0);

	check(ntfs_reparse_kind_of(0xA0000003) == NTFS_REPARSE_JUNCTION);
	check(ntfs_reparse_kind_of(0xA000000C) == NTFS_REPARSE_SYMLINK);
	check(ntfs_reparse_kind_of(0x9000001A) == NTFS_REPARSE_CLOUD);
	check(ntfs_reparse_kind_of(0x9000F01A) == NTFS_REPARSE_CLOUD);
	check(ntfs_reparse_kind_of(0x80000017) == NTFS_REPARSE_WOF);
	check(ntfs_reparse_kind_of(0x80000013) == NTFS_REPARSE_DEDUP);
	check(ntfs_reparse_kind_of(0x8000001B) == NTFS_REPARSE_OTHER);
}

/* ---- times ---- */

static void test_times(void)
{
	struct ntfs_time t;

	ntfs_time_split(0, &t);
	check(t.year == 1601 && t.month == 1 && t.day == 1 && t.hour == 0);
	ntfs_time_split(116444736000000000ull, &t);        /* the Unix epoch */
	check(t.year == 1970 && t.month == 1 && t.day == 1 && t.second == 0);
	check(ntfs_time_unix(116444736000000000ull) == 0);
	/* 2024-02-29 12:34:56.789 UTC = Unix 1709210096 */
	ntfs_time_split((1709210096ull + 11644473600ull) * 10000000 + 7890000, &t);
	check(t.year == 2024 && t.month == 2 && t.day == 29 && t.hour == 12 &&
	      t.minute == 34 && t.second == 56 && t.nanosecond == 789000000);
	check(ntfs_time_unix(11644473600ull * 10000000 - 10000000) == -1);
}

SELFTEST(ntfs)
{
	uint8_t *buf = check_alloc(NTFS_UPCASE_BYTES);

	if (!buf)
		return;
	test_boot();
	test_fixup(buf);
	test_attributes(buf);
	test_runs();
	test_lznt1(buf);
	test_index_entries();
	test_names((uint16_t *)(void *)buf);
	test_times();
	check(strcmp(ntfs_strerror(NTFS_ERR_ONLINE_ONLY), "online only: not on this disk") == 0);
	check_free(buf, NTFS_UPCASE_BYTES);
}
