/** @file
 * `bitrescue unlock`: open a volume with a key, name its file system, and
 * optionally hash or write out the decrypted view.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bde/guid.h"
#include "bde/names.h"
#include "cli/bigbuf.h"
#include "cli/cli.h"
#include "bde/fsinfo.h"

#define CHUNK (1u << 20)

/*
 * Read N bytes at POS sector by sector: sectors whose state a damaged
 * bitmap leaves unknown become zeros, counted in *UNKNOWN (--best-effort).
 */
static int read_known(struct bde_volume *vol, const struct sector_cipher *sc,
		      uint64_t pos, uint8_t *buf, size_t n, uint64_t *unknown)
{
	for (size_t done = 0; done < n; done += vol->sector_size) {
		size_t len = n - done < vol->sector_size ? n - done : vol->sector_size;
		int r = bde_read_decrypted(vol, sc, pos + done, buf + done, len);

		if (r == BDE_ERR_UNKNOWN_DATA) {
			if (!*unknown)
				fprintf(stderr, "bitrescue: warning: from byte %llu on, a damaged "
					"encrypt-on-write bitmap leaves unknown what is "
					"encrypted: such sectors are zeros\n",
					(unsigned long long)(pos + done));
			memset(buf + done, 0, len);
			*unknown += len;
		} else if (r != BDE_OK) {
			return r;
		}
	}
	return BDE_OK;
}

/* Hash and/or write the whole decrypted view. */
static int stream_view(struct bde_volume *vol, const struct sector_cipher *sc,
		       int best_effort, int out_fd, uint8_t digest[SHA256_LEN],
		       uint64_t *unknown)
{
	struct sha256_ctx ctx;
	uint64_t pos, size = bde_view_size(vol);
	uint8_t *buf = bigbuf_alloc(CHUNK);
	int r = BDE_OK;

	if (!buf)
		return BDE_ERR_IO;
	sha256_init(&ctx);
	for (pos = 0; pos < size && r == BDE_OK; pos += CHUNK) {
		size_t n = size - pos < CHUNK ? (size_t)(size - pos) : CHUNK;

		r = bde_read_decrypted(vol, sc, pos, buf, n);
		if (r == BDE_ERR_UNKNOWN_DATA && best_effort)
			r = read_known(vol, sc, pos, buf, n, unknown);
		if (r == BDE_ERR_UNKNOWN_DATA)
			fprintf(stderr, "bitrescue: reading at byte %llu: %s (--best-effort "
				"writes such sectors as zeros)\n", (unsigned long long)pos,
				bde_strerror(r));
		if (r != BDE_OK)
			break;
		if (digest)
			sha256_update(&ctx, buf, n);
		if (out_fd >= 0 && write(out_fd, buf, n) != (ssize_t)n) {
			fprintf(stderr, "bitrescue: writing output: %s\n", strerror(errno));
			r = BDE_ERR_IO;
		}
	}
	if (digest)
		sha256_final(&ctx, digest);
	bigbuf_free(buf, CHUNK);
	return r;
}

