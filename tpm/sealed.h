/** @file
 * Windows' TPM 2.0 sealed key: the value of a BitLocker TPM protector's
 * TPM-encoded key datum (value type 6, Windows' FVE_DATUM_TPM_ENC_BLOB),
 * read strictly:
 *
 *   u32 LE          PCR bitmap (bit N = PCR N): the validation profile
 *   TPM2B_PRIVATE   the sealed object's private part (TPM-encrypted: opaque)
 *   TPM2B_PUBLIC    TPMT_PUBLIC: type KEYEDHASH, nameAlg SHA-256,
 *                   objectAttributes, authPolicy, scheme NULL, unique
 *   TPM2B_DIGEST    pcrDigest: SHA-256 of the selected PCR values, in
 *                   ascending order, as Windows expects them at unseal
 *   u8, u8[]        sizeofSelect, pcrSelect: the PCRs (SHA-256 bank)
 *
 * All but the bitmap is big-endian, and the selection ends the value.
 * Checked on seven blobs Windows 10/11 made (TPM-only and TPM+PIN,
 * profiles 0,2,4,11 and 7,11): each authPolicy is PolicyAuthValue then
 * PolicyPCR over the stored selection and pcrDigest, and the PIN shows in
 * the attributes (noDA clear: wrong PINs count toward the TPM's lockout).
 * A blob that differs anywhere is one we do not understand, and is said to
 * be, never guessed at. TPM 1.2 blobs, whose layout past the bitmap is not
 * known here, are not understood either.
 */
#ifndef TPM_SEALED_H
#define TPM_SEALED_H

#include <stddef.h>
#include <stdint.h>

#define TPM2_ALG_KEYEDHASH 0x0008
#define TPM2_ALG_NULL      0x0010

/* objectAttributes bits (TPM 2.0 Part 2, TPMA_OBJECT) */
#define TPMA_OBJECT_FIXED_TPM      0x00000002
#define TPMA_OBJECT_FIXED_PARENT   0x00000010
#define TPMA_OBJECT_USER_WITH_AUTH 0x00000040
#define TPMA_OBJECT_NO_DA          0x00000400

#define TPM_SEALED_DIGEST_LEN 32   /* SHA-256 */
#define TPM_SEALED_SELECT_MAX 4    /* the bitmap holds 32 PCRs */

enum tpm_sealed_status {
	TPM_SEALED_OK = 0,            /* understood: the policy checks out */
	/* the structure breaks off: the fields are not known */
	TPM_SEALED_NO_BITMAP,
	TPM_SEALED_PRIVATE_SHORT,
	TPM_SEALED_PRIVATE_EMPTY,
	TPM_SEALED_PUBLIC_SHORT,
	TPM_SEALED_PUBLIC_SIZE,
	TPM_SEALED_NOT_KEYEDHASH,
	TPM_SEALED_NAME_ALG,
	TPM_SEALED_AUTH_POLICY_SIZE,
	TPM_SEALED_SCHEME,
	TPM_SEALED_UNIQUE_SIZE,
	TPM_SEALED_DIGEST_SHORT,
	TPM_SEALED_DIGEST_SIZE,
	TPM_SEALED_SELECT_SHORT,
	TPM_SEALED_SELECT_SIZE,
	TPM_SEALED_TRAILING,
	/* the structure is read, but the fields do not add up */
	TPM_SEALED_ATTRIBUTES,
	TPM_SEALED_PIN_ATTRIBUTES,
	TPM_SEALED_SELECTION_DIFFERS,
	TPM_SEALED_POLICY_MISMATCH,
	/* the policy is PolicyAuthValue, PolicyPCR, over the SHA-1 bank's PCRs:
	 * read, but its PCRs are not predicted (tpm/predict.h) */
	TPM_SEALED_SHA1_BANK,
	TPM_SEALED_STATUSES
};

struct tpm_sealed {
	uint8_t status;               /* enum tpm_sealed_status */
	uint8_t fields_read;          /* the whole structure was read: the fields hold */
	uint32_t pcr_bitmap;          /* whenever status is not NO_BITMAP */
	uint16_t private_len;         /* TPM2B_PRIVATE at offset 4: its size field's value */
	uint16_t public_len;          /* TPM2B_PUBLIC right after it: the same */
	uint16_t type, name_alg;
	uint32_t attributes;
	uint8_t auth_policy[TPM_SEALED_DIGEST_LEN];
	uint8_t pcr_digest[TPM_SEALED_DIGEST_LEN];
	uint8_t select_len;
	uint8_t select[TPM_SEALED_SELECT_MAX];
};

/*
 * Read the LEN bytes at VALUE into *S and check them: their structure,
 * then the attributes against WITH_PIN (the protector's type asks for a
 * PIN), the selection against the bitmap, and the authPolicy against the
 * one recomputed from the selection and pcrDigest. Returns S->status.
 * Reads nothing outside VALUE[0, LEN).
 */
int tpm_sealed_read(const uint8_t *value, size_t len, int with_pin,
		    struct tpm_sealed *s);

/*
 * Where the sealed object's TPM2B_PRIVATE and TPM2B_PUBLIC lie in the value
 * (size fields included), as TPM2_Load takes them; S must be fields_read.
 */
#define TPM_SEALED_PRIVATE_AT 4
static inline size_t tpm_sealed_public_at(const struct tpm_sealed *s)
{
	return TPM_SEALED_PRIVATE_AT + 2 + (size_t)s->private_len;
}

/* Wrong PINs count toward the TPM's dictionary-attack lockout (noDA clear). */
int tpm_sealed_counts_lockout(const struct tpm_sealed *s);

/* What STATUS means, in a few words ("checks out", or why not understood). */
const char *tpm_sealed_status_text(int status);

#endif
