/** @file
 * The Secure Boot db's X.509 entries (tpm/secureboot_db.h): a made-up
 * certificate whose structure is DER but whose contents are not real,
 * then lists whose sizes lie (one the fuzzer found read past its end:
 * an entry size larger than an empty list).
 */
#include <string.h>
#include "check.h"
#include "tpm/error.h"
#include "tpm/secureboot_db.h"

/* EFI_CERT_X509_GUID as stored, then ListSize, HeaderSize, SignatureSize */
static const uint8_t x509_list_head[16] = {
	0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
	0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72,
};

/* Certificate { TBS { [0] {INT 2}, INT 7, SEQ{}, SEQ{issuer}, SEQ{}, SEQ{subject} } } */
static const uint8_t cert[] = {
	0x30, 0x1c, 0x30, 0x1a, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x07,
	0x30, 0x00, 0x30, 0x03, 0x0c, 0x01, 'I', 0x30, 0x00,
	0x30, 0x07, 0x0c, 0x05, 'T', 'e', 's', 't', 'S',
};

static size_t list(uint8_t *out, uint32_t list_len, uint32_t sig_len, const uint8_t *entry,
		   size_t entry_len)
{
	memcpy(out, x509_list_head, 16);
	memset(out + 16, 0, 12);
	out[16] = (uint8_t)list_len;
	out[24] = (uint8_t)sig_len;
	memcpy(out + 28, entry, entry_len);
	return 28 + entry_len;
}

SELFTEST(tpm_secureboot_db)
{
	uint8_t db[256], entry[16 + sizeof(cert)], digest[32], other[32];
	struct tpm_db *d = check_alloc(sizeof(*d));
	size_t n;

	if (!d)
		return;
	memset(entry, 0x77, 16);                      /* owner GUID */
	memcpy(entry + 16, cert, sizeof(cert));
	n = list(db, 28 + sizeof(entry), sizeof(entry), entry, sizeof(entry));
	check(tpm_db_read(db, n, d) == TPM_OK && d->ncerts == 1);
	check(d->certs[0].entry == db + 28 && d->certs[0].entry_len == sizeof(entry));
	check(d->certs[0].subject_len == 9 && d->certs[0].subject[4] == 'T');
	/* a signature naming the subject, and one naming the issuer only */
	check(tpm_db_cert_named_in(&d->certs[0], cert + 21, 9));
	check(!tpm_db_cert_named_in(&d->certs[0], cert + 14, 5));
	/* the authority digest covers the owner too */
	tpm_db_authority_digest(&d->certs[0], digest);
	db[28] ^= 1;
	tpm_db_authority_digest(&d->certs[0], other);
	check(memcmp(digest, other, 32) != 0);

	/* an empty list whose entry size is larger than the list */
	n = list(db, 28, 0x44, entry, 0);
	memset(db + n, 0x30, 64);                     /* DER-looking bytes past it */
	check(tpm_db_read(db, n, d) == TPM_OK && d->ncerts == 0);
	/* sizes that do not add up */
	n = list(db, 28 + sizeof(entry), sizeof(entry) - 1, entry, sizeof(entry));
	check(tpm_db_read(db, n, d) == TPM_ERR_CORRUPT);
	n = list(db, 200, sizeof(entry), entry, sizeof(entry));
	check(tpm_db_read(db, n, d) == TPM_ERR_CORRUPT);
	/* a certificate cut short: listed, its subject not found */
	n = list(db, 28 + 16 + 20, 16 + 20, entry, 16 + 20);
	check(tpm_db_read(db, n, d) == TPM_OK && d->ncerts == 1 && !d->certs[0].subject_len);
	check_free(d, sizeof(*d));
}
