/** @file
 * --ls: the root folder of an unlocked volume, read through the firmware's
 * own file system driver bound to our decrypted view. It shows the view
 * works for anything else that reads files, not only for us.
 */
#include "efi/unlock.h"

#define DIR_ENTRY_MAX 1024

int list_child_root(struct app_device *dev)
{
	EFI_FILE_HANDLE root;
	EFI_FILE_INFO *info;
	int n = 0;

	if (!dev->child) {
		Print(L"ls: volume not unlocked\n");
		return -1;
	}
	root = LibOpenRoot(dev->child);
	if (!root) {
		Print(L"ls: no file system driver for this volume\n");
		return -1;
	}
	info = AllocatePool(DIR_ENTRY_MAX);
	while (info) {
		UINTN size = DIR_ENTRY_MAX;

		if (EFI_ERROR(uefi_call_wrapper(root->Read, 3, root, &size, info)) ||
		    size == 0)
			break;
		if (!StrCmp(info->FileName, L".") || !StrCmp(info->FileName, L".."))
			continue;
		Print(L"ls: %s%s %ld\n", info->FileName,
		      info->Attribute & EFI_FILE_DIRECTORY ? L"/" : L"",
		      info->FileSize);
		n++;
	}
	if (info)
		FreePool(info);
	uefi_call_wrapper(root->Close, 1, root);
	Print(L"ls: %d entries\n", n);
	return n;
}
