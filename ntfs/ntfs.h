/** @file
 * The NTFS reader's API: open a volume, look up paths, list directories,
 * stat and read files. Read-only, portable (no EFI, no allocation, no libc
 * beyond string functions): it reads through `struct bde_io`, so the same
 * code reads the decrypted view of a BitLocker volume on the host and in
 * firmware, or a plain NTFS image.
 *
 * Typical use:
 *
 *	static struct ntfs_volume vol;            // a few KiB
 *	void *work = malloc(NTFS_WORK_BYTES);     // $UpCase, record and block buffers
 *	ntfs_open(&vol, &io, work, NTFS_WORK_BYTES);
 *	ntfs_lookup(&vol, NTFS_ROOT, "\\Users\\Ann", &ref);
 *	struct ntfs_dir dir;  struct ntfs_info e;
 *	ntfs_dir_open(&vol, ref, &dir);
 *	while ((err = ntfs_dir_next(&dir, &e)) != NTFS_END) ...  // e.error: why unreadable
 *	struct ntfs_file f;
 *	ntfs_file_open(&vol, e.ref, &f);
 *	ntfs_file_read(&f, offset, buf, len, &got);
 *
 * Every function returns NTFS_OK (0) or a positive enum ntfs_error value
 * (ntfs_strerror() words it). Every on-disk value is untrusted: a damaged
 * volume gives errors, never a crash, a hang, or made-up data. A file whose
 * data cannot be read (encrypted, online only, WOF-compressed, damaged)
 * fails with the reason, never reads as zeros.
 *
 * The volume's work area is shared by every call on that volume: calls must
 * not run concurrently, but any number of directory iterators and open
 * files may be used in turn (they keep no pointers into the work area).
 */
#ifndef NTFS_NTFS_H
#define NTFS_NTFS_H

#include <stddef.h>
#include <stdint.h>
#include "bde/io.h"

enum ntfs_error {
	NTFS_OK = 0,
	NTFS_END,               /* no more directory entries (not an error) */
	NTFS_ERR_NOT_NTFS,      /* the boot sector is not an NTFS one */
	NTFS_ERR_NOT_FOUND,     /* no such file or directory */
	NTFS_ERR_NOT_DIR,       /* a path component, or the ref, is not a directory */
	NTFS_ERR_IS_DIR,        /* a directory has no data to read */
	NTFS_ERR_CORRUPT,       /* a damaged structure (record, runlist, index, ...) */
	NTFS_ERR_UNSUPPORTED,   /* valid NTFS, but a variant we do not read */
	NTFS_ERR_ENCRYPTED,     /* EFS-encrypted: the data is ciphertext */
	NTFS_ERR_ONLINE_ONLY,   /* a cloud placeholder: the data is not on this disk */
	NTFS_ERR_WOF,           /* WOF/CompactOS-compressed: not read */
	NTFS_ERR_LINK,          /* the path goes through a junction or symlink: not followed */
	NTFS_ERR_BAD_PATH,      /* a path or name too long, or not valid UTF-8 */
	NTFS_ERR_IO,            /* the device failed a read */
	NTFS_ERR_SMALL_BUFFER,  /* the caller's buffer or work area is too small */
};

/* Short English text for an error code ("damaged file system structure"). */
const char *ntfs_strerror(int err);

/* ---- references ------------------------------------------------------------ */

/*
 * A file reference: MFT record number (low 48 bits) and the record's
 * sequence number (high 16 bits). A sequence of 0 matches any (a ref made
 * from a bare record number); otherwise a record whose sequence differs is
 * a deleted file: NTFS_ERR_NOT_FOUND.
 */
#define NTFS_REF_RECORD(ref) ((uint64_t)(ref) & (uint64_t)0xFFFFFFFFFFFF)
#define NTFS_REF_SEQUENCE(ref) ((uint16_t)((ref) >> 48))
#define NTFS_ROOT ((uint64_t)5)    /* the root directory's record */

/* ---- sizes ----------------------------------------------------------------- */

#define NTFS_UPCASE_BYTES 131072     /* $UpCase: 65536 UTF-16 units */
#define NTFS_RECORD_MAX 4096         /* MFT record sizes 1024..4096 */
#define NTFS_INDEX_BLOCK_MAX 65536   /* index block sizes 512..64 KiB */
#define NTFS_CUNIT_MAX 65536         /* a compression unit: 16 clusters <= 4 KiB */
#define NTFS_MFT_RUNS_MAX 4096       /* runs of a fragmented $MFT we keep */
#define NTFS_RECORD_BUFFERS 4

