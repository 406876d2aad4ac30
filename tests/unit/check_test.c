/** @file
 * Self-test of the self-test helpers themselves.
 */
#include "check.h"

SELFTEST(check)
{
	uint8_t buf[4];

	check(check_unhex("00ff10Ab", buf, sizeof(buf)) == 4);
	check(buf[0] == 0x00 && buf[1] == 0xff && buf[2] == 0x10 && buf[3] == 0xab);
	check(check_hex_equal(buf, 4, "00ff10ab"));
	check(!check_hex_equal(buf, 4, "00ff10ac"));
	check(!check_hex_equal(buf, 3, "00ff10ab"));   /* length must match */
	check(check_unhex("0g", buf, sizeof(buf)) == 0); /* not hex */
}
