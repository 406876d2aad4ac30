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
 * there is none. PCR values come from the bank of algorithm ALG if it
 * was read, else SHA-256, else the first bank read (ALG 0: the default).
 */
void ui_tpm_draw(struct screen *s, const struct tpm_info *info,
		 const struct tpm_eventlog *log, uint16_t alg);

/* The algorithm of the bank shown after ALG's (B on the screen). */
uint16_t ui_tpm_next_bank(const struct tpm_info *info, uint16_t alg);

/*
 * The event log page (E): for each PCR, how many events extended it and
 * of which types, in the log's order; LOG may be NULL.
 */
void ui_tpm_events_draw(struct screen *s, const struct tpm_eventlog *log);

#endif