/* The work area ntfs_open needs: $UpCase, the $MFT's runs, buffers. */
#define NTFS_WORK_BYTES (NTFS_UPCASE_BYTES + NTFS_MFT_RUNS_MAX * 24 + \
			 NTFS_RECORD_BUFFERS * NTFS_RECORD_MAX + \
			 NTFS_INDEX_BLOCK_MAX + 2 * NTFS_CUNIT_MAX + 4096)

/* A name: at most 255 UTF-16 units, 3 UTF-8 bytes each, and a NUL. */
#define NTFS_NAME_MAX 255
#define NTFS_NAME_UTF8_MAX (3 * NTFS_NAME_MAX + 1)
#define NTFS_LABEL_UTF8_MAX (3 * 128 + 1)

/* ---- volume ------------------------------------------------------------------ */

struct ntfs_volume {
	/* geometry, from the boot sector */
	uint32_t sector_size;        /* 512 .. 4096 */
	uint32_t cluster_size;       /* 512 B .. 2 MiB */
	uint32_t record_size;        /* MFT record: 1024 .. 4096 */
	uint32_t index_block_size;   /* directory index block: 512 .. 64 KiB */
	uint64_t total_clusters;
	uint64_t size;               /* bytes: total sectors * sector size */
	uint64_t serial;             /* volume serial number */
	uint64_t mft_lcn, mftmirr_lcn;
	uint64_t mft_records;        /* records $MFT's data holds */

	/* from $Volume (empty / 0 where it could not be read) */
	char label[NTFS_LABEL_UTF8_MAX];   /* UTF-8 */
	uint8_t version_major, version_minor;
	uint16_t volume_flags;       /* 1 = dirty (not cleanly unmounted) */

	/* private */
	struct bde_io io;
	uint8_t *work;
	uint16_t *upcase;            /* in work */
	struct ntfs_run *mft_runs;   /* in work */
	uint32_t mft_run_count;
	uint8_t *rec[NTFS_RECORD_BUFFERS]; /* in work */
	uint64_t rec_key[NTFS_RECORD_BUFFERS]; /* which record each holds */
	uint8_t *index_buf;          /* in work */
	uint8_t *cunit_raw, *cunit_out; /* in work */
	uint64_t index_buf_key[2];   /* which block index_buf holds */
	uint64_t cunit_key[2];       /* which compression unit cunit_out holds */
	uint32_t cunit_len;
	int upcase_loaded;
};

/*
 * Open the NTFS on IO (copied; IO's ctx must stay valid). WORK is
 * WORK_LEN >= NTFS_WORK_BYTES bytes of the caller's memory (any
 * alignment), used until the volume is no longer used. Reads the boot
 * sector (any sector size 512..4096 whose bytes-per-sector field says so),
 * $MFT's record and runlist (an $ATTRIBUTE_LIST too), $UpCase and $Volume.
 * NTFS_ERR_NOT_NTFS if the boot sector is not NTFS, NTFS_ERR_CORRUPT if
 * the metadata files are damaged, NTFS_ERR_UNSUPPORTED for geometry
 * outside the limits above, NTFS_ERR_SMALL_BUFFER if WORK is too small.
 */
int ntfs_open(struct ntfs_volume *vol, const struct bde_io *io, void *work, size_t work_len);

/*
 * Free space in bytes, from $Bitmap (reads all of it: on a large volume
 * that is megabytes, so only when asked).
 */
int ntfs_free_space(struct ntfs_volume *vol, uint64_t *free_bytes);

/* ---- file information ------------------------------------------------------- */

/* Windows' FILE_ATTRIBUTE_* bits, as $STANDARD_INFORMATION holds them. */
#define NTFS_ATTR_READONLY    0x0001u
#define NTFS_ATTR_HIDDEN      0x0002u
#define NTFS_ATTR_SYSTEM      0x0004u
#define NTFS_ATTR_DIRECTORY   0x0010u  /* set by us for directories */
#define NTFS_ATTR_ARCHIVE     0x0020u
#define NTFS_ATTR_SPARSE      0x0200u
#define NTFS_ATTR_REPARSE     0x0400u
#define NTFS_ATTR_COMPRESSED  0x0800u
#define NTFS_ATTR_OFFLINE     0x1000u
#define NTFS_ATTR_ENCRYPTED   0x4000u
#define NTFS_ATTR_RECALL_ON_OPEN        0x00040000u
#define NTFS_ATTR_PINNED                0x00080000u
#define NTFS_ATTR_UNPINNED              0x00100000u
#define NTFS_ATTR_RECALL_ON_DATA_ACCESS 0x00400000u

