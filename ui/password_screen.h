/** @file
 * The recovery password entry screen: the key ID stays in view, the groups
 * fill in with their dashes, wrong groups are marked with their number.
 */
#ifndef UI_PASSWORD_SCREEN_H
#define UI_PASSWORD_SCREEN_H

#include "bde/volume.h"
#include "ui/pwentry.h"
#include "ui/screen.h"

/* Where the entry field is, for tests and for anyone overlaying it. */
#define UI_PW_ROW 7
#define UI_PW_COL 4

/* Draw the entry PW for VOL (its first recovery protector's key ID). */
void ui_password_draw(struct screen *s, const struct bde_volume *vol,
		      const struct pwentry *pw);

/*
 * Read keys into PW and redraw until Enter with 48 valid digits
 * (PW_SUBMIT: take them with pwentry_password()) or Esc (PW_CANCEL). A
 * console error, or a console that says no key will ever come, is
 * PW_CANCEL. After a wrong password call pwentry_wrong_password() and run
 * again: the digits stay for the user to correct.
 */
enum pw_result ui_password_run(struct screen *s, const struct bde_volume *vol,
			       struct pwentry *pw);

#endif
