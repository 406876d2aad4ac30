/** @file
 * bitrescue (host): inspect and unlock BitLocker volumes in disk images.
 *
 * BITRESCUE_CRYPTO=portable in the environment holds crypto/ to its
 * portable code (no AES-NI, SHA-NI or ARMv8 Crypto Extension), so tests
 * can check the fast paths against it on a whole volume.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bde/names.h"
#include "crypto/cpu.h"
#include "cli/cli.h"

static const char usage_text[] =
"usage: bitrescue info IMAGE [--json] [--partition N]\n"
"       bitrescue unlock IMAGE [--recovery-password P | --password P |\n"
"                 --startup-key FILE.BEK | --clear-key] [--sha256]\n"
"                 [--output FILE] [--best-effort] [--partition N]\n"
"       bitrescue --help | --version\n"
"\n"
"IMAGE is a BitLocker volume, or a whole disk image with a GPT or MBR\n"
"partition table: every BitLocker partition is handled unless --partition\n"
"picks one (numbered as in the table, from 1). It must be a regular file\n"
"or a block device.\n"
"\n"
"info     volume ID, description, encryption method, size, the state of\n"
"         each metadata copy, and each key protector (as manage-bde does).\n"
"unlock   opens the volume with the key given and names the file system\n"
"         inside; --sha256 prints the SHA-256 of the decrypted volume,\n"
"         --output writes it to FILE (never over IMAGE). The volume itself\n"
"         is only ever read. A volume whose BitLocker was turned off\n"
"         (Fully Decrypted) opens without a key. Where the view is\n"
"         uncertain (a used-space-only volume whose bitmaps cannot be\n"
"         read), --sha256 and --output need --best-effort.\n"
"\n"
"exit codes:\n"
"  0  success\n"
"  1  usage error\n"
"  2  wrong key or password\n"
"  3  bad input: malformed key or password, damaged or unsupported volume\n"
"  4  I/O error\n"
"  5  not a BitLocker volume\n"
"  6  the volume has no protector of that kind\n";

int exit_code_for(int err)
{
	switch (err) {
	case BDE_OK:                return EXIT_OK;
	case BDE_ERR_WRONG_KEY:     return EXIT_WRONG_KEY;
	case BDE_ERR_IO:            return EXIT_IO;
	case BDE_ERR_NOT_BITLOCKER: return EXIT_NOT_BITLOCKER;
	case BDE_ERR_NO_PROTECTOR:  return EXIT_NO_PROTECTOR;
	default:                    return EXIT_BAD_INPUT;
	}
}

static int usage(FILE *f, int code)
{
	fputs(usage_text, f);
	return code;
}

/* BITRESCUE_CRYPTO: unset, or "portable"; anything else is refused, so
 * that a misspelt value cannot quietly test the fast path twice. */
static int crypto_path_from_environment(void)
{
	const char *path = getenv("BITRESCUE_CRYPTO");

	if (!path)
		return 0;
	if (strcmp(path, "portable")) {
		fprintf(stderr, "bitrescue: BITRESCUE_CRYPTO must be 'portable'\n");
		return -1;
	}
	crypto_force_path(CRYPTO_PATH_PORTABLE);
	return 0;
}

/* Parse ARGV after the command; returns 0 or prints why not. */
static int parse_options(int argc, char **argv, struct options *opt)
{
	int i;

	memset(opt, 0, sizeof(*opt));
	opt->partition = -1;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **value = NULL;

		if (!strcmp(a, "--json"))
			opt->json = 1;
		else if (!strcmp(a, "--sha256"))
			opt->sha256 = 1;
		else if (!strcmp(a, "--clear-key"))
			opt->clear_key = 1;
		else if (!strcmp(a, "--best-effort"))
			opt->best_effort = 1;
		else if (!strcmp(a, "--recovery-password"))
			value = &opt->recovery_password;
		else if (!strcmp(a, "--password"))
			value = &opt->password;
		else if (!strcmp(a, "--startup-key"))
			value = &opt->startup_key;
		else if (!strcmp(a, "--output"))
			value = &opt->output;
		else if (!strcmp(a, "--partition")) {
			char *end;

			if (++i == argc) {
				fprintf(stderr, "bitrescue: --partition needs a number\n");
				return -1;
			}
			opt->partition = (int)strtol(argv[i], &end, 10);
			if (*end || opt->partition < 1) {
				fprintf(stderr, "bitrescue: bad partition number '%s'\n", argv[i]);
				return -1;
			}
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "bitrescue: unknown option '%s'\n", a);
			return -1;
		} else if (!opt->image) {
			opt->image = a;
		} else {
			fprintf(stderr, "bitrescue: unexpected argument '%s'\n", a);
			return -1;
		}
		if (value) {
			if (++i == argc) {
				fprintf(stderr, "bitrescue: %s needs a value\n", a);
				return -1;
			}
			*value = argv[i];
		}
	}
	if (!opt->image) {
		fprintf(stderr, "bitrescue: no IMAGE given\n");
		return -1;
	}
	return 0;
}

