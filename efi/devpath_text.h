/** @file
 * Device paths as text for people: the firmware's own printer when it has
 * one (EFI_DEVICE_PATH_TO_TEXT_PROTOCOL), as gnu-efi's lacks newer nodes
 * and shows an NVMe disk as "Msg(23,...)".
 */
#ifndef EFI_DEVPATH_TEXT_H
#define EFI_DEVPATH_TEXT_H

#include "efi/efi_app.h"

/* PATH as printable ASCII in OUT (MAX bytes with the NUL); "" if none. */
void device_path_ascii(EFI_DEVICE_PATH *path, char *out, unsigned max);

#endif
