/** @file
 * Page-aligned allocations.
 */
#include "efi/efi_app.h"
#include "efi/pages.h"

void *pages_alloc(UINTN size)
{
	EFI_PHYSICAL_ADDRESS addr = 0;

	if (EFI_ERROR(uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
					EfiLoaderData, EFI_SIZE_TO_PAGES(size), &addr)))
		return NULL;
	ZeroMem((void *)(UINTN)addr, size);
	return (void *)(UINTN)addr;
}

void pages_free(void *p, UINTN size)
{
	if (p)
		uefi_call_wrapper(BS->FreePages, 2, (EFI_PHYSICAL_ADDRESS)(UINTN)p,
				  EFI_SIZE_TO_PAGES(size));
}