/* Try bde_open on one region; keep it in VOLS if it is BitLocker. */
static int try_region(const struct image *img, unsigned number, uint64_t start,
		      uint64_t size, struct found_volume *fv)
{
	struct bde_io io;
	int r;

	fv->partition = number;
	fv->vol = malloc(sizeof(*fv->vol));
	if (!fv->vol)
		return BDE_ERR_IO;
	image_region_io(&fv->region, img, start, size, &io);
	r = bde_open(fv->vol, &io);
	if (r == BDE_ERR_CORRUPT) {
		/* say what is wrong with each copy before giving up */
		char place[COPY_PLACE_LEN];
		unsigned i;

		for (i = 0; i < 3; i++) {
			format_copy_place(i, &fv->vol->copies[i], place);
			fprintf(stderr, "bitrescue: metadata copy %s: %s\n", place,
				bde_copy_status_name(fv->vol->copies[i].status));
		}
	}
	if (r != BDE_OK) {
		free(fv->vol);
		fv->vol = NULL;
	}
	return r;
}

/*
 * The BitLocker volumes in IMG: the image itself, or its partitions.
 * Returns how many, or -(bde error) explaining why there are none.
 */
static int find_volumes(const struct image *img, int want, struct found_volume *vols)
{
	static struct partition parts[MAX_PARTITIONS];
	int n_parts, i, n = 0, err;

	err = try_region(img, 0, 0, img->size, &vols[0]);
	if (err == BDE_OK) {
		if (want > 0) {
			fprintf(stderr, "bitrescue: the image is one volume, it has no partition %d\n",
				want);
			free(vols[0].vol);
			return -BDE_ERR_NOT_BITLOCKER;
		}
		return 1;
	}
	if (err != BDE_ERR_NOT_BITLOCKER)
		return -err;

	n_parts = partitions_read(img, parts, MAX_PARTITIONS);
	for (i = 0; i < n_parts; i++) {
		int r;

		if (want > 0 && parts[i].number != (unsigned)want)
			continue;
		if (parts[i].size < parts[i].table_size)
			warn_partition_cut(&parts[i]);
		if (!parts[i].size) {
			err = BDE_ERR_IO;  /* none of it is there to read */
			continue;
		}
		r = try_region(img, parts[i].number, parts[i].start, parts[i].size, &vols[n]);
		if (r == BDE_OK)
			n++;
		else if (r != BDE_ERR_NOT_BITLOCKER || want > 0)
			err = r;  /* remember why a partition failed */
	}
	if (n)
		return n;
	if (want > 0 && err == BDE_ERR_NOT_BITLOCKER)
		fprintf(stderr, "bitrescue: partition %d is not a BitLocker volume\n", want);
	return -err;
}

int main(int argc, char **argv)
{
	static struct found_volume vols[MAX_PARTITIONS];
	struct options opt;
	struct image img;
	int n, r, i;

	if (argc < 2)
		return usage(stderr, EXIT_USAGE);
	if (crypto_path_from_environment())
		return EXIT_USAGE;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return usage(stdout, EXIT_OK);
	if (!strcmp(argv[1], "--version")) {
		printf("bitrescue %s\n", BITRESCUE_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "info") && strcmp(argv[1], "unlock"))
		return usage(stderr, EXIT_USAGE);
	if (parse_options(argc - 2, argv + 2, &opt))
		return EXIT_USAGE;

	r = image_open(&img, opt.image);
	if (r == IMAGE_NOT_SEEKABLE) {
		fprintf(stderr, "bitrescue: %s: not a regular file or block device\n", opt.image);
		return EXIT_USAGE;
	}
	if (r) {
		fprintf(stderr, "bitrescue: %s: %s\n", opt.image, strerror(errno));
		return EXIT_IO;
	}
	n = find_volumes(&img, opt.partition, vols);
	if (n < 0) {
		fprintf(stderr, "bitrescue: %s: %s\n", opt.image, bde_strerror(-n));
		image_close(&img);
		return exit_code_for(-n);
	}
	for (i = 0; i < n; i++)
		warn_volume(&vols[i]);
	if (!strcmp(argv[1], "info"))
		r = cmd_info(&opt, vols, n);
	else
		r = cmd_unlock(&opt, vols, n);
	for (i = 0; i < n; i++)
		free(vols[i].vol);
	image_close(&img);
	return r;
}
