/** @file
 * The verdict on each TPM protector of the volumes found (tpm/judge.h):
 * would the TPM release its key on a normal start of Windows? This file
 * gathers what the verdict needs from firmware (Windows Boot Manager from
 * the ESP, the Secure Boot db, the boot order, the TPM) and keeps the
 * answers for the screens and the report.
 */
#ifndef EFI_TPM_VERDICTS_H
#define EFI_TPM_VERDICTS_H

#include "efi/app.h"
#include "efi/tcg2.h"
#include "tpm/final_events.h"
#include "tpm/judge.h"

/*
 * This start's log as the prediction takes it (RAW, PARSED with the final
 * events merged as M says), into IN: no log when PARSED or M is NULL.
 */
void app_tpm_log_input(const struct efi_tpm_log *raw, const struct tpm_eventlog *parsed,
		       const struct tpm_final_merge *m, struct tpm_predict_input *in);

/*
 * Judge every TPM protector of APP's volumes from the event log RAW
 * (PARSED, with the final events table merged as M says; PARSED NULL
 * when there is no log), and print each verdict line on the console.
 */
void app_tpm_judge(const struct app *app, const struct efi_tpm_log *raw,
		   const struct tpm_eventlog *parsed, const struct tpm_final_merge *m);

/* The judgement on protector INDEX of VOL, NULL if it has none. */
const struct tpm_judgement *app_tpm_judgement(const struct bde_volume *vol,
					      unsigned index);

/* The first TPM protector's judgement on VOL, NULL if none (for the screens). */
const struct tpm_judgement *app_tpm_volume_judgement(const struct bde_volume *vol);

/* Forget the judgements. */
void app_tpm_judgements_forget(void);

#endif
