/** @file
 * The helpdesk card's QR code on the graphics console (GOP), beside the
 * key ID: what the card says, for a phone to take in at once.
 */
#ifndef EFI_CARD_QR_H
#define EFI_CARD_QR_H

#include "bde/volume.h"

/*
 * Draw the code for VOL's first recovery protector right of the card's
 * text (ui/helpdesk.h: UI_CARD_TEXT_COLS), at 3 or more pixels a module
 * with its quiet zone, the version and scale the screen allows. Returns 0
 * when drawn; -1 without a graphics console, room or recovery protector
 * (the text-mode code, Q, still works then).
 */
int card_qr_draw(const struct bde_volume *vol);

#endif
