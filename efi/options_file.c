/** @file
 * The options file, for firmware boot managers that cannot pass arguments.
 *
 * \EFI\bitrescue\options.txt on the device the app was loaded from holds
 * the same options as the command line (see efi/cmdline.h); it is read only
 * when the load options carry no arguments.
 */
#include "crypto/wipe.h"
#include "efi/efi_app.h"

int read_options_file(EFI_LOADED_IMAGE *image, char *buf, UINTN max)
{
	EFI_FILE_HANDLE root, file;
	EFI_STATUS status;
	UINTN alloc = max + 1, size = alloc;
	char *tmp;
	int len = -1;

	if (!image->DeviceHandle)
		return -1;
	root = LibOpenRoot(image->DeviceHandle);
	if (!root)
		return -1;
	status = uefi_call_wrapper(root->Open, 5, root, &file, OPTIONS_FILE_PATH,
				   EFI_FILE_MODE_READ, 0);
	if (!EFI_ERROR(status)) {
		/* Read one byte more than fits, to notice a file too large. */
		tmp = AllocatePool(alloc);
		if (tmp) {
			status = uefi_call_wrapper(file->Read, 3, file, &size, tmp);
			if (!EFI_ERROR(status) && size <= max) {
				CopyMem(buf, tmp, size);
				len = (int)size;
			} else if (!EFI_ERROR(status)) {
				Print(L"%s: larger than %d bytes, ignored\n",
				      OPTIONS_FILE_PATH, (int)max);
			}
			wipe(tmp, alloc);     /* it may hold a password */
			FreePool(tmp);
		}
		uefi_call_wrapper(file->Close, 1, file);
	}
	uefi_call_wrapper(root->Close, 1, root);
	return len;
}
