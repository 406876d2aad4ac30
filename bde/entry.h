/** @file
 * FVE metadata entries: the TLV records the metadata is made of.
 *
 * Each entry is u16 size (whole entry), u16 entry type, u16 value type,
 * u16 version, then SIZE - 8 bytes of data. Entries nest: a VMK value holds
 * a list of property entries after its 28-byte head.
 */
#ifndef BDE_ENTRY_H
#define BDE_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#define BDE_ENTRY_HEADER_LEN 8

/* Entry types (what the entry is for). */
enum bde_entry_type {
	BDE_ENTRY_PROPERTY = 0x0000,      /* nested property of a VMK, key, ... */
	BDE_ENTRY_VMK = 0x0002,
	BDE_ENTRY_FVEK = 0x0003,
	BDE_ENTRY_VALIDATION = 0x0004,
	BDE_ENTRY_STARTUP_KEY = 0x0006,   /* in .BEK files */
	BDE_ENTRY_DESCRIPTION = 0x0007,
	BDE_ENTRY_FVEK_BACKUP = 0x000b,
	BDE_ENTRY_VOLUME_HEADER = 0x000f,
	BDE_ENTRY_VOLUME_GUID = 0x0019,   /* in Windows 11 .BEK files */
};

/* Value types (how the data is laid out). */
enum bde_value_type {
	BDE_VALUE_ERASED = 0x0000,
	BDE_VALUE_KEY = 0x0001,           /* u32 method, key bytes */
	BDE_VALUE_STRING = 0x0002,        /* UTF-16LE, NUL-terminated */
	BDE_VALUE_STRETCH_KEY = 0x0003,   /* u32 method, 16-byte salt, ... */
	BDE_VALUE_USE_KEY = 0x0004,
	BDE_VALUE_AES_CCM = 0x0005,       /* 12-byte nonce, 16-byte tag, ciphertext */
	BDE_VALUE_TPM_KEY = 0x0006,       /* key blob sealed by the TPM */
	BDE_VALUE_VALIDATION = 0x0007,
	BDE_VALUE_VMK = 0x0008,           /* GUID, FILETIME, u16, u16 type, properties */
	BDE_VALUE_EXTERNAL_KEY = 0x0009,  /* GUID, FILETIME, properties */
	BDE_VALUE_UPDATE = 0x000a,
	BDE_VALUE_ERROR = 0x000b,
	BDE_VALUE_OFFSET_SIZE = 0x000f,   /* u64 offset, u64 size */
	BDE_VALUE_KEY_SAVED = 0x0015,     /* in a recovery protector: FILETIME x2, u16, u16 */
	BDE_VALUE_GUID = 0x0017,
};

struct bde_entry {
	uint16_t type;
	uint16_t value_type;
	uint16_t version;
	uint32_t offset;        /* of the entry header, in the walked buffer */
	uint32_t size;          /* whole entry */
	const uint8_t *data;    /* SIZE - 8 bytes */
	uint32_t data_len;
};

/* Walks the entries in BUF[start, end). */
struct bde_entry_iter {
	const uint8_t *buf;
	uint32_t pos;
	uint32_t end;
};

void bde_entry_iter_init(struct bde_entry_iter *it, const uint8_t *buf,
			 uint32_t start, uint32_t end);

/*
 * The next entry: 1 and *E filled, 0 at the end of the list (an entry of
 * size 0, or fewer than 8 bytes left, ends it), or -BDE_ERR_CORRUPT
 * for an entry smaller than its header or running past END.
 */
int bde_entry_next(struct bde_entry_iter *it, struct bde_entry *e);

/*
 * The first entry in BUF[start, end) with TYPE and VALUE_TYPE. Returns 1 if
 * found, 0 if not, or -BDE_ERR_CORRUPT if the list is malformed before it.
 */
int bde_entry_find(const uint8_t *buf, uint32_t start, uint32_t end,
		   uint16_t type, uint16_t value_type, struct bde_entry *e);

#endif
