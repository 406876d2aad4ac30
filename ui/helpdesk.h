/** @file
 * The helpdesk card: what a user stuck at recovery reads out on the phone
 * (the recovery key ID, big), and where an administrator finds the key.
 */
#ifndef UI_HELPDESK_H
#define UI_HELPDESK_H

#include "bde/volume.h"
#include "tpm/verdict.h"
#include "ui/screen.h"

/*
 * Rows UI_CARD_QR_ROW .. UI_CARD_QR_ROW + UI_CARD_QR_ROWS - 1 of the card
 * hold text in columns 0 .. UI_CARD_TEXT_COLS - 1 only: the graphics
 * console draws the card's QR code right of them (efi/card_qr.c).
 */
#define UI_CARD_TEXT_COLS 63
#define UI_CARD_QR_ROW 2
#define UI_CARD_QR_ROWS 11

/*
 * Draw the card for VOL: the organisation's recovery message and URL first
 * if the volume carries them, then the key ID of its recovery password
 * protector, full protector and volume IDs, and where the key is kept
 * (Intune, Entra ID, Microsoft account, Active Directory). Without a
 * recovery password protector, says so and what that means.
 */
void ui_helpdesk_draw(struct screen *s, const struct bde_volume *vol);

/*
 * The same, and below it, where rows are left, the TPM's verdict on the
 * volume's TPM protector (TPM NULL: none; ui/tpm_verdict.h).
 */
void ui_helpdesk_draw_tpm(struct screen *s, const struct bde_volume *vol,
			  const struct tpm_verdict *tpm);

#endif
