/** @file
 * ui/screen.h on the UEFI console (ConOut / ConIn through the console
 * splitter, so serial and graphics show the same screen).
 */
#include "efi/efi_app.h"
#include "efi/console.h"
#include "efi/keymap.h"
#include "ui/utf8.h"

/* Attributes per kind of text; light grey on black is the console default. */
static const UINTN colour_attr[] = {
	[UI_NORMAL] = EFI_TEXT_ATTR(EFI_LIGHTGRAY, EFI_BLACK),
	[UI_TITLE] = EFI_TEXT_ATTR(EFI_WHITE, EFI_BLUE),
	[UI_HIGHLIGHT] = EFI_TEXT_ATTR(EFI_YELLOW, EFI_BLACK),
	[UI_ERROR] = EFI_TEXT_ATTR(EFI_LIGHTRED, EFI_BLACK),
	[UI_OK] = EFI_TEXT_ATTR(EFI_LIGHTGREEN, EFI_BLACK),
	[UI_DIM] = EFI_TEXT_ATTR(EFI_DARKGRAY, EFI_BLACK),
	[UI_INPUT] = EFI_TEXT_ATTR(EFI_WHITE, EFI_BLACK),
};

static void con_clear(struct screen *s)
{
	(void)s;
	uefi_call_wrapper(ST->ConOut->SetAttribute, 2, ST->ConOut,
			  colour_attr[UI_NORMAL]);
	uefi_call_wrapper(ST->ConOut->ClearScreen, 1, ST->ConOut);
	uefi_call_wrapper(ST->ConOut->EnableCursor, 2, ST->ConOut, FALSE);
}

static void con_put(struct screen *s, unsigned row, unsigned col,
		    enum ui_colour colour, const char *text)
{
	CHAR16 buf[UI_COLS * 4 + 1];
	UINTN max, n = 0;
	uint16_t ch;

	if (row >= s->rows || col >= s->cols)
		return;
	/* Writing the last cell of the last row would scroll the console. */
	max = s->cols - col - (row == s->rows - 1 ? 1 : 0);
	if (max >= ARRAY_SIZE(buf))
		max = ARRAY_SIZE(buf) - 1;
	/* One UCS-2 character a cell; what no font has becomes '?'. */
	for (; n < max && (ch = utf8_next(&text)) != 0; n++)
		buf[n] = (ch >= 0x20 && ch < 0x7f) || (ch >= 0xa0 && ch <= 0xff) ?
			 ch : L'?';
	if (n == 0)
		return;
	buf[n] = 0;
	if ((unsigned)colour >= ARRAY_SIZE(colour_attr))
		colour = UI_NORMAL;
	uefi_call_wrapper(ST->ConOut->SetAttribute, 2, ST->ConOut,
			  colour_attr[colour]);
	uefi_call_wrapper(ST->ConOut->SetCursorPosition, 3, ST->ConOut, col, row);
	uefi_call_wrapper(ST->ConOut->OutputString, 2, ST->ConOut, buf);
}

static void con_cursor(struct screen *s, int visible, unsigned row, unsigned col)
{
	if (visible && row < s->rows && col < s->cols)
		uefi_call_wrapper(ST->ConOut->SetCursorPosition, 3, ST->ConOut,
				  col, row);
	uefi_call_wrapper(ST->ConOut->EnableCursor, 2, ST->ConOut,
			  visible ? TRUE : FALSE);
}

/* The UEFI console draws as it is called: nothing to flush. */
static void con_flush(struct screen *s)
{
	(void)s;
}

static int con_read_key(struct screen *s, struct ui_key *key, unsigned timeout_ms)
{
	struct key raw;
	EFI_STATUS status;

	(void)s;
	status = read_key(&raw, timeout_ms == UI_WAIT_FOREVER ? KEY_WAIT_FOREVER :
			  timeout_ms);
	if (status == EFI_TIMEOUT)
		return 0;
	if (EFI_ERROR(status))
		return -1;
	*key = keymap_from_efi(raw.scan, raw.unicode);
	return 1;
}

void efi_console_print(const char *text)
{
	CHAR16 buf[UI_COLS * 2 + 3];
	UINTN n = 0;
	uint16_t ch;

	while (n < ARRAY_SIZE(buf) - 3 && (ch = utf8_next(&text)) != 0)
		buf[n++] = ch;
	buf[n++] = L'\r';
	buf[n++] = L'\n';
	buf[n] = 0;
	uefi_call_wrapper(ST->ConOut->OutputString, 2, ST->ConOut, buf);
}

/*
 * Mode 0 is 80x25 on every console (UEFI 2.10 section 12.4). The splitter
 * may have picked a larger mode that only the graphics console fills (OVMF:
 * 100x31), where the serial terminal cannot follow; 80x25 shows the same
 * screen on both, centred on the graphics console.
 */
int efi_console_init(struct screen *s)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = ST->ConOut;
	UINTN cols = 0, rows = 0;

	if (out->Mode->Mode != 0)
		uefi_call_wrapper(out->SetMode, 2, out, 0);
	if (EFI_ERROR(uefi_call_wrapper(out->QueryMode, 4, out, out->Mode->Mode,
					&cols, &rows)) ||
	    cols < UI_COLS || rows < UI_ROWS)
		return -1;
	s->cols = (unsigned)cols;
	s->rows = (unsigned)rows;
	s->clear = con_clear;
	s->put = con_put;
	s->cursor = con_cursor;
	s->flush = con_flush;
	s->read_key = con_read_key;
	s->ctx = NULL;
	return 0;
}
