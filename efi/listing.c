/** @file
 * --ls [PATH]: a folder of an unlocked volume, read through the file
 * system bound to our decrypted view: the firmware's own driver (FAT,
 * exFAT where it has one) or ours for NTFS (efi/ntfs_fs.c). It shows the
 * view works for anything else that reads files, not only for us.
 */
#include "efi/unlock.h"

#define DIR_ENTRY_MAX 1024
#define PATH_UNITS 512

/* PATH (ASCII from the load options) as the firmware's, '/' as '\'. */
static void folder_path(const char *path, CHAR16 *out)
{
	unsigned n = 0;

	for (; path && *path && n + 1 < PATH_UNITS; path++)
		out[n++] = *path == '/' ? L'\\' : (CHAR16)(unsigned char)*path;
	if (!n)
		out[n++] = L'\\';
	out[n] = 0;
}

int list_child_folder(struct app_device *dev, const char *path)
{
	EFI_FILE_HANDLE root, dir;
	EFI_FILE_INFO *info;
	CHAR16 p[PATH_UNITS];
	EFI_STATUS status;
	int n = 0;

	if (!dev->child) {
		Print(L"ls: volume not unlocked\n");
		return -1;
	}
	root = LibOpenRoot(dev->ntfs_fs ? dev->ntfs_fs : dev->child);
	if (!root) {
		Print(L"ls: no file system driver for this volume\n");
		return -1;
	}
	folder_path(path, p);
	status = uefi_call_wrapper(root->Open, 5, root, &dir, p, EFI_FILE_MODE_READ, 0);
	uefi_call_wrapper(root->Close, 1, root);
	if (EFI_ERROR(status)) {
		Print(L"ls: %s: %r\n", p, status);
		return -1;
	}
	info = AllocatePool(DIR_ENTRY_MAX);
	while (info) {
		UINTN size = DIR_ENTRY_MAX;

		status = uefi_call_wrapper(dir->Read, 3, dir, &size, info);
		if (EFI_ERROR(status)) {
			Print(L"ls: %s: %r\n", p, status);
			break;
		}
		if (size == 0)
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
	uefi_call_wrapper(dir->Close, 1, dir);
	Print(L"ls: %d entries\n", n);
	return n;
}
