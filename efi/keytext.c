/** @file
 * Finding the recovery password in a saved recovery key file.
 */
#include "crypto/wipe.h"
#include "efi/keytext.h"

/* Character I of the file as ASCII ('?' for anything else), 0 past the end. */
static char char_at(const uint8_t *file, size_t len, int utf16, size_t i)
{
	unsigned c;

	if (utf16) {
		if (2 * i + 1 >= len)
			return 0;
		c = file[2 * i] | file[2 * i + 1] << 8;
	} else {
		if (i >= len)
			return 0;
		c = file[i];
	}
	return c >= 0x20 && c < 0x7f ? (char)c : c ? '?' : ' ';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int keytext_find_password(const uint8_t *file, size_t len,
			  char password[KEYTEXT_PASSWORD_LEN])
{
	int utf16 = 0;
	size_t start = 0, chars, i;

	if (len >= 2 && file[0] == 0xff && file[1] == 0xfe) {
		utf16 = 1;
		file += 2;
		len -= 2;
	} else if (len >= 3 && file[0] == 0xef && file[1] == 0xbb && file[2] == 0xbf) {
		file += 3;
		len -= 3;
	}
	chars = utf16 ? len / 2 : len;
	for (start = 0; start + KEYTEXT_PASSWORD_LEN - 1 <= chars; start++) {
		/* Not inside a longer run of digits. */
		if (start && is_digit(char_at(file, len, utf16, start - 1)))
			continue;
		for (i = 0; i < KEYTEXT_PASSWORD_LEN - 1; i++) {
			char c = char_at(file, len, utf16, start + i);

			if ((i + 1) % 7 == 0 ? c != '-' : !is_digit(c))
				break;
			password[i] = c;
		}
		if (i == KEYTEXT_PASSWORD_LEN - 1 &&
		    !is_digit(char_at(file, len, utf16, start + i))) {
			password[i] = '\0';
			return 0;
		}
	}
	wipe(password, KEYTEXT_PASSWORD_LEN);
	return -1;
}
