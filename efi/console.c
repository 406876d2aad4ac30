/** @file
 * ui/screen.h on the UEFI console: every output console behind ConOut
 * (serial and graphics) shows the same screen, each written on its own
 * so that each shows the letters it can (efi/consoles.h); keys come
 * through ConIn.
 */
#include "efi/efi_app.h"
#include "efi/console.h"
#include "efi/consoles.h"
#include "efi/keymap.h"

/* Attributes per kind of text; light grey on black is the console default. */
static const UINTN colour_attr[] = {
	[UI_NORMAL] = EFI_TEXT_ATTR(EFI_LIGHTGRAY, EFI_BLACK),
	[UI_TITLE] = EFI_TEXT_ATTR(EFI_WHITE, EFI_BLUE),
	[UI_HIGHLIGHT] = EFI_TEXT_ATTR(EFI_YELLOW, EFI_BLACK),
	[UI_ERROR] = EFI_TEXT_ATTR(EFI_LIGHTRED, EFI_BLACK),
	[UI_OK] = EFI_TEXT_ATTR(EFI_LIGHTGREEN, EFI_BLACK),
	[UI_DIM] = EFI_TEXT_ATTR(EFI_DARKGRAY, EFI_BLACK),
	[UI_INPUT] = EFI_TEXT_ATTR(EFI_WHITE, EFI_BLACK),
	/* Spaces in these: the background is the module (a serial terminal
	 * gets ESC[40m and ESC[47m). */
	[UI_QR_DARK] = EFI_TEXT_ATTR(EFI_BLACK, EFI_BLACK),
	[UI_QR_LIGHT] = EFI_TEXT_ATTR(EFI_LIGHTGRAY, EFI_LIGHTGRAY),
};

static struct consoles consoles;

static void con_clear(struct screen *s)
{
	unsigned i;

	(void)s;
	for (i = 0; i < consoles.n; i++) {
		SIMPLE_TEXT_OUTPUT_INTERFACE *out = consoles.list[i].out;

		uefi_call_wrapper(out->SetAttribute, 2, out, colour_attr[UI_NORMAL]);
		uefi_call_wrapper(out->ClearScreen, 1, out);
		uefi_call_wrapper(out->EnableCursor, 2, out, FALSE);
	}
}

static void con_put(struct screen *s, unsigned row, unsigned col,
		    enum ui_colour colour, const char *text)
{
	CHAR16 buf[UI_COLS * 4 + 1];
	UINTN max;
	unsigned i;

	if (row >= s->rows || col >= s->cols)
		return;
	/* Writing the last cell of the last row would scroll the console. */
	max = s->cols - col - (row == s->rows - 1 ? 1 : 0);
	if ((unsigned)colour >= ARRAY_SIZE(colour_attr))
		colour = UI_NORMAL;
	for (i = 0; i < consoles.n; i++) {
		SIMPLE_TEXT_OUTPUT_INTERFACE *out = consoles.list[i].out;

		if (console_text(&consoles.list[i], text, max, buf, ARRAY_SIZE(buf)) == 0)
			continue;
		uefi_call_wrapper(out->SetAttribute, 2, out, colour_attr[colour]);
		uefi_call_wrapper(out->SetCursorPosition, 3, out, col, row);
		uefi_call_wrapper(out->OutputString, 2, out, buf);
	}
}

static void con_cursor(struct screen *s, int visible, unsigned row, unsigned col)
{
	unsigned i;

	for (i = 0; i < consoles.n; i++) {
		SIMPLE_TEXT_OUTPUT_INTERFACE *out = consoles.list[i].out;

		if (visible && row < s->rows && col < s->cols)
			uefi_call_wrapper(out->SetCursorPosition, 3, out, col, row);
		uefi_call_wrapper(out->EnableCursor, 2, out, visible ? TRUE : FALSE);
	}
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
	CHAR16 buf[UI_COLS * 4 + 3];
	UINTN n;
	unsigned i;

	for (i = 0; i < consoles.n; i++) {
		SIMPLE_TEXT_OUTPUT_INTERFACE *out = consoles.list[i].out;

		n = console_text(&consoles.list[i], text, UI_COLS * 4, buf,
				 ARRAY_SIZE(buf) - 2);
		buf[n++] = L'\r';
		buf[n++] = L'\n';
		buf[n] = 0;
		uefi_call_wrapper(out->OutputString, 2, out, buf);
	}
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
	consoles_find(&consoles);
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
