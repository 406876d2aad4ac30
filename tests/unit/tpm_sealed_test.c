/** @file
 * Windows' TPM 2.0 sealed key (tpm/sealed.h) and its policy (tpm/policy.h).
 *
 * Vectors: ../shared/corpus/tpm2/README.md, from seven blobs Windows 10/11
 * made. Two of its stored PCR digests are reproduced there from PCR values
 * in Windows' own TPM command traces: win10-ovmf-swtpm (PCRs 0, 2, 4, 11;
 * digest 1dd7e196..., authPolicy 7b8be11d..., TPM-only, objectAttributes
 * 0x412) and real-hw-sb (PCRs 7, 11; digest 2ed600a2..., authPolicy
 * d5388684..., TPM+PIN, 0x012). The blobs here are built by hand from those
 * values with a made-up private part and unique; the real blobs are not
 * copied (tests/test_tpm_protector.py reads them where they are present).
 */
#include <string.h>
#include "check.h"
#include "crypto/sha256.h"
#include "tpm/policy.h"
#include "tpm/sealed.h"

struct sealed_vector {
	const char *source;
	uint32_t bitmap;
	uint8_t select[3];
	uint32_t attributes;
	int with_pin;
	const char *pcrs;           /* the selected PCR values, concatenated */
	const char *pcr_digest;
	const char *auth_policy;
};

static const struct sealed_vector vectors[] = {
	{ "win10-ovmf-swtpm, TPM-only", 0x815, { 0x15, 0x08, 0x00 }, 0x412, 0,
	  "447311a35463f33203a60ad62d6faff813363a74e8f0f474d99a4bc9b3e6871c"
	  "7283db88208a98a77b841934355d717e583235fa544a682bdaafb2232278ea36"
	  "43b4abd851c1daf30009f6ac9fa72c73376facca26724d23a87cd9db8f7c5cef"
	  "0000000000000000000000000000000000000000000000000000000000000000",
	  "1dd7e196ce6e18af93075b00e733ed0c02210bb0043cf02a37d78e737ea3e918",
	  "7b8be11d1d6a3e46bc3d35d757665712c404642e6573e7ed1b82bdcfa0f6cf71" },
	{ "real-hw-sb, TPM+PIN", 0x880, { 0x80, 0x08, 0x00 }, 0x012, 1,
	  "0d6f99cfb1b95917f1c402f6744429141d974f95b033c0962f3b88e95c68967d"
	  "0000000000000000000000000000000000000000000000000000000000000000",
	  "2ed600a212ca19863a2557aadf7594238074b6c584b318e3ddb28870137efe4a",
	  "d5388684deee4bc98bc045d1dfb683fd5451bc0326101560d23809f14bc16302" },
};

