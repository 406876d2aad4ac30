/** @file
 * The earlier starts' logs on the unlocked Windows volume against its TPM
 * key (efi/tpm_history.h): list the folder, sort by modification time,
 * read the newest few whole, and stop at the first that reproduces the key.
 */
#include "efi/efi_app.h"
#include "efi/pages.h"
#include "efi/tpm_history.h"
#include "efi/tpm_verdicts.h"

#define FOLDER "\\Windows\\Logs\\MeasuredBoot"
#define MAX_LISTED 256                   /* entries looked at in the folder */

struct log_file {
	uint64_t ref, size, modified;
	char name[APP_HISTORY_NAME_MAX];
};

/* Everything large, allocated together. */
struct history_scratch {
	struct tpm_history_work work;
	struct tpm_history_result result;
	struct ntfs_info entry;
	struct ntfs_dir dir;
	struct ntfs_file file;
	unsigned nfiles;
	struct log_file files[MAX_LISTED];
};

static int ends_with_log(const char *name)
{
	UINTN n = strlena((const CHAR8 *)name);

	return n > 4 && name[n - 4] == '.' && (name[n - 3] | 0x20) == 'l' &&
	       (name[n - 2] | 0x20) == 'o' && (name[n - 1] | 0x20) == 'g';
}

/* The folder's *.log files, newest first. 0, or -1 if there is no folder. */
static int list_logs(struct ntfs_volume *vol, struct history_scratch *h, unsigned *listed)
{
	uint64_t ref;
	unsigned i, k;
	int err;

	if (ntfs_lookup(vol, NTFS_ROOT, FOLDER, &ref) || ntfs_dir_open(vol, ref, &h->dir))
		return -1;
	h->nfiles = 0;
	*listed = 0;
	while ((err = ntfs_dir_next(&h->dir, &h->entry)) != NTFS_END) {
		struct log_file *f;

		if (err || h->entry.error || h->entry.attributes & NTFS_ATTR_DIRECTORY ||
		    !ends_with_log(h->entry.name))
			continue;
		(*listed)++;
		if (h->nfiles == MAX_LISTED)
			continue;
		/* insertion into the newest-first order */
		for (i = h->nfiles; i && h->files[i - 1].modified < h->entry.modified; i--)
			h->files[i] = h->files[i - 1];
		f = &h->files[i];
		f->ref = h->entry.ref;
		f->size = h->entry.size;
		f->modified = h->entry.modified;
		for (k = 0; k + 1 < APP_HISTORY_NAME_MAX && h->entry.name[k]; k++)
			f->name[k] = h->entry.name[k];
		f->name[k] = 0;
		h->nfiles++;
	}
	return 0;
}

/* Read file F whole into BUF (APP_HISTORY_MAX_LOG_BYTES). */
static int read_log(struct ntfs_volume *vol, struct history_scratch *h,
		    const struct log_file *f, uint8_t *buf)
{
	size_t got = 0;

	if (f->size > APP_HISTORY_MAX_LOG_BYTES || ntfs_file_open(vol, f->ref, &h->file) ||
	    ntfs_file_read(&h->file, 0, buf, (size_t)f->size, &got) || got != f->size)
		return -1;
	return 0;
}

/* The first TPM protector whose verdict the earlier starts may explain. */
static int wanted_protector(const struct bde_volume *vol, unsigned *index)
{
	unsigned i;

	for (i = 0; i < vol->n_protectors && i < BDE_MAX_PROTECTORS; i++) {
		const struct tpm_judgement *j = app_tpm_judgement(vol, i);

		if (j && vol->protectors[i].sealed.status == TPM_SEALED_OK &&
		    tpm_history_wanted(&j->verdict)) {
			*index = i;
			return 1;
		}
	}
	return 0;
}

static void look_through(struct ntfs_volume *vol, const struct tpm_sealed *s,
			 const struct tpm_predict_input *now, struct history_scratch *h,
			 uint8_t *buf, struct app_tpm_history *out)
{
	unsigned i;

	out->state = APP_HISTORY_NO_MATCH;
	for (i = 0; i < h->nfiles && out->read < APP_HISTORY_MAX_LOGS; i++) {
		const struct log_file *f = &h->files[i];

		if (read_log(vol, h, f, buf) < 0) {
			out->skipped++;
			continue;
		}
		out->read++;
		tpm_history_check(buf, (size_t)f->size, now, s, &h->work, &h->result);
		Print(L"TPM history: %a: %a\n", f->name, tpm_history_status_text(h->result.status));
		if (h->result.status == TPM_HISTORY_MATCH) {
			out->state = APP_HISTORY_FOUND;
			CopyMem(out->file, f->name, sizeof(out->file));
			out->modified = f->modified;
			CopyMem(&out->result, &h->result, sizeof(out->result));
			return;
		}
	}
}

const struct app_tpm_history *app_tpm_history_find(struct app_device *dev,
						   struct ntfs_volume *vol,
						   const struct tpm_predict_input *now)
{
	struct history_scratch *h;
	struct app_tpm_history *out;
	unsigned index;
	uint8_t *buf;

	if (dev->tpm_history)
		return dev->tpm_history;
	if (!dev->vol || !vol || !wanted_protector(dev->vol, &index))
		return NULL;
	out = pages_alloc(sizeof(*out));
	h = pages_alloc(sizeof(*h));
	buf = pages_alloc(APP_HISTORY_MAX_LOG_BYTES);
	if (out && h && buf) {
		out->protector = index;
		if (list_logs(vol, h, &out->listed) == 0)
			look_through(vol, &dev->vol->protectors[index].sealed, now, h, buf, out);
		dev->tpm_history = out;
	} else {
		pages_free(out, sizeof(*out));
	}
	pages_free(h, sizeof(*h));
	pages_free(buf, APP_HISTORY_MAX_LOG_BYTES);
	return dev->tpm_history;
}
