/** @file
 * Reading and writing whole files by path on a device's file system
 * (EFI_SIMPLE_FILE_SYSTEM_PROTOCOL), e.g. the stick the app booted from.
 */
#ifndef EFI_FILES_H
#define EFI_FILES_H

#include <efi.h>

/*
 * Write LEN bytes of DATA as the file PATH ("\\dir\\name") on DEVICE's file
 * system, replacing an older file and making missing directories. Returns
 * EFI_SUCCESS; EFI_UNSUPPORTED when DEVICE has no file system,
 * EFI_WRITE_PROTECTED when it is read-only, or the firmware's error.
 */
EFI_STATUS file_write(EFI_HANDLE device, const CHAR16 *path,
		      const void *data, UINTN len);

/*
 * Read the file PATH on DEVICE's file system into a new pool buffer
 * (*DATA, FreePool it) of *LEN bytes. Files larger than MAX are refused
 * with EFI_BAD_BUFFER_SIZE; a missing one gives EFI_NOT_FOUND.
 */
EFI_STATUS file_read(EFI_HANDLE device, const CHAR16 *path, UINTN max,
		     void **data, UINTN *len);

/* Short words for the errors above ("read-only", "no file system", ...),
 * in the language shown. */
const char *file_error_text(EFI_STATUS status);

#endif
