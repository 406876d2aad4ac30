/** @file
 * TPM2_GetCapability and TPM2_PCR_Read: command bytes and response parsing.
 */
#include "tpm/tpm2.h"
#include "tpm/error.h"
#include "tpm/wire.h"

unsigned tpm2_alg_digest_len(uint16_t alg)
{
	switch (alg) {
	case TPM2_ALG_SHA1:    return 20;
	case TPM2_ALG_SHA256:  return 32;
	case TPM2_ALG_SHA384:  return 48;
	case TPM2_ALG_SHA512:  return 64;
	case TPM2_ALG_SM3_256: return 32;
	}
	return 0;
}

const char *tpm2_alg_name(uint16_t alg)
{
	switch (alg) {
	case TPM2_ALG_SHA1:    return "sha1";
	case TPM2_ALG_SHA256:  return "sha256";
	case TPM2_ALG_SHA384:  return "sha384";
	case TPM2_ALG_SHA512:  return "sha512";
	case TPM2_ALG_SM3_256: return "sm3_256";
	}
	return "unknown";
}

/* Header with a zero size, patched by finish_command(). */
static void start_command_tag(struct wr *w, uint16_t tag, uint32_t code)
{
	wr_be16(w, tag);
	wr_be32(w, 0);
	wr_be32(w, code);
}

static void start_command(struct wr *w, uint32_t code)
{
	start_command_tag(w, TPM2_ST_NO_SESSIONS, code);
}

static size_t finish_command(struct wr *w)
{
	wr_patch_be32(w, 2, (uint32_t)w->pos);
	return w->bad ? 0 : w->pos;
}

size_t tpm2_build_get_capability(uint8_t *buf, size_t cap, uint32_t capability,
				 uint32_t property, uint32_t count)
{
	struct wr w;

	wr_init(&w, buf, cap);
	start_command(&w, TPM2_CC_GET_CAPABILITY);
	wr_be32(&w, capability);
	wr_be32(&w, property);
	wr_be32(&w, count);
	return finish_command(&w);
}

size_t tpm2_build_pcr_read(uint8_t *buf, size_t cap,
			   const struct tpm2_pcr_select *sel, unsigned nsel)
{
	struct wr w;
	unsigned i;

	if (nsel > TPM2_MAX_BANKS)
		return 0;
	wr_init(&w, buf, cap);
	start_command(&w, TPM2_CC_PCR_READ);
	wr_be32(&w, nsel);
	for (i = 0; i < nsel; i++) {
		if (sel[i].mask >> TPM2_PCR_COUNT)
			return 0;
		wr_be16(&w, sel[i].alg);
		wr_u8(&w, 3);   /* sizeofSelect: 24 PCRs */
		wr_u8(&w, (uint8_t)sel[i].mask);
		wr_u8(&w, (uint8_t)(sel[i].mask >> 8));
		wr_u8(&w, (uint8_t)(sel[i].mask >> 16));
	}
	return finish_command(&w);
}

/* A command whose only parameter is a handle. */
static size_t build_handle_command(uint8_t *buf, size_t cap, uint32_t code,
				   uint32_t handle)
{
	struct wr w;

	wr_init(&w, buf, cap);
	start_command(&w, code);
	wr_be32(&w, handle);
	return finish_command(&w);
}

size_t tpm2_build_read_public(uint8_t *buf, size_t cap, uint32_t handle)
{
	return build_handle_command(buf, cap, TPM2_CC_READ_PUBLIC, handle);
}

size_t tpm2_build_flush_context(uint8_t *buf, size_t cap, uint32_t handle)
{
	return build_handle_command(buf, cap, TPM2_CC_FLUSH_CONTEXT, handle);
}

static void wr_bytes(struct wr *w, const uint8_t *p, size_t n)
{
	uint8_t *q = wr_take(w, n);

	if (q)
		memcpy(q, p, n);
}

