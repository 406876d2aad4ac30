/** @file
 * bitrescue (host): inspect and unlock BitLocker volumes in disk images.
 *
 * BITRESCUE_CRYPTO=portable in the environment holds crypto/ to its
 * portable code (no AES-NI, SHA-NI or ARMv8 Crypto Extension), so tests
 * can check the fast paths against it on a whole volume.
 */
#include <errno.h>
#include <stddef.h>
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
"       bitrescue ls IMAGE KEY [PATH] [-a] [--partition N]\n"
"       bitrescue cp IMAGE KEY PATH DEST [-r] [--partition N]\n"
"       bitrescue --help | --version\n"
"\n"
"KEY is one of unlock's key options (--recovery-password P, --password P,\n"
"--startup-key FILE.BEK, --clear-key); a decrypted volume needs none.\n"
"\n"
"Options shown with a value (P, FILE, N) take it as the next argument or\n"
"after '=' (--partition=2); a missing value is a usage error.\n"
"--recovery-password - and --password - read the key from standard input\n"
"(typed without echo on a terminal): a key given as an argument is\n"
"visible to every user of this machine (ps, shell history).\n"
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
"ls       lists a directory of the unlocked NTFS volume (default: the root;\n"
"         PATH uses \\ or /, any case): type, size, last change (UTC),\n"
"         flags (compressed, sparse, EFS-encrypted, online-only: a cloud\n"
"         placeholder whose data is not on this disk, WOF-compressed,\n"
"         hard links, unreadable and why) and name; junctions and\n"
"         symlinks show their target and are never followed. -a shows\n"
"         NTFS's own files ($MFT, ...) too.\n"
"cp       copies the file PATH out to DEST, or with -r the directory PATH\n"
"         and everything under it. DEST may be an existing directory (the\n"
"         copy goes inside it) or a new name. Existing files are never\n"
"         overwritten: each is left as it is and reported as not copied;\n"
"         existing directories are copied into. Files whose data is not\n"
"         here or cannot be read (EFS, online-only, WOF, damaged) are not\n"
"         written at all, never as zeros; junctions and symlinks are not\n"
"         followed. A summary on stderr says what was not copied and why.\n"
"         The image is only ever read.\n"
"\n"
"exit codes:\n"
"  0  success\n"
"  1  usage error\n"
"  2  wrong key or password\n"
"  3  bad input: malformed key or password, damaged or unsupported volume\n"
"  4  I/O error\n"
"  5  not a BitLocker volume\n"
"  6  the volume has no protector of that kind\n"
"  7  ls, cp: PATH is not in the volume\n"
"  8  cp: some files could not be copied (the summary says which and why)\n";

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

/*
 * The value of option A: "--name=VALUE", or the next argument. A missing
 * value, or an option where the value should be, is a usage error, so
 * that "--password --json" never makes "--json" the password.
 */
static const char *option_value(int argc, char **argv, int *i, const char *a, size_t name_len)
{
	if (a[name_len] == '=')
		return a + name_len + 1;
	if (*i + 1 == argc || !strncmp(argv[*i + 1], "--", 2)) {
		fprintf(stderr, "bitrescue: %.*s needs a value\n", (int)name_len, a);
		return NULL;
	}
	return argv[++*i];
}

/* A flag or "--name" / "--name=..." option: its length, or 0. */
static size_t option_is(const char *a, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(a, name, n) && (a[n] == '\0' || a[n] == '=') ? n : 0;
}

