/** @file
 * The UI's text screen (ui/screen.h) on the UEFI console: ConOut draws on
 * every output console (serial and graphics), keys come from every input.
 */
#ifndef EFI_CONSOLE_H
#define EFI_CONSOLE_H

#include "ui/screen.h"

/* Set up S on the firmware console in its 80x25 text mode (which clears
 * it). Returns 0, or -1 when the console has no such mode. */
int efi_console_init(struct screen *s);

/* Print UTF-8 TEXT and a new line where the console is, as Print() does,
 * each letter as every console can show it. */
void efi_console_print(const char *text);

#endif
