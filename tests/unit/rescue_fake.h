/** @file
 * A made-up volume to copy from and a made-up stick to copy to, for the
 * copy's and the file screen's self-tests.
 *
 * A file's bytes are a function of its path and offset, so the stick's
 * copy is checked without keeping either. The 5 GiB file reads as its
 * offset in the first 8 bytes of each read (filling 5 GiB would take
 * seconds): the stick checks each part starts and goes on where the split
 * plan says.
 */
#ifndef RESCUE_FAKE_H
#define RESCUE_FAKE_H

#include <string.h>
#include "ui/rescue.h"

#define FAKE_BIG_SIZE (5ull << 30)

struct fake_node {
	const char *path;
	uint64_t size;
	uint32_t flags;
	uint8_t why;
};

static const struct fake_node fake_tree[] = {
	{ "/", 0, RESCUE_DIR, 0 },
	{ "/Users", 0, RESCUE_DIR, 0 },
	{ "/Users/ann", 0, RESCUE_DIR, 0 },
	{ "/Users/ann/Documents", 0, RESCUE_DIR, 0 },
	{ "/Users/ann/Documents/report.docx", 70000, 0, 0 },
	{ "/Users/ann/Documents/notes: 2019?.txt", 12, 0, 0 },
	{ "/Users/ann/Documents/empty.txt", 0, 0, 0 },
	{ "/Users/ann/Documents/Old", 0, RESCUE_DIR, 0 },
	{ "/Users/ann/Documents/Old/tax.pdf", 4096, RESCUE_COMPRESSED, 0 },
	{ "/Users/ann/OneDrive", 0, RESCUE_DIR, 0 },
	{ "/Users/ann/OneDrive/cloud.xlsx", 99999, RESCUE_ONLINE_ONLY, 0 },
	{ "/Users/ann/OneDrive/here.txt", 5, 0, 0 },
	{ "/Users/ann/secret.txt", 100, RESCUE_EFS, 0 },
	{ "/Users/ann/Desktop", 0, RESCUE_DIR | RESCUE_JUNCTION, 0 },
	{ "/Users/ann/broken.bin", 0, RESCUE_UNREADABLE, RESCUE_WHY_DAMAGED },
	{ "/Users/ann/bad-read.bin", 3000, 0, 0 },       /* its read fails */
	{ "/Users/ann/video.mkv", FAKE_BIG_SIZE, RESCUE_SPARSE, 0 },
	{ "/Windows", 0, RESCUE_DIR, 0 },
	{ "/Windows/notepad.exe", 200000, RESCUE_WOF, 0 },
	{ "/pagefile.sys", 1ull << 33, RESCUE_HIDDEN | RESCUE_SYSTEM, 0 },
};
#define FAKE_NODES (sizeof(fake_tree) / sizeof(fake_tree[0]))

static inline uint8_t fake_byte(const char *path, uint64_t offset)
{
	uint32_t h = 2166136261u;

	for (; *path; path++)
		h = (h ^ (uint8_t)*path) * 16777619u;
	return (uint8_t)(h + offset * 7 + (offset >> 9));
}

static inline const struct fake_node *fake_find(const char *path)
{
	size_t i;

	for (i = 0; i < FAKE_NODES; i++)
		if (!strcmp(fake_tree[i].path, path))
			return &fake_tree[i];
	return NULL;
}

static inline void fake_entry(const struct fake_node *n, struct rescue_entry *e)
{
	const char *name = strrchr(n->path, '/') + 1;

	memset(e, 0, sizeof(*e));
	memcpy(e->name, name, strlen(name) + 1);
	e->size = n->size;
	e->flags = n->flags;
	e->why = n->why;
}

static inline int fake_list(void *ctx, const char *path, rescue_each_fn each, void *arg)
{
	static struct rescue_entry e;
	size_t i, n = strlen(path);
	const struct fake_node *dir = fake_find(path);

	(void)ctx;
	if (!dir)
		return RESCUE_WHY_NOT_FOUND;
	if (!strcmp(path, "/"))
		n = 0;
	for (i = 1; i < FAKE_NODES; i++) {
		const char *p = fake_tree[i].path;

		if (strncmp(p, path, n) || p[n] != '/' || strchr(p + n + 1, '/'))
			continue;
		fake_entry(&fake_tree[i], &e);
		if (each(arg, &e))
			break;
	}
	return 0;
}

static inline int fake_stat(void *ctx, const char *path, struct rescue_entry *e)
{
	const struct fake_node *n = fake_find(path);

	(void)ctx;
	if (!n)
		return RESCUE_WHY_NOT_FOUND;
	fake_entry(n, e);
	return 0;
}

