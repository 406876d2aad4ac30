/** @file
 * Wipe the keys of every unlocked volume at ExitBootServices.
 */
#include "crypto/sector.h"
#include "efi/key_guard.h"

static EFI_EVENT exit_event;
static struct app *guarded;

/* At TPL_NOTIFY during ExitBootServices: only plain memory writes here. */
static VOID EFIAPI wipe_all_keys(EFI_EVENT event, VOID *context)
{
	unsigned i;

	(void)event;
	(void)context;
	for (i = 0; i < guarded->n_devices; i++)
		if (guarded->devices[i].cipher)
			sector_cipher_wipe(guarded->devices[i].cipher);
}

void key_guard_arm(struct app *app)
{
	EFI_STATUS status;

	if (exit_event)
		return;
	guarded = app;
	status = uefi_call_wrapper(BS->CreateEvent, 5, EVT_SIGNAL_EXIT_BOOT_SERVICES,
				   TPL_NOTIFY, wipe_all_keys, NULL, &exit_event);
	if (EFI_ERROR(status)) {
		exit_event = NULL;
		Print(L"warning: keys cannot be wiped if an OS is booted from here (%r)\n",
		      status);
	}
}

void key_guard_disarm(void)
{
	if (!exit_event)
		return;
	uefi_call_wrapper(BS->CloseEvent, 1, exit_event);
	exit_event = NULL;
}
