/** @file
 * Keys must not outlive the boot services: a program started with --then
 * may boot an OS, which reuses our pages as free memory without clearing
 * them. While armed, ExitBootServices wipes every unlocked volume's key.
 */
#ifndef EFI_KEY_GUARD_H
#define EFI_KEY_GUARD_H

#include "efi/app.h"

/* Arm the guard for APP's devices (once; again is harmless). */
void key_guard_arm(struct app *app);

/* Disarm before the image goes away: the handler is our code. */
void key_guard_disarm(void);

#endif
