/** @file
 * What the core knows about one BitLocker volume once its metadata is read.
 *
 * The UI and the EFI app read these fields; keep their names stable.
 */
#ifndef BDE_VOLUME_H
#define BDE_VOLUME_H

#include <stdint.h>
#include "bde/io.h"
#include "bde/eow.h"
#include "bde/error.h"
#include "tpm/sealed.h"

#define BDE_MAX_PROTECTORS 16
#define BDE_TEXT_MAX 256           /* UTF-8 bytes, NUL-terminated */
#define BDE_METADATA_MAX 0x10000   /* larger FVE metadata is refused */

enum bde_kind {
	BDE_KIND_WIN7,   /* Windows 7 and later: "-FVE-FS-" boot sector */
	BDE_KIND_VISTA,  /* Windows Vista: NTFS boot sector with FVE fields */
	BDE_KIND_TOGO,   /* BitLocker To Go: FAT discovery volume */
};

/* Key protector types (VMK protection), as manage-bde names them. */
enum bde_protector_type {
	BDE_PROT_CLEAR_KEY = 0x0000,
	BDE_PROT_TPM = 0x0100,
	BDE_PROT_STARTUP_KEY = 0x0200,
	BDE_PROT_TPM_STARTUP_KEY = 0x0300,
	BDE_PROT_TPM_PIN = 0x0500,
	BDE_PROT_TPM_PIN_STARTUP_KEY = 0x0700,
	BDE_PROT_RECOVERY_PASSWORD = 0x0800,
	BDE_PROT_SMART_CARD = 0x1000,
	BDE_PROT_PASSWORD = 0x2000,
	/* the TPM ones are bit sets: TPM 0x0100, startup key 0x0200, PIN 0x0400 */
};
#define BDE_PROT_PIN_BIT 0x0400

struct bde_protector {
	uint8_t guid[16];          /* on-disk byte order */
	uint64_t time;             /* FILETIME: 100 ns since 1601-01-01 UTC */
	uint16_t type;             /* enum bde_protector_type, or unknown */
	uint8_t has_pcr_profile;   /* TPM protectors whose metadata holds one */
	uint32_t pcr_mask;         /* bit N set: PCR N is in the validation profile */
	uint8_t has_sealed;        /* TPM protectors: their sealed key was read */
	struct tpm_sealed sealed;  /* what it says, and whether it is understood */
	uint32_t sealed_offset;    /* its bytes (the datum's value) in vol->metadata */
	uint32_t sealed_len;
	uint32_t entry_offset;     /* its VMK entry inside vol->metadata */
	uint32_t entry_len;
	uint8_t usable;            /* this build can unlock it (bde/unlock.h) */
	/* when and where (a number: its meaning is not known) its key was
	 * saved, for the recovery screen's hints (value type 0x15) */
	uint8_t has_key_saved;
	uint64_t key_saved_time;   /* FILETIME */
	uint16_t key_saved_kind[2];
};

/* The status of a copy never read: where it lies is not known. */
#define BDE_COPY_NOT_READ (-1)
/* The status of a copy said to lie past the end of the device. */
#define BDE_COPY_PAST_END (-2)

/* State of one of the three FVE metadata copies. */
struct bde_metadata_copy {
	uint64_t offset;           /* byte offset in the volume; 0 if not known */
	int status;                /* BDE_OK, BDE_COPY_NOT_READ, or why it was rejected */
	uint8_t crc_checked;       /* its validation CRC32 was present and matched */
	uint8_t unlock_failed;     /* damaged: failed a key that opened another copy */
	uint32_t content_crc;      /* CRC32 of all unlocking reads: copies differ? */
};

/* Conversion states in the block header (dissect.fve's c_bde.py names them). */
enum bde_state {
	BDE_STATE_DECRYPTED = 1,
	BDE_STATE_SWITCHING_LOG = 2,   /* converting, with a conversion log */
	BDE_STATE_PAUSED = 3,
	BDE_STATE_ENCRYPTED = 4,
	BDE_STATE_SWITCHING = 5,
};

/* Result of checking the copy in use against its AES-CCM-protected SHA-256. */
enum bde_metadata_hash {
	BDE_HASH_NOT_CHECKED = 0,  /* still locked, or the copy has no validation */
	BDE_HASH_OK,
	BDE_HASH_MISMATCH,
};

/* Largest sector we handle; also the size of the bounce buffer. */
#define BDE_MAX_SECTOR 4096

struct bde_volume {
	struct bde_io io;
	enum bde_kind kind;
	uint32_t sector_size;      /* 512 or 4096 */
	uint64_t volume_size;      /* bytes in the volume: at least the device's, and
				    * more if the metadata says so (device_size) */
	uint64_t encrypted_size;   /* bytes encrypted so far, from the metadata */
	uint64_t header_offset;    /* relocated original boot sectors */
	uint32_t header_sectors;
	struct bde_metadata_copy copies[3];
	int copy_used;             /* index into copies[] of the copy in use, -1: none */
	uint16_t version;          /* FVE metadata version: 1 Vista, 2 Win7+ */
	uint8_t volume_guid[16];
	uint64_t creation_time;    /* FILETIME */
	uint16_t method;           /* enum bde_method (crypto/sector.h) */
	char description[BDE_TEXT_MAX];       /* e.g. "DESKTOP-X C: 7/4/2019" */
	char recovery_message[BDE_TEXT_MAX];  /* organisation's custom text, if any */
	char recovery_url[BDE_TEXT_MAX];      /* organisation's custom URL, if any */
	unsigned n_protectors;
	struct bde_protector protectors[BDE_MAX_PROTECTORS];
	uint32_t metadata_len;
	uint8_t metadata[BDE_METADATA_MAX]; /* the copy in use, validated */

	/* Added by bde/: layout details the decrypted view and unlock need. */
	uint8_t eow;               /* encrypt-on-write ("used space only") identifier */
	uint8_t header_plain;      /* EOW without usable bitmaps: the relocated boot
				    * sectors look plain (a guess, said to be one) */
	uint16_t state_current;    /* enum bde_state */
	uint16_t state_next;
	uint32_t state_log_len;    /* SWITCHING_LOG: the log at encrypted_size */
	struct bde_eow eow_map;    /* encrypt-on-write bitmaps (bde/eow.h) */
	uint64_t device_size;      /* bytes the device holds, whole sectors: the view;
				    * below volume_size if the image is cut short */
	uint32_t fve_area_len;     /* bytes shown as zeros at each copy's offset */
	uint8_t boot_offsets_wrong; /* bit I: the boot sector misplaced copy I; the
				     * copies' own offsets are in copies[] */
	uint64_t vista_mft_mirror; /* Vista: cluster number put back in sector 0 */
	uint32_t entries_start;    /* entry list inside metadata[] */
	uint32_t entries_end;
	uint32_t fvek_entry_offset; /* 0 if the metadata has no FVEK entry */
	uint32_t validation_offset; /* 0 if the copy has no validation block */
	uint32_t validation_len;
	uint8_t validation_plain;  /* a decrypted volume's unkeyed SHA-256, checked */
	int unlocked_by;           /* index into protectors[], -1 while locked */
	int metadata_hash;         /* enum bde_metadata_hash */
	uint8_t bounce[BDE_MAX_SECTOR] __attribute__((aligned(16)));
};

#endif
