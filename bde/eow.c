/** @file
 * Encrypt-on-write bitmaps: reading, checking, and asking which chunks
 * are ciphertext (bde/eow.h says what they are).
 *
 * Layouts, little-endian, each checked on both Windows-made samples:
 *
 *   FVE-EOW information block: "FVE-EOW\0", u16 header length (56),
 *   u16 length (56 + 8 * regions), u32 sector size, u32 ?, u32 chunk
 *   size, u32 conversion-log length, u32 ?, u32 regions, u32 CRC32 (of
 *   the block with this field zero), u64 offsets of both blocks, then
 *   one u64 bitmap offset per region.
 *
 *   FVE-EOWBM bitmap: "FVE-EOWBM\0", u16 header length (60), u32 length,
 *   u32 ?, u64 region offset, u64 region size, u64 conversion-log offset,
 *   u32 record offsets[2], u32 record length, u32 CRC32 (of the bytes
 *   before the first record, this field zero).
 *
 *   FVE-EOWBR record: "FVE-EOWBR\0", u16 header length (36), u32 length,
 *   u32 bits, u64 sequence number, u32 flags, u32 CRC32 (of the record,
 *   this field zero), then the bits, LSB first; bits past the count are
 *   padding (set in the samples).
 *
 * Anything that does not fit this model makes the data it describes
 * unknown: the view says so rather than guess.
 */
#include <string.h>
#include "bde/crc32.h"
#include "bde/eow.h"
#include "bde/error.h"
#include "bde/le.h"
#include "bde/volume.h"

#define INFO_HEADER_MIN 56
#define BITMAP_HEADER_MIN 60
#define RECORD_HEADER_MIN 36
/* far beyond the samples' 512 bytes: only to bound what a header makes us read */
#define RECORD_PLACE_MAX 0x10000
#define PIECE 512

static const char info_sig[8] = "FVE-EOW";
static const char bitmap_sig[10] = "FVE-EOWBM";
static const char record_sig[10] = "FVE-EOWBR";

/*
 * A read the volume holds: 0, 1 if it lies past the device's end, or -IO.
 * Small reads go through two windows of BDE_EOW_WINDOW bytes: walking a
 * bitmap is a dozen small reads, and a large disk has thousands of them.
 */
static int read_at(struct bde_volume *vol, uint64_t at, void *buf, uint32_t len)
{
	struct bde_eow *e = &vol->eow_map;
	struct bde_eow_window *w;
	uint64_t start;
	uint32_t n;

	if (at > vol->device_size || len > vol->device_size - at)
		return 1;
	for (unsigned k = 0; k < BDE_EOW_WINDOWS; k++) {
		w = &e->window[k];
		if (w->len && at >= w->at && at - w->at <= w->len && len <= w->len - (at - w->at)) {
			memcpy(buf, w->bytes + (at - w->at), len);
			return 0;
		}
	}
	start = at - at % vol->sector_size;
	n = vol->device_size - start < BDE_EOW_WINDOW ? (uint32_t)(vol->device_size - start) :
		BDE_EOW_WINDOW;
	w = &e->window[e->window_next];
	e->window_next = (e->window_next + 1) % BDE_EOW_WINDOWS;
	w->len = 0;
	/* what the window does not hold, or a window the device fails: the
	 * bytes asked for alone */
	if (at - start > n || len > n - (at - start) ||
	    vol->io.read(vol->io.ctx, start, w->bytes, n))
		return vol->io.read(vol->io.ctx, at, buf, len) ? -BDE_ERR_IO : 0;
	w->at = start;
	w->len = n;
	memcpy(buf, w->bytes + (at - start), len);
	return 0;
}

/*
 * CRC32 of LEN bytes at AT with the u32 at byte SKIP read as zero, into
 * *CRC. Same returns as read_at().
 */
static int crc_at(struct bde_volume *vol, uint64_t at, uint32_t len, uint32_t skip,
		  uint32_t *crc)
{
	uint8_t piece[PIECE];
	uint32_t done = 0, c = 0;

	while (done < len) {
		uint32_t n = len - done < PIECE ? len - done : PIECE;
		int r = read_at(vol, at + done, piece, n);

		if (r)
			return r;
		for (uint32_t k = 0; k < 4; k++)
			if (skip + k >= done && skip + k < done + n)
				piece[skip + k - done] = 0;
		c = bde_crc32(c, piece, n);
		done += n;
	}
	*crc = c;
	return 0;
}

