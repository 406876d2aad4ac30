/** @file
 * Device path text, from the firmware's printer or gnu-efi's.
 */
#include "efi/devpath_text.h"

static EFI_DEVICE_PATH_TO_TEXT_PROTOCOL *firmware_printer(void)
{
	static EFI_DEVICE_PATH_TO_TEXT_PROTOCOL *printer;
	static int looked;

	if (!looked) {
		looked = 1;
		if (EFI_ERROR(uefi_call_wrapper(BS->LocateProtocol, 3,
						&DevicePathToTextProtocol, NULL,
						(void **)&printer)))
			printer = NULL;
	}
	return printer;
}

void device_path_ascii(EFI_DEVICE_PATH *path, char *out, unsigned max)
{
	EFI_DEVICE_PATH_TO_TEXT_PROTOCOL *printer = firmware_printer();
	CHAR16 *wide = NULL;
	unsigned i;

	if (!max)
		return;
	out[0] = '\0';
	if (!path)
		return;
	if (printer)
		wide = uefi_call_wrapper(printer->ConvertDevicePathToText, 3, path,
					 FALSE, FALSE);
	if (!wide)
		wide = DevicePathToStr(path);
	if (!wide)
		return;
	for (i = 0; wide[i] && i + 1 < max; i++)
		out[i] = wide[i] >= 0x20 && wide[i] < 0x7f ? (char)wide[i] : '?';
	out[i] = '\0';
	FreePool(wide);
}
