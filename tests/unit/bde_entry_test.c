/** @file
 * Entry walking, VMK entries, the TPM PCR profile, UTF-16 and CRC32.
 *
 * Vectors are built by hand here, following the layout in bde/entry.h; the
 * TPM-encoded key value starts like Windows' FVE_DATUM_TPM_ENC_BLOB (a u32
 * LE PCR bitmap) with PCRs 0, 2, 4, 11 selected, the profile Windows uses by
 * default without Secure Boot; the bytes after it are no TPM 2.0 sealed key
 * (tests/unit/tpm_sealed_test.c has those), so the profile is read and the
 * sealed key is not understood. CRC-32 check value of
 * "123456789" is 0xCBF43926 (the catalogue value for CRC-32/ISO-HDLC).
 */
#include <string.h>
#include "check.h"
#include "bde/crc32.h"
#include "bde/entry.h"
#include "bde/error.h"
#include "bde/protector.h"
#include "bde/utf16.h"
#include "tpm/sealed.h"

/* Three entries: a description "Hi", a VMK (TPM) with one TPM key property, padding. */
static const uint8_t blob[] = {
	/* description: size 14, type 7, value 2 (string), version 1 */
	14, 0, 7, 0, 2, 0, 1, 0, 'H', 0, 'i', 0, 0, 0,
	/* VMK: size 8 + 28 + 36 = 72, type 2, value 8 */
	72, 0, 2, 0, 8, 0, 1, 0,
	0xea, 0x1d, 0x31, 0x64, 0x87, 0x45, 0x29, 0x40,      /* GUID */
	0x92, 0x4a, 0xba, 0x29, 0x96, 0x47, 0x99, 0x8e,
	0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01,      /* FILETIME */
	0x00, 0x00, 0x00, 0x01,                              /* u16, type 0x0100 TPM */
	/* property: size 36, type 0, value 6 (TPM key), version 1 */
	36, 0, 0, 0, 6, 0, 1, 0,
	0x15, 0x08, 0x00, 0x00,                              /* PCR bitmap: 0,2,4,11 */
	0x00, 0x0c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,   /* TPM2B (12) */
	0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,                  /* TPM2B (8) */
	/* zero padding ends the list */
	0, 0, 0, 0, 0, 0, 0, 0,
};

SELFTEST(bde_entry)
{
	struct bde_entry_iter it;
	struct bde_entry e;
	struct bde_protector p;
	uint8_t bad[sizeof(blob)];
	char text[8];
	uint8_t utf16[16];
	uint32_t mask;

	bde_entry_iter_init(&it, blob, 0, sizeof(blob));
	check(bde_entry_next(&it, &e) == 1);
	check(e.type == BDE_ENTRY_DESCRIPTION && e.value_type == BDE_VALUE_STRING);
	check(bde_utf16le_to_utf8(e.data, e.data_len, text, sizeof(text)) == 0);
	check(strcmp(text, "Hi") == 0);
	check(bde_entry_next(&it, &e) == 1);
	check(e.type == BDE_ENTRY_VMK && e.offset == 14 && e.size == 72);
	check(bde_protector_parse(blob, &e, &p) == 0);
	check(p.type == 0x0100 && p.guid[0] == 0xea && p.time == 0x019db1ded53e8000ull);
	check(p.has_pcr_profile && p.pcr_mask == ((1u << 0) | (1u << 2) | (1u << 4) | (1u << 11)));
	check(!p.usable);
	/* as a sealed key: 12 private bytes, then a public part of type 0x0102 */
	check(p.has_sealed && !p.sealed.fields_read && p.sealed.status == TPM_SEALED_NOT_KEYEDHASH);
	check(bde_entry_next(&it, &e) == 0);  /* padding */

	check(bde_entry_find(blob, 0, sizeof(blob), BDE_ENTRY_VMK, BDE_VALUE_VMK, &e) == 1);
	check(bde_entry_find(blob, 0, sizeof(blob), BDE_ENTRY_FVEK, BDE_VALUE_AES_CCM, &e) == 0);

	/* an entry smaller than its header, or running past the end */
	memcpy(bad, blob, sizeof(blob));
	bad[0] = 4;
	bde_entry_iter_init(&it, bad, 0, sizeof(bad));
	check(bde_entry_next(&it, &e) == -BDE_ERR_CORRUPT);
	bad[0] = 200;
	bde_entry_iter_init(&it, bad, 0, sizeof(bad));
	check(bde_entry_next(&it, &e) == -BDE_ERR_CORRUPT);
	/* a property running past its VMK */
	memcpy(bad, blob, sizeof(blob));
	bad[14 + 36] = 40;
	check(bde_entry_find(bad, 0, sizeof(bad), BDE_ENTRY_VMK, BDE_VALUE_VMK, &e) == 1);
	check(bde_protector_parse(bad, &e, &p) == -BDE_ERR_CORRUPT);
	/* a TPM value too short for its bitmap gives no profile */
	check(bde_tpm_blob_pcr_mask(blob + 14 + 44, 3, &mask) < 0);
	check(bde_tpm_blob_pcr_mask(blob + 14 + 44, 4, &mask) == 0 && mask == 0x815);

	/* UTF-8 -> UTF-16LE for passwords: 'a', U+00E9, U+1F511 */
	check(bde_utf8_to_utf16le("a\xc3\xa9\xf0\x9f\x94\x91", 7, utf16, sizeof(utf16)) == 8);
	check_hex(utf16, 8, "6100e9003dd811dd");
	/* UTF-16LE -> UTF-8 cut at a character boundary */
	check(bde_utf16le_to_utf8(utf16, 8, text, 4) == -1 && strcmp(text, "a\xc3\xa9") == 0);
	check(bde_utf8_to_utf16le("\xc0\xaf", 2, utf16, sizeof(utf16)) < 0);  /* overlong */
	check(bde_utf8_to_utf16le("abc", 3, utf16, 4) < 0);                   /* no room */

	check(bde_crc32(0, "123456789", 9) == 0xCBF43926u);
	check(bde_crc32(bde_crc32(0, "1234", 4), "56789", 5) == 0xCBF43926u);
}