static uint64_t round_up(uint64_t v, uint32_t to)
{
	return (v + to - 1) / to * to;
}

/*
 * Check information block K: its header, its CRC32, and that its bitmap
 * list is in ascending order; if whole, its fields go to vol->eow_map.
 * 0 (ok), 1 (not usable: *WHY says how), or -BDE_ERR_IO.
 */
static int check_info(struct bde_volume *vol, int k, enum bde_eow_problem *why)
{
	struct bde_eow *e = &vol->eow_map;
	uint64_t at = e->info_offset[k], prev = 0;
	uint8_t h[INFO_HEADER_MIN], piece[PIECE];
	uint32_t hlen, regions, len, c, done;
	int r;

	*why = BDE_EOW_INFO_UNREADABLE;
	if (at % vol->sector_size)
		return 1;
	r = read_at(vol, at, h, sizeof(h));
	if (r)
		return r;
	*why = BDE_EOW_NO_VALID_INFO;
	hlen = le16(h + 8);
	regions = le32(h + 32);
	if (memcmp(h, info_sig, 8) || hlen < INFO_HEADER_MIN || hlen > PIECE ||
	    le32(h + 12) != vol->sector_size || !le32(h + 20) ||
	    le32(h + 20) % vol->sector_size || le32(h + 24) % vol->sector_size ||
	    !regions || le64(h + 40) != e->info_offset[0] || le64(h + 48) != e->info_offset[1])
		return 1;
	/* each region covers at least a sector of the volume */
	if (regions > vol->volume_size / vol->sector_size + 1)
		return 1;
	/* the length field is 16 bits: it holds the low bits of a long list */
	len = hlen + 8 * regions;
	if ((uint16_t)len != le16(h + 10))
		return 1;

	/* CRC32 and order in one pass: the header, then the list by pieces */
	r = read_at(vol, at, piece, hlen);
	if (r)
		return r;
	memset(piece + 36, 0, 4);
	c = bde_crc32(0, piece, hlen);
	for (done = hlen; done < len;) {
		uint32_t n = len - done < PIECE ? len - done : PIECE;

		r = read_at(vol, at + done, piece, n);
		if (r)
			return r;
		c = bde_crc32(c, piece, n);
		for (uint32_t i = 0; i < n; i += 8) {
			uint64_t b = le64(piece + i);

			if (b % vol->sector_size || (done + i > hlen && b <= prev))
				return 1;
			prev = b;
		}
		done += n;
	}
	if (c != le32(h + 36))
		return 1;
	e->info_len = len;
	e->info_span = (uint32_t)round_up(len, vol->sector_size);
	e->list_at = hlen;
	e->chunk_size = le32(h + 20);
	e->conv_log_len = le32(h + 24);
	e->regions = regions;
	return 0;
}

/*
 * Record at AT of a bitmap whose records are REC_LEN bytes, for a region
 * of CHUNKS chunks: 0 and *SEQ, *BITS_AT if whole; 1 if not; -IO.
 */
static int check_record(struct bde_volume *vol, uint64_t at, uint32_t rec_len,
			uint32_t chunks, uint64_t *seq, uint64_t *bits_at)
{
	uint8_t h[RECORD_HEADER_MIN];
	uint32_t hlen, crc;
	int r = read_at(vol, at, h, sizeof(h));

	if (r)
		return r;
	hlen = le16(h + 10);
	if (memcmp(h, record_sig, 10) || hlen < RECORD_HEADER_MIN || le32(h + 12) != rec_len ||
	    le32(h + 16) != chunks || (uint64_t)hlen + (chunks + 7) / 8 > rec_len)
		return 1;
	r = crc_at(vol, at, rec_len, 32, &crc);
	if (r)
		return r;
	if (crc != le32(h + 32))
		return 1;
	*seq = le64(h + 20);
	*bits_at = at + hlen;
	return 0;
}

