/** @file
 * `bitrescue cp`: copy a file, or with -r a directory tree, out of the
 * unlocked NTFS volume.
 *
 * What cannot be copied is said, never guessed: a file whose data is not
 * here or cannot be read (EFS, online-only, WOF, damaged) is not written,
 * and a read that fails halfway removes what was written of it. Existing
 * files are never overwritten (O_EXCL); existing directories are copied
 * into. Junctions and symlinks are not followed. A name that could leave
 * the destination ('/', ".", "..") is refused. The summary on stderr lists
 * every file not copied and why; then the exit code is 8.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/bigbuf.h"
#include "cli/files.h"

#define CHUNK (1u << 20)
#define HOLE_BLOCK (64u << 10) /* zeros this long, aligned, are left as a hole */
#define DEPTH_MAX 256        /* directory levels: a damaged volume may loop */

struct copy {
	struct files *fs;
	uint8_t *buf;                /* CHUNK bytes */
	unsigned long files, dirs, failed, links;
	uint64_t bytes;
	char *notes;                 /* the summary's lines, one a problem */
	size_t notes_len;
	int dest_full;               /* ENOSPC: stop */
	uint64_t ancestors[DEPTH_MAX];
	unsigned depth;
};

/* Ctrl-C: the file being copied is removed, the summary still said. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Keep a line for the summary: SRC (the NTFS path) and why. */
static void note(struct copy *c, int failed, const char *src, const char *why)
{
	size_t add = strlen(src) + strlen(why) + 8;
	char *grown = realloc(c->notes, c->notes_len + add);

	if (failed)
		c->failed++;
	else
		c->links++;
	if (!grown)
		return;
	c->notes = grown;
	c->notes_len += (size_t)snprintf(c->notes + c->notes_len, add, "  %s: %s\n", src, why);
}

static void note_errno(struct copy *c, const char *src, const char *dst, int err)
{
	char why[PATH_MAX + 64];

	snprintf(why, sizeof(why), "%s: %s", dst, err == EEXIST ?
		 "already exists: not overwritten" : strerror(err));
	note(c, 1, src, why);
	if (err == ENOSPC)
		c->dest_full = 1;
}

static int all_zero(const uint8_t *p, size_t n)
{
	return n == 0 || (p[0] == 0 && !memcmp(p, p + 1, n - 1));
}

static void set_times(int fd, uint64_t filetime)
{
	struct timespec t[2];

	t[0].tv_sec = t[1].tv_sec = (time_t)ntfs_time_unix(filetime);
	t[0].tv_nsec = t[1].tv_nsec = (long)(filetime % 10000000u) * 100;
	futimens(fd, t);
}

/* Write all N bytes at the file's position. */
static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The length of the block at AT of N bytes. */
static size_t block_len(size_t at, size_t n)
{
	return n - at < HOLE_BLOCK ? n - at : HOLE_BLOCK;
}

/* Write N bytes at the file's position: zero blocks become holes, each
 * run of data between them one write. *HOLE_AT_END says whether the file
 * now ends in a hole (its length is then set at the end). */
static int put(int fd, const uint8_t *p, size_t n, int *hole_at_end)
{
	size_t at = 0;

	while (at < n) {
		int zero = all_zero(p + at, block_len(at, n));
		size_t end = at;

		while (end < n && all_zero(p + end, block_len(end, n)) == zero)
			end += block_len(end, n);
		if (zero ? lseek(fd, (off_t)(end - at), SEEK_CUR) < 0 :
			   write_all(fd, p + at, end - at))
			return -1;
		*hole_at_end = zero;
		at = end;
	}
	return 0;
}

/*
 * Where a copy goes: NAME in the directory AT (an open directory, or
 * AT_FDCWD), shown to the user as PATH. Creating by directory and name
 * keeps each file in the directory made for it, whatever is renamed
 * meanwhile, and spares the kernel the walk of the whole path per file.
 */
struct place {
	int at;
	const char *name;
	const char *path;
};