/* Open the output file, refusing the image itself. */
static int open_output(const char *path, const char *image)
{
	struct stat in, out;
	int fd;

	if (stat(image, &in) == 0 && stat(path, &out) == 0 &&
	    in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
		fprintf(stderr, "bitrescue: refusing to write the output over the input image\n");
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		fprintf(stderr, "bitrescue: %s: %s\n", path, strerror(errno));
	return fd;
}

/* Which copy opened, and which failed the key first (bde/retry.c). */
static void report_copies(const struct bde_volume *vol)
{
	int i;

	printf("Metadata Copy:        %d", vol->copy_used + 1);
	for (i = 0; i < 3; i++)
		if (vol->copies[i].unlock_failed) {
			printf(" (copy %d failed this key: DAMAGED)", i + 1);
			fprintf(stderr, "bitrescue: warning: metadata copy %d is damaged: the key "
				"that opened copy %d failed on it\n", i + 1, vol->copy_used + 1);
		}
	printf("\n");
}

static int report(const struct options *opt, struct found_volume *fv,
		  const struct sector_cipher *sc)
{
	struct bde_volume *vol = fv->vol;
	uint8_t sector0[512], digest[SHA256_LEN];
	struct fsinfo fs;
	int r, out_fd = -1, i, cut = bde_view_size(vol) < vol->volume_size;
	int uncertain = bde_view_uncertain(vol);
	uint64_t unknown = 0;

	if (fv->partition)
		printf("Partition %u:\n", fv->partition);
	if (vol->unlocked_by >= 0) {
		const struct bde_protector *p = &vol->protectors[vol->unlocked_by];
		const char *type = bde_protector_type_name(p->type);
		char guid[BDE_GUID_TEXT_LEN];

		bde_guid_format(p->guid, guid);
		printf("Unlocked with:        %s %s\n", type ? type : "protector", guid);
	} else {
		printf("Unlocked with:        no key: BitLocker is off (Fully Decrypted)\n");
	}
	report_copies(vol);
	printf("Metadata Checksum:    %s\n",
	       vol->metadata_hash == BDE_HASH_OK ? "SHA-256 ok" :
	       vol->metadata_hash == BDE_HASH_MISMATCH ? "SHA-256 MISMATCH" : "not present");

	r = bde_read_decrypted(vol, sc, 0, sector0, sizeof(sector0));
	if (r != BDE_OK) {
		fprintf(stderr, "bitrescue: reading the volume: %s\n", bde_strerror(r));
		return exit_code_for(r);
	}
	fsinfo_detect(sector0, &fs);
	printf("File System:          %s\n", fs.name ? fs.name : "unknown");
	if (fs.name)
		printf("Serial Number:        %s\n", fs.serial);
	if (cut)
		printf("View:                 INCOMPLETE: the first %llu of %llu bytes\n",
		       (unsigned long long)bde_view_size(vol),
		       (unsigned long long)vol->volume_size);
	if (uncertain)
		printf("View:                 UNCERTAIN: %s; chunks never written since "
		       "encryption began may read as noise\n",
		       bde_eow_problem_name(vol->eow_map.problem));

	if (!opt->sha256 && !opt->output)
		return EXIT_OK;
	if (uncertain && !opt->best_effort) {
		fprintf(stderr, "bitrescue: the decrypted view is uncertain (%s): "
			"--sha256 and --output need --best-effort\n",
			bde_eow_problem_name(vol->eow_map.problem));
		return EXIT_USAGE;
	}
	if (opt->output) {
		out_fd = open_output(opt->output, opt->image);
		if (out_fd < 0)
			return EXIT_IO;
	}
	r = stream_view(vol, sc, opt->best_effort, out_fd, opt->sha256 ? digest : NULL,
			&unknown);
	if (out_fd >= 0 && close(out_fd) < 0 && r == BDE_OK)
		r = BDE_ERR_IO;
	if (r != BDE_OK) {
		fprintf(stderr, "bitrescue: reading the volume: %s\n", bde_strerror(r));
		return exit_code_for(r);
	}
	if (opt->sha256) {
		/* a hash of part of a volume, or of a guess, must not pass for
		 * the volume's */
		printf(uncertain || unknown ? "Best-effort SHA-256:  " :
		       cut ? "Partial SHA-256:      " : "SHA-256:              ");
		for (i = 0; i < SHA256_LEN; i++)
			printf("%02x", digest[i]);
		if (cut)
			printf(" (first %llu bytes only)", (unsigned long long)bde_view_size(vol));
		printf("\n");
	}
	if (unknown)
		fprintf(stderr, "bitrescue: warning: %llu bytes could not be known (damaged "
			"encrypt-on-write bitmap) and are zeros\n", (unsigned long long)unknown);
	if (cut && (opt->sha256 || opt->output))
		fprintf(stderr, "bitrescue: warning: the image is cut short: %s only the first "
			"%llu of the volume's %llu bytes\n",
			opt->output ? "wrote" : "hashed",
			(unsigned long long)bde_view_size(vol),
			(unsigned long long)vol->volume_size);
	return EXIT_OK;
}

int cmd_unlock(const struct options *opt, struct found_volume *vols, int n)
{
	int i, worst;

	if (opt->output && n > 1) {
		fprintf(stderr, "bitrescue: %d BitLocker partitions: pick one with --partition\n", n);
		return EXIT_USAGE;
	}
	worst = key_prepare(opt, vols, n, "unlock");
	if (worst != EXIT_OK)
		return worst;
	for (i = 0; i < n; i++) {
		struct sector_cipher sc;
		int r = key_unlock(opt, vols[i].vol, &sc);

		if (r != BDE_OK) {
			if (vols[i].partition)
				fprintf(stderr, "bitrescue: partition %u: %s\n", vols[i].partition,
					bde_strerror(r));
			else
				fprintf(stderr, "bitrescue: %s\n", bde_strerror(r));
			if (worst == EXIT_OK)
				worst = exit_code_for(r);
			if (r == BDE_ERR_BAD_FORMAT && opt->recovery_password)
				break;  /* the same typo for every partition */
			continue;
		}
		r = report(opt, &vols[i], &sc);
		sector_cipher_wipe(&sc);
		if (r != EXIT_OK && worst == EXIT_OK)
			worst = r;
	}
	key_forget();
	return worst;
}