/* Do the CHUNKS bits at A and B agree? 0/1, or -IO. */
static int same_bits(struct bde_volume *vol, uint64_t a, uint64_t b, uint32_t chunks)
{
	uint8_t x[PIECE], y[PIECE];
	uint32_t bytes = chunks / 8, done;
	int r;

	for (done = 0; done < bytes; done += PIECE) {
		uint32_t n = bytes - done < PIECE ? bytes - done : PIECE;

		if ((r = read_at(vol, a + done, x, n)) || (r = read_at(vol, b + done, y, n)))
			return r < 0 ? r : 0;
		if (memcmp(x, y, n))
			return 0;
	}
	if (chunks % 8) {
		uint8_t mask = (uint8_t)((1u << (chunks % 8)) - 1);

		if ((r = read_at(vol, a + bytes, x, 1)) || (r = read_at(vol, b + bytes, y, 1)))
			return r < 0 ? r : 0;
		return ((x[0] ^ y[0]) & mask) == 0;
	}
	return 1;
}

/* Read region I's bitmap into R from scratch. 0 or -BDE_ERR_IO. */
static int load_region(struct bde_volume *vol, uint32_t i, struct bde_eow_region *reg)
{
	const struct bde_eow *e = &vol->eow_map;
	uint8_t h[BITMAP_HEADER_MIN], at[8];
	uint32_t hlen, len, rec_len, place[2], crc;
	uint64_t best_seq = 0, best_bits = 0;
	int r, found = 0;

	memset(reg, 0, sizeof(*reg));
	reg->index = i;
	reg->used = 1;
	r = read_at(vol, e->info_offset[e->info_used] + e->list_at + 8ull * i, at, 8);
	if (r)
		return r < 0 ? r : 0;
	reg->bitmap_offset = le64(at);
	reg->bitmap_len = vol->sector_size;  /* until the header says */
	r = read_at(vol, reg->bitmap_offset, h, sizeof(h));
	if (r)
		return r < 0 ? r : 0;
	hlen = le16(h + 10);
	len = le32(h + 12);
	place[0] = le32(h + 44);
	place[1] = le32(h + 48);
	rec_len = le32(h + 52);
	reg->offset = le64(h + 20);
	reg->size = le64(h + 28);
	reg->conv_log_offset = le64(h + 36);
	if (memcmp(h, bitmap_sig, 10) || hlen < BITMAP_HEADER_MIN || rec_len < RECORD_HEADER_MIN ||
	    rec_len > RECORD_PLACE_MAX || reg->bitmap_offset > UINT64_MAX - len ||
	    !reg->size || reg->offset % vol->sector_size ||
	    reg->size % vol->sector_size || reg->offset > UINT64_MAX - reg->size ||
	    reg->conv_log_offset % vol->sector_size ||
	    reg->conv_log_offset > UINT64_MAX - e->conv_log_len)
		return 0;
	for (int k = 0; k < 2; k++)
		if (place[k] < hlen || place[k] > RECORD_PLACE_MAX || place[k] + rec_len > len)
			return 0;
	r = crc_at(vol, reg->bitmap_offset, place[0], 56, &crc);
	if (r || crc != le32(h + 56))
		return r < 0 ? r : 0;
	reg->header_ok = 1;
	reg->bitmap_len = len;
	reg->chunks = (uint32_t)((reg->size - 1) / e->chunk_size + 1);
	if ((reg->size - 1) / e->chunk_size + 1 > UINT32_MAX - 7)
		return 0;

	/* the valid record with the higher sequence number is current */
	for (int k = 0; k < 2; k++) {
		uint64_t seq, bits;

		r = check_record(vol, reg->bitmap_offset + place[k], rec_len, reg->chunks,
				 &seq, &bits);
		if (r < 0)
			return r;
		if (r)
			continue;
		if (found && seq == best_seq) {
			/* two current records: only if they say the same */
			r = same_bits(vol, bits, best_bits, reg->chunks);
			if (r <= 0)
				return r;
		}
		if (!found || seq > best_seq) {
			best_seq = seq;
			best_bits = bits;
		}
		found = 1;
	}
	reg->record_ok = (uint8_t)found;
	reg->sequence = best_seq;
	reg->bits_at = best_bits;
	return 0;
}

