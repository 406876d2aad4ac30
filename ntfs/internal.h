/** @file
 * What the NTFS reader's files share: on-disk constants, the pure decoders
 * (fixups, attributes, runlists, LZNT1, names) and the helpers that read
 * records and attributes through the volume.
 */
#ifndef NTFS_INTERNAL_H
#define NTFS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "ntfs/ntfs.h"

/* Attribute types. */
#define AT_STANDARD_INFORMATION 0x10
#define AT_ATTRIBUTE_LIST       0x20
#define AT_FILE_NAME            0x30
#define AT_VOLUME_NAME          0x60
#define AT_VOLUME_INFORMATION   0x70
#define AT_DATA                 0x80
#define AT_INDEX_ROOT           0x90
#define AT_INDEX_ALLOCATION     0xA0
#define AT_BITMAP               0xB0
#define AT_REPARSE_POINT        0xC0
#define AT_LOGGED_UTILITY_STREAM 0x100
#define AT_END                  0xFFFFFFFFu

/* Attribute header flags. */
#define ATTR_COMPRESSION_MASK 0x00FF
#define ATTR_ENCRYPTED        0x4000
#define ATTR_SPARSE           0x8000

/* MFT record flags. */
#define RECORD_IN_USE    0x0001
#define RECORD_DIRECTORY 0x0002
#define RECORD_VIEW_INDEX 0x0008

/* Well-known records. */
#define RECORD_MFT    0
#define RECORD_VOLUME 3
#define RECORD_ROOT   5
#define RECORD_BITMAP 6
#define RECORD_UPCASE 10
#define RECORD_FIRST_USER 24  /* below: metafiles and their reserve */

/* $FILE_NAME name spaces. */
#define NS_POSIX 0
#define NS_WIN32 1
#define NS_DOS   2
#define NS_WIN32_AND_DOS 3

#define LCN_HOLE UINT64_MAX   /* a sparse run */

/* Bounds on loops over untrusted structures. */
#define PATH_DEPTH_MAX 256
#define ATTR_LIST_MAX (256 * 1024)  /* bytes of an $ATTRIBUTE_LIST we walk */

struct ntfs_run {
	uint64_t vcn, lcn, len;       /* lcn LCN_HOLE: sparse */
};

/* ---- pure decoders (no I/O), tested by tests/unit/ntfs_test.c ---- */

/* Boot sector geometry, or NTFS_ERR_NOT_NTFS / NTFS_ERR_UNSUPPORTED. */
struct ntfs_boot {
	uint32_t sector_size, cluster_size, record_size, index_block_size;
	uint64_t total_sectors, mft_lcn, mftmirr_lcn, serial;
};
int ntfs_boot_parse(const uint8_t *sector, size_t len, struct ntfs_boot *boot);

/*
 * Check and undo the update-sequence fixups of a multi-sector record
 * (MAGIC "FILE" or "INDX") of SIZE bytes in place. NTFS_ERR_CORRUPT if the
 * magic, the array's place or a sector's check value is wrong.
 */
int ntfs_fixup(uint8_t *buf, size_t size, const char magic[4]);

/* One attribute in a record. */
struct ntfs_attr {
	uint32_t type, length;
	uint16_t flags, id;
	uint8_t nonresident, name_len;
	const uint8_t *name;          /* UTF-16LE, name_len units */
	const uint8_t *hdr;
	/* resident */
	const uint8_t *value;
	uint32_t value_len;
	/* non-resident */
	uint64_t lowest_vcn, highest_vcn;
	uint64_t allocated, size, initialized;
	uint8_t cunit_shift;          /* log2 clusters per compression unit */
	const uint8_t *pairs;
	uint32_t pairs_len;
};

/* Check a record's header (in use or not): NTFS_OK or NTFS_ERR_CORRUPT. */
int ntfs_record_check(const uint8_t *rec, size_t size);

/*
 * The attribute at *POS (start with *POS = 0) of record REC; advances *POS.
 * NTFS_END at the end marker, NTFS_ERR_CORRUPT for any attribute whose
 * lengths or offsets leave the record's used bytes.
 */
int ntfs_attr_next(const uint8_t *rec, size_t size, uint32_t *pos, struct ntfs_attr *a);

/* Does A's name equal NAME (NAME_LEN UTF-16 units, exact)? */
int ntfs_attr_name_is(const struct ntfs_attr *a, const uint16_t *name, uint8_t name_len);

