/** @file
 * Connecting every controller to its drivers.
 *
 * A firmware boot manager connects only what it needs to boot, so other
 * disks have no BlockIo until someone asks: we ask for everything.
 */
#include "efi/efi_app.h"

void connect_all_controllers(void)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0, i;

	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, AllHandles,
					NULL, NULL, &count, &handles)))
		return;
	/* Failures are normal: most handles have no driver to connect. */
	for (i = 0; i < count; i++)
		uefi_call_wrapper(BS->ConnectController, 4, handles[i], NULL, NULL,
				  TRUE);
	FreePool(handles);
}

UINTN count_block_devices(void)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0;

	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
					&BlockIoProtocol, NULL, &count, &handles)))
		return 0;
	FreePool(handles);
	return count;
}
