/** @file
 * Parsing VMK entries into struct bde_protector, including the PCR profile
 * and sealed key of TPM protectors.
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

/*
 * Windows' own name for the value is FVE_DATUM_TPM_ENC_BLOB: a u32 PCR
 * bitmap (little-endian, bit N = PCR N), then, for TPM 2.0, the sealed
 * key's private part, its public part and the PCR digest and selection
 * (tpm/sealed.h reads them). The bitmap alone gives the validation profile,
 * whatever follows it (TPM 1.2 blobs too).
 */
int bde_tpm_blob_pcr_mask(const uint8_t *blob, size_t len, uint32_t *mask)
{
	if (len < 4)
		return -1;
	*mask = le32(blob);
	return 0;
}

/* The first TPM-encoded key value of a TPM protector: profile and sealed key. */
static void read_tpm_key(const uint8_t *meta, struct bde_protector *p,
			 const struct bde_entry *prop)
{
	uint32_t mask;

	if (!(p->type & BDE_PROT_TPM) || prop->value_type != BDE_VALUE_TPM_KEY ||
	    p->has_sealed)
		return;
	p->has_sealed = 1;
	p->sealed_offset = (uint32_t)(prop->data - meta);
	p->sealed_len = prop->data_len;
	tpm_sealed_read(prop->data, prop->data_len, (p->type & BDE_PROT_PIN_BIT) != 0,
			&p->sealed);
	if (bde_tpm_blob_pcr_mask(prop->data, prop->data_len, &mask) == 0) {
		p->has_pcr_profile = 1;
		p->pcr_mask = mask;
	}
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
		/* two equal FILETIMEs, then u16 0x0008 and u16 0x0002 in every
		 * sample: what the numbers mean is not known, so they stay numbers */
		if (prop.value_type == BDE_VALUE_KEY_SAVED && prop.data_len >= 20 &&
		    !p->has_key_saved) {
			p->has_key_saved = 1;
			p->key_saved_time = le64(prop.data);
			p->key_saved_kind[0] = le16(prop.data + 16);
			p->key_saved_kind[1] = le16(prop.data + 18);
		}
		read_tpm_key(meta, p, &prop);
	}
	return r;
}