size_t tpm2_build_load(uint8_t *buf, size_t cap, uint32_t parent,
		       const uint8_t *private_part, size_t private_len,
		       const uint8_t *public_part, size_t public_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	start_command_tag(&w, TPM2_ST_SESSIONS, TPM2_CC_LOAD);
	wr_be32(&w, parent);
	/* one TPMS_AUTH_COMMAND: password session, no nonce, no attributes,
	 * empty password */
	wr_be32(&w, 4 + 2 + 1 + 2);
	wr_be32(&w, TPM2_RS_PW);
	wr_be16(&w, 0);
	wr_u8(&w, 0);
	wr_be16(&w, 0);
	wr_bytes(&w, private_part, private_len);
	wr_bytes(&w, public_part, public_len);
	return finish_command(&w);
}

uint32_t tpm2_response_code(const uint8_t *rsp, size_t len)
{
	struct rd r;
	uint32_t rc;

	rd_init(&r, rsp, len);
	rd_take(&r, 6);
	rc = rd_be32(&r);
	return r.bad ? 0xFFFFFFFFu : rc;
}

int tpm2_rc_busy(uint32_t rc)
{
	return rc == TPM2_RC_YIELDED || rc == TPM2_RC_TESTING || rc == TPM2_RC_RETRY;
}

/*
 * Check the header and leave R over the response parameters only (the
 * header's size field bounds them, never the buffer alone).
 */
static int open_response_tagged(struct rd *r, const uint8_t *rsp, size_t len,
				uint16_t want_tag)
{
	uint16_t tag;
	uint32_t size, rc;

	rd_init(r, rsp, len);
	tag = rd_be16(r);
	size = rd_be32(r);
	rc = rd_be32(r);
	if (r->bad)
		return TPM_ERR_TRUNCATED;
	if (size < TPM2_HEADER_LEN)
		return TPM_ERR_CORRUPT;
	if (size > len)
		return TPM_ERR_TRUNCATED;
	if (rc != 0)
		return TPM_ERR_TPM_RC;
	/* An answer carries sessions when the command did, not otherwise. */
	if (tag != want_tag)
		return TPM_ERR_CORRUPT;
	r->len = size;
	return TPM_OK;
}

static int open_response(struct rd *r, const uint8_t *rsp, size_t len)
{
	return open_response_tagged(r, rsp, len, TPM2_ST_NO_SESSIONS);
}

int tpm2_parse_load(const uint8_t *rsp, size_t len, uint32_t *handle)
{
	struct rd r;
	uint32_t size;
	int err = open_response_tagged(&r, rsp, len, TPM2_ST_SESSIONS);

	if (err)
		return err;
	*handle = rd_be32(&r);
	/* parameterSize, then the name; the session's answer ends it */
	size = rd_be32(&r);
	if (r.bad || !rd_take(&r, size))
		return TPM_ERR_TRUNCATED;
	return TPM_OK;
}

/* Every byte up to the header's size consumed, none beyond. */
static int close_response(const struct rd *r)
{
	if (r->bad)
		return TPM_ERR_TRUNCATED;
	return rd_left(r) ? TPM_ERR_CORRUPT : TPM_OK;
}

/* Start of a GetCapability response: moreData and the capability echoed. */
static int open_capability(struct rd *r, const uint8_t *rsp, size_t len,
			   uint32_t capability, int *more)
{
	int err = open_response(r, rsp, len);
	uint8_t more_data;

	if (err)
		return err;
	more_data = rd_u8(r);
	if (rd_be32(r) != capability)
		return r->bad ? TPM_ERR_TRUNCATED : TPM_ERR_CORRUPT;
	if (more_data > 1)
		return TPM_ERR_CORRUPT;
	if (more)
		*more = more_data;
	return TPM_OK;
}

int tpm2_parse_properties(const uint8_t *rsp, size_t len,
			  struct tpm2_property *out, unsigned max, unsigned *n,
			  int *more)
{
	struct rd r;
	uint32_t count, i;
	int err = open_capability(&r, rsp, len, TPM2_CAP_TPM_PROPERTIES, more);

	*n = 0;
	if (err)
		return err;
	count = rd_be32(&r);
	if (r.bad)
		return TPM_ERR_TRUNCATED;
	/* Each property is 8 bytes: a count beyond the data is a lie. */
	if (count > rd_left(&r) / 8)
		return TPM_ERR_CORRUPT;
	if (count > max)
		return TPM_ERR_TOO_LARGE;
	for (i = 0; i < count; i++) {
		out[i].property = rd_be32(&r);
		out[i].value = rd_be32(&r);
	}
	err = close_response(&r);
	if (!err)
		*n = count;
	return err;
}

