/** @file
 * Extra drivers from the boot device: every .efi in \EFI\bitrescue\drivers\
 * is loaded and started before the app connects the firmware's controllers,
 * so a disk controller driver put there finds its disks, and a file system
 * driver (NTFS, exFAT) later mounts the decrypted views. No folder is fine.
 */
#include "efi/unlock.h"

#define DRIVERS_DIR L"\\EFI\\bitrescue\\drivers"
#define DIR_ENTRY_MAX 1024

static int is_efi_name(const CHAR16 *name)
{
	UINTN n = StrLen(name);

	return n > 4 && name[n - 4] == L'.' && (name[n - 3] | 0x20) == L'e' &&
	       (name[n - 2] | 0x20) == L'f' && (name[n - 1] | 0x20) == L'i';
}

static void start_driver(struct app *app, const CHAR16 *name)
{
	CHAR16 path[300];
	EFI_DEVICE_PATH *dp;
	EFI_HANDLE image = NULL;
	EFI_STATUS status;

	SPrint(path, sizeof(path), L"%s\\%s", DRIVERS_DIR, name);
	dp = FileDevicePath(app->loaded_image->DeviceHandle, path);
	if (!dp)
		return;
	status = uefi_call_wrapper(BS->LoadImage, 6, FALSE, app->image, dp, NULL, 0,
				   &image);
	if (!EFI_ERROR(status))
		status = uefi_call_wrapper(BS->StartImage, 3, image, NULL, NULL);
	Print(L"driver: %s: %r\n", name, status);
	FreePool(dp);
}

void load_extra_drivers(struct app *app)
{
	EFI_FILE_HANDLE root, dir;
	EFI_FILE_INFO *info;

	if (!app->loaded_image || !app->loaded_image->DeviceHandle)
		return;
	root = LibOpenRoot(app->loaded_image->DeviceHandle);
	if (!root)
		return;
	if (EFI_ERROR(uefi_call_wrapper(root->Open, 5, root, &dir, DRIVERS_DIR,
					EFI_FILE_MODE_READ, 0))) {
		uefi_call_wrapper(root->Close, 1, root);
		return;
	}
	info = AllocatePool(DIR_ENTRY_MAX);
	while (info) {
		UINTN size = DIR_ENTRY_MAX;

		if (EFI_ERROR(uefi_call_wrapper(dir->Read, 3, dir, &size, info)) ||
		    size == 0)
			break;
		if (!(info->Attribute & EFI_FILE_DIRECTORY) && is_efi_name(info->FileName))
			start_driver(app, info->FileName);
	}
	if (info)
		FreePool(info);
	uefi_call_wrapper(dir->Close, 1, dir);
	uefi_call_wrapper(root->Close, 1, root);
}
