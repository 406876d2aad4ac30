/** @file
 * The Authenticode SHA-256 of a PE/COFF image, every offset checked.
 */
#include <string.h>
#include "crypto/sha256.h"
#include "tpm/error.h"
#include "tpm/pe_hash.h"
#include "tpm/wire.h"

#define PE32_MAGIC      0x010b
#define PE32PLUS_MAGIC  0x020b
#define SECURITY_DIR    4           /* the Certificate Table's directory index */
#define SECTION_LEN     40

struct pe_section {
	uint32_t offset, size;      /* PointerToRawData, SizeOfRawData */
};

/* Move R to POS; past its end R goes bad (rd_left() must never wrap). */
static void seek(struct rd *r, size_t pos)
{
	if (pos > r->len)
		r->bad = 1;
	else
		r->pos = pos;
}

/* The bytes [from, to) of IMAGE into H, if they are inside it. */
static int hash_range(struct sha256_ctx *h, const uint8_t *image, size_t len,
		      size_t from, size_t to)
{
	if (from > to || to > len)
		return -1;
	sha256_update(h, image + from, to - from);
	return 0;
}

/* The section table at TABLE (N entries) into S, sorted by file offset. */
static void read_sections(const uint8_t *table, unsigned n, struct pe_section *s)
{
	unsigned i, j;

	for (i = 0; i < n; i++) {
		struct pe_section cur;
		struct rd r;

		rd_init(&r, table + i * SECTION_LEN + 16, 8);
		cur.size = rd_le32(&r);
		cur.offset = rd_le32(&r);
		/* insertion sort: equal offsets keep their table order */
		for (j = i; j > 0 && s[j - 1].offset > cur.offset; j--)
			s[j] = s[j - 1];
		s[j] = cur;
	}
}

int tpm_pe_hash(const uint8_t *image, size_t len, uint8_t digest[32])
{
	size_t certs_at, certs_len;

	return tpm_pe_hash_certs(image, len, digest, &certs_at, &certs_len);
}

int tpm_pe_hash_certs(const uint8_t *image, size_t len, uint8_t digest[32],
		      size_t *certs_at, size_t *certs_len)
{
	struct pe_section sections[PE_MAX_SECTIONS];
	size_t pe, opt, checksum, secdir = 0, headers, hashed, cert_size = 0, end;
	uint32_t ndirs, cert_offset = 0;
	uint16_t nsections, opt_size, magic;
	struct sha256_ctx h;
	unsigned i;
	struct rd r;

	rd_init(&r, image, len);
	if (rd_le16(&r) != 0x5a4d)                  /* "MZ" */
		return TPM_ERR_UNSUPPORTED;
	seek(&r, 0x3c);
	pe = rd_le32(&r);
	if (r.bad || pe > len || len - pe < 24)
		return TPM_ERR_CORRUPT;
	seek(&r, pe);
	if (rd_le32(&r) != 0x00004550)              /* "PE\0\0" */
		return TPM_ERR_UNSUPPORTED;
	rd_le16(&r);                                /* Machine */
	nsections = rd_le16(&r);
	rd_take(&r, 12);                            /* time, symbols */
	opt_size = rd_le16(&r);
	rd_le16(&r);                                /* Characteristics */
	opt = r.pos;
	magic = rd_le16(&r);
	if (r.bad)
		return TPM_ERR_CORRUPT;
	if (magic != PE32_MAGIC && magic != PE32PLUS_MAGIC)
		return TPM_ERR_UNSUPPORTED;
	if (nsections > PE_MAX_SECTIONS)
		return TPM_ERR_CORRUPT;

	/* CheckSum and SizeOfHeaders sit at the same place in both forms;
	 * the data directories start 16 bytes later in PE32+ (64-bit ImageBase) */
	checksum = opt + 64;
	seek(&r, opt + 60);
	headers = rd_le32(&r);
	seek(&r, opt + (magic == PE32_MAGIC ? 92 : 108));
	ndirs = rd_le32(&r);
	if (r.bad || r.pos > opt + opt_size)
		return TPM_ERR_CORRUPT;
	if (ndirs > SECURITY_DIR) {
		secdir = r.pos + 8 * SECURITY_DIR;
		seek(&r, secdir);
		cert_offset = rd_le32(&r);
		cert_size = rd_le32(&r);
		if (r.bad || r.pos > opt + opt_size)
			return TPM_ERR_CORRUPT;
	}
	/* the section table follows the optional header, inside the headers */
	end = opt + opt_size + (size_t)nsections * SECTION_LEN;
	if (end > headers || headers > len)
		return TPM_ERR_CORRUPT;
	/* the certificate table, if any, is not hashed: it must be in the file */
	if (cert_size && (cert_offset < headers || cert_offset > len ||
			  cert_size > len - cert_offset))
		return TPM_ERR_CORRUPT;
	*certs_at = cert_size ? cert_offset : 0;
	*certs_len = cert_size;

	sha256_init(&h);
	if (secdir) {
		hash_range(&h, image, len, 0, checksum);
		hash_range(&h, image, len, checksum + 4, secdir);
		hash_range(&h, image, len, secdir + 8, headers);
	} else {
		hash_range(&h, image, len, 0, checksum);
		hash_range(&h, image, len, checksum + 4, headers);
	}
	hashed = headers;
	read_sections(image + opt + opt_size, nsections, sections);
	for (i = 0; i < nsections; i++) {
		const struct pe_section *s = &sections[i];

		if (!s->size)
			continue;
		if (hash_range(&h, image, len, s->offset, (size_t)s->offset + s->size) < 0) {
			sha256_final(&h, digest);   /* wipes the context */
			return TPM_ERR_CORRUPT;
		}
		hashed += s->size;
	}
	/* what follows the sections, but the certificate table */
	if (len > hashed + cert_size)
		hash_range(&h, image, len, hashed, len - cert_size);
	sha256_final(&h, digest);
	return TPM_OK;
}
