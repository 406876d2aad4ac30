/** @file
 * Whole files by path on a device's file system.
 */
#include "efi/efi_app.h"
#include "efi/files.h"

#define PATH_MAX_CHARS 256

static EFI_STATUS open_root(EFI_HANDLE device, EFI_FILE_HANDLE *root)
{
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs = NULL;
	EFI_STATUS status;

	if (!device)
		return EFI_UNSUPPORTED;
	status = uefi_call_wrapper(BS->HandleProtocol, 3, device,
				   &FileSystemProtocol, (void **)&fs);
	if (EFI_ERROR(status) || !fs)
		return EFI_UNSUPPORTED;
	return uefi_call_wrapper(fs->OpenVolume, 2, fs, root);
}

/* Make each directory on the way to the file named by PATH. */
static EFI_STATUS make_dirs(EFI_FILE_HANDLE root, const CHAR16 *path)
{
	CHAR16 dir[PATH_MAX_CHARS];
	EFI_FILE_HANDLE d;
	EFI_STATUS status;
	UINTN i;

	for (i = 0; path[i] && i < PATH_MAX_CHARS - 1; i++) {
		dir[i] = path[i];
		if (path[i] != L'\\' || i == 0)
			continue;
		dir[i] = 0;
		status = uefi_call_wrapper(root->Open, 5, root, &d, dir,
					   EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
					   EFI_FILE_MODE_CREATE, EFI_FILE_DIRECTORY);
		if (EFI_ERROR(status))
			return status;
		uefi_call_wrapper(d->Close, 1, d);
		dir[i] = L'\\';
	}
	return path[i] ? EFI_INVALID_PARAMETER : EFI_SUCCESS;
}

EFI_STATUS file_write(EFI_HANDLE device, const CHAR16 *path,
		      const void *data, UINTN len)
{
	EFI_FILE_HANDLE root, file;
	EFI_STATUS status;
	UINTN written;

	status = open_root(device, &root);
	if (EFI_ERROR(status))
		return status;
	status = make_dirs(root, path);
	if (!EFI_ERROR(status)) {
		/* Replace, not overwrite: a shorter file must not keep an old tail. */
		if (!EFI_ERROR(uefi_call_wrapper(root->Open, 5, root, &file,
						 (CHAR16 *)path, EFI_FILE_MODE_READ |
						 EFI_FILE_MODE_WRITE, 0)))
			uefi_call_wrapper(file->Delete, 1, file);
		status = uefi_call_wrapper(root->Open, 5, root, &file, (CHAR16 *)path,
					   EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
					   EFI_FILE_MODE_CREATE, 0);
	}
	if (!EFI_ERROR(status)) {
		written = len;
		status = uefi_call_wrapper(file->Write, 3, file, &written,
					   (void *)data);
		if (!EFI_ERROR(status) && written != len)
			status = EFI_VOLUME_FULL;
		if (!EFI_ERROR(status))
			status = uefi_call_wrapper(file->Flush, 1, file);
		uefi_call_wrapper(file->Close, 1, file);
	}
	uefi_call_wrapper(root->Close, 1, root);
	return status;
}

EFI_STATUS file_read(EFI_HANDLE device, const CHAR16 *path, UINTN max,
		     void **data, UINTN *len)
{
	EFI_FILE_HANDLE root, file;
	EFI_STATUS status;
	UINTN size = max + 1;
	void *buf;

	*data = NULL;
	*len = 0;
	status = open_root(device, &root);
	if (EFI_ERROR(status))
		return status;
	status = uefi_call_wrapper(root->Open, 5, root, &file, (CHAR16 *)path,
				   EFI_FILE_MODE_READ, 0);
	if (!EFI_ERROR(status)) {
		/* One byte more than allowed tells a file that is too large. */
		buf = AllocatePool(size);
		if (!buf) {
			status = EFI_OUT_OF_RESOURCES;
		} else {
			status = uefi_call_wrapper(file->Read, 3, file, &size, buf);
			if (!EFI_ERROR(status) && size > max)
				status = EFI_BAD_BUFFER_SIZE;
			if (EFI_ERROR(status)) {
				FreePool(buf);
			} else {
				*data = buf;
				*len = size;
			}
		}
		uefi_call_wrapper(file->Close, 1, file);
	}
	uefi_call_wrapper(root->Close, 1, root);
	return status;
}

const char *file_error_text(EFI_STATUS status)
{
	switch (status) {
	case EFI_SUCCESS:          return msg(MSG_FILE_DONE);
	case EFI_UNSUPPORTED:      return msg(MSG_FILE_NO_FS);
	case EFI_WRITE_PROTECTED:  return msg(MSG_FILE_READ_ONLY);
	case EFI_VOLUME_FULL:      return msg(MSG_FILE_FULL);
	case EFI_NOT_FOUND:        return msg(MSG_FILE_NOT_FOUND);
	case EFI_BAD_BUFFER_SIZE:  return msg(MSG_FILE_TOO_LARGE);
	case EFI_ACCESS_DENIED:    return msg(MSG_FILE_ACCESS_DENIED);
	case EFI_MEDIA_CHANGED:
	case EFI_NO_MEDIA:         return msg(MSG_NOTE_NO_MEDIA);
	default:                   return msg(MSG_FILE_DEVICE_ERROR);
	}
}
