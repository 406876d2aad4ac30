/** @file
 * The recovery password inside a "BitLocker Recovery Key <ID>.TXT" file as
 * Windows saves it (UTF-16LE with a byte order mark; UTF-8 is accepted
 * too). Portable, so it is tested on the host.
 */
#ifndef EFI_KEYTEXT_H
#define EFI_KEYTEXT_H

#include <stddef.h>
#include <stdint.h>

/* "xxxxxx-" x 7, "xxxxxx" and a NUL */
#define KEYTEXT_PASSWORD_LEN 56

/*
 * Find the first 48-digit recovery password (8 groups of 6 digits joined
 * by dashes) in the LEN bytes of FILE. Returns 0 with PASSWORD filled, or
 * -1 if there is none. PASSWORD is key material: wipe it after use.
 */
int keytext_find_password(const uint8_t *file, size_t len,
			  char password[KEYTEXT_PASSWORD_LEN]);

#endif
