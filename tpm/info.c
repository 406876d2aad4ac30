/** @file
 * Querying a TPM 2.0 through any transport, and accessors for the UI.
 */
#include <string.h>
#include "tpm/info.h"
#include "tpm/error.h"

/* Properties we ask for: TPM_PT_FAMILY_INDICATOR .. FIRMWARE_VERSION_2. */
#define FIRST_PROPERTY TPM2_PT_FAMILY_INDICATOR
#define LAST_PROPERTY  TPM2_PT_FIRMWARE_VERSION_2
#define MAX_PROPERTIES (LAST_PROPERTY - FIRST_PROPERTY + 1)

#define MAX_TRIES       5

int tpm2_transact(tpm2_submit_fn submit, void *ctx, const uint8_t *cmd,
		    size_t cmd_len, uint8_t *rsp, size_t *rsp_len)
{
	size_t cap = *rsp_len;
	unsigned tries;

	if (!cmd_len)
		return TPM_ERR_TOO_LARGE;
	for (tries = 0; tries < MAX_TRIES; tries++) {
		*rsp_len = cap;
		if (submit(ctx, cmd, cmd_len, rsp, rsp_len) || *rsp_len > cap)
			return TPM_ERR_TRANSPORT;
		if (!tpm2_rc_busy(tpm2_response_code(rsp, *rsp_len)))
			break;
	}
	return TPM_OK;
}

