/** @file
 * The machine's TPM as the app sees it: read once at start, shown on the
 * TPM screen, written into the report.
 */
#ifndef EFI_TPM_VIEW_H
#define EFI_TPM_VIEW_H

#include "efi/app.h"
#include "efi/app_actions.h"
#include "efi/tcg2.h"
#include "tpm/eventlog.h"
#include "tpm/final_events.h"

/* Read the TPM into APP->tpm and parse its event log (once). */
void app_tpm_read(struct app *app);

/* Free what app_tpm_read() parsed (the raw log is the firmware's). */
void app_tpm_forget(void);

/* The firmware's raw event log (data NULL when there is none). */
const struct efi_tpm_log *app_tpm_log(void);

/* The parsed event log, or NULL when there is none. Its replay includes
 * the final events table's events past the log's end. */
const struct tpm_eventlog *app_tpm_eventlog(void);

/* What the final events table added to it, or NULL without a log. */
const struct tpm_final_merge *app_tpm_final_events(void);

/* The TPM screen, DEV's PCR profile marked (DEV may be NULL), until Esc. */
enum app_next app_tpm_screen(struct app *app, const struct app_device *dev);

#endif
