/** @file
 * Host test driver for the NTFS reader (ntfs/), for tests/test_ntfs.py:
 * reads a plain NTFS image file and prints what the reader sees.
 *
 * IMAGE may end in @OFFSET: the volume starts OFFSET bytes into the file
 * (a partition of a disk image).
 *
 *   ntfs-tool IMAGE info            geometry, label, serial, free space
 *   ntfs-tool IMAGE ls [PATH]       one directory, a line per entry
 *   ntfs-tool IMAGE tree [PATH]     every file below PATH with its SHA-256
 *   ntfs-tool IMAGE stat PATH       one file
 *   ntfs-tool IMAGE cat PATH        the file's data to stdout
 *   ntfs-tool IMAGE target PATH     a junction's or symlink's target
 *
 * Lines are tab-separated: path, type (d, f), size, SHA-256 (or -),
 * flags, links, reparse tag, the error text (or -), MFT record number,
 * allocated size, modification time (Unix seconds), attributes (hex). Exit status: 0,
 * 1 when anything failed (it is printed), 2 for usage.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/image.h"
#include "crypto/sha256.h"
#include "ntfs/ntfs.h"

#define READ_CHUNK (1u << 20)
#define TREE_DEPTH_MAX 300

static struct ntfs_volume vol;
static uint8_t *chunk;
static int failures;

static void flags_text(const struct ntfs_info *e, char *out)
{
	static const struct { uint32_t bit; char c; } map[] = {
		{ NTFS_F_COMPRESSED, 'c' }, { NTFS_F_SPARSE, 's' }, { NTFS_F_ENCRYPTED, 'e' },
		{ NTFS_F_REPARSE, 'r' }, { NTFS_F_ONLINE_ONLY, 'o' }, { NTFS_F_STREAMS, 'a' },
		{ NTFS_F_METAFILE, 'm' },
	};
	static const char *kinds[] = { "", "junction", "symlink", "cloud", "wof", "dedup", "other" };
	char *p = out;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (e->flags & map[i].bit)
			*p++ = map[i].c;
	if (p == out)
		*p++ = '-';
	*p = '\0';
	if (e->reparse_kind)
		sprintf(p, ":%s", kinds[e->reparse_kind]);
}

/* SHA-256 of REF's data as hex, or the error. */
static int hash_file(uint64_t ref, char hex[65])
{
	struct ntfs_file f;
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_LEN];
	uint64_t offset = 0;
	int err = ntfs_file_open(&vol, ref, &f);

	if (err)
		return err;
	sha256_init(&ctx);
	for (;;) {
		size_t got;

		err = ntfs_file_read(&f, offset, chunk, READ_CHUNK, &got);
		if (err)
			return err;
		if (got == 0)
			break;
		sha256_update(&ctx, chunk, got);
		offset += got;
	}
	if (offset != f.size)
		return NTFS_ERR_CORRUPT;
	sha256_final(&ctx, digest);
	for (int i = 0; i < SHA256_LEN; i++)
		sprintf(hex + 2 * i, "%02x", digest[i]);
	return NTFS_OK;
}

static void print_entry(const char *path, const struct ntfs_info *e, int with_hash)
{
	char flags[64], hex[65] = "-";
	int err = e->error;
	int dir = (e->flags & NTFS_F_DIR) != 0;

	flags_text(e, flags);
	if (with_hash && !dir && !err)
		err = hash_file(e->ref, hex);
	if (err)
		failures++;
	printf("%s\t%c\t%" PRIu64 "\t%s\t%s\t%u\t%08" PRIx32 "\t%s\t%" PRIu64 "\t%" PRIu64
	       "\t%" PRId64 "\t%08" PRIx32 "\n", path, dir ? 'd' : 'f', e->size, hex, flags,
	       e->links, e->reparse_tag, err ? ntfs_strerror(err) : "-", NTFS_REF_RECORD(e->ref),
	       e->allocated, ntfs_time_unix(e->modified), e->attributes);
}

static void tree(const char *path, uint64_t ref, int depth)
{
	struct ntfs_dir dir;
	struct ntfs_info e;
	int err;

	if (depth > TREE_DEPTH_MAX) {
		printf("%s\t!\t\t\t\t\t\t%s\n", path, "too deep");
		failures++;
		return;
	}
	err = ntfs_dir_open(&vol, ref, &dir);
	if (err) {
		printf("%s/\t!\t\t\t\t\t\t%s\n", path, ntfs_strerror(err));
		failures++;
		return;
	}
	while ((err = ntfs_dir_next(&dir, &e)) != NTFS_END) {
		char *child;

		if (err) {
			printf("%s/\t!\t\t\t\t\t\t%s\n", path, ntfs_strerror(err));
			failures++;
			continue;
		}
		/* metafiles ($MFT, $Bitmap, ...) are the volume's, not the user's */
		if (depth == 0 && (e.flags & NTFS_F_METAFILE))
			continue;
		child = malloc(strlen(path) + strlen(e.name) + 2);
		sprintf(child, "%s/%s", path, e.name);
		print_entry(child, &e, 1);
		if ((e.flags & NTFS_F_DIR) && !e.error &&
		    e.reparse_kind != NTFS_REPARSE_JUNCTION && e.reparse_kind != NTFS_REPARSE_SYMLINK)
			tree(child, e.ref, depth + 1);
		free(child);
	}
}

