/** @file
 * The smallest boot-service driver, for tests/test_boot.py: put in
 * \EFI\bitrescue\drivers\ it must be loaded and started by bitrescue
 * before the disks are connected. It says so and stays resident.
 */
#include <efi.h>
#include <efilib.h>

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system_table)
{
	InitializeLib(image, system_table);
	Print(L"hello-driver: started\n");
	return EFI_SUCCESS;
}
