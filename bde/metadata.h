/** @file
 * FVE metadata blocks: the boot sector's pointers to them, checking and
 * parsing one copy.
 */
#ifndef BDE_METADATA_H
#define BDE_METADATA_H

#include <stdint.h>
#include "bde/volume.h"

#define BDE_BLOCK_HEADER_LEN 64      /* "-FVE-FS-", version, sizes, offsets */
#define BDE_METADATA_HEADER_LEN 48   /* size, version, GUID, method, time */
#define BDE_FVE_AREA_LEN 0x10000     /* each copy's area, read as zeros */
/* Vista reserves 16 KiB per copy (its FVE.{GUID}.[123] files, per libyal);
 * no Vista image to check it against. */
#define BDE_VISTA_FVE_AREA_LEN 0x4000

/*
 * Parse the boot sector SECTOR0 (512 bytes): kind, sector size and the
 * metadata copies' offsets (Vista: only the first; the rest come from its
 * block header). Returns 0, -BDE_ERR_NOT_BITLOCKER or -BDE_ERR_UNSUPPORTED.
 */
int bde_boot_sector_parse(struct bde_volume *vol, const uint8_t *sector0);

/* BLOB (BDE_BLOCK_HEADER_LEN bytes) starts a block header of VOL's kind. */
int bde_block_header_ok(const struct bde_volume *vol, const uint8_t *blob);

/*
 * Check the metadata blob BLOB[0, LEN) (block header first, as on disk and
 * as in vol->metadata) and parse it into VOL: header fields, entries,
 * protectors. Returns 0 or -BDE_ERR_CORRUPT / -BDE_ERR_TOO_LARGE. This is
 * the parser the fuzzer drives.
 */
int bde_metadata_parse(struct bde_volume *vol, const uint8_t *blob, uint32_t len);

/*
 * Everything a parse fills that points into, or comes from, the entries,
 * cleared: what a rejected copy must not leave behind.
 */
void bde_metadata_forget(struct bde_volume *vol);

#endif