/* What a reparse point is (shown, never followed). */
enum ntfs_reparse_kind {
	NTFS_REPARSE_NONE = 0,
	NTFS_REPARSE_JUNCTION,       /* mount point: a directory elsewhere */
	NTFS_REPARSE_SYMLINK,
	NTFS_REPARSE_CLOUD,          /* OneDrive & co: a cloud files placeholder */
	NTFS_REPARSE_WOF,            /* WOF / CompactOS compressed */
	NTFS_REPARSE_DEDUP,          /* Data Deduplication: data in a chunk store */
	NTFS_REPARSE_OTHER,
};

/* Our flags, ntfs_info.flags. */
#define NTFS_F_DIR          0x0001u
#define NTFS_F_COMPRESSED   0x0002u  /* LZNT1 (read) */
#define NTFS_F_SPARSE       0x0004u
#define NTFS_F_ENCRYPTED    0x0008u  /* EFS (not read) */
#define NTFS_F_REPARSE      0x0010u  /* see reparse_kind */
#define NTFS_F_ONLINE_ONLY  0x0020u  /* cloud placeholder whose data is not here */
#define NTFS_F_STREAMS      0x0040u  /* has named data streams (not listed) */
#define NTFS_F_METAFILE     0x0080u  /* an NTFS system file ($MFT, ... record < 24) */

struct ntfs_info {
	uint64_t ref;                /* file reference (record | sequence << 48) */
	uint64_t parent_ref;         /* from the name's $FILE_NAME */
	uint64_t size;               /* bytes of the unnamed data stream; 0 for directories */
	uint64_t allocated;          /* bytes it takes on disk (compressed/sparse: less) */
	/* Windows FILETIMEs: 100 ns units since 1601-01-01 UTC ($STANDARD_INFORMATION) */
	uint64_t created, modified, mft_changed, accessed;
	uint32_t attributes;         /* NTFS_ATTR_* (Windows' FILE_ATTRIBUTE_*) */
	uint32_t flags;              /* NTFS_F_* */
	uint32_t reparse_tag;        /* IO_REPARSE_TAG_*, 0 if none */
	enum ntfs_reparse_kind reparse_kind;
	uint16_t links;              /* hard links (names other than DOS 8.3 aliases) */
	uint8_t name_space;          /* 0 POSIX, 1 Win32, 3 Win32 & DOS */
	/*
	 * Why this file's data cannot be read (NTFS_ERR_ENCRYPTED,
	 * NTFS_ERR_ONLINE_ONLY, NTFS_ERR_WOF, NTFS_ERR_CORRUPT, ...), or
	 * NTFS_OK. For a listed entry whose MFT record is damaged, only
	 * the name and ref are filled in and error says why.
	 */
	int error;
	uint16_t name16_len;         /* UTF-16 units in name16 */
	uint16_t name16[NTFS_NAME_MAX];
	char name[NTFS_NAME_UTF8_MAX]; /* UTF-8, NUL-terminated */
};

/*
 * Stat the file or directory REF. Its name is the first non-DOS
 * $FILE_NAME of its record (a file with hard links has several).
 * NTFS_ERR_NOT_FOUND for a record not in use or whose sequence differs,
 * NTFS_ERR_CORRUPT for a damaged record. INFO->error says whether the
 * data could be read (ntfs_stat itself returns NTFS_OK then).
 */
int ntfs_stat(struct ntfs_volume *vol, uint64_t ref, struct ntfs_info *info);

/*
 * Look up PATH (UTF-8; '\\' or '/' separate components; case-insensitive
 * through $UpCase, exact case preferred; "." and ".." understood) from the
 * directory START, or from the root if PATH begins with a separator. An
 * empty path is START itself. Junctions and symlinks in the middle of a
 * path are not followed: NTFS_ERR_LINK. Errors: NTFS_ERR_NOT_FOUND,
 * NTFS_ERR_NOT_DIR, NTFS_ERR_BAD_PATH, NTFS_ERR_CORRUPT, NTFS_ERR_IO.
 */
int ntfs_lookup(struct ntfs_volume *vol, uint64_t start, const char *path, uint64_t *ref);

/*
 * For a junction or symlink, its target as Windows prints it (UTF-8,
 * e.g. "C:\\Users\\Ann"), into OUT of OUT_MAX bytes.
 * NTFS_ERR_NOT_FOUND if REF is not such a reparse point.
 */
int ntfs_reparse_target(struct ntfs_volume *vol, uint64_t ref, char *out, size_t out_max);

/* ---- directories --------------------------------------------------------------- */

#define NTFS_DIR_DEPTH_MAX 24

/* A directory iterator: caller-allocated; holds no pointers into the work area. */
struct ntfs_dir {
	struct ntfs_volume *vol;
	uint64_t ref;                /* the directory */
	uint32_t depth;              /* levels in stack: 0 = not started */
	struct {
		uint64_t vcn;        /* index block (level 0: $INDEX_ROOT) */
		uint32_t offset;     /* next entry, bytes into the block */
	} stack[NTFS_DIR_DEPTH_MAX];
	uint64_t blocks_entered;     /* bounds the walk: a block is entered once */
	uint64_t blocks_max;
	int done;
	/* the last entry passed: each must sort after it, or the tree is damaged */
	uint16_t last_len;
	uint16_t last[NTFS_NAME_MAX];
};

