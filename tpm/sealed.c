/** @file
 * Reading Windows' TPM 2.0 sealed key strictly, and recomputing its policy.
 */
#include <string.h>
#include "tpm/policy.h"
#include "tpm/sealed.h"
#include "tpm/tpm2.h"
#include "tpm/wire.h"

/* A TPM2B holding a SHA-256 digest: size 32, then the bytes into OUT. */
static int read_digest(struct rd *r, uint8_t out[TPM_SEALED_DIGEST_LEN])
{
	const uint8_t *p;

	if (rd_be16(r) != TPM_SEALED_DIGEST_LEN)
		return -1;
	p = rd_take(r, TPM_SEALED_DIGEST_LEN);
	if (!p)
		return -1;
	memcpy(out, p, TPM_SEALED_DIGEST_LEN);
	return 0;
}

/*
 * TPMT_PUBLIC of a sealed data object, exactly filling the LEN bytes at P.
 * Past type and nameAlg the layout depends on them, so an unknown one ends
 * the reading there.
 */
static int read_public(const uint8_t *p, size_t len, struct tpm_sealed *s)
{
	uint8_t unique[TPM_SEALED_DIGEST_LEN];
	struct rd r;

	rd_init(&r, p, len);
	s->type = rd_be16(&r);
	s->name_alg = rd_be16(&r);
	s->attributes = rd_be32(&r);
	if (r.bad)
		return TPM_SEALED_PUBLIC_SIZE;
	if (s->type != TPM2_ALG_KEYEDHASH)
		return TPM_SEALED_NOT_KEYEDHASH;
	if (s->name_alg != TPM2_ALG_SHA256)
		return TPM_SEALED_NAME_ALG;
	/* a short read leaves `bad` set: the size was wrong, not the digest */
	if (read_digest(&r, s->auth_policy) < 0)
		return r.bad ? TPM_SEALED_PUBLIC_SIZE : TPM_SEALED_AUTH_POLICY_SIZE;
	/* TPMS_KEYEDHASH_PARMS: a sealed object has no scheme */
	if (rd_be16(&r) != TPM2_ALG_NULL)
		return r.bad ? TPM_SEALED_PUBLIC_SIZE : TPM_SEALED_SCHEME;
	/* unique: the object's digest of its seed and data, nameAlg-sized */
	if (read_digest(&r, unique) < 0)
		return r.bad ? TPM_SEALED_PUBLIC_SIZE : TPM_SEALED_UNIQUE_SIZE;
	return rd_left(&r) ? TPM_SEALED_PUBLIC_SIZE : TPM_SEALED_OK;
}

/* The structure; TPM_SEALED_OK once every byte of the value is accounted for. */
static int read_structure(const uint8_t *value, size_t len, struct tpm_sealed *s)
{
	const uint8_t *part;
	uint16_t size;
	struct rd r;
	int st;

	rd_init(&r, value, len);
	s->pcr_bitmap = rd_le32(&r);
	if (r.bad)
		return TPM_SEALED_NO_BITMAP;

	s->private_len = size = rd_be16(&r);
	if (!rd_take(&r, size))
		return TPM_SEALED_PRIVATE_SHORT;
	if (!size)
		return TPM_SEALED_PRIVATE_EMPTY;

	s->public_len = size = rd_be16(&r);
	part = rd_take(&r, size);
	if (!part)
		return TPM_SEALED_PUBLIC_SHORT;
	st = read_public(part, size, s);
	if (st != TPM_SEALED_OK)
		return st;

	if (read_digest(&r, s->pcr_digest) < 0)
		return r.bad ? TPM_SEALED_DIGEST_SHORT : TPM_SEALED_DIGEST_SIZE;

	size = rd_u8(&r);
	if (r.bad)
		return TPM_SEALED_SELECT_SHORT;
	if (size < 1 || size > TPM_SEALED_SELECT_MAX)
		return TPM_SEALED_SELECT_SIZE;
	part = rd_take(&r, size);
	if (!part)
		return TPM_SEALED_SELECT_SHORT;
	s->select_len = (uint8_t)size;
	memcpy(s->select, part, size);
	return rd_left(&r) ? TPM_SEALED_TRAILING : TPM_SEALED_OK;
}

