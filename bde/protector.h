/** @file
 * Key protectors: the VMK entries of the FVE metadata.
 */
#ifndef BDE_PROTECTOR_H
#define BDE_PROTECTOR_H

#include <stddef.h>
#include <stdint.h>
#include "bde/entry.h"
#include "bde/volume.h"

/* A VMK value: GUID (16), FILETIME (8), u16, u16 protection type, properties. */
#define BDE_VMK_HEAD_LEN 28

/*
 * Fill P from the VMK entry E (entry type 2, value type 8) found in META.
 * Checks that its property list is well formed. Returns 0 or -BDE_ERR_CORRUPT.
 */
int bde_protector_parse(const uint8_t *meta, const struct bde_entry *e,
			struct bde_protector *p);

/*
 * The PCR validation profile of a TPM protector: the PCR bitmap that starts
 * its TPM-encoded key value (value type 6; Windows calls it
 * FVE_DATUM_TPM_ENC_BLOB, field PcrBitmap). Returns 0 and the mask (bit N =
 * PCR N), or -1 if the value is too short to hold one.
 */
int bde_tpm_blob_pcr_mask(const uint8_t *blob, size_t len, uint32_t *mask);

/* The property list of protector P: [*start, *end) inside vol->metadata. */
void bde_protector_properties(const struct bde_protector *p, uint32_t *start,
			      uint32_t *end);

#endif
