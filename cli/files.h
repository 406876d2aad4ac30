/** @file
 * The NTFS inside one unlocked volume, shared by `ls` and `cp`.
 */
#ifndef CLI_FILES_H
#define CLI_FILES_H

#include "cli/cli.h"
#include "ntfs/ntfs.h"

/* Small reads (MFT records, index blocks) go through a cache of the view. */
#define FILES_CACHE_BLOCK (64u << 10)
#define FILES_CACHE_SLOTS 64
#define FILES_CACHE_BYTES (FILES_CACHE_SLOTS * FILES_CACHE_BLOCK)

struct files {
	struct bde_volume *vol;
	struct sector_cipher sc;
	struct ntfs_volume *ntfs;
	void *work;                  /* the NTFS reader's work area */
	uint8_t *cache;              /* FILES_CACHE_SLOTS blocks, decrypted */
	uint64_t cache_tag[FILES_CACHE_SLOTS]; /* block number + 1; 0: empty */
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