/* Four big-endian ASCII bytes into printable text, trailing blanks cut. */
static void ascii_be32(char *out, uint32_t v)
{
	int i, n = 0;

	for (i = 0; i < 4; i++) {
		char c = (char)(v >> (24 - 8 * i));

		if (c == 0)
			break;
		out[n++] = (c >= 0x20 && c < 0x7f) ? c : '?';
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = 0;
}

static void store_property(struct tpm_info *info, uint8_t vendor_raw[16],
			   uint32_t property, uint32_t value)
{
	unsigned slot;

	switch (property) {
	case TPM2_PT_FAMILY_INDICATOR:
		ascii_be32(info->family, value);
		break;
	case TPM2_PT_REVISION:
		info->spec_revision = value;
		break;
	case TPM2_PT_MANUFACTURER:
		info->manufacturer_id = value;
		ascii_be32(info->manufacturer, value);
		break;
	case TPM2_PT_FIRMWARE_VERSION_1:
		info->firmware_version[0] = value;
		break;
	case TPM2_PT_FIRMWARE_VERSION_2:
		info->firmware_version[1] = value;
		break;
	default:
		if (property < TPM2_PT_VENDOR_STRING_1 ||
		    property > TPM2_PT_VENDOR_STRING_4)
			break;
		slot = property - TPM2_PT_VENDOR_STRING_1;
		vendor_raw[4 * slot] = (uint8_t)(value >> 24);
		vendor_raw[4 * slot + 1] = (uint8_t)(value >> 16);
		vendor_raw[4 * slot + 2] = (uint8_t)(value >> 8);
		vendor_raw[4 * slot + 3] = (uint8_t)value;
		break;
	}
}

/* The four vendor strings read as one: NULs dropped, blanks trimmed. */
static void vendor_text(char out[17], const uint8_t raw[16])
{
	int i, n = 0;

	for (i = 0; i < 16; i++) {
		if (raw[i] == 0)
			continue;
		out[n++] = (raw[i] >= 0x20 && raw[i] < 0x7f) ? (char)raw[i] : '?';
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = 0;
}

static int read_properties(struct tpm_info *info, tpm2_submit_fn submit, void *ctx)
{
	uint8_t cmd[32], rsp[TPM2_MAX_RESPONSE];
	struct tpm2_property props[MAX_PROPERTIES];
	uint8_t vendor_raw[16] = { 0 };
	uint32_t next = FIRST_PROPERTY;
	unsigned n, i, round;
	int more, err;

	/* The TPM may answer in pieces (moreData); a few rounds at most. */
	for (round = 0; round < MAX_PROPERTIES && next <= LAST_PROPERTY; round++) {
		size_t len = sizeof(rsp);

		err = tpm2_transact(submit, ctx, cmd,
			       tpm2_build_get_capability(cmd, sizeof(cmd),
					TPM2_CAP_TPM_PROPERTIES, next,
					LAST_PROPERTY - next + 1),
			       rsp, &len);
		if (!err)
			err = tpm2_parse_properties(rsp, len, props,
						    MAX_PROPERTIES, &n, &more);
		if (err == TPM_ERR_TPM_RC)
			info->tpm_rc = tpm2_response_code(rsp, len);
		if (err)
			return err;
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			/* Properties must come in ascending order from NEXT. */
			if (props[i].property < next)
				return TPM_ERR_CORRUPT;
			store_property(info, vendor_raw, props[i].property, props[i].value);
			next = props[i].property + 1;
		}
		if (!more)
			break;
	}
	vendor_text(info->vendor, vendor_raw);
	return TPM_OK;
}

static int read_banks(struct tpm_info *info, tpm2_submit_fn submit, void *ctx)
{
	uint8_t cmd[32], rsp[TPM2_MAX_RESPONSE];
	struct tpm2_pcr_select sel[TPM2_MAX_BANKS];
	size_t len = sizeof(rsp);
	unsigned n, i;
	int err;

	err = tpm2_transact(submit, ctx, cmd,
		       tpm2_build_get_capability(cmd, sizeof(cmd), TPM2_CAP_PCRS,
						 0, TPM2_MAX_BANKS),
		       rsp, &len);
	if (!err)
		err = tpm2_parse_pcrs(rsp, len, sel, TPM2_MAX_BANKS, &n);
	if (err == TPM_ERR_TPM_RC)
		info->tpm_rc = tpm2_response_code(rsp, len);
	if (err)
		return err;
	for (i = 0; i < n && info->nbanks < TPM_MAX_BANKS; i++) {
		struct tpm_bank *b = &info->banks[info->nbanks];

		/* An empty selection is a supported but inactive bank. */
		if (!sel[i].mask)
			continue;
		b->alg = sel[i].alg;
		b->digest_len = (uint16_t)tpm2_alg_digest_len(sel[i].alg);
		b->allocated = sel[i].mask;
		info->nbanks++;
	}
	return TPM_OK;
}

int tpm2_read_bank(struct tpm_bank *bank, uint32_t mask,
		   tpm2_submit_fn submit, void *ctx)
{
	uint8_t cmd[32], rsp[TPM2_MAX_RESPONSE];
	struct tpm2_pcr_value vals[TPM2_PCR_READ_MAX];
	uint32_t counter;
	unsigned n, i, round;
	int err;

	mask &= (1u << TPM2_PCR_COUNT) - 1;
	if (!bank->digest_len)
		return TPM_ERR_UNSUPPORTED;
	/* Each useful round reads at least one PCR: 24 rounds bound it. */
	for (round = 0; round < TPM2_PCR_COUNT; round++) {
		struct tpm2_pcr_select sel = { bank->alg, mask & ~bank->valid };
		uint32_t before = bank->valid;
		size_t len = sizeof(rsp);

		if (!sel.mask)
			return TPM_OK;
		err = tpm2_transact(submit, ctx, cmd,
			       tpm2_build_pcr_read(cmd, sizeof(cmd), &sel, 1),
			       rsp, &len);
		if (!err)
			err = tpm2_parse_pcr_read(rsp, len, vals,
						  TPM2_PCR_READ_MAX, &n, &counter);
		if (err)
			return err;
		for (i = 0; i < n; i++) {
			const struct tpm2_pcr_value *v = &vals[i];

			/* Only what we asked for, in the bank we asked. */
			if (v->alg != bank->alg || v->pcr >= TPM2_PCR_COUNT ||
			    !(sel.mask >> v->pcr & 1) || v->len != bank->digest_len)
				return TPM_ERR_CORRUPT;
			memcpy(bank->pcr + v->pcr * bank->digest_len, v->digest, v->len);
			bank->valid |= 1u << v->pcr;
		}
		if (bank->valid == before)
			return TPM_OK;   /* the TPM will not give the rest */
	}
	return TPM_OK;
}

int tpm2_query(struct tpm_info *info, tpm2_submit_fn submit, void *ctx)
{
	unsigned i;
	int err;

	memset(info, 0, sizeof(*info));
	info->version = TPM_VERSION_2_0;
	err = read_properties(info, submit, ctx);
	if (!err)
		err = read_banks(info, submit, ctx);
	for (i = 0; !err && i < info->nbanks; i++) {
		struct tpm_bank *b = &info->banks[i];

		/* A bank we cannot name keeps its mask but no values. */
		if (b->digest_len)
			err = tpm2_read_bank(b, b->allocated, submit, ctx);
	}
	info->error = err;
	return err;
}

const struct tpm_bank *tpm_info_bank(const struct tpm_info *info, uint16_t alg)
{
	unsigned i;

	for (i = 0; i < info->nbanks; i++)
		if (info->banks[i].alg == alg)
			return &info->banks[i];
	return NULL;
}

const uint8_t *tpm_bank_pcr(const struct tpm_bank *bank, unsigned pcr)
{
	if (!bank || pcr >= TPM2_PCR_COUNT || !(bank->valid >> pcr & 1))
		return NULL;
	return bank->pcr + pcr * bank->digest_len;
}

/* Decimal V at OUT; returns the digits written (at most 5 for 16 bits). */
static unsigned put_u16(char *out, uint16_t v)
{
	char digits[5];
	unsigned n = 0, i;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = digits[n - 1 - i];
	return n;
}

void tpm_firmware_text(const struct tpm_info *info, char out[TPM_FIRMWARE_TEXT])
{
	uint16_t part[4] = {
		(uint16_t)(info->firmware_version[0] >> 16),
		(uint16_t)info->firmware_version[0],
		(uint16_t)(info->firmware_version[1] >> 16),
		(uint16_t)info->firmware_version[1],
	};
	unsigned i, n = 0;

	/* 4 * 5 digits + 3 dots + NUL fits TPM_FIRMWARE_TEXT. */
	for (i = 0; i < 4; i++) {
		if (i)
			out[n++] = '.';
		n += put_u16(out + n, part[i]);
	}
	out[n] = 0;
}

const char *tpm_version_name(enum tpm_version version)
{
	switch (version) {
	case TPM_VERSION_1_2: return "1.2";
	case TPM_VERSION_2_0: return "2.0";
	default:              return "absent";
	}
}

void tpm_info_set_profile(struct tpm_info *info, uint32_t profile)
{
	info->profile = profile & ((1u << TPM2_PCR_COUNT) - 1);
}

int tpm_pcr_in_profile(const struct tpm_info *info, unsigned pcr)
{
	return pcr < TPM2_PCR_COUNT && (info->profile >> pcr & 1);
}

uint32_t tpm_pcr_mask_from_select(const uint8_t *select, size_t len)
{
	uint32_t mask = 0;
	size_t i;

	for (i = 0; i < len && i < 3; i++)
		mask |= (uint32_t)select[i] << (8 * i);
	return mask;
}