/* "-" for a key: read it from standard input (one of them at most). */
static int keys_from_stdin(struct options *opt)
{
	int recovery = opt->recovery_password && !strcmp(opt->recovery_password, "-");
	int password = opt->password && !strcmp(opt->password, "-");

	if (recovery && password) {
		fprintf(stderr, "bitrescue: only one key can come from standard input\n");
		return -1;
	}
	if (recovery)
		opt->recovery_password = key_from_stdin("Recovery password");
	if (password)
		opt->password = key_from_stdin("Password");
	return (recovery && !opt->recovery_password) || (password && !opt->password) ? -1 : 0;
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
	static const struct {
		const char *name;
		size_t offset;
	} valued[] = {
		{ "--recovery-password", offsetof(struct options, recovery_password) },
		{ "--password", offsetof(struct options, password) },
		{ "--startup-key", offsetof(struct options, startup_key) },
		{ "--output", offsetof(struct options, output) },
		{ "--partition", offsetof(struct options, partition_text) },
	};
	int i;

	memset(opt, 0, sizeof(*opt));
	opt->partition = -1;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		size_t k, n = 0;

		for (k = 0; k < sizeof(valued) / sizeof(valued[0]); k++) {
			n = option_is(a, valued[k].name);
			if (n)
				break;
		}
		if (n) {
			const char *v = option_value(argc, argv, &i, a, n);

			if (!v)
				return -1;
			*(const char **)((char *)opt + valued[k].offset) = v;
		} else if (!strcmp(a, "--json"))
			opt->json = 1;
		else if (!strcmp(a, "--sha256"))
			opt->sha256 = 1;
		else if (!strcmp(a, "--clear-key"))
			opt->clear_key = 1;
		else if (!strcmp(a, "--best-effort"))
			opt->best_effort = 1;
		else if (!strcmp(a, "-r") || !strcmp(a, "--recursive"))
			opt->recursive = 1;
		else if (!strcmp(a, "-a") || !strcmp(a, "--all"))
			opt->all = 1;
		else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "bitrescue: unknown option '%s'\n", a);
			return -1;
		} else if (!opt->image) {
			opt->image = a;
		} else if (opt->n_args < 2) {
			opt->args[opt->n_args++] = a;
		} else {
			fprintf(stderr, "bitrescue: unexpected argument '%s'\n", a);
			return -1;
		}
	}
	if (opt->partition_text) {
		char *end;

		opt->partition = (int)strtol(opt->partition_text, &end, 10);
		if (*end || opt->partition < 1) {
			fprintf(stderr, "bitrescue: bad partition number '%s'\n",
				opt->partition_text);
			return -1;
		}
	}
	if (!opt->image) {
		fprintf(stderr, "bitrescue: no IMAGE given\n");
		return -1;
	}
	return keys_from_stdin(opt);
}

/* Does COMMAND take the arguments after IMAGE, and its flags? Says why not. */
static int arguments_fit(const char *command, const struct options *opt)
{
	int ls = !strcmp(command, "ls"), cp = !strcmp(command, "cp");
	int want_min = cp ? 2 : 0, want_max = cp ? 2 : ls ? 1 : 0;

	if (opt->n_args < want_min || opt->n_args > want_max) {
		fprintf(stderr, "bitrescue: %s takes %s\n", command,
			cp ? "PATH and DEST after IMAGE" : ls ? "at most one PATH after IMAGE" :
			"no argument after IMAGE");
		return -1;
	}
	if ((opt->recursive && !cp) || (opt->all && !ls)) {
		fprintf(stderr, "bitrescue: %s is for %s only\n", opt->recursive ? "-r" : "-a",
			opt->recursive ? "cp" : "ls");
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
	if (strcmp(argv[1], "info") && strcmp(argv[1], "unlock") && strcmp(argv[1], "ls") &&
	    strcmp(argv[1], "cp"))
		return usage(stderr, EXIT_USAGE);
	if (parse_options(argc - 2, argv + 2, &opt) || arguments_fit(argv[1], &opt))
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
	else if (!strcmp(argv[1], "unlock"))
		r = cmd_unlock(&opt, vols, n);
	else if (!strcmp(argv[1], "ls"))
		r = cmd_ls(&opt, vols, n);
	else
		r = cmd_cp(&opt, vols, n);
	for (i = 0; i < n; i++)
		free(vols[i].vol);
	image_close(&img);
	key_from_stdin_wipe();
	return r;
}