/* Copy the data of E (at SRC) to the new file TO. */
static void copy_file(struct copy *c, const struct ntfs_info *e, const char *src,
		      const struct place *to)
{
	struct ntfs_file f;
	uint64_t pos = 0;
	int r = ntfs_file_open(c->fs->ntfs, e->ref, &f), fd, werr = 0, hole_at_end = 0;
	const char *dst = to->path;

	if (r != NTFS_OK) {
		note(c, 1, src, ntfs_strerror(r));
		return;
	}
	fd = openat(to->at, to->name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		note_errno(c, src, dst, errno);
		return;
	}
	while (pos < f.size && !interrupted) {
		size_t got = 0;

		r = ntfs_file_read(&f, pos, c->buf, CHUNK, &got);
		if (r == NTFS_OK && got == 0)
			r = NTFS_ERR_CORRUPT;  /* shorter than its size says */
		if (r != NTFS_OK)
			break;
		if (put(fd, c->buf, got, &hole_at_end)) {
			werr = errno;
			break;
		}
		pos += got;
	}
	if (r == NTFS_OK && !werr && interrupted)
		werr = EINTR;
	/* a file ending in a hole gets its length */
	if (r == NTFS_OK && !werr && hole_at_end && ftruncate(fd, (off_t)f.size))
		werr = errno;
	if (r == NTFS_OK && !werr)
		set_times(fd, e->modified);
	if (close(fd) && !werr)
		werr = errno;
	if (r != NTFS_OK || werr) {
		char why[128];

		/* half a file must not pass for the file */
		unlinkat(to->at, to->name, 0);
		if (werr) {
			note_errno(c, src, dst, werr);
			return;
		}
		snprintf(why, sizeof(why), "%s (at byte %llu)", ntfs_strerror(r),
			 (unsigned long long)pos);
		note(c, 1, src, why);
		return;
	}
	c->files++;
	c->bytes += f.size;
}

/* NAME is a single component that stays inside the destination. */
static int safe_name(const char *name)
{
	return name[0] && strcmp(name, ".") && strcmp(name, "..") && !strchr(name, '/');
}

static void copy_entry(struct copy *c, const struct ntfs_info *e, const char *src,
		       const struct place *to);

/*
 * Open directory TO, made now or there already, for the files made in it.
 * Inside the copy an existing symlink is not followed: what is copied
 * stays under DEST. A file in the way reads as "already exists".
 */
static int open_dir(const struct place *to)
{
	int nofollow = to->at == AT_FDCWD ? 0 : O_NOFOLLOW, fd, made;

	made = !mkdirat(to->at, to->name, 0755);
	if (!made && errno != EEXIST)
		return -1;
	fd = openat(to->at, to->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | nofollow);
	if (fd < 0 && !made && (errno == ENOTDIR || errno == ELOOP))
		errno = EEXIST;
	return fd;
}

/* Make directory TO (or use it if it is one) and copy directory E into it. */
static void copy_dir(struct copy *c, const struct ntfs_info *e, const char *src,
		     const struct place *to)
{
	struct ntfs_dir dir;
	struct ntfs_info *child;
	char *csrc, *cdst;      /* on the heap: a level of a deep tree costs little stack */
	int r, fd;

	if (c->depth == DEPTH_MAX) {
		note(c, 1, src, "too deep (a damaged volume's loop?): not copied");
		return;
	}
	for (unsigned i = 0; i < c->depth; i++)
		if (NTFS_REF_RECORD(c->ancestors[i]) == NTFS_REF_RECORD(e->ref)) {
			note(c, 1, src, "the directory contains itself (damaged volume): "
			     "not copied again");
			return;
		}
	fd = open_dir(to);
	if (fd < 0) {
		note_errno(c, src, to->path, errno);
		return;
	}
	r = ntfs_dir_open(c->fs->ntfs, e->ref, &dir);
	child = malloc(sizeof(*child));
	csrc = malloc(2 * PATH_MAX);
	cdst = csrc ? csrc + PATH_MAX : NULL;
	if (r == NTFS_OK && (!child || !csrc))
		r = NTFS_ERR_SMALL_BUFFER;
	c->ancestors[c->depth++] = e->ref;
	while (r == NTFS_OK && !c->dest_full && !interrupted) {
		struct place in = { fd, NULL, cdst };

		r = ntfs_dir_next(&dir, child);
		if (r == NTFS_END)
			break;
		if (r != NTFS_OK) {
			char why[128];

			/* a damaged part of the index: its names are lost, the rest is copied */
			snprintf(why, sizeof(why), "listing: %s: some names may be missing",
				 ntfs_strerror(r));
			note(c, 1, src, why);
			r = NTFS_OK;
			continue;
		}
		if (child->flags & NTFS_F_METAFILE)
			continue;
		if (files_join(csrc, PATH_MAX, src, child->name) ||
		    (size_t)snprintf(cdst, PATH_MAX, "%s/%s", to->path, child->name) >= PATH_MAX) {
			note(c, 1, child->name, "the path is too long here");
			continue;
		}
		if (!safe_name(child->name)) {
			note(c, 1, csrc, "a name this system cannot hold: not copied");
			continue;
		}
		in.name = child->name;
		copy_entry(c, child, csrc, &in);
	}
	c->depth--;
	if (r != NTFS_OK && r != NTFS_END)
		note(c, 1, src, ntfs_strerror(r));
	free(child);
	free(csrc);
	c->dirs++;
	set_times(fd, e->modified);
	close(fd);
}

