/** @file
 * GUIDs as BitLocker stores them and as manage-bde prints them.
 */
#ifndef BDE_GUID_H
#define BDE_GUID_H

#include <stdint.h>

/* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" and its NUL */
#define BDE_GUID_TEXT_LEN 39
/* The recovery key ID: the first 8 hex digits, and a NUL */
#define BDE_KEY_ID_LEN 9

/*
 * Format an on-disk GUID (first three fields little-endian, as Windows
 * stores them) in upper case with braces, as manage-bde shows IDs.
 */
void bde_guid_format(const uint8_t guid[16], char text[BDE_GUID_TEXT_LEN]);

/* The 8-digit key ID (upper case) that Windows shows beside a recovery key. */
void bde_key_id_format(const uint8_t guid[16], char text[BDE_KEY_ID_LEN]);

/*
 * Parse a GUID written as text (braces optional, either case) into on-disk
 * order. Returns 0, or -1 if TEXT is not exactly one GUID.
 */
int bde_guid_parse(const char *text, uint8_t guid[16]);

#endif
