/** @file
 * Reading keys from every console (serial and graphics) and naming them.
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

void key_name(const struct key *key, CHAR16 *buf, UINTN size)
{
	static const CHAR16 *const scan_names[] = {
		[SCAN_UP] = L"Up", [SCAN_DOWN] = L"Down", [SCAN_RIGHT] = L"Right",
		[SCAN_LEFT] = L"Left", [SCAN_HOME] = L"Home", [SCAN_END] = L"End",
		[SCAN_INSERT] = L"Insert", [SCAN_DELETE] = L"Delete",
		[SCAN_PAGE_UP] = L"PageUp", [SCAN_PAGE_DOWN] = L"PageDown",
		[SCAN_F1] = L"F1", [SCAN_F2] = L"F2", [SCAN_F3] = L"F3",
		[SCAN_F4] = L"F4", [SCAN_F5] = L"F5", [SCAN_F6] = L"F6",
		[SCAN_F7] = L"F7", [SCAN_F8] = L"F8", [SCAN_F9] = L"F9",
		[SCAN_F10] = L"F10", [SCAN_F11] = L"F11", [SCAN_F12] = L"F12",
		[SCAN_ESC] = L"Esc",
	};

	if (key->scan) {
		if (key->scan < ARRAY_SIZE(scan_names) && scan_names[key->scan])
			UnicodeSPrint(buf, size, L"%s", scan_names[key->scan]);
		else
			UnicodeSPrint(buf, size, L"scan 0x%x", key->scan);
		return;
	}
	switch (key->unicode) {
	case CHAR_CARRIAGE_RETURN:
	case CHAR_LINEFEED:
		UnicodeSPrint(buf, size, L"Enter");
		break;
	case CHAR_BACKSPACE:
		UnicodeSPrint(buf, size, L"Backspace");
		break;
	case CHAR_TAB:
		UnicodeSPrint(buf, size, L"Tab");
		break;
	case 0x1b:
		UnicodeSPrint(buf, size, L"Esc");
		break;
	default:
		if (key->unicode >= 0x20 && key->unicode != 0x7f)
			UnicodeSPrint(buf, size, L"'%c'", key->unicode);
		else
			UnicodeSPrint(buf, size, L"char 0x%x", key->unicode);
	}
}