/*
 * Decode the mapping pair at *POS of PAIRS (LEN bytes). *VCN and *LCN carry
 * the running position (start: the extent's lowest VCN, and 0); RUN gets
 * the run. NTFS_END at the terminator or at LEN, NTFS_ERR_CORRUPT for a
 * pair that runs off the buffer, a zero or negative length, an LCN below
 * 0 or a VCN overflow. Checking runs against the volume is the caller's.
 */
int ntfs_run_next(const uint8_t *pairs, size_t len, size_t *pos, uint64_t *vcn,
		  int64_t *lcn, struct ntfs_run *run);

/*
 * Decompress one LZNT1 compression unit: SRC (SRC_LEN bytes) into OUT
 * (OUT_LEN bytes, a multiple of 4096). *DONE is the bytes produced; the
 * rest of OUT is zeroed (a unit may end early: its tail is zeros).
 * NTFS_ERR_CORRUPT for a chunk that runs off SRC, a back reference before
 * the chunk's start, or a chunk producing more than 4096 bytes.
 */
int ntfs_lznt1_decompress(const uint8_t *src, size_t src_len, uint8_t *out,
			  size_t out_len, size_t *done);

/*
 * Compare names A and B (UTF-16 units) as NTFS orders a directory: by
 * UPCASE (65536 entries; NULL: ASCII only), then, if equal ignoring case,
 * by the units themselves when EXACT. <0, 0, >0.
 */
int ntfs_name_compare(const uint16_t *a, size_t a_len, const uint16_t *b, size_t b_len,
		      const uint16_t *upcase, int exact);

/* UTF-16LE bytes to units; UTF-8 to units (-1 if invalid or over MAX). */
void ntfs_name_load(const uint8_t *le, size_t units, uint16_t *out);
long ntfs_name_from_utf8(const char *s, size_t len, uint16_t *out, size_t max);

/* Which kind of reparse point TAG is. */
enum ntfs_reparse_kind ntfs_reparse_kind_of(uint32_t tag);

/* ---- volume I/O ---- */

/* Record buffer slots: which calls use which (calls may nest across slots). */
enum {
	SLOT_FILE = 0,    /* a file's base record: stat, data */
	SLOT_FILE_EXT,    /* its extent records */
	SLOT_DIR,         /* a directory's base record: index root */
	SLOT_DIR_EXT,     /* its extent records; also open-time metafiles */
};

/* Read bytes of the volume: NTFS_ERR_IO on failure or past its end. */
int ntfs_read_bytes(struct ntfs_volume *vol, uint64_t offset, void *buf, size_t len);

/*
 * MFT record RECNO into slot SLOT (cached: not reread if already there),
 * fixups applied, header checked. *REC points at it. NTFS_ERR_NOT_FOUND
 * past the $MFT's data, NTFS_ERR_CORRUPT, NTFS_ERR_IO.
 */
int ntfs_record_get(struct ntfs_volume *vol, int slot, uint64_t recno, uint8_t **rec);
void ntfs_record_forget(struct ntfs_volume *vol, int slot);

/*
 * A file's base record: in use, sequence matching REF's (unless 0), not an
 * extent. NTFS_ERR_NOT_FOUND otherwise.
 */
int ntfs_base_record(struct ntfs_volume *vol, int slot, uint64_t ref, uint8_t **rec);

/*
 * Walk the attributes of a file, across its extent records when it has an
 * $ATTRIBUTE_LIST. Uses slots BASE_SLOT and BASE_SLOT + 1.
 */
struct ntfs_walk {
	struct ntfs_volume *vol;
	int slot;
	uint64_t recno;               /* the base record */
	uint16_t sequence;
	int has_list;
	uint16_t list_id;             /* the $ATTRIBUTE_LIST's attribute id */
	uint32_t list_pos, list_len;  /* in the list */
	uint32_t pos;                 /* in the base record, when no list */
	uint32_t steps;
};
int ntfs_walk_start(struct ntfs_walk *w, struct ntfs_volume *vol, int slot, uint64_t ref);
/* The next attribute (of TYPE, or any if 0): NTFS_OK, NTFS_END or an error. */
int ntfs_walk_next(struct ntfs_walk *w, uint32_t type, struct ntfs_attr *a);

