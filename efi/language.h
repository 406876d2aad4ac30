/** @file
 * Choosing the screens' language at start (L on the volume list switches).
 */
#ifndef EFI_LANGUAGE_H
#define EFI_LANGUAGE_H

/* Set the language from OPTION (--lang, or NULL) and the firmware's
 * PlatformLang, and say which on the console. */
void choose_language(const char *option);

#endif
