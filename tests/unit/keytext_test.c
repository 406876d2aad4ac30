/** @file
 * Self-test of efi/keytext.c: the recovery key file in the layout Windows
 * writes ("Save to a file" in the BitLocker wizard: UTF-16LE with a BOM,
 * CRLF lines, the identifier then the key, each after a tab), the key of
 * the corpus image bitlk-aes-xts-128 (deps/corpus/images.conf).
 */
#include <string.h>
#include "check.h"
#include "efi/keytext.h"

static const char windows_text[] =
	"BitLocker Drive Encryption recovery key\r\n\r\n"
	"To verify that this is the correct recovery key, compare the start of "
	"the following identifier with the identifier value displayed on your PC.\r\n\r\n"
	"Identifier:\r\n\r\n\t64311DEA-4587-4029-924A-BA299647998E\r\n\r\n"
	"If the above identifier matches the one displayed by your PC, then use "
	"the following key to unlock your drive.\r\n\r\n"
	"Recovery Key:\r\n\r\n"
	"\t235818-357951-253979-013365-241120-245575-342914-591910\r\n\r\n";

static const char want[] = "235818-357951-253979-013365-241120-245575-342914-591910";

static size_t to_utf16(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	out[n++] = 0xff;
	out[n++] = 0xfe;
	for (; *s && n + 2 <= max; s++) {
		out[n++] = (uint8_t)*s;
		out[n++] = 0;
	}
	return n;
}

SELFTEST(keytext)
{
	static uint8_t buf[2 * sizeof(windows_text) + 2];
	char pw[KEYTEXT_PASSWORD_LEN];
	size_t n = to_utf16(windows_text, buf, sizeof(buf));

	check(keytext_find_password(buf, n, pw) == 0 && !strcmp(pw, want));
	/* UTF-8 (a copy edited on another system). */
	check(keytext_find_password((const uint8_t *)windows_text,
				    sizeof(windows_text) - 1, pw) == 0 &&
	      !strcmp(pw, want));
	/* Cut in the last group: none. */
	check(keytext_find_password(buf, n - 2 * 8, pw) == -1);
	/* A seventh digit in a group is not a password. */
	check(keytext_find_password((const uint8_t *)
				    "1235818-357951-253979-013365-241120-245575-342914-591910",
				    56, pw) == -1);
	check(keytext_find_password((const uint8_t *)"", 0, pw) == -1);
	/* An odd length of UTF-16 ignores the stray byte. */
	check(keytext_find_password(buf, n + 1 < sizeof(buf) ? n + 1 : n, pw) == 0);
}
