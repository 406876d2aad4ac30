/** @file
 * UEFI key strokes to the UI's keys (ui/screen.h), and key names.
 *
 * Portable (integers in, integers out) so it is tested on the host; the
 * scan codes are those of UEFI 2.10 table 12.2 (EFI Scan Codes for
 * EFI_SIMPLE_TEXT_INPUT_PROTOCOL).
 */
#ifndef EFI_KEYMAP_H
#define EFI_KEYMAP_H

#include <stddef.h>
#include <stdint.h>
#include "ui/screen.h"

/* The key SCAN/UNICODE (an EFI_INPUT_KEY) means for the UI. A stroke with
 * neither (a lone shift-state change) gives UI_KEY_OTHER. */
struct ui_key keymap_from_efi(uint16_t scan, uint16_t unicode);

/* "Enter", "F5", "'a'", "Other" ... into BUF (SIZE > 0), NUL-terminated. */
void keymap_name(const struct ui_key *key, char *buf, size_t size);

#endif
