/** @file
 * The NTFS inside one unlocked volume, shared by `ls` and `cp`.
 */
#ifndef CLI_FILES_H
#define CLI_FILES_H

#include "bde/io_cache.h"
#include "cli/cli.h"
#include "ntfs/ntfs.h"


struct files {
	struct bde_volume *vol;
	struct sector_cipher sc;
	struct ntfs_volume *ntfs;
	void *work;                  /* the NTFS reader's work area */
	struct io_cache cache;       /* small reads (MFT records, index blocks) */
	uint8_t *cache_blocks;       /* its IO_CACHE_BYTES, decrypted data */
};

/*
 * Pick the one volume of VOLS (more need --partition), unlock it with the
 * key options and open the NTFS in its decrypted view. EXIT_OK, or an exit
 * code (said why on stderr). files_close() undoes it, wiping the key.
 */
int files_open(const struct options *opt, struct found_volume *vols, int n,
	       const char *command, struct files *fs);
void files_close(struct files *fs);

/* PATH's reference: EXIT_OK, EXIT_NOT_FOUND or another exit code (said). */
int files_lookup(struct files *fs, const char *path, uint64_t *ref);

/* Say on stderr why PATH cannot be used. */
void files_say(const char *path, int err);

/* "dir", "file", "junction" or "symlink". */
const char *files_kind(const struct ntfs_info *e);

/* A junction or symlink: shown, never followed. */
int files_is_link(const struct ntfs_info *e);

/*
 * DIR and NAME joined into OUT (MAX bytes) with the separator DIR uses
 * ('\\' unless it has '/'), for messages. -1 if it does not fit.
 */
int files_join(char *out, size_t max, const char *dir, const char *name);

#endif
