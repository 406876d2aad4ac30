/** @file
 * The Authenticode SHA-256 of a PE/COFF image: the digest firmware extends
 * into PCR 4 (EV_EFI_BOOT_SERVICES_APPLICATION) when it starts a boot
 * loader such as bootmgfw.efi.
 *
 * The PE/COFF specification's "Calculating the PE Image Hash": the headers
 * up to SizeOfHeaders without the optional header's CheckSum and its
 * Certificate Table directory entry, then each section's raw data in the
 * order of PointerToRawData, then any data after the sections that is not
 * the certificate table. Trailing data starts where the bytes hashed so
 * far end (headers plus sections), as EDK2's measurement does.
 */
#ifndef TPM_PE_HASH_H
#define TPM_PE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define PE_MAX_SECTIONS 96   /* the specification's limit for images */

/*
 * SHA-256 Authenticode digest of the LEN-byte image at IMAGE into DIGEST.
 * Returns an enum tpm_error: TPM_ERR_CORRUPT for a malformed image (every
 * offset and size is checked against LEN), TPM_ERR_UNSUPPORTED for one
 * that is not PE32 or PE32+.
 */
int tpm_pe_hash(const uint8_t *image, size_t len, uint8_t digest[32]);

/*
 * The same, and where its certificate table (WIN_CERTIFICATE records, the
 * Authenticode PKCS#7 signature) lies: *CERTS_LEN bytes at *CERTS_AT, 0 if
 * the image is not signed.
 */
int tpm_pe_hash_certs(const uint8_t *image, size_t len, uint8_t digest[32],
		      size_t *certs_at, size_t *certs_len);

#endif
