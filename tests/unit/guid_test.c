/** @file
 * GUID formatting and parsing.
 *
 * Vector: bitlk-aes-xts-128.img's recovery protector, whose ID images.conf
 * gives as 64311dea-4587-4029-924a-ba299647998e; the on-disk bytes are as
 * found at its VMK entry (the first three fields little-endian).
 */
#include <string.h>
#include "check.h"
#include "bde/guid.h"
#include "bde/names.h"

static const uint8_t recovery_guid[16] = {
	0xea, 0x1d, 0x31, 0x64, 0x87, 0x45, 0x29, 0x40,
	0x92, 0x4a, 0xba, 0x29, 0x96, 0x47, 0x99, 0x8e,
};

SELFTEST(guid)
{
	char text[BDE_GUID_TEXT_LEN], id[BDE_KEY_ID_LEN];
	uint8_t parsed[16];

	bde_guid_format(recovery_guid, text);
	check(strcmp(text, "{64311DEA-4587-4029-924A-BA299647998E}") == 0);
	bde_key_id_format(recovery_guid, id);
	check(strcmp(id, "64311DEA") == 0);

	check(bde_guid_parse("64311dea-4587-4029-924a-ba299647998e", parsed) == 0);
	check(memcmp(parsed, recovery_guid, 16) == 0);
	check(bde_guid_parse("{64311DEA-4587-4029-924A-BA299647998E}", parsed) == 0);
	check(memcmp(parsed, recovery_guid, 16) == 0);

	/* malformed: short, missing dash, trailing text, unbalanced brace */
	check(bde_guid_parse("64311dea-4587-4029-924a-ba299647998", parsed) < 0);
	check(bde_guid_parse("64311dea45874029-924a-ba299647998e", parsed) < 0);
	check(bde_guid_parse("64311dea-4587-4029-924a-ba299647998e0", parsed) < 0);
	check(bde_guid_parse("{64311dea-4587-4029-924a-ba299647998e", parsed) < 0);
	check(bde_guid_parse("", parsed) < 0);

	check(strcmp(bde_protector_type_name(0x0800), "Numerical Password") == 0);
	check(bde_protector_type_name(0x4242) == NULL);
}
