/** @file
 * The TPM verdict in words (tpm/verdict.h): its page, reached with V from
 * the TPM screen, and the lines the helpdesk card shows. Whatever is shown
 * is passed in: the verdict, and the TPM's own checks when they were made.
 */
#ifndef UI_TPM_VERDICT_H
#define UI_TPM_VERDICT_H

#include "tpm/key_check.h"
#include "tpm/verdict.h"
#include "ui/screen.h"
#include "ui/text.h"

/* The cause or reason of V in the language shown (empty for "would release"). */
void ui_verdict_cause(struct ui_text *t, const struct tpm_verdict *v);

/*
 * The verdict's page: V (NULL: the volume has no TPM protector) in plain
 * words, then for the expert the profile, the stored and predicted
 * digests and CHECK (NULL if the TPM was not asked).
 */
void ui_tpm_verdict_draw(struct screen *s, const struct tpm_verdict *v,
			 const struct tpm_key_check *check);

/*
 * The card's short form of V from ROW on, at most MAX_ROWS rows (1 or 2).
 * Returns the rows used.
 */
unsigned ui_card_verdict(struct screen *s, unsigned row, unsigned max_rows,
			 const struct tpm_verdict *v);

#endif
