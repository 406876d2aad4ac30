/** @file
 * The key options (--recovery-password, --password, --startup-key,
 * --clear-key) checked and used to unlock a volume: shared by every
 * command that reads a volume's contents (unlock, ls, cp).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "bde/bek.h"
#include "cli/cli.h"
#include "crypto/wipe.h"

/* The startup key file's bytes, read once for every partition. */
static uint8_t bek[BDE_BEK_MAX];
static size_t bek_len;

static void progress_bar(void *ctx, uint32_t done, uint32_t total)
{
	(void)ctx;
	fprintf(stderr, "\rderiving key: %3u%%", (unsigned)((uint64_t)done * 100 / total));
	if (done == total)
		fprintf(stderr, "\r                   \r");
}

static int read_key_file(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "bitrescue: %s: %s\n", path, strerror(errno));
		return EXIT_IO;
	}
	bek_len = fread(bek, 1, sizeof(bek), f);
	if (ferror(f) || (bek_len == sizeof(bek) && fgetc(f) != EOF)) {
		fprintf(stderr, "bitrescue: %s: not a startup key file (too large or unreadable)\n",
			path);
		fclose(f);
		return EXIT_BAD_INPUT;
	}
	fclose(f);
	return EXIT_OK;
}

static void report_bad_groups(uint8_t bad)
{
	int g, first = 1;

	if (bad == 0xff) {
		fprintf(stderr, "bitrescue: a recovery password is 48 digits in 8 groups of 6\n");
		return;
	}
	fprintf(stderr, "bitrescue: invalid recovery password group(s):");
	for (g = 0; g < BDE_RECOVERY_GROUPS; g++)
		if (bad & (1u << g)) {
			fprintf(stderr, "%s %d", first ? "" : ",", g + 1);
			first = 0;
		}
	fprintf(stderr, " (each group is a multiple of 11 below 720896)\n");
}

static int all_decrypted(const struct found_volume *vols, int n)
{
	for (int i = 0; i < n; i++)
		if (vols[i].vol->state_current != BDE_STATE_DECRYPTED)
			return 0;
	return 1;
}

int key_prepare(const struct options *opt, const struct found_volume *vols, int n,
		const char *command)
{
	int kinds = !!opt->recovery_password + !!opt->password + !!opt->startup_key +
		    opt->clear_key;

	if (kinds > 1 || (kinds == 0 && !all_decrypted(vols, n))) {
		fprintf(stderr, "bitrescue: %s needs exactly one of --recovery-password, "
			"--password, --startup-key, --clear-key%s\n", command,
			kinds ? "" : " (only a decrypted volume opens without a key)");
		return EXIT_USAGE;
	}
	return opt->startup_key ? read_key_file(opt->startup_key) : EXIT_OK;
}

int key_unlock(const struct options *opt, struct bde_volume *vol, struct sector_cipher *sc)
{
	stretch_progress_fn progress = isatty(2) ? progress_bar : NULL;
	uint8_t bad = 0;
	int r;

	/* BitLocker is off: whatever key was given, none is needed */
	if (vol->state_current == BDE_STATE_DECRYPTED)
		return bde_open_decrypted(vol, sc);
	if (opt->recovery_password) {
		r = bde_unlock_recovery_password(vol, opt->recovery_password, &bad, progress,
						 NULL, sc);
		if (r == BDE_ERR_BAD_FORMAT && bad)
			report_bad_groups(bad);
	} else if (opt->password) {
		r = bde_unlock_password(vol, opt->password, strlen(opt->password), progress,
					NULL, sc);
	} else if (opt->startup_key) {
		r = bde_unlock_startup_key(vol, bek, bek_len, sc);
	} else if (opt->clear_key) {
		r = bde_unlock_clear_key(vol, sc);
	} else {
		r = BDE_ERR_NO_KEY;
	}
	return r;
}

void key_forget(void)
{
	wipe(bek, sizeof(bek));
	bek_len = 0;
}
