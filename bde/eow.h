/** @file
 * Encrypt-on-write ("used space only") volumes: which chunks are ciphertext.
 *
 * Such a volume's boot sector names two identical FVE-EOW information
 * blocks. Each lists one FVE-EOWBM bitmap per region of the volume; a
 * bitmap holds two FVE-EOWBR records, and the valid one with the higher
 * sequence number is current. Bit N of a record covers the chunk at
 * region offset + N * chunk size: set, the chunk is ciphertext; clear, it
 * was never written since BitLocker was switched on and is still plaintext
 * on disk. Layouts: checked on two Windows-made volumes (dissect.fve's
 * test data), and dissect.fve's eow.py describes the same.
 *
 * Regions run into the thousands on large disks, and bde/ allocates
 * nothing: bitmaps are read through the volume's read callback when
 * needed, with a small cache. bde_eow_load() walks them all once at open
 * to check them and count chunks.
 */
#ifndef BDE_EOW_H
#define BDE_EOW_H

#include <stdint.h>

struct bde_volume;

/* Why the information cannot be used (bde_eow_problem_name() in English). */
enum bde_eow_problem {
	BDE_EOW_PROBLEM_NONE,
	BDE_EOW_INFO_UNREADABLE,   /* an information block lies where it cannot be read */
	BDE_EOW_NO_VALID_INFO,     /* neither block is whole and understood */
	BDE_EOW_OUT_OF_ORDER,      /* bitmaps or regions not in ascending order */
};

#define BDE_EOW_CACHE 4
#define BDE_EOW_WINDOW 4096   /* a bitmap (0x600 in the samples) in one read */
#define BDE_EOW_WINDOWS 2     /* the information block's list, and a bitmap */

/* Device bytes read once for the many small reads of one structure. */
struct bde_eow_window {
	uint64_t at;
	uint32_t len;              /* 0: empty */
	uint8_t bytes[BDE_EOW_WINDOW];
};

/* One region's bitmap, as read and checked. */
struct bde_eow_region {
	uint32_t index;            /* in the information block's list */
	uint8_t header_ok;         /* bitmap header whole: the fields below are known */
	uint8_t record_ok;         /* a valid, understood record is current */
	uint8_t used;              /* cache slot holds this region */
	uint64_t bitmap_offset;    /* where the bitmap lies */
	uint32_t bitmap_len;
	uint64_t offset, size;     /* the region it covers */
	uint64_t conv_log_offset;  /* its conversion log (conv_log_len bytes) */
	uint64_t bits_at;          /* disk offset of the current record's bits */
	uint32_t chunks;           /* bits that count; the rest is padding */
	uint64_t sequence;         /* of the current record */
};

/* What is known of a volume's encrypt-on-write state. */
struct bde_eow {
	uint64_t info_offset[2];   /* from the boot sector */
	uint8_t info_ok[2];        /* that copy is whole and understood */
	int info_used;             /* 0 or 1; -1: no valid information block */
	uint32_t info_len;         /* bytes of the block in use */
	uint32_t info_span;        /* ... rounded up to whole sectors */
	uint32_t list_at;          /* bitmap offsets' start inside the block */
	uint32_t chunk_size;
	uint32_t conv_log_len;
	uint32_t regions;
	/* the bounds of all bitmaps and conversion logs, to skip lookups */
	uint64_t areas_start, areas_end;
	/* found at open */
	uint64_t chunks, chunks_encrypted;
	uint32_t bad_regions;      /* regions whose bitmap cannot be trusted */
	uint32_t first_bad_region;
	enum bde_eow_problem problem;  /* why the information cannot be used */
	struct bde_eow_region cache[BDE_EOW_CACHE];
	unsigned cache_next;
	struct bde_eow_window window[BDE_EOW_WINDOWS];
	unsigned window_next;
};

/*
 * On a volume with the encrypt-on-write identifier: read the information
 * blocks and walk every bitmap (vol->eow_map). Where no information block
 * can be used, vol->eow_map.problem says why and the view is uncertain.
 * Returns BDE_OK or BDE_ERR_IO.
 */
int bde_eow_load(struct bde_volume *vol);

/* P in English, for the host tool and the report. */
const char *bde_eow_problem_name(enum bde_eow_problem p);

/* The bitmaps decide what is ciphertext (the information was understood). */
int bde_eow_active(const struct bde_volume *vol);

enum bde_eow_kind {
	BDE_EOW_PLAIN,
	BDE_EOW_ENCRYPTED,
	BDE_EOW_UNKNOWN,    /* in a region whose bitmap cannot be trusted */
};

/*
 * What the disk holds at byte POS (sector aligned) under the bitmaps:
 * *KIND for the next *RUN bytes (at least one sector). Positions no
 * region covers are plaintext past the encrypted size and unknown before
 * it. Returns 0 or -BDE_ERR_IO (a bitmap could not be read).
 */
int bde_eow_classify(struct bde_volume *vol, uint64_t pos, uint64_t *run,
		     enum bde_eow_kind *kind);

/*
 * The encrypt-on-write structures read as zeros in the view (information
 * blocks, bitmaps, conversion logs). If POS lies in one: 1, and *RUN its
 * bytes from POS. Else 0, and *RUN is the distance to the next one (at
 * most the input *RUN). Returns -BDE_ERR_IO if a bitmap could not be read.
 */
int bde_eow_zero_area(struct bde_volume *vol, uint64_t pos, uint64_t *run);

/* Region I's bitmap, read and checked (through the cache). 0 or -BDE_ERR_IO. */
int bde_eow_region(struct bde_volume *vol, uint32_t i, const struct bde_eow_region **out);

#endif
