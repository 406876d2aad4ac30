/** @file
 * The earlier start the TPM key was sealed to, looked for once per
 * unlocked device (efi/tpm_history.h).
 */
#include "efi/efi_app.h"
#include "efi/ntfs_fs.h"
#include "efi/pages.h"
#include "efi/tpm_history.h"
#include "efi/tpm_verdicts.h"
#include "efi/tpm_view.h"

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

/* One console line per log looked at. */
static void note_log(void *ctx, const char *name, const struct tpm_history_result *r)
{
	(void)ctx;
	Print(L"TPM history: %a: %a\n", name,
	      r ? tpm_history_status_text(r->status) : "not read (too large or unreadable)");
}

const struct app_tpm_history *app_tpm_history_find(struct app_device *dev)
{
	struct ntfs_volume *vol = ntfs_fs_volume(dev);
	struct tpm_predict_input now;
	struct measured_boot_work *w;
	struct app_tpm_history *out;
	unsigned index;

	if (dev->tpm_history)
		return dev->tpm_history;
	if (!dev->vol || !vol || !wanted_protector(dev->vol, &index))
		return NULL;
	app_tpm_log_input(app_tpm_log(), app_tpm_eventlog(), app_tpm_final_events(), &now);
	out = pages_alloc(sizeof(*out));
	w = pages_alloc(sizeof(*w));
	if (w)
		w->buf = pages_alloc(MEASURED_BOOT_MAX_LOG_BYTES);
	if (out && w && w->buf) {
		out->protector = index;
		measured_boot_find(vol, &dev->vol->protectors[index].sealed, &now, w,
				   note_log, NULL, out);
		dev->tpm_history = out;
	} else {
		pages_free(out, sizeof(*out));
	}
	if (w)
		pages_free(w->buf, MEASURED_BOOT_MAX_LOG_BYTES);
	pages_free(w, sizeof(*w));
	return dev->tpm_history;
}

void app_tpm_history_forget(struct app_device *dev)
{
	pages_free(dev->tpm_history, sizeof(*dev->tpm_history));
	dev->tpm_history = NULL;
}