static int lookup(const char *path, uint64_t *ref)
{
	int err = ntfs_lookup(&vol, NTFS_ROOT, path, ref);

	if (err)
		fprintf(stderr, "%s: %s\n", path, ntfs_strerror(err));
	return err;
}

int main(int argc, char **argv)
{
	static struct bde_io io;
	static struct image img;
	static struct image_region region;
	const char *cmd, *path;
	char *at;
	uint64_t ref, start = 0;
	int err;
	void *work;

	if (argc < 3) {
		fprintf(stderr, "usage: ntfs-tool IMAGE info|ls|tree|stat|cat|target [PATH]\n");
		return 2;
	}
	cmd = argv[2];
	path = argc > 3 ? argv[3] : "/";
	at = strrchr(argv[1], '@');
	if (at) {
		*at = '\0';
		start = strtoull(at + 1, NULL, 0);
	}
	if (image_open(&img, argv[1]) != 0) {
		perror(argv[1]);
		return 2;
	}
	image_region_io(&region, &img, start, img.size > start ? img.size - start : 0, &io);
	work = malloc(NTFS_WORK_BYTES);
	chunk = malloc(READ_CHUNK);
	err = ntfs_open(&vol, &io, work, NTFS_WORK_BYTES);
	if (err) {
		fprintf(stderr, "open: %s\n", ntfs_strerror(err));
		return 1;
	}
	if (strcmp(cmd, "info") == 0) {
		uint64_t free_bytes = 0;

		printf("sector_size\t%u\ncluster_size\t%u\nrecord_size\t%u\nindex_block_size\t%u\n",
		       vol.sector_size, vol.cluster_size, vol.record_size, vol.index_block_size);
		printf("size\t%" PRIu64 "\nclusters\t%" PRIu64 "\nserial\t%016" PRIx64 "\n",
		       vol.size, vol.total_clusters, vol.serial);
		printf("label\t%s\nversion\t%u.%u\nmft_records\t%" PRIu64 "\n", vol.label,
		       vol.version_major, vol.version_minor, vol.mft_records);
		err = ntfs_free_space(&vol, &free_bytes);
		printf("free\t%" PRIu64 "\t%s\n", free_bytes, err ? ntfs_strerror(err) : "-");
		return err ? 1 : 0;
	}
	if (lookup(path, &ref))
		return 1;
	if (strcmp(cmd, "tree") == 0) {
		tree(strcmp(path, "/") == 0 ? "" : path, ref, 0);
	} else if (strcmp(cmd, "ls") == 0) {
		struct ntfs_dir dir;
		struct ntfs_info e;

		err = ntfs_dir_open(&vol, ref, &dir);
		if (err) {
			fprintf(stderr, "%s: %s\n", path, ntfs_strerror(err));
			return 1;
		}
		while ((err = ntfs_dir_next(&dir, &e)) != NTFS_END) {
			if (err) {
				printf("!\t%s\n", ntfs_strerror(err));
				failures++;
				continue;
			}
			print_entry(e.name, &e, 0);
		}
	} else if (strcmp(cmd, "stat") == 0) {
		struct ntfs_info e;

		err = ntfs_stat(&vol, ref, &e);
		if (err) {
			fprintf(stderr, "%s: %s\n", path, ntfs_strerror(err));
			return 1;
		}
		print_entry(path, &e, 1);
	} else if (strcmp(cmd, "cat") == 0) {
		struct ntfs_file f;
		uint64_t offset = 0;
		size_t got;

		err = ntfs_file_open(&vol, ref, &f);
		while (!err && !(err = ntfs_file_read(&f, offset, chunk, READ_CHUNK, &got)) && got) {
			fwrite(chunk, 1, got, stdout);
			offset += got;
		}
		if (err) {
			fprintf(stderr, "%s: %s\n", path, ntfs_strerror(err));
			return 1;
		}
	} else if (strcmp(cmd, "target") == 0) {
		char target[1024];

		err = ntfs_reparse_target(&vol, ref, target, sizeof(target));
		if (err) {
			fprintf(stderr, "%s: %s\n", path, ntfs_strerror(err));
			return 1;
		}
		printf("%s\n", target);
	} else {
		fprintf(stderr, "unknown command %s\n", cmd);
		return 2;
	}
	return failures ? 1 : 0;
}
