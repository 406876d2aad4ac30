/** @file
 * Recovery password parsing and per-group validation.
 *
 * Vectors: the worked example (bitlk-aes-xts-128.img's recovery password
 * and its recovery key, worked-example.md); the bad-group example of the
 * core's issue (groups 2, 4, 6, 8 invalid); the limit 65536 * 11 = 720896.
 */
#include <string.h>
#include "check.h"
#include "bde/bde.h"
#include "bde_vectors.h"

static const struct {
	const char *group;
	int ok;
} groups[] = {
	{ "235818", 1 }, { "000000", 1 }, { "720885", 1 },   /* 65535 * 11 */
	{ "720896", 0 },                                     /* 65536 * 11 */
	{ "555554", 0 }, { "22222", 0 }, { "2222222", 0 }, { "23581a", 0 },
};

static const struct {
	const char *text;
	int result;
	uint8_t bad;
} passwords[] = {
	{ XTS128_RECOVERY_PASSWORD, BDE_OK, 0 },
	{ "235818 357951 253979 013365 241120 245575 342914 591910", BDE_OK, 0 },
	{ "235818357951253979013365241120245575342914591910", BDE_OK, 0 },
	{ XTS128_RECOVERY_PASSWORD "\n", BDE_OK, 0 },
	{ "393943-22222-281721-555554-577984-77777-194700-99999", BDE_ERR_BAD_FORMAT, 0xAA },
	{ "720896-357951-253979-013365-241120-245575-342914-591910", BDE_ERR_BAD_FORMAT, 0x01 },
	{ "235818-357951-253979-013365-241120-245575-342914", BDE_ERR_BAD_FORMAT, 0xff },
	{ "235818--357951-253979-013365-241120-245575-342914-591910", BDE_ERR_BAD_FORMAT, 0xff },
	{ "23581835795125397901336524112024557534291459191", BDE_ERR_BAD_FORMAT, 0xff },
	{ "", BDE_ERR_BAD_FORMAT, 0xff },
};

SELFTEST(bde_recovery)
{
	uint8_t key[16], bad;
	size_t i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		check((bde_recovery_group_check(groups[i].group, strlen(groups[i].group)) ==
		       BDE_OK) == groups[i].ok);

	for (i = 0; i < sizeof(passwords) / sizeof(passwords[0]); i++) {
		check(bde_recovery_password_parse(passwords[i].text, key, &bad) ==
		      passwords[i].result);
		check(bad == passwords[i].bad);
		if (passwords[i].result == BDE_OK)
			check_hex(key, 16, "be531d7f315abf04a0553557c67932d2");
	}
}