static void copy_entry(struct copy *c, const struct ntfs_info *e, const char *src,
		       const struct place *to)
{
	if (files_is_link(e)) {
		char target[1024], why[1100];

		if (ntfs_reparse_target(c->fs->ntfs, e->ref, target, sizeof(target)) != NTFS_OK)
			strcpy(target, "?");
		snprintf(why, sizeof(why), "%s to %s: not followed", files_kind(e), target);
		note(c, 0, src, why);
	} else if (e->error != NTFS_OK && !((e->flags & NTFS_F_DIR) && e->error == NTFS_ERR_IS_DIR)) {
		note(c, 1, src, ntfs_strerror(e->error));
	} else if (e->flags & NTFS_F_DIR) {
		copy_dir(c, e, src, to);
	} else {
		copy_file(c, e, src, to);
	}
}

/* Where the copy of E goes: inside DEST if it is a directory, else DEST. */
static int target_path(const char *dest, const struct ntfs_info *e, int is_root,
		       char out[PATH_MAX])
{
	struct stat st;

	if (stat(dest, &st) || !S_ISDIR(st.st_mode) || is_root)
		return snprintf(out, PATH_MAX, "%s", dest) >= PATH_MAX ? -1 : 0;
	if (!safe_name(e->name))
		return -1;
	return snprintf(out, PATH_MAX, "%s/%s", dest, e->name) >= PATH_MAX ? -1 : 0;
}

static void summary(const struct copy *c)
{
	fprintf(stderr, "bitrescue: copied %lu file%s (%llu bytes) and %lu director%s",
		c->files, c->files == 1 ? "" : "s", (unsigned long long)c->bytes, c->dirs,
		c->dirs == 1 ? "y" : "ies");
	if (c->failed)
		fprintf(stderr, "; %lu could not be copied", c->failed);
	if (c->links)
		fprintf(stderr, "; %lu link%s not followed", c->links, c->links == 1 ? "" : "s");
	fprintf(stderr, "%s\n", c->notes_len ? ":" : "");
	if (c->notes_len)
		fputs(c->notes, stderr);
	if (c->dest_full)
		fprintf(stderr, "bitrescue: the destination is full: stopped\n");
	if (interrupted)
		fprintf(stderr, "bitrescue: interrupted: stopped (the file being copied was "
			"removed)\n");
}

int cmd_cp(const struct options *opt, struct found_volume *vols, int n)
{
	const char *path = opt->args[0], *dest = opt->args[1];
	struct files fs = { 0 };
	struct copy c = { 0 };
	struct ntfs_info *e = malloc(sizeof(*e));
	char target[PATH_MAX];
	uint64_t ref;
	int r, s;

	if (!e)
		return EXIT_IO;
	r = files_open(opt, vols, n, "cp", &fs);
	if (r == EXIT_OK)
		r = files_lookup(&fs, path, &ref);
	if (r == EXIT_OK && (s = ntfs_stat(fs.ntfs, ref, e)) != NTFS_OK) {
		files_say(path, s);
		r = s == NTFS_ERR_IO ? EXIT_IO : EXIT_BAD_INPUT;
	}
	if (r == EXIT_OK && (e->flags & NTFS_F_DIR) && !files_is_link(e) && !opt->recursive) {
		fprintf(stderr, "bitrescue: %s is a directory: cp -r copies directories\n", path);
		r = EXIT_USAGE;
	}
	if (r == EXIT_OK && target_path(dest, e, NTFS_REF_RECORD(ref) == NTFS_ROOT, target)) {
		fprintf(stderr, "bitrescue: %s: no room for the name here\n", dest);
		r = EXIT_USAGE;
	}
	if (r == EXIT_OK) {
		c.fs = &fs;
		c.buf = bigbuf_alloc(CHUNK);
		if (!c.buf) {
			r = EXIT_IO;
		} else {
			struct place top = { AT_FDCWD, target, target };

			signal(SIGINT, on_interrupt);
			signal(SIGTERM, on_interrupt);
			copy_entry(&c, e, path, &top);
			summary(&c);
			/* a link given as PATH copies nothing: that is no success */
			r = c.failed || c.dest_full || interrupted ||
			    (c.links && !c.files && !c.dirs) ?
			    EXIT_NOT_COPIED : EXIT_OK;
		}
	}
	bigbuf_free(c.buf, CHUNK);
	free(c.notes);
	free(e);
	files_close(&fs);
	return r;
}
