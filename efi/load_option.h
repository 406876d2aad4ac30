/** @file
 * A firmware boot entry (Boot####, an EFI_LOAD_OPTION): u32 attributes,
 * u16 FilePathListLength, the NUL-terminated UTF-16 description, then
 * the device path. Portable (no UEFI calls): the variable's bytes are
 * untrusted and every length is checked.
 */
#ifndef EFI_LOAD_OPTION_H
#define EFI_LOAD_OPTION_H

#include <stddef.h>
#include <stdint.h>

#define LOAD_OPTION_PATH_MAX 128   /* UTF-16 units, NUL included */

struct load_option {
	int has_partition;             /* a hard drive node: GPT partition */
	uint8_t partition_guid[16];    /* its unique partition GUID */
	int has_path;
	uint16_t path[LOAD_OPTION_PATH_MAX];  /* the file path nodes' text */
};

/*
 * Read the LEN-byte Boot#### value VALUE into O if its description is
 * DESCRIPTION (ASCII). Returns 1 if it is and the entry is well formed,
 * 0 otherwise.
 */
int load_option_read(const uint8_t *value, size_t len, const char *description,
		     struct load_option *o);

#endif
