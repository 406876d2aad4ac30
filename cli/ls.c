/** @file
 * `bitrescue ls`: list a directory of the unlocked NTFS volume, one line a
 * name: type, size, last change (UTC), flags (comma-separated, "-" if
 * none) and the name, with " -> target" for junctions and symlinks.
 * An entry that cannot be read is listed all the same, its reason said
 * on stderr; the exit code is then 3 (4 if the device failed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/files.h"

#define FLAGS_LEN 160
#define TARGET_LEN 1024

/* A file whose data is elsewhere or in a form we do not read: its flag says why. */
static int flagged_unreadable(int err)
{
	return err == NTFS_ERR_ENCRYPTED || err == NTFS_ERR_ONLINE_ONLY || err == NTFS_ERR_WOF ||
	       err == NTFS_ERR_UNSUPPORTED;
}

/* Append WORD to the comma-separated OUT. */
static void add_flag(char *out, const char *word)
{
	size_t n = strlen(out);

	snprintf(out + n, FLAGS_LEN - n, "%s%s", n ? "," : "", word);
}

static void files_flags(const struct ntfs_info *e, char out[FLAGS_LEN])
{
	out[0] = '\0';
	if (e->flags & NTFS_F_COMPRESSED)
		add_flag(out, "compressed");
	if (e->flags & NTFS_F_SPARSE)
		add_flag(out, "sparse");
	if (e->flags & NTFS_F_ENCRYPTED)
		add_flag(out, "EFS-encrypted");
	if (e->flags & NTFS_F_ONLINE_ONLY)
		add_flag(out, "online-only");
	else if (e->reparse_kind == NTFS_REPARSE_CLOUD)
		add_flag(out, "cloud");      /* synced, its data on this disk too */
	if (e->reparse_kind == NTFS_REPARSE_WOF)
		add_flag(out, "WOF-compressed");
	if (e->reparse_kind == NTFS_REPARSE_DEDUP)
		add_flag(out, "deduplicated");
	if (e->reparse_kind == NTFS_REPARSE_OTHER) {
		char tag[32];

		snprintf(tag, sizeof(tag), "reparse=0x%08x", (unsigned)e->reparse_tag);
		add_flag(out, tag);
	}
	if (e->links > 1 && !(e->flags & NTFS_F_DIR)) {
		char links[24];

		snprintf(links, sizeof(links), "links=%u", (unsigned)e->links);
		add_flag(out, links);
	}
	if (e->flags & NTFS_F_STREAMS)
		add_flag(out, "streams");
	if (e->flags & NTFS_F_METAFILE)
		add_flag(out, "system");
	if (e->error != NTFS_OK && !flagged_unreadable(e->error) && !(e->flags & NTFS_F_DIR) &&
	    !files_is_link(e))
		add_flag(out, "unreadable");  /* why: on stderr */
	if (!out[0])
		strcpy(out, "-");
}

/* FILETIME as "YYYY-MM-DD HH:MM:SS UTC": NTFS's dates reach back to 1601. */
static void format_when(uint64_t filetime, char out[32])
{
	struct ntfs_time t;

	ntfs_time_split(filetime, &t);
	snprintf(out, 32, "%04u-%02u-%02u %02u:%02u:%02u UTC", t.year, t.month, t.day, t.hour,
		 t.minute, t.second);
}

/*
 * One line for E, named NAME (its name in DIR; a path as given for ls of
 * one file): 0, or the exit code its error calls for (said on stderr).
 */
static int print_entry(struct files *fs, const struct ntfs_info *e, const char *dir,
		       const char *name)
{
	char flags[FLAGS_LEN], when[32], target[TARGET_LEN] = "";
	char size[24] = "-";
	int damaged = e->error != NTFS_OK && !flagged_unreadable(e->error);

	files_flags(e, flags);
	if (files_is_link(e) &&
	    ntfs_reparse_target(fs->ntfs, e->ref, target, sizeof(target)) != NTFS_OK)
		strcpy(target, "?");
	if (damaged) {
		printf("%-8s %14s  %s %-10s %s\n", "?", "?", "?          ?        ?  ", flags,
		       name);
	} else {
		if (!(e->flags & NTFS_F_DIR))
			snprintf(size, sizeof(size), "%llu", (unsigned long long)e->size);
		format_when(e->modified, when);
		printf("%-8s %14s  %s %-10s %s%s%s\n", files_kind(e), size, when, flags, name,
		       target[0] ? " -> " : "", target);
	}
	if (e->error != NTFS_OK && !files_is_link(e)) {
		char path[4096];

		if (!dir || files_join(path, sizeof(path), dir, name))
			snprintf(path, sizeof(path), "%s", name);
		files_say(path, e->error);
		if (damaged)
			return e->error == NTFS_ERR_IO ? EXIT_IO : EXIT_BAD_INPUT;
	}
	return EXIT_OK;
}

static int list_dir(struct files *fs, const struct options *opt, uint64_t ref,
		    const char *path)
{
	struct ntfs_dir dir;
	struct ntfs_info *e = malloc(sizeof(*e));
	int r, worst = EXIT_OK;

	if (!e)
		return EXIT_IO;
	r = ntfs_dir_open(fs->ntfs, ref, &dir);
	while (r == NTFS_OK) {
		r = ntfs_dir_next(&dir, e);
		if (r == NTFS_END)
			break;
		if (r != NTFS_OK) {
			/* a damaged part of the index: the rest is listed */
			fprintf(stderr, "bitrescue: %s: listing: %s\n", path, ntfs_strerror(r));
			worst = r == NTFS_ERR_IO ? EXIT_IO : EXIT_BAD_INPUT;
			r = NTFS_OK;
			continue;
		}
		if ((e->flags & NTFS_F_METAFILE) && !opt->all)
			continue;
		r = print_entry(fs, e, path, e->name);
		if (r != EXIT_OK && worst == EXIT_OK)
			worst = r;
		r = NTFS_OK;
	}
	if (r != NTFS_OK && r != NTFS_END) {
		files_say(path, r);
		worst = r == NTFS_ERR_IO ? EXIT_IO : EXIT_BAD_INPUT;
	}
	free(e);
	return worst;
}

int cmd_ls(const struct options *opt, struct found_volume *vols, int n)
{
	const char *path = opt->n_args ? opt->args[0] : "\\";
	struct files fs = { 0 };
	struct ntfs_info *e;
	uint64_t ref;
	int r = files_open(opt, vols, n, "ls", &fs);

	if (r != EXIT_OK)
		return r;
	r = files_lookup(&fs, path, &ref);
	e = malloc(sizeof(*e));
	if (r == EXIT_OK && !e)
		r = EXIT_IO;
	if (r == EXIT_OK) {
		int s = ntfs_stat(fs.ntfs, ref, e);

		if (s != NTFS_OK) {
			files_say(path, s);
			r = s == NTFS_ERR_IO ? EXIT_IO : EXIT_BAD_INPUT;
		}
	}
	if (r == EXIT_OK) {
		/* a file, a junction or a symlink is listed as itself, as ls does */
		if ((e->flags & NTFS_F_DIR) && !files_is_link(e))
			r = list_dir(&fs, opt, ref, path);
		else
			r = print_entry(&fs, e, NULL, path);
	}
	free(e);
	files_close(&fs);
	return r;
}
