/** @file
 * Reading a Boot#### entry: its description, partition and file path.
 */
#include <string.h>
#include "bde/le.h"
#include "efi/load_option.h"

#define NODE_HEADER       4
#define MEDIA_TYPE        4
#define MEDIA_HARD_DRIVE  1
#define MEDIA_FILE_PATH   4
#define END_TYPE          0x7f
#define HARD_DRIVE_LEN    42       /* header, number, start, size, signature, types */
#define SIGNATURE_GUID    2

/* The description at P (AT most MAX bytes) is DESCRIPTION: its length, or 0. */
static size_t description_is(const uint8_t *p, size_t max, const char *description)
{
	size_t i, n = strlen(description);

	if (max < 2 * (n + 1))
		return 0;
	for (i = 0; i < n; i++)
		if (le16(p + 2 * i) != (uint8_t)description[i])
			return 0;
	return le16(p + 2 * n) == 0 ? 2 * (n + 1) : 0;
}

/* A file path node's text appended to O->path. */
static void add_path(struct load_option *o, const uint8_t *text, size_t len)
{
	size_t have = 0, i;

	while (have < LOAD_OPTION_PATH_MAX && o->path[have])
		have++;
	for (i = 0; i + 1 < len && have < LOAD_OPTION_PATH_MAX - 1; i += 2) {
		uint16_t c = le16(text + i);

		if (!c)
			break;
		/* nodes join with one separator */
		if (!i && have && o->path[have - 1] != '\\' && c != '\\')
			o->path[have++] = '\\';
		if (have < LOAD_OPTION_PATH_MAX - 1)
			o->path[have++] = c;
	}
	o->path[have] = 0;
	o->has_path = have > 0;
}

int load_option_read(const uint8_t *value, size_t len, const char *description,
		     struct load_option *o)
{
	size_t at, list_len, desc_len, end;

	memset(o, 0, sizeof(*o));
	if (len < 6)
		return 0;
	list_len = le16(value + 4);
	desc_len = description_is(value + 6, len - 6, description);
	if (!desc_len || list_len > len - 6 - desc_len)
		return 0;
	at = 6 + desc_len;
	end = at + list_len;
	while (end - at >= NODE_HEADER) {
		uint8_t type = value[at], subtype = value[at + 1];
		size_t node_len = le16(value + at + 2);

		if (node_len < NODE_HEADER || node_len > end - at)
			return 0;
		if (type == END_TYPE)
			break;
		if (type == MEDIA_TYPE && subtype == MEDIA_HARD_DRIVE &&
		    node_len >= HARD_DRIVE_LEN && value[at + 41] == SIGNATURE_GUID) {
			o->has_partition = 1;
			memcpy(o->partition_guid, value + at + 24, 16);
		}
		if (type == MEDIA_TYPE && subtype == MEDIA_FILE_PATH)
			add_path(o, value + at + NODE_HEADER, node_len - NODE_HEADER);
		at += node_len;
	}
	return 1;
}
