/** @file
 * The copy: two walks over the marked paths, one to plan (count, size,
 * find what is on the stick already), one to copy. Folders are walked
 * through the source's listing callback, one level of C stack a level of
 * folders (RESCUE_MAX_DEPTH at most).
 */
#include <string.h>
#include "ui/rescue.h"
#include "ui/split.h"

/* Room for a join text of a file split into a few parts; more parts use
 * more, and the copy checks. */
#define JOIN_TEXT_MAX 65536

static const char fat_forbidden[] = "\"*/:<>?\\|";

static void record_skip(struct rescue_job *j, const char *path, int why)
{
	struct rescue_skip *s;
	size_t n = strlen(path), keep = sizeof(s->path) - 1;

	if (j->pass == 0) {
		j->skips_planned++;
		return;
	}
	if (j->n_skipped < j->max_skipped) {
		s = &j->skipped[j->n_skipped];
		/* A long path keeps its end: the name says most. */
		if (n > keep) {
			path += n - keep;
			n = keep;
		}
		memcpy(s->path, path, n);
		s->path[n] = '\0';
		s->why = (uint8_t)why;
	}
	j->n_skipped++;
}

/* Append "/NAME" to PATH (a RESCUE_PATH_MAX buffer); FAT_SAFE replaces
 * what a FAT name cannot hold. Returns the old length, or -1 if too long. */
static int path_push(char *path, const char *name, int fat_safe)
{
	size_t n = strlen(path), k = strlen(name), i;

	if (n + 1 + k + 1 > RESCUE_PATH_MAX)
		return -1;
	path[n] = '/';
	memcpy(path + n + 1, name, k + 1);
	if (fat_safe) {
		for (i = n + 1; i < n + 1 + k; i++)
			if ((unsigned char)path[i] < 0x20 || strchr(fat_forbidden, path[i]))
				path[i] = '_';
		/* FAT drops trailing dots and spaces: two names would become one. */
		if (k && (path[n + k] == '.' || path[n + k] == ' '))
			path[n + k] = '_';
	}
	return (int)n;
}

static void path_pop(char *path, int old)
{
	path[old] = '\0';
}

static uint64_t clusters(const struct rescue_job *j, uint64_t bytes)
{
	uint64_t c = j->dst->cluster_bytes ? j->dst->cluster_bytes : 512;

	return (bytes + c - 1) / c * c;
}

/* Why an entry is not copied at all, from its flags alone (0: copy it). */
static int why_not(const struct rescue_entry *e)
{
	if (e->flags & RESCUE_UNREADABLE)
		return e->why ? e->why : RESCUE_WHY_DAMAGED;
	if (e->flags & RESCUE_ONLINE_ONLY)
		return RESCUE_WHY_ONLINE_ONLY;
	if (e->flags & RESCUE_EFS)
		return RESCUE_WHY_EFS;
	if (e->flags & (RESCUE_JUNCTION | RESCUE_SYMLINK))
		return RESCUE_WHY_LINK;
	if (e->flags & RESCUE_WOF)
		return RESCUE_WHY_WOF;
	if (e->flags & RESCUE_REPARSE)
		return RESCUE_WHY_REPARSE;
	return 0;
}

static int stop_now(struct rescue_job *j)
{
	if (!j->stopped && j->tick && j->tick(j->tick_arg, j))
		j->stopped = 1;
	return j->stopped;
}

/* Copy LEN bytes of the source file from OFFSET into the open FILE. */
static int copy_range(struct rescue_job *j, void *file, uint64_t offset,
		      uint64_t len)
{
	const struct rescue_source *src = j->src;
	const struct rescue_target *dst = j->dst;
	int r;

	while (len) {
		size_t n = len < j->buf_size ? (size_t)len : j->buf_size;

		if (stop_now(j))
			return RESCUE_WHY_STOPPED;
		r = src->read(src->ctx, j->src_path, offset, j->buf, n);
		if (r)
			return r;
		r = dst->write(dst->ctx, file, j->buf, n);
		if (r)
			return r;
		offset += n;
		len -= n;
		j->bytes_done += n;
	}
	return 0;
}

/* One file on the target: PATH from OFFSET, LEN bytes. */
static int copy_one(struct rescue_job *j, const char *path, uint64_t offset,
		    uint64_t len)
{
	const struct rescue_target *dst = j->dst;
	void *file = NULL;
	int r;

	r = dst->create(dst->ctx, path, &file);
	if (r)
		return r;
	r = copy_range(j, file, offset, len);
	/* A file cut short (stopped, unreadable, stick full) must not look
	 * whole on the stick: it goes. */
	if (r) {
		dst->remove(dst->ctx, file);
		return r;
	}
	return dst->close(dst->ctx, file);
}