/* Offsets of the hand-built blob's fields (build_blob lays them out). */
enum {
	AT_PRIVATE = 4,              /* u16 size 6, then 6 made-up bytes */
	AT_PUBLIC = 12,              /* u16 size 0x4e */
	AT_TYPE = 14,
	AT_NAME_ALG = 16,
	AT_ATTRIBUTES = 18,
	AT_AUTH_POLICY = 22,         /* u16 size 32 + digest */
	AT_SCHEME = 56,
	AT_UNIQUE = 58,              /* u16 size 32 + 32 made-up bytes */
	AT_PCR_DIGEST = 92,          /* u16 size 32 + digest */
	AT_SELECT = 126,             /* u8 3 + 3 bytes */
	BLOB_LEN = 130,
	SLACK = 64,                  /* valid-looking bytes past the value */
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The sealed key V describes, into OUT (BLOB_LEN bytes, then SLACK more). */
static void build_blob(const struct sealed_vector *v, uint8_t *out)
{
	static const uint8_t private_part[6] = { 0x00, 0x04, 0xa1, 0xa2, 0xa3, 0x06 };

	memset(out, 0x55, BLOB_LEN + SLACK);
	out[0] = (uint8_t)v->bitmap;
	out[1] = (uint8_t)(v->bitmap >> 8);
	out[2] = (uint8_t)(v->bitmap >> 16);
	out[3] = (uint8_t)(v->bitmap >> 24);
	put16(out + AT_PRIVATE, sizeof(private_part));
	memcpy(out + AT_PRIVATE + 2, private_part, sizeof(private_part));
	put16(out + AT_PUBLIC, AT_PCR_DIGEST - AT_TYPE);
	put16(out + AT_TYPE, TPM2_ALG_KEYEDHASH);
	put16(out + AT_NAME_ALG, 0x000b);
	put16(out + AT_ATTRIBUTES, (uint16_t)(v->attributes >> 16));
	put16(out + AT_ATTRIBUTES + 2, (uint16_t)v->attributes);
	put16(out + AT_AUTH_POLICY, 32);
	check_unhex(v->auth_policy, out + AT_AUTH_POLICY + 2, 32);
	put16(out + AT_SCHEME, TPM2_ALG_NULL);
	put16(out + AT_UNIQUE, 32);             /* unique: 32 bytes of 0x55 */
	put16(out + AT_PCR_DIGEST, 32);
	check_unhex(v->pcr_digest, out + AT_PCR_DIGEST + 2, 32);
	out[AT_SELECT] = 3;
	memcpy(out + AT_SELECT + 1, v->select, 3);
	/* the slack repeats the value's end, so a read past LEN would parse */
	memcpy(out + BLOB_LEN, out + AT_PCR_DIGEST, BLOB_LEN - AT_PCR_DIGEST);
}

/* Read LEN bytes of BLOB: the status; fields only from a structure read whole. */
static int read_len(const uint8_t *blob, size_t len, int with_pin, struct tpm_sealed *s)
{
	int st = tpm_sealed_read(blob, len, with_pin, s);

	check(st == s->status);
	check(s->fields_read == (st == TPM_SEALED_OK || st >= TPM_SEALED_ATTRIBUTES));
	return st;
}

/* The sealed key V describes with the big-endian u16 at AT set to VALUE. */
static int read_with16(const struct sealed_vector *v, unsigned at, uint16_t value)
{
	uint8_t blob[BLOB_LEN + SLACK];
	struct tpm_sealed s;

	build_blob(v, blob);
	put16(blob + at, value);
	return read_len(blob, BLOB_LEN, v->with_pin, &s);
}

static void check_vector(const struct sealed_vector *v)
{
	uint8_t blob[BLOB_LEN + SLACK], pcrs[4 * 32], digest[32], policy[32];
	struct tpm_sealed s;
	size_t n, len;

	/* the stored digest is SHA-256 of the PCR values, in PCR order */
	n = check_unhex(v->pcrs, pcrs, sizeof(pcrs));
	sha256(pcrs, n, digest);
	check(check_hex_equal(digest, 32, v->pcr_digest));

	/* authPolicy = PolicyPCR(PolicyAuthValue(0^32), selection, digest) */
	tpm_policy_start(policy);
	check_hex(policy, 32, "0000000000000000000000000000000000000000000000000000000000000000");
	tpm_policy_auth_value(policy);
	/* SHA-256(0^32 || 0000016B), by Python's hashlib: PolicyAuthValue alone */
	check_hex(policy, 32, "8fcd2169ab92694e0c633f1ab772842b8241bbc20288981fc7ac1eddc1fddb0e");
	tpm_policy_pcr(policy, v->select, 3, digest);
	check(check_hex_equal(policy, 32, v->auth_policy));

	build_blob(v, blob);
	check(read_len(blob, BLOB_LEN, v->with_pin, &s) == TPM_SEALED_OK);
	check(s.fields_read && s.pcr_bitmap == v->bitmap && s.private_len == 6);
	check(s.type == 0x0008 && s.name_alg == 0x000b && s.attributes == v->attributes);
	check(check_hex_equal(s.pcr_digest, 32, v->pcr_digest));
	check(check_hex_equal(s.auth_policy, 32, v->auth_policy));
	check(s.select_len == 3 && memcmp(s.select, v->select, 3) == 0);
	check(tpm_sealed_counts_lockout(&s) == v->with_pin);

	/* the other protector type: the attributes say it is not this one */
	check(read_len(blob, BLOB_LEN, !v->with_pin, &s) == TPM_SEALED_PIN_ATTRIBUTES);
	check(s.fields_read);

	/* cut at every byte: never understood, never a field; the slack after
	 * LEN would make a read past it parse, so a pass means none happened */
	for (len = 0; len < BLOB_LEN; len++) {
		int want = len < AT_PRIVATE ? TPM_SEALED_NO_BITMAP :
			   len < AT_PUBLIC ? TPM_SEALED_PRIVATE_SHORT :
			   len < AT_PCR_DIGEST ? TPM_SEALED_PUBLIC_SHORT :
			   len < AT_SELECT ? TPM_SEALED_DIGEST_SHORT : TPM_SEALED_SELECT_SHORT;

		check(read_len(blob, len, v->with_pin, &s) == want);
		check(!s.fields_read);
	}
	check(read_len(blob, BLOB_LEN + 1, v->with_pin, &s) == TPM_SEALED_TRAILING);

	/* every size field, one too small, one too big, and huge */
	check(read_with16(v, AT_PRIVATE, 0) == TPM_SEALED_PRIVATE_EMPTY);
	check(read_with16(v, AT_PRIVATE, 5) == TPM_SEALED_PUBLIC_SHORT);  /* size 0x0600 */
	check(read_with16(v, AT_PRIVATE, 7) == TPM_SEALED_PUBLIC_SHORT);  /* size 0x4e00 */
	check(read_with16(v, AT_PRIVATE, 0xffff) == TPM_SEALED_PRIVATE_SHORT);
	check(read_with16(v, AT_PUBLIC, 0x4d) == TPM_SEALED_PUBLIC_SIZE);
	check(read_with16(v, AT_PUBLIC, 0x4f) == TPM_SEALED_PUBLIC_SIZE);
	check(read_with16(v, AT_PUBLIC, 7) == TPM_SEALED_PUBLIC_SIZE);
	check(read_with16(v, AT_PUBLIC, 0) == TPM_SEALED_PUBLIC_SIZE);
	check(read_with16(v, AT_PUBLIC, 0xffff) == TPM_SEALED_PUBLIC_SHORT);
	check(read_with16(v, AT_AUTH_POLICY, 31) == TPM_SEALED_AUTH_POLICY_SIZE);
	check(read_with16(v, AT_AUTH_POLICY, 33) == TPM_SEALED_AUTH_POLICY_SIZE);
	check(read_with16(v, AT_AUTH_POLICY, 0xffff) == TPM_SEALED_AUTH_POLICY_SIZE);
	check(read_with16(v, AT_UNIQUE, 31) == TPM_SEALED_UNIQUE_SIZE);
	check(read_with16(v, AT_UNIQUE, 33) == TPM_SEALED_UNIQUE_SIZE);
	check(read_with16(v, AT_PCR_DIGEST, 31) == TPM_SEALED_DIGEST_SIZE);
	check(read_with16(v, AT_PCR_DIGEST, 33) == TPM_SEALED_DIGEST_SIZE);
	check(read_with16(v, AT_PCR_DIGEST, 0xffff) == TPM_SEALED_DIGEST_SIZE);

	/* the selection's size: none, short, long, past the PCR bitmap's 32 */
	build_blob(v, blob);
	blob[AT_SELECT] = 0;
	check(read_len(blob, BLOB_LEN, v->with_pin, &s) == TPM_SEALED_SELECT_SIZE);
	blob[AT_SELECT] = 2;
	check(read_len(blob, BLOB_LEN, v->with_pin, &s) == TPM_SEALED_TRAILING);
	blob[AT_SELECT] = 4;
	check(read_len(blob, BLOB_LEN, v->with_pin, &s) == TPM_SEALED_SELECT_SHORT);
	blob[AT_SELECT] = 5;
	check(read_len(blob, BLOB_LEN + 2, v->with_pin, &s) == TPM_SEALED_SELECT_SIZE);
	blob[AT_SELECT] = 0xff;
	check(read_len(blob, BLOB_LEN, v->with_pin, &s) == TPM_SEALED_SELECT_SIZE);

	/* objects other than Windows' sealed data */
	check(read_with16(v, AT_TYPE, 0x0001) == TPM_SEALED_NOT_KEYEDHASH);     /* RSA */
	check(read_with16(v, AT_NAME_ALG, 0x0004) == TPM_SEALED_NAME_ALG);      /* SHA-1 */
	check(read_with16(v, AT_SCHEME, 0x0005) == TPM_SEALED_SCHEME);          /* HMAC */
	/* userWithAuth set: the authValue alone would unseal it */
	check(read_with16(v, AT_ATTRIBUTES + 2, (uint16_t)(v->attributes | 0x40)) ==
	      TPM_SEALED_ATTRIBUTES);

	/* fields that read well but do not add up */
	build_blob(v, blob);
	blob[AT_SELECT + 1] ^= 0x01;              /* PCR 0 in or out: not the bitmap */
	check(read_len(blob, BLOB_LEN, v->with_pin, &s) == TPM_SEALED_SELECTION_DIFFERS);
	check(s.fields_read);
	blob[0] ^= 0x01;                          /* and in the bitmap: a new policy */
	check(read_len(blob, BLOB_LEN, v->with_pin, &s) == TPM_SEALED_POLICY_MISMATCH);
	build_blob(v, blob);
	blob[AT_PCR_DIGEST + 2 + 31] ^= 0x80;     /* the digest the policy covers */
	check(read_len(blob, BLOB_LEN, v->with_pin, &s) == TPM_SEALED_POLICY_MISMATCH);
	build_blob(v, blob);
	blob[AT_AUTH_POLICY + 2] ^= 0x01;         /* the stored policy */
	check(read_len(blob, BLOB_LEN, v->with_pin, &s) == TPM_SEALED_POLICY_MISMATCH);
	check(s.fields_read);
}

SELFTEST(tpm_sealed)
{
	unsigned i;
	int st;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
		check_vector(&vectors[i]);

	/* every status has words short enough for the protector list's line */
	for (st = 0; st < TPM_SEALED_STATUSES; st++)
		check(strlen(tpm_sealed_status_text(st)) > 0 &&
		      strlen(tpm_sealed_status_text(st)) <= 48);
	check(strcmp(tpm_sealed_status_text(TPM_SEALED_OK), "checks out") == 0);
	check(strcmp(tpm_sealed_status_text(-1), "unknown") == 0);
}