/* Do the fields add up to what Windows makes? */
static int check_fields(const struct tpm_sealed *s, int with_pin)
{
	const uint32_t fixed = TPMA_OBJECT_FIXED_TPM | TPMA_OBJECT_FIXED_PARENT;
	uint8_t policy[TPM_POLICY_LEN];
	uint32_t select_mask = 0;
	unsigned i;

	/* userWithAuth clear: only the policy opens it, so the policy is the
	 * whole story; noDA is the only bit that differs between samples */
	if ((s->attributes & ~TPMA_OBJECT_NO_DA) != fixed)
		return TPM_SEALED_ATTRIBUTES;
	/* a PIN is an authValue worth guessing: Windows leaves noDA clear */
	if (!with_pin == !(s->attributes & TPMA_OBJECT_NO_DA))
		return TPM_SEALED_PIN_ATTRIBUTES;
	for (i = 0; i < s->select_len; i++)
		select_mask |= (uint32_t)s->select[i] << (8 * i);
	if (select_mask != s->pcr_bitmap)
		return TPM_SEALED_SELECTION_DIFFERS;
	tpm_policy_start(policy);
	tpm_policy_auth_value(policy);
	tpm_policy_pcr(policy, s->select, s->select_len, s->pcr_digest);
	if (!memcmp(policy, s->auth_policy, TPM_SEALED_DIGEST_LEN))
		return TPM_SEALED_OK;
	/* Windows on a TPM whose SHA-256 bank is off binds to SHA-1's PCRs */
	tpm_policy_start(policy);
	tpm_policy_auth_value(policy);
	tpm_policy_pcr_bank(policy, TPM2_ALG_SHA1, s->select, s->select_len, s->pcr_digest);
	if (!memcmp(policy, s->auth_policy, TPM_SEALED_DIGEST_LEN))
		return TPM_SEALED_SHA1_BANK;
	return TPM_SEALED_POLICY_MISMATCH;
}

int tpm_sealed_read(const uint8_t *value, size_t len, int with_pin,
		    struct tpm_sealed *s)
{
	int st;

	memset(s, 0, sizeof(*s));
	st = read_structure(value, len, s);
	if (st == TPM_SEALED_OK) {
		s->fields_read = 1;
		st = check_fields(s, with_pin);
	}
	s->status = (uint8_t)st;
	return st;
}

int tpm_sealed_counts_lockout(const struct tpm_sealed *s)
{
	return !(s->attributes & TPMA_OBJECT_NO_DA);
}

const char *tpm_sealed_status_text(int status)
{
	/* short: the screen line has room for about 48 characters */
	static const char *const text[TPM_SEALED_STATUSES] = {
		[TPM_SEALED_OK] = "checks out",
		[TPM_SEALED_NO_BITMAP] = "too short for its PCR bitmap",
		[TPM_SEALED_PRIVATE_SHORT] = "TPM2B_PRIVATE runs past the value",
		[TPM_SEALED_PRIVATE_EMPTY] = "TPM2B_PRIVATE is empty",
		[TPM_SEALED_PUBLIC_SHORT] = "TPM2B_PUBLIC runs past the value",
		[TPM_SEALED_PUBLIC_SIZE] = "TPM2B_PUBLIC size differs from its contents",
		[TPM_SEALED_NOT_KEYEDHASH] = "the sealed object is not KEYEDHASH",
		[TPM_SEALED_NAME_ALG] = "nameAlg is not SHA-256",
		[TPM_SEALED_AUTH_POLICY_SIZE] = "authPolicy is not a SHA-256 digest",
		[TPM_SEALED_SCHEME] = "the KEYEDHASH scheme is not NULL",
		[TPM_SEALED_UNIQUE_SIZE] = "unique is not a SHA-256 digest",
		[TPM_SEALED_DIGEST_SHORT] = "pcrDigest runs past the value",
		[TPM_SEALED_DIGEST_SIZE] = "pcrDigest is not a SHA-256 digest",
		[TPM_SEALED_SELECT_SHORT] = "the PCR selection runs past the value",
		[TPM_SEALED_SELECT_SIZE] = "PCR selection size not 1 to 4 bytes",
		[TPM_SEALED_TRAILING] = "bytes follow the PCR selection",
		[TPM_SEALED_ATTRIBUTES] = "objectAttributes not 0x412 or 0x012",
		[TPM_SEALED_PIN_ATTRIBUTES] = "noDA disagrees with the protector type",
		[TPM_SEALED_SELECTION_DIFFERS] = "PCR selection differs from the bitmap",
		[TPM_SEALED_POLICY_MISMATCH] = "authPolicy is not PolicyAuthValue, PolicyPCR",
		[TPM_SEALED_SHA1_BANK] = "policy over the SHA-1 PCR bank",
	};

	if (status < 0 || status >= TPM_SEALED_STATUSES)
		return "unknown";
	return text[status];
}