int bde_eow_region(struct bde_volume *vol, uint32_t i, const struct bde_eow_region **out)
{
	struct bde_eow *e = &vol->eow_map;
	struct bde_eow_region *slot;
	int r;

	for (unsigned k = 0; k < BDE_EOW_CACHE; k++)
		if (e->cache[k].used && e->cache[k].index == i) {
			*out = &e->cache[k];
			return 0;
		}
	slot = &e->cache[e->cache_next];
	e->cache_next = (e->cache_next + 1) % BDE_EOW_CACHE;
	r = load_region(vol, i, slot);
	if (r) {
		slot->used = 0;
		return r;
	}
	*out = slot;
	return 0;
}

/* The byte of region REG's current record holding bit N: 0, or -IO (a
 * read past the end: -IO too). */
static int bits_byte(struct bde_volume *vol, const struct bde_eow_region *reg, uint32_t n,
		     uint8_t *byte)
{
	return read_at(vol, reg->bits_at + n / 8, byte, 1) ? -BDE_ERR_IO : 0;
}

/* Bit N of region REG's current record: 0/1, or -IO. */
static int bit(struct bde_volume *vol, const struct bde_eow_region *reg, uint32_t n)
{
	uint8_t byte;
	int r = bits_byte(vol, reg, n, &byte);

	return r ? r : byte >> (n % 8) & 1;
}

/* Set bits in B (no libgcc in firmware for __builtin_popcount). */
static unsigned ones(uint8_t b)
{
	unsigned n = 0;

	for (; b; b &= (uint8_t)(b - 1))
		n++;
	return n;
}

/* Bits the region's bitmap cannot be read for are counted as bad. */
static void count_region(struct bde_volume *vol, const struct bde_eow_region *reg)
{
	struct bde_eow *e = &vol->eow_map;

	if (reg->record_ok) {
		uint32_t n;

		e->chunks += reg->chunks;
		for (n = 0; n < reg->chunks; n += 8) {
			uint8_t byte;

			if (bits_byte(vol, reg, n, &byte))
				break;
			/* the padding past the last chunk does not count */
			if (reg->chunks - n < 8)
				byte &= (uint8_t)((1u << (reg->chunks - n)) - 1);
			e->chunks_encrypted += ones(byte);
		}
		if (n >= reg->chunks)
			return;
	}
	if (!e->bad_regions++)
		e->first_bad_region = reg->index;
}

/* Where region REG's structures lie: [*start, *end) holds them all. */
static void areas_of(const struct bde_volume *vol, const struct bde_eow_region *reg,
		     uint64_t *start, uint64_t *end)
{
	/* a damaged header's sector may end at 2^64: saturate */
	uint64_t b_end = reg->bitmap_offset > UINT64_MAX - reg->bitmap_len ? UINT64_MAX :
			 reg->bitmap_offset + reg->bitmap_len;
	uint64_t c_end = reg->conv_log_offset + vol->eow_map.conv_log_len;

	*start = reg->bitmap_offset;
	*end = b_end;
	if (reg->header_ok && vol->eow_map.conv_log_len) {
		if (reg->conv_log_offset < *start)
			*start = reg->conv_log_offset;
		if (c_end > *end)
			*end = c_end;
	}
}

/*
 * Walk every region once: count chunks, and check what the lookups rely
 * on: regions in ascending order, and each region's bitmap and log before
 * the next region's. 0, 1 (*WHY: not understood) or -IO.
 */
static int walk_regions(struct bde_volume *vol, enum bde_eow_problem *why)
{
	struct bde_eow *e = &vol->eow_map;
	uint64_t region_end = 0, areas_end = 0;

	for (uint32_t i = 0; i < e->regions; i++) {
		const struct bde_eow_region *reg;
		uint64_t start, end;
		int r = bde_eow_region(vol, i, &reg);

		if (r)
			return r;
		count_region(vol, reg);
		areas_of(vol, reg, &start, &end);
		if (i == 0)
			e->areas_start = start;
		else if (start < areas_end || (reg->header_ok && reg->offset < region_end)) {
			*why = BDE_EOW_OUT_OF_ORDER;
			return 1;
		}
		areas_end = end;
		if (reg->header_ok)
			region_end = reg->offset + reg->size;
	}
	e->areas_end = areas_end;
	return 0;
}

