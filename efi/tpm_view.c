/** @file
 * Reading the TPM once, and the TPM screen.
 */
#include "efi/pages.h"
#include "efi/tpm_verdicts.h"
#include "efi/tpm_view.h"
#include "tpm/error.h"
#include "ui/protectors.h"
#include "ui/tpm_screen.h"
#include "ui/tpm_verdict.h"

static struct efi_tpm_log raw_log;
static struct tpm_final_merge final_merge;
/* 13 KiB: allocated, as static it would take room in the app's file. */
static struct tpm_eventlog *parsed;

void app_tpm_read(struct app *app)
{
	efi_tpm_read(&app->tpm, &raw_log);
	app_tpm_forget();
	if (raw_log.data && raw_log.len) {
		parsed = pages_alloc(sizeof(*parsed));
		/* A log that stops early still says something: keep what parsed;
		 * only a whole one is continued from the final events table. */
		if (parsed && tpm_eventlog_parse(raw_log.data, raw_log.len, parsed) == TPM_OK)
			tpm_final_events_merge(raw_log.data, raw_log.len, raw_log.truncated,
					       raw_log.final_table, raw_log.final_max,
					       parsed, &final_merge);
	}
	app_tpm_judge(app, &raw_log, parsed,
		      &final_merge);
}

void app_tpm_forget(void)
{
	app_tpm_judgements_forget();
	final_merge.status = TPM_FINAL_NO_TABLE;
	final_merge.added = 0;
	pages_free(parsed, sizeof(*parsed));
	parsed = NULL;
}

const struct efi_tpm_log *app_tpm_log(void)
{
	return &raw_log;
}

const struct tpm_eventlog *app_tpm_eventlog(void)
{
	return parsed;
}

const struct tpm_final_merge *app_tpm_final_events(void)
{
	return parsed ? &final_merge : NULL;
}

/* Is KEY the letter LETTER (either case)? */
static int is_letter(const struct ui_key *key, char letter)
{
	return key->scan == UI_KEY_CHAR && (key->ch | 0x20) == (uint16_t)letter;
}

static int is_back(const struct ui_key *key)
{
	return key->scan == UI_KEY_ESC || key->scan == UI_KEY_ENTER ||
	       key->scan == UI_KEY_BACKSPACE;
}

/* A page shown until a key says back; 0 when the app must exit. */
static int wait_back(struct app *app)
{
	struct ui_key key;

	do {
		if (!app_wait_key(app, &key))
			return 0;
	} while (!is_back(&key));
	return 1;
}

enum app_next app_tpm_screen(struct app *app, const struct app_device *dev)
{
	uint16_t alg = 0;
	struct ui_key key;

	tpm_info_set_profile(&app->tpm, dev && dev->vol ?
			     ui_volume_pcr_profile(dev->vol) : 0);
	for (;;) {
		ui_tpm_draw(app->screen, &app->tpm, app_tpm_eventlog(), alg);
		if (!app_wait_key(app, &key))
			return APP_EXIT;
		if (is_back(&key))
			return APP_STAY;
		if (app->tpm.version != TPM_VERSION_2_0)
			continue;
		if (is_letter(&key, 'b'))
			alg = ui_tpm_next_bank(&app->tpm, alg);
		if (is_letter(&key, 'v')) {
			const struct tpm_judgement *j = dev && dev->vol ?
				app_tpm_volume_judgement(dev->vol) : NULL;

			ui_tpm_verdict_draw(app->screen, j ? &j->verdict : NULL,
					    j ? &j->check : NULL);
			if (!wait_back(app))
				return APP_EXIT;
		}
		if (is_letter(&key, 'e')) {
			ui_tpm_events_draw(app->screen, app_tpm_eventlog());
			if (!wait_back(app))
				return APP_EXIT;
		}
	}
}