/*
 * Start listing directory REF. NTFS_ERR_NOT_DIR if it is not one;
 * NTFS_ERR_LINK for a junction or symlink (whose own index is empty:
 * listing it would not show its target).
 */
int ntfs_dir_open(struct ntfs_volume *vol, uint64_t ref, struct ntfs_dir *dir);

/*
 * The next entry in the directory's collation order (case-insensitive by
 * name), with DOS 8.3 aliases and the root's own "." entry left out.
 * ENTRY is filled from the entry's MFT record (sizes, times, flags) and
 * its name from the index. Returns NTFS_OK, NTFS_END when done, or an
 * error for a damaged index (NTFS_ERR_CORRUPT, NTFS_ERR_IO): the iterator
 * has then skipped the damaged part and the next call goes on with the
 * rest. A damaged file record is not an error of the listing: the entry is
 * returned with ENTRY->error set.
 */
int ntfs_dir_next(struct ntfs_dir *dir, struct ntfs_info *entry);

/* Call FN for each entry of directory REF; FN returns 0 to go on, non-zero to stop
 * (that value is returned). Errors of the index are passed to FN as ERR, with
 * ENTRY NULL, and the listing goes on. */
typedef int (*ntfs_list_fn)(void *ctx, const struct ntfs_info *entry, int err);
int ntfs_list(struct ntfs_volume *vol, uint64_t ref, ntfs_list_fn fn, void *ctx);

/* ---- file data ----------------------------------------------------------------- */

/* An open file's unnamed data stream: caller-allocated; no pointers into the work area. */
struct ntfs_file {
	struct ntfs_volume *vol;
	uint64_t ref;
	uint64_t size;               /* bytes */
	/* private */
	uint64_t initialized;        /* bytes written; beyond reads as zeros */
	uint64_t allocated;
	uint32_t attr_type;
	uint8_t resident, compressed, has_attr_list;
	uint8_t cunit_shift;         /* log2 clusters per compression unit */
	uint32_t resident_offset;    /* of the value, in the base record */
	/* a cursor into the runlist, so sequential reads go on where the last stopped */
	uint64_t cur_extent_record;  /* record holding the current extent */
	uint64_t cur_extent_lowest, cur_extent_highest;
	uint32_t cur_attr_offset;    /* of the extent's attribute in that record */
	uint32_t cur_pairs;          /* offset of the next mapping pair in it */
	uint64_t cur_vcn;            /* VCN and LCN where that pair's run starts */
	int64_t cur_lcn;
	int cur_valid;
	uint64_t run_vcn, run_len, run_lcn; /* the last run found (run_lcn ~0 = sparse) */
	int run_valid;
};

/*
 * Open REF's unnamed $DATA for reading. Fails with the reason the data
 * cannot be read: NTFS_ERR_IS_DIR, NTFS_ERR_ENCRYPTED,
 * NTFS_ERR_ONLINE_ONLY, NTFS_ERR_WOF, NTFS_ERR_UNSUPPORTED (e.g. a
 * compression other than LZNT1 on <= 4 KiB clusters, deduplicated data),
 * NTFS_ERR_CORRUPT, NTFS_ERR_NOT_FOUND, NTFS_ERR_IO.
 */
int ntfs_file_open(struct ntfs_volume *vol, uint64_t ref, struct ntfs_file *f);

/*
 * Read up to LEN bytes at OFFSET into BUF; *GOT is the number read (less
 * than LEN only at the end of the file, 0 at or past it). Sparse ranges
 * and bytes past the initialized size read as zeros (as Windows does);
 * any damage (a run off the volume, a bad compression unit) is an error,
 * never zeros.
 */
int ntfs_file_read(struct ntfs_file *f, uint64_t offset, void *buf, size_t len, size_t *got);

/* ---- times ------------------------------------------------------------------------ */

struct ntfs_time {
	uint16_t year;               /* 1601 .. 30828 */
	uint8_t month, day;          /* 1-12, 1-31 */
	uint8_t hour, minute, second;
	uint32_t nanosecond;
};

/* A FILETIME (100 ns since 1601-01-01 UTC) as a UTC calendar date. */
void ntfs_time_split(uint64_t filetime, struct ntfs_time *t);

/* A FILETIME as seconds since 1970-01-01 UTC (negative before). */
int64_t ntfs_time_unix(uint64_t filetime);

#endif
