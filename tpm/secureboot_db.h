/** @file
 * The Secure Boot db as PCR 7 sees it: its X.509 entries, and the
 * EV_EFI_VARIABLE_AUTHORITY event firmware logs when one of them verifies
 * an image (UEFI spec "Signature Database"; TCG PC Client PFP, PCR 7).
 *
 * db's value is a run of EFI_SIGNATURE_LISTs: type GUID, ListSize,
 * HeaderSize, SignatureSize, a header, then EFI_SIGNATURE_DATA entries of
 * SignatureSize bytes each (owner GUID, then the signature: here a DER
 * certificate). The authority event's data is a UEFI_VARIABLE_DATA naming
 * db (EFI_IMAGE_SECURITY_DATABASE_GUID, "db") whose data is that one
 * EFI_SIGNATURE_DATA, and its digest is the hash of all of it.
 *
 * Which entry verified an image is told without checking signatures: the
 * image's certificate table (PKCS#7) names the certificate that issued
 * its signer by that certificate's subject, byte for byte. A hint only:
 * the stored PCR digest has the last word.
 */
#ifndef TPM_SECUREBOOT_DB_H
#define TPM_SECUREBOOT_DB_H

#include <stddef.h>
#include <stdint.h>

#define TPM_DB_MAX_CERTS 32

struct tpm_db_cert {
	const uint8_t *entry;       /* EFI_SIGNATURE_DATA: owner GUID + certificate */
	uint32_t entry_len;
	const uint8_t *subject;     /* the certificate's subject Name, DER */
	uint32_t subject_len;       /* 0: the certificate could not be read */
};

struct tpm_db {
	unsigned ncerts;
	int more;                   /* more X.509 entries than the table holds */
	struct tpm_db_cert certs[TPM_DB_MAX_CERTS];
};

/*
 * The X.509 entries of the LEN-byte db value DB, pointing into it.
 * Returns an enum tpm_error: TPM_ERR_CORRUPT when a list's sizes do not
 * hold together (what was read before stays in OUT).
 */
int tpm_db_read(const uint8_t *db, size_t len, struct tpm_db *out);

/* SHA-256 of the authority event firmware logs when CERT verifies an image. */
void tpm_db_authority_digest(const struct tpm_db_cert *cert, uint8_t digest[32]);

/*
 * Does the PKCS#7 certificate table CERTS (LEN bytes) name CERT's subject
 * (as the issuer of a certificate in it)?
 */
int tpm_db_cert_named_in(const struct tpm_db_cert *cert, const uint8_t *certs,
			 size_t len);

#endif
