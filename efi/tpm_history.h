/** @file
 * After an unlock: which earlier start of Windows was the TPM key sealed
 * to? efi/measured_boot.h looks, for the first TPM protector whose verdict
 * tpm_history_wanted() accepts; the result is kept with the device for the
 * success screen and the report.
 */
#ifndef EFI_TPM_HISTORY_H
#define EFI_TPM_HISTORY_H

#include "efi/app.h"
#include "efi/measured_boot.h"

/*
 * Look through DEV's unlocked NTFS for the start its TPM key was sealed
 * to, against this start's event log (efi/tpm_view.h). Returns the result,
 * allocated and kept in DEV->tpm_history, or NULL when there is no NTFS,
 * no protector's verdict asks for it, or no memory.
 */
const struct app_tpm_history *app_tpm_history_find(struct app_device *dev);

/* Free DEV's result (memory an app leaves allocated outlives it). */
void app_tpm_history_forget(struct app_device *dev);

#endif
