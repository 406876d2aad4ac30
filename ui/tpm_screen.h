/** @file
 * What the TPM says: why BitLocker may have asked for recovery. Fed with
 * a small view struct that efi/ fills from tpm/'s struct tpm_info, so the
 * screen does not depend on how the TPM was queried.
 */
#ifndef UI_TPM_SCREEN_H
#define UI_TPM_SCREEN_H

#include <stdint.h>
#include "ui/screen.h"

#define UI_TPM_PCRS 24

struct ui_tpm_view {
	int present;                 /* 0: no TPM found (say why in error) */
	const char *version;         /* "2.0", "1.2" */
	const char *manufacturer;    /* "IFX", "INTC", ... */
	const char *firmware;        /* "7.85.4555.0" */
	const char *banks;           /* "SHA1, SHA256" */
	const char *pcr_bank;        /* the bank whose values are shown */
	const uint8_t *pcr_values;   /* UI_TPM_PCRS * pcr_len bytes, or NULL */
	unsigned pcr_len;            /* digest bytes per PCR */
	uint32_t pcr_valid;          /* bit N: PCR N's value was read */
	uint32_t profile;            /* bit N: PCR N in the volume's TPM profile */
	const char *const *event_log;/* summary lines, may be NULL */
	unsigned n_event_log;
	const char *error;           /* what went wrong while asking, or NULL */
};

void ui_tpm_draw(struct screen *s, const struct ui_tpm_view *v);

#endif
