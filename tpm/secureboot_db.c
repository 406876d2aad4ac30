/** @file
 * The Secure Boot db's X.509 entries and their PCR 7 authority events.
 */
#include <string.h>
#include "bde/le.h"
#include "crypto/sha256.h"
#include "tpm/error.h"
#include "tpm/secureboot_db.h"
#include "tpm/wire.h"

#define SIGNATURE_LIST_HEADER 28   /* type GUID, ListSize, HeaderSize, SignatureSize */
#define OWNER_LEN 16

/* EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072, as stored */
static const uint8_t cert_x509_guid[16] = {
	0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
	0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72,
};

/* EFI_IMAGE_SECURITY_DATABASE_GUID d719b2cb-3d3a-4596-a3bc-dad00e67656f */
static const uint8_t image_security_db_guid[16] = {
	0xcb, 0xb2, 0x19, 0xd7, 0x3a, 0x3d, 0x96, 0x45,
	0xa3, 0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65, 0x6f,
};

/*
 * One DER element at R: its tag into *TAG, its contents' length into *LEN,
 * R left at the contents. Returns -1 when it does not fit.
 */
static int der_header(struct rd *r, uint8_t *tag, size_t *len)
{
	uint8_t first;
	unsigned n;

	*tag = rd_u8(r);
	first = rd_u8(r);
	if (first < 0x80) {
		*len = first;
	} else {
		n = first & 0x7f;
		if (n < 1 || n > 4)
			return -1;
		for (*len = 0; n; n--)
			*len = *len << 8 | rd_u8(r);
	}
	return r->bad || *len > rd_left(r) ? -1 : 0;
}

/* Step over one element, which must have tag TAG (0: any). */
static int der_skip(struct rd *r, uint8_t want)
{
	uint8_t tag;
	size_t len;

	if (der_header(r, &tag, &len) < 0 || (want && tag != want))
		return -1;
	rd_take(r, len);
	return 0;
}

/* The subject Name of the DER certificate CERT, whole (tag and length too). */
static void find_subject(const uint8_t *cert, size_t len, struct tpm_db_cert *out)
{
	struct rd r;
	uint8_t tag;
	size_t n, at;
	int i;

	rd_init(&r, cert, len);
	if (der_header(&r, &tag, &n) < 0 || tag != 0x30)      /* Certificate */
		return;
	if (der_header(&r, &tag, &n) < 0 || tag != 0x30)      /* TBSCertificate */
		return;
	r.len = r.pos + n;
	if (r.pos < r.len && r.p[r.pos] == 0xa0 && der_skip(&r, 0xa0) < 0)   /* version */
		return;
	/* serial, signature algorithm, issuer, validity */
	if (der_skip(&r, 0x02) < 0)
		return;
	for (i = 0; i < 3; i++)
		if (der_skip(&r, 0x30) < 0)
			return;
	at = r.pos;
	if (der_skip(&r, 0x30) < 0)
		return;
	out->subject = cert + at;
	out->subject_len = (uint32_t)(r.pos - at);
}

/* The entries of one EFI_SIGNATURE_LIST at L (LIST_LEN bytes, checked). */
static void read_list(const uint8_t *l, uint32_t list_len, struct tpm_db *out)
{
	uint32_t header_len = le32(l + 20), sig_len = le32(l + 24), at;

	if (memcmp(l, cert_x509_guid, 16))
		return;
	at = SIGNATURE_LIST_HEADER + header_len;
	/* written so that nothing wraps: SIG_LEN may exceed the list */
	for (; sig_len > OWNER_LEN && at <= list_len && sig_len <= list_len - at;
	     at += sig_len) {
		struct tpm_db_cert *c;

		if (out->ncerts == TPM_DB_MAX_CERTS) {
			out->more = 1;
			return;
		}
		c = &out->certs[out->ncerts++];
		memset(c, 0, sizeof(*c));
		c->entry = l + at;
		c->entry_len = sig_len;
		find_subject(l + at + OWNER_LEN, sig_len - OWNER_LEN, c);
	}
}

int tpm_db_read(const uint8_t *db, size_t len, struct tpm_db *out)
{
	size_t at = 0;

	memset(out, 0, sizeof(*out));
	while (len - at >= SIGNATURE_LIST_HEADER) {
		const uint8_t *l = db + at;
		uint32_t list_len = le32(l + 16), header_len = le32(l + 20);
		uint32_t sig_len = le32(l + 24);

		if (list_len < SIGNATURE_LIST_HEADER || list_len > len - at ||
		    header_len > list_len - SIGNATURE_LIST_HEADER)
			return TPM_ERR_CORRUPT;
		/* the entries fill the list exactly */
		if (!sig_len || (list_len - SIGNATURE_LIST_HEADER - header_len) % sig_len)
			return TPM_ERR_CORRUPT;
		read_list(l, list_len, out);
		at += list_len;
	}
	return at == len ? TPM_OK : TPM_ERR_CORRUPT;
}

void tpm_db_authority_digest(const struct tpm_db_cert *cert, uint8_t digest[32])
{
	static const uint8_t name[4] = { 'd', 0, 'b', 0 };   /* UTF-16, no NUL */
	uint8_t sizes[16] = { 0 };
	struct sha256_ctx h;
	unsigned i;

	sizes[0] = 2;                                /* UnicodeNameLength */
	for (i = 0; i < 4; i++)                      /* VariableDataLength */
		sizes[8 + i] = (uint8_t)(cert->entry_len >> (8 * i));
	sha256_init(&h);
	sha256_update(&h, image_security_db_guid, 16);
	sha256_update(&h, sizes, 16);
	sha256_update(&h, name, sizeof(name));
	sha256_update(&h, cert->entry, cert->entry_len);
	sha256_final(&h, digest);
}

int tpm_db_cert_named_in(const struct tpm_db_cert *cert, const uint8_t *certs,
			 size_t len)
{
	size_t at;

	if (!cert->subject_len || !certs || len < cert->subject_len)
		return 0;
	for (at = 0; at <= len - cert->subject_len; at++)
		if (certs[at] == cert->subject[0] &&
		    !memcmp(certs + at, cert->subject, cert->subject_len))
			return 1;
	return 0;
}
