/** @file
 * Startup key (.BEK) parsing.
 *
 * Vectors: the two key files in deps/corpus, 4381F759-...BEK (Windows 10,
 * for bitlk-aes-xts-128-startup-key.img) and AA80A52B-...BEK (Windows 11,
 * which also names its volume, e8ea9756-9cc1-4ca2-b99d-fae884f56150 from
 * images.conf).
 */
#include <string.h>
#include "check.h"
#include "bde/bek.h"
#include "bde/error.h"
#include "bde/guid.h"

static const char win10_hex[] =
	"9c00000001000000300000009c00000059f78143f8c4e04dbb61fc33a831bda5"
	"0100000000000000f002bafe318bd6016c0006000900010059f78143f8c4e04d"
	"bb61fc33a831bda520525f30318bd60120000000020001004500780074006500"
	"72006e0061006c004b006500790000002c0000000100010002200000e0bb38b9"
	"bc55e69e52837281655a762be4e460f95867c65186931d6998021866";

static const char win11_hex[] =
	"b40000000100000030000000b40000002ba580aa669bae47b09733f536ffbb07"
	"0100000000000000b02ce0e96de4d70184000600090001002ba580aa669bae47"
	"b09733f536ffbb07c000d9e96de4d70120000000020001004500780074006500"
	"72006e0061006c004b0065007900000018001900170001005697eae8c19ca24c"
	"b99dfae884f561502c00000001000100022000006d4ad94b939097763b59681f"
	"866fee021cc5123249676c6b3907751dfdd4f2a0";

static uint8_t bek[180];

SELFTEST(bde_bek)
{
	const uint8_t *key_guid, *key;
	uint8_t volume[16], other[16];
	char text[BDE_GUID_TEXT_LEN];
	size_t len;

	memset(other, 0x5a, sizeof(other));
	len = check_unhex(win10_hex, bek, sizeof(bek));
	check(len == 156);
	check(bde_bek_parse(bek, len, other, &key_guid, &key) == BDE_OK);
	bde_guid_format(key_guid, text);
	check(memcmp(text, "{4381F759-C4F8-4DE0-BB61-FC33A831BDA5}", 39) == 0);
	check_hex(key, 4, "e0bb38b9");
	/* a length that disagrees with the header, a truncated file */
	check(bde_bek_parse(bek, len - 1, other, &key_guid, &key) == BDE_ERR_BAD_FORMAT);
	check(bde_bek_parse(bek, 40, other, &key_guid, &key) == BDE_ERR_BAD_FORMAT);
	/* the key entry cut short inside the file */
	bek[48] = 0x10;
	check(bde_bek_parse(bek, len, other, &key_guid, &key) == BDE_ERR_BAD_FORMAT);

	len = check_unhex(win11_hex, bek, sizeof(bek));
	check(len == 180);
	check(bde_guid_parse("e8ea9756-9cc1-4ca2-b99d-fae884f56150", volume) == 0);
	check(bde_bek_parse(bek, len, volume, &key_guid, &key) == BDE_OK);
	check_hex(key, 4, "6d4ad94b");
	/* made for another volume */
	check(bde_bek_parse(bek, len, other, &key_guid, &key) == BDE_ERR_WRONG_KEY);
}
