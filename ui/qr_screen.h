/** @file
 * The key ID as a QR code on any text console (Q on the helpdesk card):
 * version 1, 21x21 modules with a quiet zone of one, each module two
 * character cells of black or light grey, so it shows over a serial
 * line too.
 */
#ifndef UI_QR_SCREEN_H
#define UI_QR_SCREEN_H

#include "bde/volume.h"
#include "ui/screen.h"

/* Quiet zone in modules, and where the code's top-left module is drawn. */
#define UI_QR_QUIET 1
#define UI_QR_ROW 1
#define UI_QR_COL 2

/* Draw the screen for VOL's first recovery protector (without one: says
 * there is no key ID to show). */
void ui_qr_screen_draw(struct screen *s, const struct bde_volume *vol);

#endif
