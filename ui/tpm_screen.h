/** @file
 * What the TPM says: why BitLocker may have asked for recovery. Shows
 * tpm/'s struct tpm_info (properties, banks, PCRs 0-23 with the volume's
 * profile marked) and, when the event log was read, which PCRs differ
 * from the log's replay.
 */
#ifndef UI_TPM_SCREEN_H
#define UI_TPM_SCREEN_H

#include "tpm/eventlog.h"
#include "tpm/info.h"
#include "ui/screen.h"

/*
 * Draw INFO (its profile set with tpm_info_set_profile(), e.g. from
 * ui_volume_pcr_profile()) and LOG, the parsed event log, or NULL if
 * there is none. PCR values come from the SHA-256 bank, else the first
 * bank read.
 */
void ui_tpm_draw(struct screen *s, const struct tpm_info *info,
		 const struct tpm_eventlog *log);

#endif
