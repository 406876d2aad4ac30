/** @file
 * An unlocked Windows volume's MeasuredBoot logs against a TPM key
 * (efi/measured_boot.h).
 */
#include <string.h>
#include "efi/measured_boot.h"

static int ends_with_log(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && name[n - 4] == '.' && (name[n - 3] | 0x20) == 'l' &&
	       (name[n - 2] | 0x20) == 'o' && (name[n - 1] | 0x20) == 'g';
}

/* The folder's *.log files, newest first. 0, or -1 if there is no folder. */
static int list_logs(struct ntfs_volume *vol, struct measured_boot_work *w, unsigned *listed)
{
	uint64_t ref;
	unsigned i;
	size_t k;
	int err;

	if (ntfs_lookup(vol, NTFS_ROOT, MEASURED_BOOT_FOLDER, &ref) ||
	    ntfs_dir_open(vol, ref, &w->dir))
		return -1;
	w->nfiles = 0;
	while ((err = ntfs_dir_next(&w->dir, &w->entry)) != NTFS_END) {
		struct measured_boot_log *f;

		if (err || w->entry.error || w->entry.attributes & NTFS_ATTR_DIRECTORY ||
		    !ends_with_log(w->entry.name))
			continue;
		(*listed)++;
		if (w->nfiles == MEASURED_BOOT_MAX_LISTED)
			continue;
		/* insertion into the newest-first order */
		for (i = w->nfiles; i && w->files[i - 1].modified < w->entry.modified; i--)
			w->files[i] = w->files[i - 1];
		f = &w->files[i];
		f->ref = w->entry.ref;
		f->size = w->entry.size;
		f->modified = w->entry.modified;
		for (k = 0; k + 1 < sizeof(f->name) && w->entry.name[k]; k++)
			f->name[k] = w->entry.name[k];
		f->name[k] = 0;
		w->nfiles++;
	}
	return 0;
}

/* Read file F whole into W->buf. */
static int read_log(struct ntfs_volume *vol, struct measured_boot_work *w,
		    const struct measured_boot_log *f)
{
	size_t got = 0;

	if (f->size > MEASURED_BOOT_MAX_LOG_BYTES || ntfs_file_open(vol, f->ref, &w->file) ||
	    ntfs_file_read(&w->file, 0, w->buf, (size_t)f->size, &got) || got != f->size)
		return -1;
	return 0;
}

void measured_boot_find(struct ntfs_volume *vol, const struct tpm_sealed *s,
			const struct tpm_predict_input *now, struct measured_boot_work *w,
			measured_boot_note_fn note, void *ctx, struct app_tpm_history *out)
{
	unsigned protector = out->protector, i;

	memset(out, 0, sizeof(*out));
	out->protector = protector;
	out->state = APP_HISTORY_NO_FOLDER;
	if (list_logs(vol, w, &out->listed) < 0)
		return;
	out->state = APP_HISTORY_NO_MATCH;
	for (i = 0; i < w->nfiles && out->read < MEASURED_BOOT_MAX_LOGS; i++) {
		const struct measured_boot_log *f = &w->files[i];

		if (read_log(vol, w, f) < 0) {
			out->skipped++;
			if (note)
				note(ctx, f->name, NULL);
			continue;
		}
		out->read++;
		tpm_history_check(w->buf, (size_t)f->size, now, s, &w->history, &w->result);
		if (note)
			note(ctx, f->name, &w->result);
		if (w->result.status == TPM_HISTORY_MATCH) {
			out->state = APP_HISTORY_FOUND;
			memcpy(out->file, f->name, sizeof(out->file));
			out->modified = f->modified;
			memcpy(&out->result, &w->result, sizeof(out->result));
			return;
		}
	}
}