int bde_eow_load(struct bde_volume *vol)
{
	struct bde_eow *e = &vol->eow_map;
	enum bde_eow_problem why = BDE_EOW_PROBLEM_NONE;
	int r;

	e->info_used = -1;
	if (!vol->eow)
		return BDE_OK;
	/* the second first: the fields are the last whole block's, the first's if whole */
	for (int k = 1; k >= 0; k--) {
		enum bde_eow_problem problem;

		r = check_info(vol, k, &problem);
		if (r < 0)
			return -r;
		e->info_ok[k] = r == 0;
		if (r == 0)
			e->info_used = k;
		else if (why == BDE_EOW_PROBLEM_NONE || k == 0)
			why = problem;
	}
	if (e->info_used < 0) {
		e->problem = why;
		return BDE_OK;
	}
	r = walk_regions(vol, &why);
	if (r < 0)
		return -r;
	if (r) {
		e->problem = why;
		e->info_used = -1;
	}
	return BDE_OK;
}

const char *bde_eow_problem_name(enum bde_eow_problem p)
{
	switch (p) {
	case BDE_EOW_INFO_UNREADABLE: return "an encrypt-on-write information block cannot be read";
	case BDE_EOW_NO_VALID_INFO:   return "no valid encrypt-on-write information block";
	case BDE_EOW_OUT_OF_ORDER:    return "encrypt-on-write bitmaps out of order";
	case BDE_EOW_PROBLEM_NONE:    break;
	}
	return "no problem";
}

int bde_eow_active(const struct bde_volume *vol)
{
	return vol->eow && vol->eow_map.info_used >= 0;
}

/*
 * The lookups search regions by a key that grows with the index. A
 * region whose bitmap header is damaged has no offsets of its own: it
 * takes its nearest whole left neighbour's, so the order holds.
 */
enum key_kind { KEY_REGION, KEY_AREAS };

static int key_of(struct bde_volume *vol, uint32_t i, enum key_kind kind, uint64_t *key)
{
	for (;;) {
		const struct bde_eow_region *reg;
		int r = bde_eow_region(vol, i, &reg);

		if (r)
			return r;
		if (kind == KEY_AREAS) {
			uint64_t end;

			areas_of(vol, reg, key, &end);
			return 0;
		}
		if (reg->header_ok) {
			*key = reg->offset;
			return 0;
		}
		if (i == 0) {
			*key = 0;
			return 0;
		}
		i--;
	}
}

/* The last region whose key is at most POS: 0 and *I, 1 if none, or -IO. */
static int search(struct bde_volume *vol, uint64_t pos, enum key_kind kind, uint32_t *i)
{
	uint32_t lo = 0, hi = vol->eow_map.regions;  /* the answer is below hi */
	uint64_t key;
	int r;

	r = key_of(vol, 0, kind, &key);
	if (r || key > pos)
		return r ? r : 1;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		r = key_of(vol, mid, kind, &key);
		if (r)
			return r;
		if (key <= pos)
			lo = mid;
		else
			hi = mid;
	}
	*i = lo;
	return 0;
}

