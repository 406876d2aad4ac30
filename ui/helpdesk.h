/** @file
 * The helpdesk card: what a user stuck at recovery reads out on the phone
 * (the recovery key ID, big), and where an administrator finds the key.
 */
#ifndef UI_HELPDESK_H
#define UI_HELPDESK_H

#include "bde/volume.h"
#include "ui/screen.h"

/*
 * Draw the card for VOL: the organisation's recovery message and URL first
 * if the volume carries them, then the key ID of its recovery password
 * protector, full protector and volume IDs, and where the key is kept
 * (Intune, Entra ID, Microsoft account, Active Directory). Without a
 * recovery password protector, says so and what that means.
 */
void ui_helpdesk_draw(struct screen *s, const struct bde_volume *vol);

#endif
