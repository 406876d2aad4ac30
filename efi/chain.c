/** @file
 * Starting what runs next (--then, or R on the success screen): another
 * EFI program, while the decrypted views stay installed. We start it
 * ourselves and wait for it, because our image, which holds the views'
 * code, is unloaded as soon as efi_main returns.
 *
 * PATH is "fsN:\dir\prog.efi" (N counts file systems in the firmware's
 * order from 0, like a freshly started Shell on most machines) or
 * "\dir\prog.efi", looked for on the decrypted volumes first, then on
 * every other file system; or "shell", the firmware's built-in UEFI Shell.
 */
#include <string.h>
#include "efi/child_blockio.h"
#include "efi/unlock.h"

static int file_exists(EFI_HANDLE fs, const CHAR16 *path)
{
	EFI_FILE_HANDLE root = LibOpenRoot(fs), file;
	int found = 0;

	if (!root)
		return 0;
	if (!EFI_ERROR(uefi_call_wrapper(root->Open, 5, root, &file, (CHAR16 *)path,
					 EFI_FILE_MODE_READ, 0))) {
		uefi_call_wrapper(file->Close, 1, file);
		found = 1;
	}
	uefi_call_wrapper(root->Close, 1, root);
	return found;
}

/* The file system holding PATH (after any "fsN:"), or NULL. */
static EFI_HANDLE find_file_system(const char *spec, const CHAR16 *path)
{
	EFI_HANDLE *handles = NULL, found = NULL;
	UINTN count = 0, i;
	int pass;

	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
					&FileSystemProtocol, NULL, &count, &handles)))
		return NULL;
	if ((spec[0] | 0x20) == 'f' && (spec[1] | 0x20) == 's') {
		UINTN n = 0;

		for (i = 2; spec[i] >= '0' && spec[i] <= '9' && i < 6; i++)
			n = n * 10 + (UINTN)(spec[i] - '0');
		if (i > 2 && spec[i] == ':' && n < count)
			found = handles[n];
	} else {
		/* Decrypted volumes first: that is what was just unlocked. */
		for (pass = 0; pass < 2 && !found; pass++)
			for (i = 0; i < count && !found; i++)
				if (child_is_ours(handles[i]) == !pass &&
				    file_exists(handles[i], path))
					found = handles[i];
	}
	FreePool(handles);
	return found;
}

/* The firmware's built-in UEFI Shell, loaded from the firmware volume
 * holding it (OVMF's and many PCs'): the Shell's ls, cd, cp and type then
 * reach the decrypted volumes. */
static const EFI_GUID fv2_protocol =
	{ 0x220e73b6, 0x6bdb, 0x4413, { 0x84, 0x05, 0xb9, 0x74, 0xb1, 0x08, 0x61, 0x9a } };
static const EFI_GUID shell_file =
	{ 0x7c04a583, 0x9e3e, 0x4f1c, { 0xad, 0x65, 0xe0, 0x52, 0x68, 0xd0, 0xb4, 0xd1 } };

static EFI_STATUS load_shell(struct app *app, EFI_HANDLE *image)
{
	struct {
		EFI_DEVICE_PATH header;
		EFI_GUID guid;
	} __attribute__((packed)) node;
	EFI_HANDLE *handles = NULL;
	EFI_STATUS status = EFI_NOT_FOUND;
	UINTN count = 0, i;

	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
					(EFI_GUID *)&fv2_protocol, NULL, &count, &handles)))
		return EFI_NOT_FOUND;
	node.header.Type = MEDIA_DEVICE_PATH;
	node.header.SubType = MEDIA_PIWG_FW_FILE_DP;
	SetDevicePathNodeLength(&node.header, sizeof(node));
	node.guid = shell_file;
	for (i = 0; i < count && EFI_ERROR(status); i++) {
		EFI_DEVICE_PATH *fv = DevicePathFromHandle(handles[i]), *dp;

		if (!fv || !(dp = AppendDevicePathNode(fv, &node.header)))
			continue;
		status = uefi_call_wrapper(BS->LoadImage, 6, FALSE, app->image, dp,
					   NULL, 0, image);
		FreePool(dp);
	}
	FreePool(handles);
	return status;
}

/* PATH on one of the file systems (fsN: or the first that has it). */
static EFI_STATUS load_file(struct app *app, const char *spec, EFI_HANDLE *image)
{
	CHAR16 path[256];
	const char *p = spec;
	EFI_DEVICE_PATH *dp;
	EFI_HANDLE fs;
	EFI_STATUS status;
	unsigned n = 0;

	/* The path is what follows "fsN:", if there is one. */
	for (; *p && *p != ':'; p++)
		;
	p = *p ? p + 1 : spec;
	for (; *p && n + 1 < ARRAY_SIZE(path); p++)
		path[n++] = *p == '/' ? L'\\' : (CHAR16)(unsigned char)*p;
	path[n] = 0;
	if (*p || n == 0 || path[0] != L'\\') {
		Print(L"then: %a: give fsN:\\path, \\path or shell\n", spec);
		return EFI_INVALID_PARAMETER;
	}
	fs = find_file_system(spec, path);
	if (!fs) {
		Print(L"then: %a: not found\n", spec);
		return EFI_NOT_FOUND;
	}
	dp = FileDevicePath(fs, path);
	if (!dp)
		return EFI_OUT_OF_RESOURCES;
	status = uefi_call_wrapper(BS->LoadImage, 6, FALSE, app->image, dp, NULL, 0,
				   image);
	FreePool(dp);
	return status;
}

EFI_STATUS chain_start(struct app *app, const char *spec, const CHAR16 *load_options)
{
	EFI_HANDLE image = NULL;
	EFI_LOADED_IMAGE *loaded;
	EFI_STATUS status;

	if (!strcmp(spec, "shell")) {
		status = load_shell(app, &image);
		if (status == EFI_NOT_FOUND)
			Print(L"then: shell: this firmware has no built-in Shell\n");
	} else
		status = load_file(app, spec, &image);
	if (status == EFI_INVALID_PARAMETER || status == EFI_NOT_FOUND)
		return status;
	if (EFI_ERROR(status)) {
		Print(L"then: %a: cannot load: %r\n", spec, status);
		return status;
	}
	if (load_options &&
	    !EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, image,
					 &LoadedImageProtocol, (void **)&loaded))) {
		loaded->LoadOptions = (void *)load_options;
		loaded->LoadOptionsSize = (UINT32)((StrLen(load_options) + 1) *
						   sizeof(CHAR16));
	}
	Print(L"then: starting %a\n", spec);
	status = uefi_call_wrapper(BS->StartImage, 3, image, NULL, NULL);
	Print(L"then: %a returned: %r\n", spec, status);
	return status;
}
