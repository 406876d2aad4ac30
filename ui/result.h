/** @file
 * The end of an unlock attempt: what was found on the unlocked volume, or
 * why it could not be opened.
 */
#ifndef UI_RESULT_H
#define UI_RESULT_H

#include "bde/volume.h"
#include "ui/screen.h"

/* What efi/ found in the decrypted volume's boot sector. */
struct ui_unlocked {
	const char *fs_type;   /* "NTFS", "FAT32", "exFAT"; NULL: none recognised */
	const char *label;     /* volume label; NULL or "" if none */
	const char *serial;    /* volume serial as text, e.g. "68844E71844E41B4" */
	const char *hints;     /* bottom bar: what the user can do next */
};

void ui_success_draw(struct screen *s, const struct bde_volume *vol,
		     const struct ui_unlocked *u);

/*
 * The key opened a volume whose view is uncertain (bde_view_uncertain()):
 * what that means, before the user offers it with Y or leaves with Esc.
 */
void ui_uncertain_draw(struct screen *s, const struct bde_volume *vol);

/*
 * A failure the user cannot fix by retyping: WHAT failed (a message such
 * as "Unlocking failed:") and ERR, an enum bde_error, worded by
 * ui_error_text().
 */
void ui_error_draw(struct screen *s, const char *what, int err,
		   const char *hints);

#endif