/* Where the first whole region after index I starts (UINT64_MAX: none). */
static int next_start(struct bde_volume *vol, uint32_t i, uint64_t *start)
{
	*start = UINT64_MAX;
	while (++i < vol->eow_map.regions) {
		const struct bde_eow_region *reg;
		int r = bde_eow_region(vol, i, &reg);

		if (r)
			return r;
		if (reg->header_ok) {
			*start = reg->offset;
			break;
		}
	}
	return 0;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Inside region REG: the kind at POS, and *RUN, how far the same bit runs. */
static int in_region(struct bde_volume *vol, const struct bde_eow_region *reg,
		     uint64_t pos, uint64_t *run, enum bde_eow_kind *kind)
{
	uint32_t chunk_size = vol->eow_map.chunk_size;
	uint64_t end = reg->offset + reg->size;
	uint32_t n = (uint32_t)((pos - reg->offset) / chunk_size), m;
	int b;

	if (!reg->record_ok) {
		*kind = BDE_EOW_UNKNOWN;
		*run = end - pos;
		return 0;
	}
	b = bit(vol, reg, n);
	if (b < 0)
		return b;
	/* the run of equal bits, a byte at a time where it can */
	for (m = n + 1; m < reg->chunks;) {
		uint8_t byte;

		if (bits_byte(vol, reg, m, &byte))
			return -BDE_ERR_IO;
		if (m % 8 == 0 && byte == (b ? 0xff : 0x00)) {
			m += 8;
			continue;
		}
		if ((byte >> (m % 8) & 1) != b)
			break;
		m++;
	}
	if (m > reg->chunks)
		m = reg->chunks;   /* the padding is not in the run */
	*kind = b ? BDE_EOW_ENCRYPTED : BDE_EOW_PLAIN;
	*run = min64(end, reg->offset + (uint64_t)m * chunk_size) - pos;
	return 0;
}

/* No region covers [POS, NEXT): plaintext past the encrypted size only. */
static int uncovered(const struct bde_volume *vol, uint64_t pos, uint64_t next,
		     uint64_t *run, enum bde_eow_kind *kind)
{
	if (pos >= vol->encrypted_size) {
		*kind = BDE_EOW_PLAIN;
		*run = next - pos;
	} else {
		*kind = BDE_EOW_UNKNOWN;
		*run = min64(next, vol->encrypted_size) - pos;
	}
	return 0;
}

int bde_eow_classify(struct bde_volume *vol, uint64_t pos, uint64_t *run,
		     enum bde_eow_kind *kind)
{
	struct bde_eow *e = &vol->eow_map;
	const struct bde_eow_region *reg;
	uint64_t next;
	uint32_t i;
	int r;

	/* sequential reads stay in a cached region */
	for (unsigned k = 0; k < BDE_EOW_CACHE; k++) {
		reg = &e->cache[k];
		if (reg->used && reg->header_ok && pos >= reg->offset && pos - reg->offset < reg->size)
			return in_region(vol, reg, pos, run, kind);
	}
	r = search(vol, pos, KEY_REGION, &i);
	if (r < 0)
		return r;
	if (r) {
		/* before region 0, which is whole (else its key would be 0) */
		r = key_of(vol, 0, KEY_REGION, &next);
		return r ? r : uncovered(vol, pos, next, run, kind);
	}
	r = bde_eow_region(vol, i, &reg);
	if (r)
		return r;
	if (!reg->header_ok) {
		/* within its whole left neighbour, or in a damaged bitmap's region */
		uint32_t v = i;

		while (v > 0 && !reg->header_ok) {
			r = bde_eow_region(vol, --v, &reg);
			if (r)
				return r;
		}
		if (reg->header_ok && pos - reg->offset < reg->size)
			return in_region(vol, reg, pos, run, kind);
		r = next_start(vol, i, &next);
		return r ? r : uncovered(vol, pos, next, run, kind);
	}
	if (pos - reg->offset < reg->size)
		return in_region(vol, reg, pos, run, kind);
	r = next_start(vol, i, &next);
	return r ? r : uncovered(vol, pos, next, run, kind);
}

/* Is POS in [START, START + LEN)? Else shorten *RUN to reach START at most. */
static int in_area(uint64_t pos, uint64_t start, uint64_t len, uint64_t *run)
{
	if (pos >= start && pos - start < len) {
		*run = len - (pos - start);
		return 1;
	}
	if (start > pos && start - pos < *run)
		*run = start - pos;
	return 0;
}

int bde_eow_zero_area(struct bde_volume *vol, uint64_t pos, uint64_t *run)
{
	struct bde_eow *e = &vol->eow_map;
	const struct bde_eow_region *reg;
	uint64_t start;
	uint32_t i;
	int r;

	for (int k = 0; k < 2; k++)
		if (e->info_ok[k] && in_area(pos, e->info_offset[k], e->info_span, run))
			return 1;
	if (pos >= e->areas_end)
		return 0;
	if (pos < e->areas_start) {
		in_area(pos, e->areas_start, 0, run);
		return 0;
	}
	r = search(vol, pos, KEY_AREAS, &i);
	if (r < 0)
		return r;
	r = bde_eow_region(vol, i, &reg);
	if (r)
		return r;
	if (in_area(pos, reg->bitmap_offset, reg->bitmap_len, run))
		return 1;
	if (reg->header_ok && e->conv_log_len &&
	    in_area(pos, reg->conv_log_offset, e->conv_log_len, run))
		return 1;
	if (i + 1 < e->regions) {
		r = key_of(vol, i + 1, KEY_AREAS, &start);
		if (r)
			return r;
		in_area(pos, start, 0, run);
	}
	return 0;
}
