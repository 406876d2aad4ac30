/** @file
 * F on the success screen: the file screen (ui/files_screen.h) over an
 * unlocked volume's NTFS, copying to the sticks efi/rescue_targets.c finds.
 */
#ifndef EFI_RESCUE_SCREEN_H
#define EFI_RESCUE_SCREEN_H

#include "efi/app.h"

/* Does DEV have an NTFS the file screen can show? */
int rescue_screen_offered(struct app_device *dev);

/* Until Esc; -1 when no key will come (the app should leave), else 0. */
int rescue_screen_run(struct app *app, struct app_device *dev);

#endif
