/** @file
 * Parsing VMK entries into struct bde_protector, including the PCR profile
 * of TPM protectors.
 */
#include <string.h>
#include "bde/error.h"
#include "bde/le.h"
#include "bde/protector.h"

/* Protection types bde/unlock.c can open without a TPM or a smart card. */
static int protector_usable(uint16_t type)
{
	return type == BDE_PROT_CLEAR_KEY || type == BDE_PROT_STARTUP_KEY ||
	       type == BDE_PROT_RECOVERY_PASSWORD || type == BDE_PROT_PASSWORD;
}

void bde_protector_properties(const struct bde_protector *p, uint32_t *start,
			      uint32_t *end)
{
	*start = p->entry_offset + BDE_ENTRY_HEADER_LEN + BDE_VMK_HEAD_LEN;
	*end = p->entry_offset + p->entry_len;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * TPM_STORED_DATA12: u16 tag 0x0016, u16 entity type, u32 sealInfoSize,
 * then sealInfo, a TPM_PCR_INFO_LONG: u16 tag 0x0006, u8 locality at
 * creation, u8 locality at release, creation TPM_PCR_SELECTION, release
 * TPM_PCR_SELECTION (u16 sizeOfSelect, that many bitmap bytes), ...
 * All big-endian. Where the structure sits inside Windows' blob is not
 * documented, so look for it at every offset and accept only a fully
 * consistent one.
 */
int bde_tpm_blob_pcr_mask(const uint8_t *blob, size_t len, uint32_t *mask)
{
	size_t at;

	for (at = 0; at + 16 <= len; at++) {
		const uint8_t *p = blob + at;
		size_t seal_len, create_sel, release_sel, pos, i;
		uint32_t m = 0;

		if (be16(p) != 0x0016 || be16(p + 8) != 0x0006)
			continue;
		seal_len = be32(p + 4);
		if (seal_len > len - at - 8)
			continue;
		/* inside sealInfo: tag 2, localities 2, creation selection */
		pos = 4;
		if (pos + 2 > seal_len)
			continue;
		create_sel = be16(p + 8 + pos);
		if (create_sel > 4)
			continue;
		pos += 2 + create_sel;
		if (pos + 2 > seal_len)
			continue;
		release_sel = be16(p + 8 + pos);
		if (release_sel == 0 || release_sel > 4 || pos + 2 + release_sel > seal_len)
			continue;
		for (i = 0; i < release_sel; i++)
			m |= (uint32_t)p[8 + pos + 2 + i] << (8 * i);
		*mask = m;
		return 0;
	}
	return -1;
}

int bde_protector_parse(const uint8_t *meta, const struct bde_entry *e,
			struct bde_protector *p)
{
	struct bde_entry_iter it;
	struct bde_entry prop;
	int r;

	if (e->data_len < BDE_VMK_HEAD_LEN)
		return -BDE_ERR_CORRUPT;
	memset(p, 0, sizeof(*p));
	memcpy(p->guid, e->data, 16);
	p->time = le64(e->data + 16);
	p->type = le16(e->data + 26);
	p->entry_offset = e->offset;
	p->entry_len = e->size;
	p->usable = (uint8_t)protector_usable(p->type);

	bde_entry_iter_init(&it, meta, e->offset + BDE_ENTRY_HEADER_LEN + BDE_VMK_HEAD_LEN,
			    e->offset + e->size);
	while ((r = bde_entry_next(&it, &prop)) > 0) {
		uint32_t mask;

		if ((p->type & BDE_PROT_TPM) && prop.value_type == BDE_VALUE_TPM_KEY &&
		    !p->has_pcr_profile &&
		    bde_tpm_blob_pcr_mask(prop.data, prop.data_len, &mask) == 0) {
			p->has_pcr_profile = 1;
			p->pcr_mask = mask;
		}
	}
	return r;
}
