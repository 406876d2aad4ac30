/** @file
 * The writable volumes the file screen can copy to (ui/rescue.h targets):
 * every file system the firmware offers read-write (the boot stick, a
 * stick plugged in now), never a BitLocker volume nor our decrypted views.
 */
#ifndef EFI_RESCUE_TARGETS_H
#define EFI_RESCUE_TARGETS_H

#include "efi/app.h"
#include "ui/rescue.h"

#define RESCUE_TARGETS_MAX 8

struct rescue_targets {
	struct app *app;
	EFI_FILE_HANDLE roots[RESCUE_TARGETS_MAX];   /* open roots of the last look */
};

/* ui_files.find_targets with CTX a struct rescue_targets: connects
 * drivers to what was plugged in since, then fills TARGETS. */
unsigned rescue_targets_find(void *ctx, struct rescue_target *targets,
			     unsigned max);

/* Close the roots the last look opened. */
void rescue_targets_close(struct rescue_targets *t);

#endif
