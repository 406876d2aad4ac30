/** @file
 * The writing half of a copy, alone: how long this machine takes to make
 * a tree of files whose bytes are ready in memory. scripts/bench sets it
 * beside `bitrescue cp -r` to tell the part of a copy's time no reader or
 * decrypter can save: making the files and writing their bytes.
 *
 *   write-tree SRC DEST      (DEST must not exist)
 *
 * SRC's shape is read first, untimed: its directories and regular files,
 * each file's data runs (SEEK_DATA/SEEK_HOLE, so holes stay holes as in
 * `cp`) and modification time. Then, timed, DEST gets the same shape the
 * way `bitrescue cp` writes a tree: O_EXCL create, the data in 1 MiB
 * writes from one buffer (as cp writes from the buffer it decrypted into,
 * still in the CPU's cache), the length when the file ends in a hole,
 * futimens, close; last, each directory's time. The bytes written are not
 * SRC's: their cost is the same. Prints the seconds taken
 * (wall, then CPU) and the number of files and bytes, on one line. A
 * benchmark, not a test.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1u << 20)     /* bitrescue cp's write size */

struct run {
	off_t at;
	off_t len;
};

struct entry {
	char *path;                 /* relative to SRC and DEST */
	int is_dir;
	off_t size;
	struct timespec mtime;
	struct run *runs;
	size_t nruns;
};

static uint8_t chunk[CHUNK];
static struct entry *entries;
static size_t nentries, src_len;

static double seconds(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *must(void *p)
{
	if (!p) {
		perror("write-tree");
		exit(1);
	}
	return p;
}

/* The data runs of the open file FD of SIZE bytes. */
static void load_runs(int fd, off_t size, struct entry *e)
{
	off_t data = lseek(fd, 0, SEEK_DATA);

	while (data >= 0 && data < size) {
		off_t hole = lseek(fd, data, SEEK_HOLE);
		struct run *r;

		if (hole < 0)
			hole = size;
		e->runs = must(realloc(e->runs, (e->nruns + 1) * sizeof(*e->runs)));
		r = &e->runs[e->nruns++];
		r->at = data;
		r->len = hole - data;
		data = lseek(fd, hole, SEEK_DATA);
	}
}

static int load(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct entry *e;

	(void)ftw;
	if (strlen(path) == src_len || (type != FTW_D && type != FTW_F) ||
	    (type == FTW_F && !S_ISREG(st->st_mode)))
		return 0;                    /* SRC itself, links, others */
	entries = must(realloc(entries, (nentries + 1) * sizeof(*entries)));
	e = &entries[nentries++];
	memset(e, 0, sizeof(*e));
	e->path = must(strdup(path + src_len + 1));
	e->is_dir = type == FTW_D;
	e->size = st->st_size;
	e->mtime = st->st_mtim;
	if (!e->is_dir) {
		int fd = open(path, O_RDONLY);

		if (fd < 0) {
			perror(path);
			exit(1);
		}
		load_runs(fd, st->st_size, e);
		close(fd);
	}
	return 0;
}

/* Make E under the directory DEST the way bitrescue cp does. */
static int write_entry(int dest, const struct entry *e)
{
	struct timespec times[2] = { e->mtime, e->mtime };
	off_t end = 0;
	int fd;

	if (e->is_dir)
		return mkdirat(dest, e->path, 0755);
	fd = openat(dest, e->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	for (size_t i = 0; i < e->nruns; i++) {
		const struct run *r = &e->runs[i];

		for (off_t done = 0; done < r->len; ) {
			size_t n = r->len - done < CHUNK ? (size_t)(r->len - done) : CHUNK;

			if (pwrite(fd, chunk, n, r->at + done) != (ssize_t)n)
				return -1;
			done += (off_t)n;
		}
		end = r->at + r->len;
	}
	if (end < e->size && ftruncate(fd, e->size))
		return -1;
	futimens(fd, times);
	return close(fd);
}

int main(int argc, char **argv)
{
	double wall, cpu;
	unsigned long files = 0;
	uint64_t bytes = 0;
	int dest;

	if (argc != 3) {
		fprintf(stderr, "usage: write-tree SRC DEST\n");
		return 2;
	}
	memset(chunk, 0x5a, sizeof(chunk));
	src_len = strlen(argv[1]);
	while (src_len > 1 && argv[1][src_len - 1] == '/')
		argv[1][--src_len] = '\0';
	if (nftw(argv[1], load, 64, FTW_PHYS) || mkdir(argv[2], 0755) ||
	    (dest = open(argv[2], O_RDONLY | O_DIRECTORY)) < 0) {
		perror("write-tree");
		return 1;
	}
	wall = seconds(CLOCK_MONOTONIC);
	cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
	for (size_t i = 0; i < nentries; i++) {
		if (write_entry(dest, &entries[i])) {
			perror(entries[i].path);
			return 1;
		}
		if (!entries[i].is_dir) {
			files++;
			bytes += (uint64_t)entries[i].size;
		}
	}
	/* a directory's time is set once its files are made, deepest first */
	for (size_t i = nentries; i-- > 0; ) {
		struct timespec times[2] = { entries[i].mtime, entries[i].mtime };

		if (entries[i].is_dir)
			utimensat(dest, entries[i].path, times, 0);
	}
	printf("%.6f %.6f %lu %llu\n", seconds(CLOCK_MONOTONIC) - wall,
	       seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu, files, (unsigned long long)bytes);
	return 0;
}