static inline int fake_read(void *ctx, const char *path, uint64_t offset,
			    void *buf, size_t len)
{
	const struct fake_node *n = fake_find(path);
	uint8_t *b = buf;
	size_t i;

	(void)ctx;
	if (!n || (n->flags & RESCUE_DIR) || offset > n->size || len > n->size - offset)
		return RESCUE_WHY_READ_ERROR;
	if (strstr(path, "bad-read"))
		return RESCUE_WHY_READ_ERROR;
	if (n->size == FAKE_BIG_SIZE) {
		memcpy(b, &offset, len < 8 ? len : 8);
		return 0;
	}
	for (i = 0; i < len; i++)
		b[i] = fake_byte(path, offset + i);
	return 0;
}

static const struct rescue_source fake_source = {
	NULL, fake_list, fake_read, fake_stat
};

/* ---- the stick ---- */

#define STICK_MAX_FILES 64

struct stick_file {
	char path[RESCUE_PATH_MAX];
	uint64_t size;
	uint64_t big_base;       /* split part: the source offset it starts at */
	int open, bad, is_dir, old;
	char text[512];          /* the start of a small file's content */
};

struct stick {
	struct stick_file files[STICK_MAX_FILES];
	unsigned n;
	uint64_t written;        /* bytes, all files */
	uint64_t fail_after;     /* a write beyond this many bytes: full */
	unsigned creates, removes;
};

static inline struct stick_file *stick_find(struct stick *st, const char *path)
{
	unsigned i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->files[i].path, path))
			return &st->files[i];
	return NULL;
}

static inline struct stick_file *stick_add(struct stick *st, const char *path)
{
	struct stick_file *f = stick_find(st, path);

	if (!f && st->n < STICK_MAX_FILES)
		f = &st->files[st->n++];
	if (f) {
		memset(f, 0, sizeof(*f));
		memcpy(f->path, path, strlen(path) + 1);
	}
	return f;
}

static inline int stick_exists(void *ctx, const char *path)
{
	return stick_find(ctx, path) != NULL;
}

static inline int stick_mkdir(void *ctx, const char *path)
{
	struct stick *st = ctx;
	struct stick_file *f = stick_find(st, path);

	if (f)
		return f->is_dir ? 0 : RESCUE_WHY_WRITE_ERROR;
	f = stick_add(st, path);
	if (!f)
		return RESCUE_WHY_FULL;
	f->is_dir = 1;
	return 0;
}

static inline int stick_create(void *ctx, const char *path, void **file)
{
	struct stick *st = ctx;
	struct stick_file *f = stick_add(st, path);
	const char *dot = strrchr(path, '.');

	if (!f)
		return RESCUE_WHY_FULL;
	f->open = 1;
	/* A part of the big file: where in it the part must start. */
	if (dot && dot[1] >= '0' && dot[1] <= '9' && strstr(path, "video.mkv"))
		f->big_base = (uint64_t)((dot[1] - '0') * 100 + (dot[2] - '0') * 10 +
					 (dot[3] - '0') - 1) * 0xfff00000ull;
	st->creates++;
	*file = f;
	return 0;
}

static inline int stick_write(void *ctx, void *file, const void *buf, size_t len)
{
	struct stick *st = ctx;
	struct stick_file *f = file;
	uint64_t expect;

	if (st->fail_after && st->written + len > st->fail_after)
		return RESCUE_WHY_FULL;
	if (strstr(f->path, "video.mkv.0")) {
		expect = f->big_base + f->size;
		if (len < 8 || memcmp(buf, &expect, 8))
			f->bad = 1;
	} else {
		const uint8_t *b = buf;
		size_t i;

		for (i = 0; i < len && f->size + i < sizeof(f->text) - 1; i++)
			f->text[f->size + i] = (char)b[i];
	}
	f->size += len;
	st->written += len;
	return 0;
}

static inline int stick_close(void *ctx, void *file)
{
	(void)ctx;
	((struct stick_file *)file)->open = 0;
	return 0;
}

static inline void stick_remove(void *ctx, void *file)
{
	struct stick *st = ctx;
	struct stick_file *f = file;
	unsigned i = (unsigned)(f - st->files);

	memmove(&st->files[i], &st->files[i + 1], (st->n - i - 1) * sizeof(*f));
	st->n--;
	st->removes++;
}

static inline void stick_target(struct rescue_target *t, struct stick *st,
				const char *name, uint64_t free_bytes)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->name, name, strlen(name) + 1);
	t->free_bytes = free_bytes;
	t->cluster_bytes = 4096;
	t->ctx = st;
	t->exists = stick_exists;
	t->mkdir = stick_mkdir;
	t->create = stick_create;
	t->write = stick_write;
	t->close = stick_close;
	t->remove = stick_remove;
}

/* Does the stick's FILE hold exactly the source file SRC's bytes (its
 * start, for a small file; its length always)? */
static inline int stick_matches(const struct stick_file *f, const char *src)
{
	const struct fake_node *n = fake_find(src);
	uint64_t i;

	if (!n || f->size != n->size || f->bad)
		return 0;
	for (i = 0; i < f->size && i < sizeof(f->text) - 1; i++)
		if ((uint8_t)f->text[i] != fake_byte(src, i))
			return 0;
	return 1;
}

#endif
