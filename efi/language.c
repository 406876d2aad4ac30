/** @file
 * Which language the screens speak: --lang, else the firmware's
 * PlatformLang (read, never written), else English.
 */
#include "efi/efi_app.h"
#include "efi/language.h"

/* PlatformLang as ASCII ("en-US"), or "" when there is none. */
static void platform_lang(char *out, UINTN size)
{
	CHAR8 value[16];
	UINTN len = sizeof(value) - 1, i;

	out[0] = '\0';
	if (EFI_ERROR(uefi_call_wrapper(RT->GetVariable, 5, L"PlatformLang",
					&EfiGlobalVariable, NULL, &len, value)))
		return;
	value[len] = '\0';
	for (i = 0; i + 1 < size && value[i]; i++)
		out[i] = (char)value[i];
	out[i] = '\0';
}

void choose_language(const char *option)
{
	char firmware[16];
	enum ui_lang lang;

	platform_lang(firmware, sizeof(firmware));
	lang = ui_lang_choose(option, firmware);
	ui_set_lang(lang);
	Print(L"language: %a (%a%a)\n", ui_lang_code(lang),
	      option ? "--lang" : "PlatformLang ", option ? "" :
	      firmware[0] ? firmware : "unset");
}
