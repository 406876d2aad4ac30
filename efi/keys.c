/** @file
 * Reading keys from every console (serial and graphics); efi/keymap.c
 * says what they mean.
 *
 * SimpleTextInputEx is preferred where the console splitter offers it: it
 * reports the same F-keys, and later work may want the shift state.
 */
#include "efi/efi_app.h"

static EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *input_ex(void)
{
	static EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *ex;
	static BOOLEAN looked;

	if (!looked) {
		looked = TRUE;
		if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3,
						ST->ConsoleInHandle,
						&SimpleTextInputExProtocol,
						(void **)&ex)))
			ex = NULL;
	}
	return ex;
}

/* Read one key if one is waiting; EFI_NOT_READY otherwise. */
static EFI_STATUS poll_key(struct key *key)
{
	EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *ex = input_ex();
	EFI_STATUS status;

	if (ex) {
		EFI_KEY_DATA data;

		status = uefi_call_wrapper(ex->ReadKeyStrokeEx, 2, ex, &data);
		if (EFI_ERROR(status))
			return status;
		key->scan = data.Key.ScanCode;
		key->unicode = data.Key.UnicodeChar;
	} else {
		EFI_INPUT_KEY k;

		status = uefi_call_wrapper(ST->ConIn->ReadKeyStroke, 2, ST->ConIn, &k);
		if (EFI_ERROR(status))
			return status;
		key->scan = k.ScanCode;
		key->unicode = k.UnicodeChar;
	}
	/* A lone shift-state change is not a key press. */
	return key->scan || key->unicode ? EFI_SUCCESS : EFI_NOT_READY;
}

EFI_STATUS read_key(struct key *key, UINT64 timeout_ms)
{
	EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *ex = input_ex();
	EFI_EVENT events[2], timer = NULL;
	UINTN count = 1, index;
	EFI_STATUS status;

	status = poll_key(key);
	if (status != EFI_NOT_READY || timeout_ms == 0)
		return status == EFI_NOT_READY ? EFI_TIMEOUT : status;

	events[0] = ex ? ex->WaitForKeyEx : ST->ConIn->WaitForKey;
	if (timeout_ms != KEY_WAIT_FOREVER) {
		status = uefi_call_wrapper(BS->CreateEvent, 5, EVT_TIMER, 0, NULL,
					   NULL, &timer);
		if (EFI_ERROR(status))
			return status;
		/* The timer counts in 100 ns units. */
		uefi_call_wrapper(BS->SetTimer, 3, timer, TimerRelative,
				  timeout_ms * 10000);
		events[count++] = timer;
	}
	for (;;) {
		status = uefi_call_wrapper(BS->WaitForEvent, 3, count, events, &index);
		if (EFI_ERROR(status))
			break;
		if (index == 1) {
			status = EFI_TIMEOUT;
			break;
		}
		/* The key event also fires for strokes poll_key skips. */
		status = poll_key(key);
		if (status != EFI_NOT_READY)
			break;
	}
	if (timer)
		uefi_call_wrapper(BS->CloseEvent, 1, timer);
	return status;
}
