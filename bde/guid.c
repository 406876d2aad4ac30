/** @file
 * GUID text conversion.
 *
 * Windows stores a GUID as a little-endian u32, two little-endian u16 and
 * eight bytes in order; the text form prints each field big-endian.
 */
#include "bde/guid.h"

/* Text position of each stored byte, in text order of the hex digits. */
static const uint8_t guid_byte_order[16] = {
	3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15
};

static const char hex_upper[] = "0123456789ABCDEF";

void bde_guid_format(const uint8_t guid[16], char text[BDE_GUID_TEXT_LEN])
{
	char *p = text;
	int i;

	*p++ = '{';
	for (i = 0; i < 16; i++) {
		uint8_t b = guid[guid_byte_order[i]];

		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex_upper[b >> 4];
		*p++ = hex_upper[b & 15];
	}
	*p++ = '}';
	*p = '\0';
}

void bde_key_id_format(const uint8_t guid[16], char text[BDE_KEY_ID_LEN])
{
	char full[BDE_GUID_TEXT_LEN];
	int i;

	bde_guid_format(guid, full);
	for (i = 0; i < 8; i++)
		text[i] = full[1 + i];
	text[8] = '\0';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int bde_guid_parse(const char *text, uint8_t guid[16])
{
	int braced = text[0] == '{';
	const char *p = text + braced;
	int i;

	for (i = 0; i < 16; i++) {
		int hi, lo;

		if ((i == 4 || i == 6 || i == 8 || i == 10) && *p++ != '-')
			return -1;
		hi = hex_value(p[0]);
		if (hi < 0)
			return -1;
		lo = hex_value(p[1]);
		if (lo < 0)
			return -1;
		guid[guid_byte_order[i]] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	if (braced && *p++ != '}')
		return -1;
	return *p == '\0' ? 0 : -1;
}
