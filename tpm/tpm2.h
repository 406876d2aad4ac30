/** @file
 * TPM 2.0 commands we send (TPM2_GetCapability, TPM2_PCR_Read): building
 * the command bytes and parsing the responses.
 *
 * Wire format from TPM 2.0 Library Part 2 (structures) and Part 3
 * (commands): big-endian, a 10-byte header (tag, size, code). A response is
 * untrusted: every count and size is checked against the bytes we have.
 */
#ifndef TPM_TPM2_H
#define TPM_TPM2_H

#include <stddef.h>
#include <stdint.h>

#define TPM2_ST_NO_SESSIONS       0x8001
#define TPM2_ST_SESSIONS          0x8002
#define TPM2_CC_GET_CAPABILITY    0x0000017A
#define TPM2_CC_PCR_READ          0x0000017E
#define TPM2_CC_LOAD              0x00000157
#define TPM2_CC_FLUSH_CONTEXT     0x00000165
#define TPM2_CC_READ_PUBLIC       0x00000173
#define TPM2_RS_PW                0x40000009   /* the password session */

#define TPM2_CAP_PCRS             0x00000005
#define TPM2_CAP_TPM_PROPERTIES   0x00000006

#define TPM2_PT_FAMILY_INDICATOR  0x100
#define TPM2_PT_LEVEL             0x101
#define TPM2_PT_REVISION          0x102
#define TPM2_PT_DAY_OF_YEAR       0x103
#define TPM2_PT_YEAR              0x104
#define TPM2_PT_MANUFACTURER      0x105
#define TPM2_PT_VENDOR_STRING_1   0x106
#define TPM2_PT_VENDOR_STRING_2   0x107
#define TPM2_PT_VENDOR_STRING_3   0x108
#define TPM2_PT_VENDOR_STRING_4   0x109
#define TPM2_PT_FIRMWARE_VERSION_1 0x10B
#define TPM2_PT_FIRMWARE_VERSION_2 0x10C
#define TPM2_PT_PERMANENT         0x200
#define TPM2_PT_LOCKOUT_COUNTER   0x20E
#define TPM2_PT_MAX_AUTH_FAIL     0x20F
#define TPMA_PERMANENT_IN_LOCKOUT 0x00000200

#define TPM2_ALG_SHA1             0x0004
#define TPM2_ALG_SHA256           0x000B
#define TPM2_ALG_SHA384           0x000C
#define TPM2_ALG_SHA512           0x000D
#define TPM2_ALG_SM3_256          0x0012

#define TPM2_HEADER_LEN           10
#define TPM2_PCR_COUNT            24   /* PC Client: PCRs 0-23 */
#define TPM2_MAX_DIGEST           64   /* SHA-512 */
#define TPM2_MAX_BANKS            16   /* HASH_COUNT bound for a selection list */
#define TPM2_PCR_READ_MAX         8    /* TPML_DIGEST holds at most 8 */
#define TPM2_MAX_RESPONSE         4096 /* we never ask for more than this */

/* One bank's PCRs: hash algorithm and a bit per PCR (bit N = PCR N). */
struct tpm2_pcr_select {
	uint16_t alg;
	uint32_t mask;
};

/* One PCR value out of a PCR_Read response. */
struct tpm2_pcr_value {
	uint16_t alg;
	uint8_t pcr;
	uint8_t len;
	uint8_t digest[TPM2_MAX_DIGEST];
};

/* One TPMS_TAGGED_PROPERTY. */
struct tpm2_property {
	uint32_t property;
	uint32_t value;
};

/* Digest size of a TPM hash algorithm, 0 if we do not know it. */
unsigned tpm2_alg_digest_len(uint16_t alg);

/* "sha1", "sha256", ...; "unknown" otherwise. */
const char *tpm2_alg_name(uint16_t alg);

/*
 * Build a command into BUF (CAP bytes). Returns its length, 0 if it does
 * not fit or the arguments are out of range.
 */
size_t tpm2_build_get_capability(uint8_t *buf, size_t cap, uint32_t capability,
				 uint32_t property, uint32_t count);
size_t tpm2_build_pcr_read(uint8_t *buf, size_t cap,
			   const struct tpm2_pcr_select *sel, unsigned nsel);

/* TPM2_ReadPublic(HANDLE): does the TPM hold an object there? */
size_t tpm2_build_read_public(uint8_t *buf, size_t cap, uint32_t handle);

/*
 * TPM2_Load of an object under PARENT, authorised by the password session
 * with an empty password (as Windows loads its sealed keys under the
 * storage root key): PRIVATE and PUBLIC are the TPM2B_PRIVATE and
 * TPM2B_PUBLIC as stored, size fields included.
 */
size_t tpm2_build_load(uint8_t *buf, size_t cap, uint32_t parent,
		       const uint8_t *private_part, size_t private_len,
		       const uint8_t *public_part, size_t public_len);

/* TPM2_FlushContext(HANDLE): forget a loaded object. */
size_t tpm2_build_flush_context(uint8_t *buf, size_t cap, uint32_t handle);

/*
 * The object handle out of a successful TPM2_Load response (its name and
 * session answer are checked for size only). Returns an enum tpm_error.
 */
int tpm2_parse_load(const uint8_t *rsp, size_t len, uint32_t *handle);

/*
 * Response code of a response (LEN bytes at RSP), or 0xFFFFFFFF if it is
 * shorter than a header.
 */
uint32_t tpm2_response_code(const uint8_t *rsp, size_t len);

/* Answers that mean "ask again": the TPM is busy, not broken (Part 2,
 * 6.6.3: TPM_RC_YIELDED, TPM_RC_TESTING, TPM_RC_RETRY). */
#define TPM2_RC_YIELDED 0x908
#define TPM2_RC_TESTING 0x90A
#define TPM2_RC_RETRY   0x922
int tpm2_rc_busy(uint32_t rc);

/*
 * Parse a GetCapability(TPM_PROPERTIES) response: up to MAX properties into
 * OUT, their number in *N, moreData in *MORE. Returns an enum tpm_error.
 */
int tpm2_parse_properties(const uint8_t *rsp, size_t len,
			  struct tpm2_property *out, unsigned max, unsigned *n,
			  int *more);

/*
 * Parse a GetCapability(PCRS) response: the allocated banks (PCRs beyond 23
 * are dropped from the masks). Returns an enum tpm_error.
 */
int tpm2_parse_pcrs(const uint8_t *rsp, size_t len,
		    struct tpm2_pcr_select *out, unsigned max, unsigned *n);

/*
 * Parse a PCR_Read response: the values it carries (maybe fewer PCRs than
 * asked), each named by bank and PCR from pcrSelectionOut. Returns an enum
 * tpm_error.
 */
int tpm2_parse_pcr_read(const uint8_t *rsp, size_t len,
			struct tpm2_pcr_value *out, unsigned max, unsigned *n,
			uint32_t *update_counter);

#endif
