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

/*
 * A small read that fits in one cache block, served from the cache (the
 * block read and decrypted once): 1, or 0 if it is not cacheable (the
 * caller reads it directly, and so sees any error of its own bytes).
 * The reader takes a directory's entries one MFT record (1 KiB) at a
 * time: without this, listing 10,000 names is 10,000 device reads.
 */
static int read_cached(struct files *fs, uint64_t offset, void *buf, size_t len)
{
	uint64_t block = offset / FILES_CACHE_BLOCK, start = block * FILES_CACHE_BLOCK;
	uint64_t size = bde_view_size(fs->vol);
	unsigned slot = (unsigned)(block % FILES_CACHE_SLOTS);
	uint8_t *data;
	size_t n;

	if (!fs->cache || len == 0 || len >= FILES_CACHE_BLOCK || start >= size ||
	    (offset + len - 1) / FILES_CACHE_BLOCK != block)
		return 0;
	data = fs->cache + (size_t)slot * FILES_CACHE_BLOCK;
	n = size - start < FILES_CACHE_BLOCK ? (size_t)(size - start) : FILES_CACHE_BLOCK;
	if (offset + len > start + n)
		return 0;
	if (fs->cache_tag[slot] != block + 1) {
		fs->cache_tag[slot] = 0;
		/* a block the view cannot give whole (a damaged bitmap's
		 * sectors, an image cut short) is read piece by piece */
		if (bde_read_decrypted(fs->vol, &fs->sc, start, data, n) != BDE_OK)
			return 0;
		fs->cache_tag[slot] = block + 1;
	}
	memcpy(buf, data + (offset - start), len);
	return 1;
}

/* The NTFS reader's read callback: the decrypted view. A sector a damaged
 * encrypt-on-write bitmap leaves unknown fails the read, so the file that
 * needs it is reported, never made of guesses. */
static int view_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct files *fs = ctx;

	if (read_cached(fs, offset, buf, len))
		return 0;
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
	fs->cache = bigbuf_alloc(FILES_CACHE_BYTES);
	memset(fs->cache_tag, 0, sizeof(fs->cache_tag));
	if (!fs->ntfs || !fs->work || !fs->cache) {
		fprintf(stderr, "bitrescue: out of memory\n");
		files_close(fs);
		return EXIT_IO;
	}
	io.read = view_read;
	io.ctx = fs;
	io.size = bde_view_size(fs->vol);
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
	bigbuf_free(fs->cache, FILES_CACHE_BYTES);
	free(fs->ntfs);
	fs->work = NULL;
	fs->ntfs = NULL;
	fs->cache = NULL;
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