static int write_join_text(struct rescue_job *j, const char *name, unsigned parts)
{
	const struct rescue_target *dst = j->dst;
	char *text = j->buf;
	size_t len;
	void *file;
	int old, r, c;

	len = split_join_text(text, j->buf_size < JOIN_TEXT_MAX ? j->buf_size :
			      JOIN_TEXT_MAX, name, parts);
	if (!len)
		return RESCUE_WHY_NAME;
	old = (int)strlen(j->dst_path);
	if (old + strlen(SPLIT_JOIN_SUFFIX) + 1 > RESCUE_PATH_MAX)
		return RESCUE_WHY_NAME;
	memcpy(j->dst_path + old, SPLIT_JOIN_SUFFIX, sizeof(SPLIT_JOIN_SUFFIX));
	r = dst->create(dst->ctx, j->dst_path, &file);
	if (!r) {
		r = dst->write(dst->ctx, file, text, len);
		c = dst->close(dst->ctx, file);
		r = r ? r : c;
	}
	path_pop(j->dst_path, old);
	return r;
}

/* The target name of part I of the file at j->dst_path (PARTS > 1) is
 * put in j->dst_path; returns the old length or -1. */
static int part_push(struct rescue_job *j, unsigned parts, unsigned i)
{
	int old = (int)strlen(j->dst_path);
	char suffix[8];

	if (parts == 1)
		return old;
	split_part_name(suffix, sizeof(suffix), "", i);
	if (old + strlen(suffix) + 1 > RESCUE_PATH_MAX)
		return -1;
	memcpy(j->dst_path + old, suffix, strlen(suffix) + 1);
	return old;
}

static void plan_file(struct rescue_job *j, const struct rescue_entry *e,
		      unsigned parts)
{
	const struct rescue_target *dst = j->dst;
	unsigned i;
	int old;

	j->files_total++;
	j->bytes_total += e->size;
	for (i = 0; i < parts; i++)
		j->bytes_needed += clusters(j, split_part_length(e->size, i));
	if (parts > 1)
		j->bytes_needed += clusters(j, 1);   /* the join text */
	old = part_push(j, parts, 0);
	if (old >= 0 && dst->exists(dst->ctx, j->dst_path))
		j->existing++;
	if (old >= 0)
		path_pop(j->dst_path, old);
}

static void copy_file(struct rescue_job *j, const struct rescue_entry *e,
		      unsigned parts)
{
	const struct rescue_target *dst = j->dst;
	const char *name = strrchr(j->dst_path, '/') + 1;
	uint64_t before = j->bytes_done;
	unsigned i;
	int old, r = 0;

	old = part_push(j, parts, 0);
	if (old < 0) {
		record_skip(j, j->src_path, RESCUE_WHY_NAME);
		return;
	}
	if (!j->overwrite && dst->exists(dst->ctx, j->dst_path)) {
		path_pop(j->dst_path, old);
		record_skip(j, j->src_path, RESCUE_WHY_EXISTS);
		j->bytes_done += e->size;   /* the bar counts it as dealt with */
		return;
	}
	path_pop(j->dst_path, old);
	j->current = j->src_path;
	for (i = 0; i < parts && !r; i++) {
		old = part_push(j, parts, i);
		r = copy_one(j, j->dst_path, split_part_offset(i),
			     split_part_length(e->size, i));
		path_pop(j->dst_path, old);
	}
	if (!r && parts > 1)
		r = write_join_text(j, name, parts);
	j->current = NULL;
	if (r) {
		record_skip(j, j->src_path, r);
		j->bytes_done = before + e->size;
		return;
	}
	j->files_done++;
	j->bytes_copied += e->size;
}

static void walk(struct rescue_job *j, const struct rescue_entry *e);

static int walk_child(void *arg, const struct rescue_entry *e)
{
	struct rescue_job *j = arg;
	int old_src, old_dst;

	if (j->stopped)
		return 1;
	old_src = path_push(j->src_path, e->name, 0);
	old_dst = path_push(j->dst_path, e->name, 1);
	if (old_src < 0 || old_dst < 0) {
		if (old_src >= 0)
			path_pop(j->src_path, old_src);
		record_skip(j, e->name, RESCUE_WHY_NAME);
		return 0;
	}
	walk(j, e);
	path_pop(j->src_path, old_src);
	path_pop(j->dst_path, old_dst);
	return j->stopped;
}

