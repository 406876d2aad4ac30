/** @file
 * A stand-in for an OS loader, for tests/test_keys_wiped.py: started by
 * bitrescue's --then, it says "ebs-probe: ready" on the console, waits
 * for a key (the test reads guest memory meanwhile), then calls
 * ExitBootServices as a kernel's loader does, says so on QEMU's debug
 * console (I/O port 0xE9: the console is gone by then) and halts.
 */
#include <efi.h>
#include <efilib.h>

#define DEBUGCON_PORT 0xE9
#define MAP_TRIES 4

static void debugcon(const char *text)
{
	for (; *text; text++)
		__asm__ volatile("outb %0, %1" : : "a"(*text),
				 "Nd"((uint16_t)DEBUGCON_PORT));
}

/* The map changes when allocating for it: a loader retries. */
static EFI_STATUS exit_boot_services(EFI_HANDLE image)
{
	static UINT8 map[64 * 1024];
	UINTN size, key, desc_size;
	UINT32 desc_version;
	EFI_STATUS status = EFI_LOAD_ERROR;
	int i;

	for (i = 0; i < MAP_TRIES; i++) {
		size = sizeof(map);
		status = uefi_call_wrapper(BS->GetMemoryMap, 5, &size,
					   (EFI_MEMORY_DESCRIPTOR *)map, &key,
					   &desc_size, &desc_version);
		if (EFI_ERROR(status))
			return status;
		status = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
		if (!EFI_ERROR(status))
			return status;
	}
	return status;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system_table)
{
	EFI_INPUT_KEY key;
	UINTN index;

	InitializeLib(image, system_table);
	Print(L"ebs-probe: ready\n");
	uefi_call_wrapper(BS->WaitForEvent, 3, 1, &ST->ConIn->WaitForKey, &index);
	uefi_call_wrapper(ST->ConIn->ReadKeyStroke, 2, ST->ConIn, &key);
	Print(L"ebs-probe: exiting boot services\n");
	if (EFI_ERROR(exit_boot_services(image))) {
		Print(L"ebs-probe: ExitBootServices failed\n");
		return EFI_ABORTED;
	}
	debugcon("ebs-probe: boot services exited\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}
