/** @file
 * Until unlocking lands (efi/unlock.c, which replaces this file): say so.
 */
#include "efi/app_actions.h"
#include "ui/frame.h"

enum app_next app_unlock_action(struct app *app, struct app_device *dev,
				enum ui_list_action action)
{
	struct ui_key key;

	(void)dev;
	ui_frame(app->screen, action == UI_LIST_PASSWORD ? "Password" : "Unlock",
		 "Esc: back");
	ui_put_text(app->screen, UI_FIRST_ROW, 1, UI_NORMAL,
		    "Unlocking is not available yet in this build.");
	app->screen->flush(app->screen);
	do {
		if (!app_wait_key(app, &key))
			return APP_EXIT;
	} while (key.scan != UI_KEY_ESC && key.scan != UI_KEY_ENTER);
	return APP_STAY;
}
