/** @file
 * wipe() self-test: every byte of the range is zeroed, nothing beyond it.
 */
#include "check.h"
#include "crypto/wipe.h"

SELFTEST(wipe)
{
	uint8_t buf[67];
	size_t i;
	int zero = 1;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i | 0x80);
	wipe(buf + 1, sizeof(buf) - 2);
	for (i = 1; i < sizeof(buf) - 1; i++)
		zero &= buf[i] == 0;
	check(zero);
	check(buf[0] == 0x80 && buf[sizeof(buf) - 1] == (uint8_t)(66 | 0x80));
	wipe(buf, 0);		/* nothing to do, must not crash */
	check(buf[0] == 0x80);
}
