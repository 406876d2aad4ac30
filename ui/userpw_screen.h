/** @file
 * The screen for a volume's user password, echoed as '*'.
 */
#ifndef UI_USERPW_SCREEN_H
#define UI_USERPW_SCREEN_H

#include "bde/volume.h"
#include "ui/screen.h"
#include "ui/userpw.h"

void ui_userpw_draw(struct screen *s, const struct bde_volume *vol,
		    const struct userpw *u);

/*
 * Read keys into U and redraw until Enter (USERPW_SUBMIT: U->utf8 holds
 * the password for bde_unlock_password()) or Esc (USERPW_CANCEL, also on
 * a console error or a console with no more keys).
 */
enum userpw_result ui_userpw_run(struct screen *s, const struct bde_volume *vol,
				 struct userpw *u);

#endif