/*
 * Find the attribute TYPE named NAME (NULL/0: unnamed) whose extent holds
 * VCN (for resident ones: VCN 0). Uses slots SLOT, SLOT + 1.
 */
int ntfs_attr_find(struct ntfs_volume *vol, int slot, uint64_t ref, uint32_t type,
		   const uint16_t *name, uint8_t name_len, uint64_t vcn, struct ntfs_attr *a);

/*
 * The run of non-resident extent A holding VCN: decodes A's mapping
 * pairs, checks every run against the volume's clusters.
 */
int ntfs_run_find(struct ntfs_volume *vol, const struct ntfs_attr *a, uint64_t vcn,
		  struct ntfs_run *run);

/*
 * Read LEN bytes at OFFSET of a non-resident, uncompressed attribute that
 * has a single extent A (the $ATTRIBUTE_LIST, $Bitmap's data, ...).
 * Bytes past the initialized size read as zeros.
 */
int ntfs_extent_read(struct ntfs_volume *vol, const struct ntfs_attr *a, uint64_t offset,
		     void *buf, size_t len);

/*
 * Read LEN bytes at OFFSET of the non-resident, uncompressed attribute
 * TYPE named NAME of REF, across its extents (slots SLOT, SLOT + 1).
 * Bytes past its initialized size read as zeros; past its size: corrupt.
 */
int ntfs_attr_read(struct ntfs_volume *vol, int slot, uint64_t ref, uint32_t type,
		   const uint16_t *name, uint8_t name_len, uint64_t offset, void *buf,
		   size_t len);

/* The run of F's data holding VCN (F keeps the last one found). */
int ntfs_file_run(struct ntfs_file *f, uint64_t vcn, struct ntfs_run *run);

/* Read a compressed file's bytes [OFFSET, OFFSET + LEN), within its size. */
int ntfs_compressed_read(struct ntfs_file *f, uint64_t offset, uint8_t *out, size_t len);

/* Load $UpCase (at open). */
int ntfs_upcase_load(struct ntfs_volume *vol);

/* Fill INFO from REF's records (not its name if HAVE_NAME). */
int ntfs_info_fill(struct ntfs_volume *vol, uint64_t ref, struct ntfs_info *info, int have_name);

/* Set INFO's name from UNITS UTF-16 units at LE. */
void ntfs_info_set_name(struct ntfs_info *info, const uint8_t *le, size_t units);

/* The $FILE_NAME key of an index entry, or NTFS_ERR_CORRUPT. */
struct ntfs_index_entry {
	uint64_t ref;
	uint16_t length, flags;
	uint64_t child_vcn;           /* if flags & INDEX_ENTRY_NODE */
	const uint8_t *key;           /* $FILE_NAME value, key_len bytes (0 for the last) */
	uint16_t key_len;
	const uint8_t *name;          /* in the key */
	uint8_t name_len, name_space;
};
#define INDEX_ENTRY_NODE 0x0001
#define INDEX_ENTRY_END  0x0002

/*
 * The entry at OFFSET of the node whose entries occupy [start, end) of
 * BUF: checked to lie inside, with a well-formed $FILE_NAME key unless it
 * is the last entry.
 */
int ntfs_index_entry_parse(const uint8_t *buf, uint32_t start, uint32_t end, uint32_t offset,
			   struct ntfs_index_entry *e);

/* A directory node: where its entries lie in the record or block buffer. */
struct ntfs_node {
	const uint8_t *buf;
	uint32_t start, end;          /* entries: [start, end) of buf */
	int has_children;
};

/* The $INDEX_ROOT node of directory DIR (slots SLOT_DIR..). */
int ntfs_index_root(struct ntfs_volume *vol, uint64_t dir, struct ntfs_node *node);
/* The index block at VCN of directory DIR, read into the volume's index buffer. */
int ntfs_index_block(struct ntfs_volume *vol, uint64_t dir, uint64_t vcn, struct ntfs_node *node);
/* How many index blocks directory DIR's $INDEX_ALLOCATION holds (0 if none). */
int ntfs_index_block_count(struct ntfs_volume *vol, uint64_t dir, uint64_t *count);

/* Is REF a directory (NTFS_OK), not one (NTFS_ERR_NOT_DIR), a link (NTFS_ERR_LINK)? */
int ntfs_check_dir(struct ntfs_volume *vol, uint64_t ref);

#endif