/*
 * One TPMS_PCR_SELECTION: bank and PCR bits. Bits beyond 31 do not fit
 * the mask and are reported in *HIGH instead.
 */
static void read_selection(struct rd *r, struct tpm2_pcr_select *sel, int *high)
{
	uint8_t size, i, byte;

	sel->alg = rd_be16(r);
	size = rd_u8(r);
	sel->mask = 0;
	for (i = 0; i < size && !r->bad; i++) {
		byte = rd_u8(r);
		if (i < 4)
			sel->mask |= (uint32_t)byte << (8 * i);
		else if (byte)
			*high = 1;
	}
}

int tpm2_parse_pcrs(const uint8_t *rsp, size_t len,
		    struct tpm2_pcr_select *out, unsigned max, unsigned *n)
{
	struct rd r;
	uint32_t count, i;
	int high = 0;
	int err = open_capability(&r, rsp, len, TPM2_CAP_PCRS, NULL);

	*n = 0;
	if (err)
		return err;
	count = rd_be32(&r);
	if (r.bad)
		return TPM_ERR_TRUNCATED;
	if (count > TPM2_MAX_BANKS || count > rd_left(&r) / 3)
		return TPM_ERR_CORRUPT;
	if (count > max)
		return TPM_ERR_TOO_LARGE;
	for (i = 0; i < count; i++) {
		read_selection(&r, &out[i], &high);
		/* Only PCRs 0-23 are ours to read. */
		out[i].mask &= (1u << TPM2_PCR_COUNT) - 1;
	}
	err = close_response(&r);
	if (!err)
		*n = count;
	return err;
}

int tpm2_parse_pcr_read(const uint8_t *rsp, size_t len,
			struct tpm2_pcr_value *out, unsigned max, unsigned *n,
			uint32_t *update_counter)
{
	struct tpm2_pcr_select sel[TPM2_MAX_BANKS];
	struct rd r;
	uint32_t nsel, ndigests, i, bit;
	unsigned found = 0;
	int high = 0;
	int err = open_response(&r, rsp, len);

	*n = 0;
	if (err)
		return err;
	*update_counter = rd_be32(&r);
	nsel = rd_be32(&r);
	if (r.bad)
		return TPM_ERR_TRUNCATED;
	if (nsel > TPM2_MAX_BANKS)
		return TPM_ERR_CORRUPT;
	for (i = 0; i < nsel; i++)
		read_selection(&r, &sel[i], &high);
	ndigests = rd_be32(&r);
	if (r.bad)
		return TPM_ERR_TRUNCATED;
	/* A value we cannot name is a value we must not show. */
	if (high)
		return TPM_ERR_UNSUPPORTED;
	if (ndigests > TPM2_PCR_READ_MAX)
		return TPM_ERR_CORRUPT;
	if (ndigests > max)
		return TPM_ERR_TOO_LARGE;

	/* Digests follow the selection: bank by bank, PCRs ascending. */
	for (i = 0; i < nsel; i++) {
		for (bit = 0; bit < 32; bit++) {
			struct tpm2_pcr_value *v;
			const uint8_t *d;
			uint16_t dlen;
			unsigned want;

			if (!(sel[i].mask >> bit & 1))
				continue;
			if (found == ndigests)
				return TPM_ERR_CORRUPT;
			v = &out[found++];
			dlen = rd_be16(&r);
			d = rd_take(&r, dlen);
			if (!d)
				return TPM_ERR_TRUNCATED;
			want = tpm2_alg_digest_len(sel[i].alg);
			if (dlen > TPM2_MAX_DIGEST || (want && dlen != want))
				return TPM_ERR_CORRUPT;
			v->alg = sel[i].alg;
			v->pcr = (uint8_t)bit;
			v->len = (uint8_t)dlen;
			memcpy(v->digest, d, dlen);
		}
	}
	if (found != ndigests)
		return TPM_ERR_CORRUPT;
	err = close_response(&r);
	if (!err)
		*n = found;
	return err;
}
