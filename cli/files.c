/** @file
 * The NTFS inside one unlocked volume, for `ls` and `cp`: the volume is
 * picked (one, or --partition), unlocked with the key options (cli/key.c),
 * and its decrypted view (bde_read_decrypted) is the NTFS reader's device.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bde/eow.h"
#include "cli/bigbuf.h"
#include "cli/files.h"

/* The decrypted view, the NTFS reader's device (through the cache). A
 * sector a damaged encrypt-on-write bitmap leaves unknown fails the read,
 * so the file that needs it is reported, never made of guesses. */
static int view_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct files *fs = ctx;

	return bde_read_decrypted(fs->vol, &fs->sc, offset, buf, len) != BDE_OK;
}

static int ntfs_exit_code(int err)
{
	return err == NTFS_ERR_IO ? EXIT_IO : EXIT_BAD_INPUT;
}

int files_open(const struct options *opt, struct found_volume *vols, int n,
	       const char *command, struct files *fs)
{
	struct bde_io io;
	int r;

	if (n > 1) {
		fprintf(stderr, "bitrescue: %d BitLocker partitions: pick one with --partition\n", n);
		return EXIT_USAGE;
	}
	r = key_prepare(opt, vols, n, command);
	if (r != EXIT_OK)
		return r;
	fs->vol = vols[0].vol;
	r = key_unlock(opt, fs->vol, &fs->sc);
	key_forget();
	if (r != BDE_OK) {
		fprintf(stderr, "bitrescue: %s\n", bde_strerror(r));
		return exit_code_for(r);
	}
	if (bde_view_uncertain(fs->vol))
		fprintf(stderr, "bitrescue: warning: the decrypted view is uncertain (%s): "
			"files are read all the same; free space may read as noise\n",
			bde_eow_problem_name(fs->vol->eow_map.problem));
	fs->ntfs = malloc(sizeof(*fs->ntfs));
	fs->work = bigbuf_alloc(NTFS_WORK_BYTES);
	fs->cache_blocks = bigbuf_alloc(IO_CACHE_BYTES);
	if (!fs->ntfs || !fs->work || !fs->cache_blocks) {
		fprintf(stderr, "bitrescue: out of memory\n");
		files_close(fs);
		return EXIT_IO;
	}
	/* listing 10,000 names: 243 device reads, not 11,072 */
	io_cache_init(&fs->cache, &(struct bde_io){ view_read, fs, bde_view_size(fs->vol) },
		      fs->cache_blocks, &io);
	r = ntfs_open(fs->ntfs, &io, fs->work, NTFS_WORK_BYTES);
	if (r != NTFS_OK) {
		fprintf(stderr, "bitrescue: the unlocked volume's file system: %s%s\n",
			ntfs_strerror(r), r == NTFS_ERR_NOT_NTFS ?
			" (ls and cp read NTFS only; unlock --output gives the whole volume)" : "");
		files_close(fs);
		return ntfs_exit_code(r);
	}
	return EXIT_OK;
}

void files_close(struct files *fs)
{
	bigbuf_free(fs->work, NTFS_WORK_BYTES);
	bigbuf_free(fs->cache_blocks, IO_CACHE_BYTES);
	free(fs->ntfs);
	fs->work = NULL;
	fs->ntfs = NULL;
	fs->cache_blocks = NULL;
	sector_cipher_wipe(&fs->sc);
}

int files_lookup(struct files *fs, const char *path, uint64_t *ref)
{
	int r = ntfs_lookup(fs->ntfs, NTFS_ROOT, path, ref);

	if (r == NTFS_OK)
		return EXIT_OK;
	files_say(path, r);
	return r == NTFS_ERR_NOT_FOUND || r == NTFS_ERR_NOT_DIR || r == NTFS_ERR_LINK ||
	       r == NTFS_ERR_BAD_PATH ? EXIT_NOT_FOUND : ntfs_exit_code(r);
}

const char *files_kind(const struct ntfs_info *e)
{
	if (e->flags & NTFS_F_REPARSE) {
		if (e->reparse_kind == NTFS_REPARSE_JUNCTION)
			return "junction";
		if (e->reparse_kind == NTFS_REPARSE_SYMLINK)
			return "symlink";
	}
	return e->flags & NTFS_F_DIR ? "dir" : "file";
}

int files_is_link(const struct ntfs_info *e)
{
	return (e->flags & NTFS_F_REPARSE) && (e->reparse_kind == NTFS_REPARSE_JUNCTION ||
					       e->reparse_kind == NTFS_REPARSE_SYMLINK);
}

void files_say(const char *path, int err)
{
	int root = !path[strspn(path, "\\/")];

	fprintf(stderr, "bitrescue: %s%s: %s\n", path, root ? " (the root directory)" : "",
		ntfs_strerror(err));
}

int files_join(char *out, size_t max, const char *dir, const char *name)
{
	size_t n = strlen(dir);
	int sep = strchr(dir, '/') ? '/' : '\\';
	int ends = n && (dir[n - 1] == '/' || dir[n - 1] == '\\');

	return (size_t)snprintf(out, max, "%s%s%s", dir, ends ? "" : (sep == '/' ? "/" : "\\"),
				name) >= max ? -1 : 0;
}
