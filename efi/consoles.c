/** @file
 * Finding the consoles behind ConOut, and text for each.
 */
#include "efi/consoles.h"
#include "ui/translit.h"
#include "ui/utf8.h"

/* EDK2's gEfiConsoleOutDeviceGuid: ConPlatform marks each handle named in
 * ConOut with it, and the splitter binds to exactly those. */
static EFI_GUID console_out_device = { 0xd3b36f2c, 0xd551, 0x11d4,
	{ 0x9a, 0x46, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } };

static int shows_latin1(SIMPLE_TEXT_OUTPUT_INTERFACE *out)
{
	static CHAR16 danish[] = { 0xe6, 0xf8, 0xe5, 0xc6, 0xd8, 0xc5, 0 };

	return !EFI_ERROR(uefi_call_wrapper(out->TestString, 2, out, danish));
}

static void add(struct consoles *c, SIMPLE_TEXT_OUTPUT_INTERFACE *out)
{
	if (c->n >= CONSOLES_MAX)
		return;
	c->list[c->n].out = out;
	c->list[c->n].latin1 = shows_latin1(out);
	c->n++;
}

void consoles_find(struct consoles *c)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0, i;

	c->n = 0;
	if (!EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
					 &console_out_device, NULL, &count,
					 &handles))) {
		for (i = 0; i < count; i++) {
			SIMPLE_TEXT_OUTPUT_INTERFACE *out = NULL;

			if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3,
							handles[i], &TextOutProtocol,
							(void **)&out)) ||
			    !out || out == ST->ConOut || out == ST->StdErr)
				continue;
			add(c, out);
		}
		FreePool(handles);
	}
	if (c->n == 0)
		add(c, ST->ConOut);
}

UINTN console_text(const struct console_out *c, const char *text,
		   UINTN max_cols, CHAR16 *out, UINTN size)
{
	UINTN n = 0;
	uint16_t cp;

	while (n < max_cols && n + 1 < size && (cp = utf8_next(&text)) != 0) {
		const char *ascii;

		if (c->latin1 && cp >= 0xa0 && cp <= 0xff) {
			out[n++] = cp;
			continue;
		}
		/* Never '?' for a letter: the serial line reads "noegle". */
		for (ascii = ui_translit(cp); *ascii && n < max_cols && n + 1 < size;)
			out[n++] = (CHAR16)*ascii++;
	}
	out[n] = 0;
	return n;
}
