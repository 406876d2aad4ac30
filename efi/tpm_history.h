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
 * Look through DEV's unlocked NTFS (VOL) for the start its TPM key was
 * sealed to, with NOW this start's log (its fields may be NULL). Returns
 * the result, allocated and kept in DEV->tpm_history, or NULL when no
 * protector's verdict asks for it (or out of memory).
 */
const struct app_tpm_history *app_tpm_history_find(struct app_device *dev,
						   struct ntfs_volume *vol,
						   const struct tpm_predict_input *now);

#endif
