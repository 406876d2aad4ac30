/** @file
 * The consoles behind the firmware's console splitter, each written with
 * what it can show.
 *
 * ConOut is a splitter over every output console (graphics and serial).
 * Its TestString fails if any one console cannot show a string, so it
 * cannot tell that the graphics console has æøå while OVMF's serial
 * terminal (PC-ANSI) prints '?' for them: each console is asked and
 * written on its own, Latin-1 as it is where it can be shown, in ASCII
 * (ui/translit.h: ae, oe, aa) where it cannot.
 */
#ifndef EFI_CONSOLES_H
#define EFI_CONSOLES_H

#include "efi/efi_app.h"

#define CONSOLES_MAX 4

struct console_out {
	SIMPLE_TEXT_OUTPUT_INTERFACE *out;
	int latin1;            /* TestString accepted æøåÆØÅ */
};

struct consoles {
	unsigned n;
	struct console_out list[CONSOLES_MAX];
};

/*
 * Find the consoles ConOut writes to (handles marked as console output
 * devices, the splitters themselves left out); ConOut itself when there
 * are none. Call after ConOut's mode is set: the splitter sets theirs.
 */
void consoles_find(struct consoles *c);

/*
 * UTF-8 TEXT as C can show it, in OUT (SIZE CHAR16s, NUL included), at
 * most MAX_COLS columns. Returns the columns used.
 */
UINTN console_text(const struct console_out *c, const char *text,
		   UINTN max_cols, CHAR16 *out, UINTN size);

#endif
