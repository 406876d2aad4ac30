/** @file
 * Latin-1 letters in plain ASCII, for what cannot show them: a serial
 * terminal (OVMF's PC-ANSI prints '?'), the report, the host tool.
 *
 * Danish letters take the spelling Danes use without them (ae, oe, aa),
 * other accented letters lose their accent ("Büro" reads "Buro").
 */
#ifndef UI_TRANSLIT_H
#define UI_TRANSLIT_H

#include <stdint.h>

/*
 * CP in ASCII: itself when printable ASCII, one or two letters for a
 * Latin-1 letter or sign, a space for U+00A0 and control characters,
 * "?" for anything else.
 */
const char *ui_translit(uint16_t cp);

#endif
