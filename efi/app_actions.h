/** @file
 * The app's screens (efi/app.c) and what their keys lead to.
 *
 * The volume list's Enter (recovery key) and P (user password) belong to
 * unlocking: app_unlock_action() is implemented by efi/unlock.c.
 */
#ifndef EFI_APP_ACTIONS_H
#define EFI_APP_ACTIONS_H

#include "efi/app.h"
#include "ui/volume_list.h"

/* After an action: back to the volume list, or leave the app. */
enum app_next {
	APP_STAY,
	APP_EXIT,
};

/*
 * Run the interactive app on APP->screen from the volume list until the
 * user leaves (Esc, confirmed), --timeout passes without a key, or an
 * action says APP_EXIT.
 */
void app_run(struct app *app);

/*
 * ACTION is UI_LIST_UNLOCK (Enter: recovery password, or whatever else can
 * open DEV) or UI_LIST_PASSWORD (P: DEV's user password). DEV is a
 * BitLocker volume whose metadata opened (dev->status == BDE_OK,
 * dev->vol set). Draws its own screens on APP->screen; the list is redrawn
 * after it returns.
 */
enum app_next app_unlock_action(struct app *app, struct app_device *dev,
				enum ui_list_action action);

/*
 * Wait for a key on APP->screen as --timeout says. Returns 1 with *KEY
 * set, or 0 when none came in time or the console failed (said on the
 * console): the caller should then leave, returning APP_EXIT.
 */
int app_wait_key(struct app *app, struct ui_key *key);

#endif