static void walk_dir(struct rescue_job *j)
{
	const struct rescue_source *src = j->src;
	const struct rescue_target *dst = j->dst;
	int r;

	if (j->depth >= RESCUE_MAX_DEPTH) {
		record_skip(j, j->src_path, RESCUE_WHY_TOO_DEEP);
		return;
	}
	if (j->pass == 0) {
		j->bytes_needed += clusters(j, 1);
	} else {
		r = dst->mkdir(dst->ctx, j->dst_path);
		if (r) {
			record_skip(j, j->src_path, r);
			return;
		}
	}
	j->depth++;
	r = src->list(src->ctx, j->src_path[0] ? j->src_path : "/", walk_child, j);
	j->depth--;
	if (r && !j->stopped)
		record_skip(j, j->src_path, r);
}

static void walk(struct rescue_job *j, const struct rescue_entry *e)
{
	int why = why_not(e);
	unsigned parts;

	if (why) {
		record_skip(j, j->src_path, why);
		return;
	}
	if (e->flags & RESCUE_DIR) {
		walk_dir(j);
		return;
	}
	parts = split_parts(e->size);
	if (!parts)
		record_skip(j, j->src_path, RESCUE_WHY_TOO_LARGE);
	else if (j->pass == 0)
		plan_file(j, e, parts);
	else if (stop_now(j))
		return;
	else
		copy_file(j, e, parts);
}

/* Start both paths at a marked path: the source's, and the same names
 * under dest_root. */
static int walk_marked(struct rescue_job *j, const char *path,
		       struct rescue_entry *e)
{
	const struct rescue_source *src = j->src;
	size_t root = strlen(j->dest_root);
	const char *p = path;
	int r;

	j->src_path[0] = '\0';
	if (root + 1 > RESCUE_PATH_MAX)
		return RESCUE_WHY_NAME;
	memcpy(j->dst_path, j->dest_root, root + 1);
	/* Each name of PATH in turn, made FAT-safe for the target. */
	while (*p) {
		char name[RESCUE_NAME_MAX];
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (!n)
			break;
		if (n >= sizeof(name))
			return RESCUE_WHY_NAME;
		memcpy(name, p, n);
		name[n] = '\0';
		if (path_push(j->src_path, name, 0) < 0 ||
		    path_push(j->dst_path, name, 1) < 0)
			return RESCUE_WHY_NAME;
		p += n;
	}
	r = src->stat(src->ctx, j->src_path[0] ? j->src_path : "/", e);
	if (r)
		return r;
	walk(j, e);
	return 0;
}

static void walk_all(struct rescue_job *j)
{
	static struct rescue_entry e;   /* 800 bytes: not on the stack */
	unsigned i;
	int r;

	for (i = 0; i < j->n_marked && !j->stopped; i++) {
		r = walk_marked(j, j->marked[i], &e);
		if (r)
			record_skip(j, j->marked[i], r);
	}
}

/* Each walk starts from nothing counted (the copy keeps the plan's). */
static void job_reset(struct rescue_job *j, int pass)
{
	if (pass == 0) {
		j->files_total = 0;
		j->bytes_total = 0;
		j->bytes_needed = 0;
		j->existing = 0;
		j->skips_planned = 0;
	}
	j->files_done = 0;
	j->bytes_done = 0;
	j->bytes_copied = 0;
	j->n_skipped = 0;
	j->stopped = 0;
	j->depth = 0;
	j->current = NULL;
	j->pass = pass;
}

void rescue_plan(struct rescue_job *j)
{
	job_reset(j, 0);
	walk_all(j);
}

int rescue_fits(const struct rescue_job *j)
{
	return j->bytes_needed <= j->dst->free_bytes;
}

unsigned rescue_copy(struct rescue_job *j)
{
	const struct rescue_target *dst = j->dst;

	job_reset(j, 1);
	if (dst->mkdir(dst->ctx, j->dest_root)) {
		record_skip(j, "/", RESCUE_WHY_WRITE_ERROR);
		return 0;
	}
	walk_all(j);
	if (j->stopped)
		record_skip(j, "", RESCUE_WHY_STOPPED);
	return j->files_done;
}

void rescue_volume_folder(char *out, size_t max, const char *label,
			  const char *serial)
{
	const char *name = label && label[0] ? label : serial ? serial : "";
	size_t n = 0;

	if (!max)
		return;
	for (; *name && n + 1 < max; name++)
		out[n++] = ((unsigned char)*name < 0x20 || strchr(fat_forbidden, *name)) ?
			   '_' : *name;
	/* FAT drops a trailing dot or space. */
	if (n && (out[n - 1] == '.' || out[n - 1] == ' '))
		out[n - 1] = '_';
	out[n] = '\0';
}
