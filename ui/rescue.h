/** @file
 * Copying files off an unlocked volume to a stick: what is read (a
 * source: the volume's folders and files), where it goes (a target: a
 * writable FAT volume), and the copy itself with its plan, free-space
 * check, progress, stop and record of what was skipped and why.
 *
 * Portable: efi/ supplies the source (ntfs/ on the decrypted view) and
 * the targets (the firmware's FAT driver); the host tests supply fakes.
 * Paths are UTF-8 with '/' between names, "/" the root. Nothing is
 * written but through the target; the source is only read.
 */
#ifndef UI_RESCUE_H
#define UI_RESCUE_H

#include <stddef.h>
#include <stdint.h>

/* An NTFS name is at most 255 UTF-16 units: 3 UTF-8 bytes each. */
#define RESCUE_NAME_MAX 768
#define RESCUE_PATH_MAX 2048
/* Folders below a marked one: deeper ones are skipped with a reason
 * (each level holds the source's listing state on the stack). */
#define RESCUE_MAX_DEPTH 48

/* What a folder entry is (struct rescue_entry.flags). */
enum rescue_flag {
	RESCUE_DIR          = 1u << 0,
	RESCUE_ONLINE_ONLY  = 1u << 1,   /* cloud placeholder: not on this disk */
	RESCUE_EFS          = 1u << 2,   /* encrypted by Windows (EFS) */
	RESCUE_JUNCTION     = 1u << 3,   /* listed, never followed */
	RESCUE_SYMLINK      = 1u << 4,
	RESCUE_WOF          = 1u << 5,   /* CompactOS/WOF-compressed */
	RESCUE_COMPRESSED   = 1u << 6,   /* NTFS (LZNT1) compression: readable */
	RESCUE_SPARSE       = 1u << 7,
	RESCUE_REPARSE      = 1u << 8,   /* another kind of reparse point */
	RESCUE_UNREADABLE   = 1u << 9,   /* the source cannot read it: .why says */
	RESCUE_HIDDEN       = 1u << 10,
	RESCUE_SYSTEM       = 1u << 11,
};

/* Why something was not copied (0: it was). */
enum rescue_why {
	RESCUE_COPIED = 0,
	RESCUE_WHY_ONLINE_ONLY,
	RESCUE_WHY_EFS,
	RESCUE_WHY_LINK,          /* junction or symbolic link: not followed */
	RESCUE_WHY_WOF,
	RESCUE_WHY_REPARSE,
	RESCUE_WHY_DAMAGED,       /* the source found its records damaged */
	RESCUE_WHY_READ_ERROR,
	RESCUE_WHY_NOT_FOUND,
	RESCUE_WHY_WRITE_ERROR,
	RESCUE_WHY_FULL,
	RESCUE_WHY_EXISTS,        /* on the stick already, and kept */
	RESCUE_WHY_TOO_DEEP,
	RESCUE_WHY_TOO_LARGE,     /* more parts than SPLIT_MAX_PARTS */
	RESCUE_WHY_NAME,          /* path too long for us */
	RESCUE_WHY_STOPPED,       /* Esc */
	RESCUE_WHY_COUNT
};

struct rescue_entry {
	char name[RESCUE_NAME_MAX];   /* UTF-8, never "." or ".." */
	uint64_t size;                /* bytes (a file's data) */
	uint64_t mtime;               /* FILETIME, 0: unknown */
	uint32_t flags;               /* enum rescue_flag */
	uint8_t why;                  /* with RESCUE_UNREADABLE: enum rescue_why */
};

/* Called for each entry of a folder; nonzero stops the listing. */
typedef int (*rescue_each_fn)(void *arg, const struct rescue_entry *e);

struct rescue_source {
	void *ctx;
	/* Each entry of folder PATH. Returns 0, or an enum rescue_why. */
	int (*list)(void *ctx, const char *path, rescue_each_fn each, void *arg);
	/* LEN bytes of file PATH from OFFSET into BUF (all of them, within
	 * its size). Returns 0, or an enum rescue_why. */
	int (*read)(void *ctx, const char *path, uint64_t offset, void *buf,
		    size_t len);
	/* What PATH itself is (for a marked path), 0 or an enum rescue_why. */
	int (*stat)(void *ctx, const char *path, struct rescue_entry *e);
};

/* A writable volume files can be copied to. */
struct rescue_target {
	char name[80];             /* how the user knows it: "USB 1 (boot stick)" */
	uint64_t free_bytes;
	uint32_t cluster_bytes;    /* its allocation unit: files take whole ones */
	void *ctx;
	/* Does PATH exist? 1 yes, 0 no. */
	int (*exists)(void *ctx, const char *path);
	/* Make folder PATH and any missing above it: 0 or an enum rescue_why. */
	int (*mkdir)(void *ctx, const char *path);
	/* Create PATH, replacing an old one (the user was asked). */
	int (*create)(void *ctx, const char *path, void **file);
	int (*write)(void *ctx, void *file, const void *buf, size_t len);
	/* Flush and close; 0 or an enum rescue_why. */
	int (*close)(void *ctx, void *file);
	/* Close and delete a file the copy could not finish. */
	void (*remove)(void *ctx, void *file);
};

/* One thing not copied, for the summary. */
struct rescue_skip {
	char path[160];            /* the source path, its end kept if long */
	uint8_t why;               /* enum rescue_why */
};

struct rescue_job;
/* Called during the copy (after each chunk and file): nonzero stops it. */
typedef int (*rescue_tick_fn)(void *arg, const struct rescue_job *j);

struct rescue_job {
	/* Filled by the caller */
	const struct rescue_source *src;
	const struct rescue_target *dst;
	const char (*marked)[RESCUE_PATH_MAX]; /* source paths, each a file or folder */
	unsigned n_marked;
	const char *dest_root;         /* "/bitrescue/rescued/OS" on the target */
	void *buf;                     /* the copy's buffer */
	size_t buf_size;
	struct rescue_skip *skipped;   /* room for the summary */
	unsigned max_skipped;
	rescue_tick_fn tick;
	void *tick_arg;
	int overwrite;                 /* replace files already on the stick */

	/* rescue_plan() */
	unsigned files_total;          /* files to copy (not skipped ones) */
	uint64_t bytes_total;
	uint64_t bytes_needed;         /* on the target, whole clusters */
	unsigned existing;             /* files that are on the stick already */
	unsigned skips_planned;        /* known unreadable before copying */

	/* rescue_copy() */
	unsigned files_done;
	uint64_t bytes_done;           /* the bar: copied or passed over */
	uint64_t bytes_copied;         /* of the files copied whole */
	unsigned n_skipped;            /* all of them; the first max_skipped kept */
	int stopped;
	const char *current;           /* the file being copied (source path) */

	/* Working paths */
	char src_path[RESCUE_PATH_MAX];
	char dst_path[RESCUE_PATH_MAX];
	unsigned depth;
	int pass;                      /* 0 planning, 1 copying */
};

/* Walk the marked paths: count files and bytes, the room they need on
 * the target and the files already there (nothing is written). */
void rescue_plan(struct rescue_job *j);

/* Does the plan fit? (bytes_needed against the target's free space) */
int rescue_fits(const struct rescue_job *j);

/* Copy (after rescue_plan). Returns the number of files copied. */
unsigned rescue_copy(struct rescue_job *j);

/* The name of the folder on the stick for a volume: LABEL when it has
 * one, else SERIAL, with characters FAT cannot hold replaced. */
void rescue_volume_folder(char *out, size_t max, const char *label,
			  const char *serial);

#endif
